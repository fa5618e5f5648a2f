/* bgrun-workout-error.c: the error domain of workouts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-workout-error.h"

/**
 * bgrun_workout_error_quark:
 *
 * Gets the error domain of [error@Bgrun.WorkoutError], the quark that
 * %BGRUN_WORKOUT_ERROR stands for.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (bgrun-workout-error-quark, bgrun_workout_error)
