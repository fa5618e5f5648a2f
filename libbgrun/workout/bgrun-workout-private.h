/* bgrun-workout-private.h: making a finished workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-workout-timeline-private.h"
#include "bgrun-workout.h"

G_BEGIN_DECLS

/* @timeline must have begun and ended; the workout shares it, and nothing
 * may change it any more. */
BgrunWorkout         *bgrun_workout_new          (BgrunWorkoutConfiguration *configuration,
                                                  BgrunWorkoutTimeline      *timeline);
BgrunWorkoutTimeline *bgrun_workout_get_timeline (BgrunWorkout              *self);

G_END_DECLS
