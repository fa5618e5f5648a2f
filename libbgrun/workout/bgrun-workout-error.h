/* bgrun-workout-error.h: the error domain of workouts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_WORKOUT_ERROR:
 *
 * The error domain of [class@Bgrun.WorkoutBuilder] and of workout
 * recovery: bad samples and events, a builder used out of turn, and the
 * crash journal. Codes are [error@Bgrun.WorkoutError]. Illegal state
 * transitions of a [class@Bgrun.WorkoutSession] are
 * %BGRUN_SESSION_ERROR_INVALID_STATE, a second session of the app is
 * %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS.
 */
#define BGRUN_WORKOUT_ERROR (bgrun_workout_error_quark ())

/**
 * BgrunWorkoutError:
 * @BGRUN_WORKOUT_ERROR_INVALID_SAMPLE: a sample's value is not a finite
 *   number in its quantity's range (negative, NaN, infinite), or its
 *   quantity type is unknown
 * @BGRUN_WORKOUT_ERROR_INVALID_EVENT: an event the builder does not take:
 *   pause and resume come from the session, motion paused and resumed must
 *   alternate, a duration is negative
 * @BGRUN_WORKOUT_ERROR_OUT_OF_ORDER: a sample or event dated before the
 *   start of collection, after its end, or before the previous sample of
 *   its type (or the previous event)
 * @BGRUN_WORKOUT_ERROR_NOT_COLLECTING: the builder is not collecting:
 *   collection has not begun, or has already ended
 * @BGRUN_WORKOUT_ERROR_COLLECTION_NOT_ENDED: the workout was to be finished
 *   before [method@Bgrun.WorkoutBuilder.end_collection]
 * @BGRUN_WORKOUT_ERROR_FINISHED: the builder already finished its workout
 *   or discarded it
 * @BGRUN_WORKOUT_ERROR_NOTHING_TO_RECOVER: there is no workout of the app
 *   to recover: none was running when the app stopped
 * @BGRUN_WORKOUT_ERROR_JOURNAL: the crash journal cannot be written or
 *   read (the message says which file and why)
 *
 * The ways a workout builder or recovery fails.
 */
typedef enum {
  BGRUN_WORKOUT_ERROR_INVALID_SAMPLE,
  BGRUN_WORKOUT_ERROR_INVALID_EVENT,
  BGRUN_WORKOUT_ERROR_OUT_OF_ORDER,
  BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
  BGRUN_WORKOUT_ERROR_COLLECTION_NOT_ENDED,
  BGRUN_WORKOUT_ERROR_FINISHED,
  BGRUN_WORKOUT_ERROR_NOTHING_TO_RECOVER,
  BGRUN_WORKOUT_ERROR_JOURNAL,
} BgrunWorkoutError;

BGRUN_AVAILABLE_IN_ALL
GQuark bgrun_workout_error_quark (void);

G_END_DECLS
