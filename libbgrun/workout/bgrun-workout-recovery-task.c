/* bgrun-workout-recovery-task.c: the app was started to recover its workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-workout-recovery-task-private.h"

/**
 * BgrunWorkoutRecoveryTask:
 *
 * A workout recovery task: the app's process ended (it crashed or was
 * killed) while one of its [class@Bgrun.WorkoutSession]s was active, and
 * the app was started again to get the workout back, as watchOS
 * relaunches a workout app after a crash.
 *
 * In the daemon placement, `bgrund` sees the process go, starts the app
 * without a window, as for a due task, and the scheduler runs this task
 * in it. Nobody submits it. Its identifier is
 * %BGRUN_WORKOUT_RECOVERY_IDENTIFIER.
 *
 * What to do: call [func@Bgrun.WorkoutSession.recover_async] (an app
 * that calls it at every start already does), and carry on with the
 * session it gives back. The task completes by itself, successfully,
 * once that call has answered in this process, whatever the answer. An
 * app that wants to do it in the task handles the task: a handler
 * registered with [method@Bgrun.Scheduler.register] for
 * %BGRUN_WORKOUT_RECOVERY_IDENTIFIER, or
 * [signal@Bgrun.Scheduler::handle-task], gets it like any other task. A
 * task that nobody handles does not fail: it waits for the recovery, for
 * %BGRUN_WORKOUT_RECOVERY_DURATION seconds.
 *
 * A session that ends ([method@Bgrun.WorkoutSession.end]) no longer
 * starts the app; one that is active again after its recovery does, if
 * the process goes once more.
 */

struct _BgrunWorkoutRecoveryTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutRecoveryTask, bgrun_workout_recovery_task, BGRUN_TYPE_TASK)

static void
bgrun_workout_recovery_task_class_init (BgrunWorkoutRecoveryTaskClass *klass)
{
}

static void
bgrun_workout_recovery_task_init (BgrunWorkoutRecoveryTask *self)
{
}

/* The journal is the app's own: the task only brings the app up to read
 * it. */
static const BgrunKind workout_recovery_kind = {
  .name = BGRUN_REQUEST_KIND_WORKOUT_RECOVERY,
  .task_type = bgrun_workout_recovery_task_get_type,
  .duration = BGRUN_WORKOUT_RECOVERY_DURATION,
  .flags = BGRUN_KIND_SYSTEM,
  .identifier_alias = NULL,
  .waits_for_app = N_("The app is not running; bgrund starts it to recover the workout it had in progress."),
  .cannot_run_now = N_("Cannot run “%s” now: it recovers a workout, and no process of %s is running to do it. Start the app; the task runs when it connects."),
  .identifier_taken = N_("Cannot submit “%s”: libbgrun uses that identifier to recover workouts. Give the request another identifier."),
  .identifier_used = N_("Cannot start %s to recover its workout: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
};

void
bgrun_workout_recovery_kind_register (void)
{
  bgrun_kind_register (&workout_recovery_kind);
}

gboolean
bgrun_engine_submit_workout_recovery (BgrunEngine  *engine,
                                      const char   *app_id,
                                      GError      **error)
{
  return bgrun_engine_submit_system_request (engine, app_id, BGRUN_REQUEST_KIND_WORKOUT_RECOVERY,
                                             BGRUN_WORKOUT_RECOVERY_IDENTIFIER, error);
}
