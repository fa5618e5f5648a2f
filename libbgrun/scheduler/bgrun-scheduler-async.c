/* bgrun-scheduler-async.c: the scheduler's calls that may wait on
 * bgrund, without blocking
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-refresh-request.h"
#include "bgrun-explanation-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-scheduler-async.h"
#include "bgrun-scheduler-internal-private.h"
#include "bgrun-task-request-private.h"

/* In the daemon placement each of these is a D-Bus call whose reply
 * comes back to the main loop; in the embedded one the engine answers at
 * once and the callback runs from the main loop's next iteration. Either
 * way the result, and the errors, are those of the synchronous call. */

static GTask *
new_task (BgrunScheduler      *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* The reply of a call that answers only success or an error. */
static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;

  reply = bgrun_broker_call_finish (BGRUN_BROKER (source), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
finish_boolean (BgrunScheduler  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gpointer
finish_pointer (BgrunScheduler  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
submit_with_tag (BgrunScheduler      *self,
                 BgrunTaskRequest    *request,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, source_tag, cancellable, callback, user_data);
  g_autoptr(GVariant) dict = NULL;
  GError *error = NULL;

  if (!bgrun_scheduler_check_app_id (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  dict = bgrun_task_request_to_variant (request);
  bgrun_broker_call_async (self->broker, "Submit", g_variant_new ("(@a{sv}b)", dict, self->frontmost),
                           cancellable, on_done, g_steal_pointer (&task));
}

/**
 * bgrun_scheduler_submit_async:
 * @self: a scheduler
 * @request: the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the request is stored or refused
 * @user_data: data for @callback
 *
 * Submits a request as [method@Bgrun.Scheduler.submit] does, without
 * blocking: with the `bgrund` daemon, the request travels to it while
 * the main loop runs. Call [method@Bgrun.Scheduler.submit_finish] from
 * @callback.
 */
void
bgrun_scheduler_submit_async (BgrunScheduler      *self,
                              BgrunTaskRequest    *request,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (BGRUN_IS_TASK_REQUEST (request));

  submit_with_tag (self, request, bgrun_scheduler_submit_async, cancellable, callback, user_data);
}

/**
 * bgrun_scheduler_submit_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.submit_async]. The errors are those of
 * [method@Bgrun.Scheduler.submit].
 *
 * Returns: %TRUE when the request was accepted
 */
gboolean
bgrun_scheduler_submit_finish (BgrunScheduler  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return finish_boolean (self, result, bgrun_scheduler_submit_async, error);
}

/**
 * bgrun_scheduler_schedule_refresh_async:
 * @self: a scheduler
 * @preferred_date: (nullable): the earliest time the refresh should run,
 *   or %NULL for as soon as allowed
 * @user_info: (nullable): an `a{sv}` for the task's
 *   [property@Bgrun.Task:user-info]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the refresh is scheduled or refused
 * @user_data: data for @callback
 *
 * Schedules the app's refresh as [method@Bgrun.Scheduler.schedule_refresh]
 * does, without blocking. Call
 * [method@Bgrun.Scheduler.schedule_refresh_finish] from @callback.
 */
void
bgrun_scheduler_schedule_refresh_async (BgrunScheduler      *self,
                                        GDateTime           *preferred_date,
                                        GVariant            *user_info,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autofree char *identifier = NULL;
  g_autoptr(BgrunTaskRequest) request = NULL;

  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  identifier = g_strconcat (self->app_id, ".refresh", NULL);
  request = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new (identifier));
  bgrun_task_request_set_earliest_begin_date (request, preferred_date);
  bgrun_task_request_set_user_info (request, user_info);
  submit_with_tag (self, request, bgrun_scheduler_schedule_refresh_async,
                   cancellable, callback, user_data);
}

/**
 * bgrun_scheduler_schedule_refresh_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.schedule_refresh_async].
 *
 * Returns: %TRUE when the refresh was scheduled
 */
gboolean
bgrun_scheduler_schedule_refresh_finish (BgrunScheduler  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  return finish_boolean (self, result, bgrun_scheduler_schedule_refresh_async, error);
}

/**
 * bgrun_scheduler_cancel_async:
 * @self: a scheduler
 * @identifier: the identifier of a pending request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the request is cancelled
 * @user_data: data for @callback
 *
 * Cancels the pending request @identifier, if there is one, as
 * [method@Bgrun.Scheduler.cancel] does, without blocking. Call
 * [method@Bgrun.Scheduler.cancel_finish] from @callback.
 */
void
bgrun_scheduler_cancel_async (BgrunScheduler      *self,
                              const char          *identifier,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (identifier != NULL);

  task = new_task (self, bgrun_scheduler_cancel_async, cancellable, callback, user_data);
  if (!bgrun_identifier_validate (identifier, FALSE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  bgrun_broker_call_async (self->broker, "Cancel", g_variant_new ("(s)", identifier),
                           cancellable, on_done, g_steal_pointer (&task));
}

/**
 * bgrun_scheduler_cancel_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.cancel_async]. Unlike the synchronous
 * call, which can only log it, an identifier that no request can have
 * fails here with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST saying why; so
 * does a scheduler that cannot reach its daemon, with
 * %BGRUN_SCHEDULER_ERROR_UNAVAILABLE. Cancelling an identifier that has
 * no pending request succeeds.
 *
 * Returns: %TRUE when nothing of @identifier is pending any more
 */
gboolean
bgrun_scheduler_cancel_finish (BgrunScheduler  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  return finish_boolean (self, result, bgrun_scheduler_cancel_async, error);
}

/**
 * bgrun_scheduler_cancel_all_async:
 * @self: a scheduler
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the requests are cancelled
 * @user_data: data for @callback
 *
 * Cancels every pending request of the app, as
 * [method@Bgrun.Scheduler.cancel_all] does, without blocking. Call
 * [method@Bgrun.Scheduler.cancel_all_finish] from @callback.
 */
void
bgrun_scheduler_cancel_all_async (BgrunScheduler      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  bgrun_broker_call_async (self->broker, "CancelAll", NULL, cancellable, on_done,
                           new_task (self, bgrun_scheduler_cancel_all_async,
                                     cancellable, callback, user_data));
}

/**
 * bgrun_scheduler_cancel_all_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.cancel_all_async]; fails with
 * %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when the daemon cannot be reached.
 *
 * Returns: %TRUE when no request of the app is pending any more
 */
gboolean
bgrun_scheduler_cancel_all_finish (BgrunScheduler  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_boolean (self, result, bgrun_scheduler_cancel_all_async, error);
}

static void
on_explained (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL, dict = NULL;
  GError *error = NULL;

  reply = bgrun_broker_call_finish (BGRUN_BROKER (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  dict = g_variant_get_child_value (reply, 0);
  if (g_task_get_source_tag (task) == bgrun_scheduler_explain_by_tag_async)
    g_task_return_pointer (task, bgrun_explanation_list_new_from_variant (dict), g_object_unref);
  else
    g_task_return_pointer (task, bgrun_explanation_new_from_variant (dict), g_object_unref);
}

/**
 * bgrun_scheduler_explain_async:
 * @self: a scheduler
 * @identifier: the identifier of a pending request or running task
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the explanation
 * @user_data: data for @callback
 *
 * Asks why the request @identifier has not run yet, as
 * [method@Bgrun.Scheduler.explain] does, without blocking. Call
 * [method@Bgrun.Scheduler.explain_finish] from @callback.
 */
void
bgrun_scheduler_explain_async (BgrunScheduler      *self,
                               const char          *identifier,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (identifier != NULL);

  bgrun_broker_call_async (self->broker, "Explain", g_variant_new ("(s)", identifier),
                           cancellable, on_explained,
                           new_task (self, bgrun_scheduler_explain_async,
                                     cancellable, callback, user_data));
}

/**
 * bgrun_scheduler_explain_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.explain_async]. The errors are those
 * of [method@Bgrun.Scheduler.explain].
 *
 * Returns: (transfer full): the explanation
 */
BgrunExplanation *
bgrun_scheduler_explain_finish (BgrunScheduler  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_pointer (self, result, bgrun_scheduler_explain_async, error);
}

/**
 * bgrun_scheduler_explain_by_tag_async:
 * @self: a scheduler
 * @tag: a tag of the app's requests
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the explanations
 * @user_data: data for @callback
 *
 * Asks why each pending request with @tag has not run yet, as
 * [method@Bgrun.Scheduler.explain_by_tag] does, without blocking. Call
 * [method@Bgrun.Scheduler.explain_by_tag_finish] from @callback.
 */
void
bgrun_scheduler_explain_by_tag_async (BgrunScheduler      *self,
                                      const char          *tag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (tag != NULL);

  bgrun_broker_call_async (self->broker, "ExplainByTag", g_variant_new ("(s)", tag),
                           cancellable, on_explained,
                           new_task (self, bgrun_scheduler_explain_by_tag_async,
                                     cancellable, callback, user_data));
}

/**
 * bgrun_scheduler_explain_by_tag_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.explain_by_tag_async]. The errors are
 * those of [method@Bgrun.Scheduler.explain_by_tag].
 *
 * Returns: (transfer full): a list of [class@Bgrun.Explanation], oldest
 *   request first
 */
GListModel *
bgrun_scheduler_explain_by_tag_finish (BgrunScheduler  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return finish_pointer (self, result, bgrun_scheduler_explain_by_tag_async, error);
}

/* A list's reply: the live model is made from it, unless another call
 * made it first (then that one is live and at least as new). */
static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunScheduler *self = g_task_get_source_object (task);
  g_autoptr(GVariant) reply = NULL, list = NULL;
  GError *error = NULL;

  reply = bgrun_broker_call_finish (BGRUN_BROKER (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  list = g_variant_get_child_value (reply, 0);
  if (g_task_get_source_tag (task) == bgrun_scheduler_get_history_async)
    {
      bgrun_scheduler_adopt_history (self, list);
      g_task_return_pointer (task, g_object_ref (self->history), g_object_unref);
    }
  else
    {
      bgrun_scheduler_adopt_pending (self, list);
      g_task_return_pointer (task, g_object_ref (self->pending), g_object_unref);
    }
}

static void
get_list_async (BgrunScheduler      *self,
                GListStore          *existing,
                const char          *method,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = new_task (self, source_tag, cancellable, callback, user_data);

  /* Once made, the model follows the broker's signals: nothing to ask. */
  if (existing != NULL)
    {
      g_task_return_pointer (task, g_object_ref (existing), g_object_unref);
      return;
    }
  bgrun_broker_call_async (self->broker, method, NULL, cancellable, on_listed,
                           g_steal_pointer (&task));
}

/**
 * bgrun_scheduler_get_pending_requests_async:
 * @self: a scheduler
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * Gets the live list of pending requests, as
 * [method@Bgrun.Scheduler.get_pending_requests] does, without blocking on
 * its first load. Call [method@Bgrun.Scheduler.get_pending_requests_finish]
 * from @callback.
 */
void
bgrun_scheduler_get_pending_requests_async (BgrunScheduler      *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  get_list_async (self, self->pending, "ListPending", bgrun_scheduler_get_pending_requests_async,
                  cancellable, callback, user_data);
}

/**
 * bgrun_scheduler_get_pending_requests_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.get_pending_requests_async]. Unlike
 * the synchronous call, which logs it and shows an empty list, failing
 * to reach the daemon is an error here
 * (%BGRUN_SCHEDULER_ERROR_UNAVAILABLE).
 *
 * Returns: (transfer full): the live list of [class@Bgrun.TaskRequest]
 *   that [method@Bgrun.Scheduler.get_pending_requests] returns
 */
GListModel *
bgrun_scheduler_get_pending_requests_finish (BgrunScheduler  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return finish_pointer (self, result, bgrun_scheduler_get_pending_requests_async, error);
}

/**
 * bgrun_scheduler_get_history_async:
 * @self: a scheduler
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * Gets the live history, as [method@Bgrun.Scheduler.get_history] does,
 * without blocking on its first load. Call
 * [method@Bgrun.Scheduler.get_history_finish] from @callback.
 */
void
bgrun_scheduler_get_history_async (BgrunScheduler      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  get_list_async (self, self->history, "ListHistory", bgrun_scheduler_get_history_async,
                  cancellable, callback, user_data);
}

/**
 * bgrun_scheduler_get_history_finish:
 * @self: a scheduler
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.Scheduler.get_history_async]; failing to reach
 * the daemon is %BGRUN_SCHEDULER_ERROR_UNAVAILABLE.
 *
 * Returns: (transfer full): the live list of [class@Bgrun.HistoryEntry]
 *   that [method@Bgrun.Scheduler.get_history] returns
 */
GListModel *
bgrun_scheduler_get_history_finish (BgrunScheduler  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return finish_pointer (self, result, bgrun_scheduler_get_history_async, error);
}
