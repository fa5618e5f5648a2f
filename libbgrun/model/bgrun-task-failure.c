/* bgrun-task-failure.c: a task that failed, and why
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-task-failure.h"

static GQuark
failure_message_quark (void)
{
  return g_quark_from_static_string ("bgrun-task-failure-message");
}

/**
 * bgrun_task_set_task_failed:
 * @self: a task
 * @message: why the work failed, for the user and the developer
 *
 * Completes the task as failed, as [method@Bgrun.Task.set_task_completed]
 * with %FALSE does, and records @message in the scheduler's history
 * ([method@Bgrun.Scheduler.get_history]) beside the failure, so that
 * `bgrunctl` and the app's own history view show what went wrong. The
 * Python binding calls it with the exception of a coroutine handler.
 */
void
bgrun_task_set_task_failed (BgrunTask  *self,
                            const char *message)
{
  g_return_if_fail (BGRUN_IS_TASK (self));
  g_return_if_fail (message != NULL);

  if (bgrun_task_get_state (self) == BGRUN_TASK_STATE_RUNNING)
    g_object_set_qdata_full (G_OBJECT (self), failure_message_quark (), g_strdup (message), g_free);
  bgrun_task_set_task_completed (self, FALSE);
}

/**
 * bgrun_task_get_failure_message:
 * @self: a task
 *
 * Gets the message [method@Bgrun.Task.set_task_failed] gave.
 *
 * Returns: (nullable): why the task failed, or %NULL when it was not
 *   completed with a message
 */
const char *
bgrun_task_get_failure_message (BgrunTask *self)
{
  g_return_val_if_fail (BGRUN_IS_TASK (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), failure_message_quark ());
}
