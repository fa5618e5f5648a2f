/* bgrun-workout-event.h: something that happened during a workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunWorkoutEventType:
 * @BGRUN_WORKOUT_EVENT_TYPE_PAUSE: the user paused the workout
 *   ([method@Bgrun.WorkoutSession.pause]); time stops counting
 * @BGRUN_WORKOUT_EVENT_TYPE_RESUME: the user resumed it
 *   ([method@Bgrun.WorkoutSession.resume])
 * @BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED: the user stopped moving (a red
 *   light); time stops counting as for a pause
 * @BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED: the user moves again
 * @BGRUN_WORKOUT_EVENT_TYPE_LAP: a lap ended; its duration is the lap's
 * @BGRUN_WORKOUT_EVENT_TYPE_MARKER: a point the user marked
 * @BGRUN_WORKOUT_EVENT_TYPE_SEGMENT: a segment (an interval of a
 *   training plan) ended; its duration is the segment's
 * @BGRUN_WORKOUT_EVENT_TYPE_SENSOR_DISCONNECTED: a data source (a heart
 *   rate sensor) stopped delivering; it reconnects by itself
 * @BGRUN_WORKOUT_EVENT_TYPE_SENSOR_CONNECTED: a data source delivers again
 *
 * What a [class@Bgrun.WorkoutEvent] says happened.
 */
typedef enum {
  BGRUN_WORKOUT_EVENT_TYPE_PAUSE,
  BGRUN_WORKOUT_EVENT_TYPE_RESUME,
  BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED,
  BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED,
  BGRUN_WORKOUT_EVENT_TYPE_LAP,
  BGRUN_WORKOUT_EVENT_TYPE_MARKER,
  BGRUN_WORKOUT_EVENT_TYPE_SEGMENT,
  BGRUN_WORKOUT_EVENT_TYPE_SENSOR_DISCONNECTED,
  BGRUN_WORKOUT_EVENT_TYPE_SENSOR_CONNECTED,
} BgrunWorkoutEventType;

#define BGRUN_TYPE_WORKOUT_EVENT (bgrun_workout_event_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunWorkoutEvent, bgrun_workout_event, BGRUN, WORKOUT_EVENT, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutEvent     *bgrun_workout_event_new            (BgrunWorkoutEventType  event_type,
                                                           GDateTime             *date,
                                                           double                 duration);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutEventType  bgrun_workout_event_get_event_type (BgrunWorkoutEvent     *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime             *bgrun_workout_event_get_date       (BgrunWorkoutEvent     *self);
BGRUN_AVAILABLE_IN_ALL
double                 bgrun_workout_event_get_duration   (BgrunWorkoutEvent     *self);

G_END_DECLS
