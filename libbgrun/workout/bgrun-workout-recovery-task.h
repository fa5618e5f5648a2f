/* bgrun-workout-recovery-task.h: the app was started to recover its workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-task.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_WORKOUT_RECOVERY_IDENTIFIER:
 *
 * The identifier of a [class@Bgrun.WorkoutRecoveryTask], for a handler
 * registered with [method@Bgrun.Scheduler.register]. Apps cannot submit
 * requests with it.
 */
#define BGRUN_WORKOUT_RECOVERY_IDENTIFIER "org.bgrun.workout-recovery"

/**
 * BGRUN_WORKOUT_RECOVERY_DURATION:
 *
 * Seconds a [class@Bgrun.WorkoutRecoveryTask] may run before it expires.
 */
#define BGRUN_WORKOUT_RECOVERY_DURATION 60

#define BGRUN_TYPE_WORKOUT_RECOVERY_TASK (bgrun_workout_recovery_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunWorkoutRecoveryTask, bgrun_workout_recovery_task, BGRUN, WORKOUT_RECOVERY_TASK, BgrunTask)

G_END_DECLS
