/* bgrun-track-private.h: recorded tracks (GPX 1.1, NMEA 0183) read into
 * locations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-location.h"

G_BEGIN_DECLS

/* A track is a GPtrArray of BgrunLocation (it owns them), in time order,
 * never empty, each point's time strictly after the one before.
 *
 * Both parsers read the whole text they are given (@length -1 for a
 * NUL-terminated string) and either return the track or fail with
 * BGRUN_LOCATION_ERROR_REPLAY_FILE and a message that starts with
 * "line N: " and says what is wrong there (or, for what only shows at the
 * end, such as a file without a single point, says so without a line).
 * They never log, never read outside @text, and never keep a pointer
 * into it: fuzz targets call them directly. */

/* GPX 1.0 or 1.1: every <trkpt> and <rtept>, each needing lat, lon and a
 * <time>; <ele> is the altitude. Speed and course, which GPX 1.1 does not
 * carry, are worked out from the point before. */
GPtrArray *bgrun_gpx_parse   (const char  *text,
                              gssize       length,
                              GError     **error);

/* NMEA 0183: RMC sentences (date, time, position, speed, course) merged
 * with the GGA sentence of the same time (altitude, HDOP); sentences of
 * other types are skipped, as are lines starting with '#' (gpsfake logs
 * carry comments) and blank lines. A checksum, when present, must match.
 * A fix the receiver marks invalid (RMC status V, GGA quality 0) is
 * skipped. The horizontal accuracy is HDOP × BGRUN_NMEA_UERE metres. */
#define BGRUN_NMEA_UERE 5.0
GPtrArray *bgrun_nmea_parse  (const char  *text,
                              gssize       length,
                              GError     **error);

/* Reads @file and parses it by its content: GPX when it starts (after
 * blanks and a byte-order mark) with '<', NMEA otherwise. Errors are
 * prefixed with the file's name. Blocking: tracks are local files read
 * once when a replay starts. */
GPtrArray *bgrun_track_load  (GFile       *file,
                              GError     **error);

/* For the parsers: appends a point at @timestamp (taken), working out the
 * speed and course from the point before when @speed or @course is
 * negative. Fails, with "line N: …", when @timestamp is not after the
 * previous point's. */
gboolean   bgrun_track_append (GPtrArray  *track,
                               double      latitude,
                               double      longitude,
                               double      altitude,
                               double      horizontal_accuracy,
                               double      speed,
                               double      course,
                               GDateTime  *timestamp,
                               guint       line,
                               GError    **error);

G_END_DECLS
