/* bgrun-workout-export-private.h: what the GPX and TCX exports share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-workout-configuration.h"
#include "bgrun-workout-timeline-private.h"

G_BEGIN_DECLS

/* How old a heart-rate or cadence reading may be and still count for a
 * track point: beyond that the sensor was gone and the point has none. */
#define BGRUN_EXPORT_READING_MAX_AGE (10 * G_USEC_PER_SEC)

/* One track point of an export: a route point, or (a workout without a
 * route) the time of a heart-rate sample. Readings NAN when none. */
typedef struct {
  gint64   at;
  gboolean has_position;
  double   latitude;
  double   longitude;
  double   altitude;
  double   heart_rate;
  double   cadence;
  double   distance;      /* metres since the start, cumulated */
  gboolean after_pause;   /* a pause lies between it and the point before */
} BgrunExportPoint;

/* The track points of @timeline, in date order (an array of
 * BgrunExportPoint). */
GArray *bgrun_export_points       (BgrunWorkoutTimeline *timeline);

/* "2030-06-01T07:00:00Z", with ".250" before the Z when there are
 * milliseconds. */
char   *bgrun_export_time         (gint64                at);

/* Appends @value to @out as a plain decimal number, whatever the locale,
 * with @decimals digits after the point. */
void    bgrun_export_number       (GString              *out,
                                   double                value,
                                   int                   decimals);

/* The name exports give the activity: "Running", "Biking", … */
const char *bgrun_export_sport    (BgrunWorkoutActivityType type);

/* Writes @out to @file, replacing it. */
gboolean bgrun_export_write       (GFile                *file,
                                   GString              *out,
                                   GError              **error);

G_END_DECLS
