/* bgrun-url-session-task-cancel.c: cancelling a URL session task without
 * blocking, and knowing when it has stopped
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-url-session-task-private.h"

/* The GTask is held by the ::notify::state handler until the task has
 * ended; asking bgrund holds one more reference until it answers. */

static void
on_state (BgrunUrlSessionTask *self,
          GParamSpec          *pspec,
          GTask               *task)
{
  if (bgrun_url_session_task_get_state (self) != BGRUN_URL_SESSION_TASK_STATE_COMPLETED)
    return;
  g_signal_handlers_disconnect_by_func (self, on_state, task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
on_asked (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;
  /* Not asked: the task will not end for this call. */
  if (g_signal_handlers_disconnect_by_func (source, on_state, task) > 0)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else
    g_error_free (error);
}

/**
 * bgrun_url_session_task_cancel_async:
 * @self: a task
 * @cancellable: (nullable): cancels asking `bgrund` (a task in this
 *   process is cancelled at once)
 * @callback: called when the task has ended
 * @user_data: data for @callback
 *
 * Cancels the task as [method@Bgrun.UrlSessionTask.cancel] does, without
 * blocking: a task of a background session that runs in `bgrund` is
 * cancelled there by a call from the main loop. @callback runs once the
 * task is %BGRUN_URL_SESSION_TASK_STATE_COMPLETED (at once for a task
 * that had ended). Call [method@Bgrun.UrlSessionTask.cancel_finish] from
 * it.
 */
void
bgrun_url_session_task_cancel_async (BgrunUrlSessionTask *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_url_session_task_cancel_async);
  if (bgrun_url_session_task_get_state (self) == BGRUN_URL_SESSION_TASK_STATE_COMPLETED)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_signal_connect (self, "notify::state", G_CALLBACK (on_state), task);
  if (self->mirror)
    bgrun_url_session_task_cancel_mirror_async (self, g_task_new (self, cancellable, on_asked,
                                                                  g_object_ref (task)));
  else
    bgrun_url_session_task_cancel (self);
}

/**
 * bgrun_url_session_task_cancel_finish:
 * @self: a task
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Bgrun.UrlSessionTask.cancel_async]. Fails with
 * %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when `bgrund` could not be asked, or
 * %G_IO_ERROR_CANCELLED when @cancellable was cancelled first.
 *
 * Returns: %TRUE when the task has ended
 */
gboolean
bgrun_url_session_task_cancel_finish (BgrunUrlSessionTask  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bgrun_url_session_task_cancel_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
