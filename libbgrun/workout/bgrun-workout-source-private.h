/* bgrun-workout-source-private.h: where a workout's samples come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-location-session.h"
#include "bgrun-workout-session.h"

G_BEGIN_DECLS

/* A data source feeds one workout session: a Bluetooth heart-rate sensor
 * (bgrun-workout-source-heart-rate.c), a replayed file
 * (bgrun-workout-source-replay.c), a location session
 * (bgrun-workout-source-location.c). Each is made for its session (which it points to weakly:
 * the session owns its sources), started when the session becomes
 * active (or when added to an active session) and stopped when it ends
 * or goes. Sources deliver through bgrun_workout_session_deliver_sample()
 * and bgrun_workout_session_emit_event(), on the session's main context.
 *
 * start() must not block; whatever a source needs (a bus, a device) it
 * gets asynchronously, and it retries on its own when it loses it. stop()
 * releases everything at once and may be followed by start() again. */

#define BGRUN_TYPE_WORKOUT_SOURCE (bgrun_workout_source_get_type ())

G_DECLARE_INTERFACE (BgrunWorkoutSource, bgrun_workout_source, BGRUN, WORKOUT_SOURCE, GObject)

struct _BgrunWorkoutSourceInterface
{
  GTypeInterface parent_iface;

  void (*start) (BgrunWorkoutSource *self);
  void (*stop)  (BgrunWorkoutSource *self);
};

void bgrun_workout_source_start (BgrunWorkoutSource *self);
void bgrun_workout_source_stop  (BgrunWorkoutSource *self);

/* The sources, one constructor each. */

/* A BlueZ heart-rate sensor: the Heart Rate Service (0x180D) of the
 * device with Bluetooth @address ("AA:BB:CC:DD:EE:FF"), or of the first
 * device that offers it when @address is NULL. */
BgrunWorkoutSource *bgrun_workout_source_heart_rate_new (BgrunWorkoutSession  *session,
                                                         const char           *address);

/* Samples read from @contents, a text file of lines
 * "<seconds> <quantity-type nick> <value>" ('#' starts a comment), seconds
 * counted from the session's start date and never going back, replayed
 * on the scheduler's clock. Fails with G_IO_ERROR_INVALID_DATA naming
 * the line. */
BgrunWorkoutSource *bgrun_workout_source_replay_new     (BgrunWorkoutSession  *session,
                                                         const char           *name,
                                                         const char           *contents,
                                                         GError              **error);

/* The route, distance and speed of @location's fixes (see the file's
 * comment for what is counted when). The app starts and stops @location;
 * the source only listens to it, from start() to stop(). */
BgrunWorkoutSource   *bgrun_workout_source_location_new          (BgrunWorkoutSession  *session,
                                                                  BgrunLocationSession *location);
/* The location session @source listens to, or NULL when @source is not a
 * location source. */
BgrunLocationSession *bgrun_workout_source_location_get_location (BgrunWorkoutSource   *source);

G_END_DECLS
