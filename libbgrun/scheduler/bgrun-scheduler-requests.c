/* bgrun-scheduler-requests.c: registering the app's handlers, and
 * submitting, cancelling and explaining its requests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-refresh-request.h"
#include "bgrun-errors.h"
#include "bgrun-explanation-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-scheduler-internal-private.h"
#include "bgrun-tag-filter-private.h"
#include "bgrun-task-request-private.h"

/* A scheduler made with a bad app id (a critical said so) refuses work
 * rather than filing it under a name no app can claim. */
gboolean
bgrun_scheduler_check_app_id (BgrunScheduler  *self,
                              GError         **error)
{
  if (self->app_id != NULL && g_application_id_is_valid (self->app_id))
    return TRUE;
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
               _("This scheduler was created for “%s”, which is not a valid application id. Create it with an id such as “org.example.App”."),
               self->app_id != NULL ? self->app_id : "(null)");
  return FALSE;
}

/**
 * bgrun_scheduler_register:
 * @self: a scheduler
 * @identifier: a reverse-DNS task identifier, or a family `prefix.*`
 * @handler: (scope notified) (closure user_data) (destroy destroy): runs
 *   the tasks of @identifier
 * @user_data: data for @handler
 * @destroy: (nullable): frees @user_data when the scheduler is finalized
 * @error: return location for a #GError
 *
 * Registers the handler for the tasks of @identifier. Call it at startup,
 * before the main loop runs, for every identifier the app may be asked to
 * run: requests that became due while the app was not running run right
 * after their identifier is registered, oldest first. A family
 * (`org.example.App.export.*`) matches every identifier under the prefix;
 * an exact registration wins over a family.
 *
 * Fails with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST when @identifier is
 * malformed or already registered.
 *
 * Returns: %TRUE when registered
 */
gboolean
bgrun_scheduler_register (BgrunScheduler    *self,
                          const char        *identifier,
                          BgrunTaskHandler   handler,
                          gpointer           user_data,
                          GDestroyNotify     destroy,
                          GError           **error)
{
  Registration *registration;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (handler != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bgrun_scheduler_check_app_id (self, error) ||
      !bgrun_broker_register (self->broker, identifier, error))
    {
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  registration = g_new0 (Registration, 1);
  registration->pattern = g_strdup (identifier);
  registration->handler = handler;
  registration->user_data = user_data;
  registration->destroy = destroy;
  g_ptr_array_add (self->registrations, registration);
  return TRUE;
}

/**
 * bgrun_scheduler_submit:
 * @self: a scheduler
 * @request: the request
 * @error: return location for a #GError
 *
 * Submits a request. It is stored before this returns; a pending request
 * with the same identifier is replaced. The task runs later, from the main
 * loop, when the scheduler allows it; [method@Bgrun.Scheduler.explain]
 * says why it has not yet.
 *
 * Fails, with a message that names the identifier and says what to do:
 * %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST for a malformed request,
 * %BGRUN_SCHEDULER_ERROR_NOT_PERMITTED when no handler is registered for
 * the identifier (or a continued-processing request is submitted while the
 * app is not frontmost), %BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS
 * past %BGRUN_MAX_PENDING_REQUESTS, %BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE
 * for a continued-processing request with the fail strategy that cannot
 * start now, and %BGRUN_SCHEDULER_ERROR_UNAVAILABLE when the store cannot
 * be written. A rejected request is recorded in the history.
 *
 * Returns: %TRUE when the request was accepted
 */
gboolean
bgrun_scheduler_submit (BgrunScheduler    *self,
                        BgrunTaskRequest  *request,
                        GError           **error)
{
  g_autoptr(GVariant) dict = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_TASK_REQUEST (request), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bgrun_scheduler_check_app_id (self, error))
    return FALSE;
  dict = bgrun_task_request_to_variant (request);
  return bgrun_broker_submit (self->broker, dict, self->frontmost, error);
}

/**
 * bgrun_scheduler_schedule_refresh:
 * @self: a scheduler
 * @preferred_date: (nullable): the earliest time the refresh should run,
 *   or %NULL for as soon as allowed
 * @user_info: (nullable): an `a{sv}` for the task's
 *   [property@Bgrun.Task:user-info]
 * @error: return location for a #GError
 *
 * Schedules the app's refresh, as watchOS does: one pending refresh per
 * app, under the identifier `<app-id>.refresh`; a new call replaces the
 * pending one. The task is a [class@Bgrun.AppRefreshTask] for the handler
 * registered for `<app-id>.refresh`.
 *
 * Returns: %TRUE when the refresh was scheduled
 */
gboolean
bgrun_scheduler_schedule_refresh (BgrunScheduler  *self,
                                  GDateTime       *preferred_date,
                                  GVariant        *user_info,
                                  GError         **error)
{
  g_autofree char *identifier = NULL;
  g_autoptr(BgrunTaskRequest) request = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  identifier = g_strconcat (self->app_id, ".refresh", NULL);
  request = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new (identifier));
  bgrun_task_request_set_earliest_begin_date (request, preferred_date);
  /* Of any type: submit() refuses what is not a dictionary. */
  bgrun_task_request_set_user_info (request, user_info);
  return bgrun_scheduler_submit (self, request, error);
}

/**
 * bgrun_scheduler_cancel:
 * @self: a scheduler
 * @identifier: the identifier of a pending request
 *
 * Cancels the pending request @identifier, if there is one. A task that
 * already runs is not affected. An identifier that no request can have
 * (empty, too long, not reverse-DNS) cancels nothing and is logged as a
 * warning that says why, since it is a mistake in the app.
 */
void
bgrun_scheduler_cancel (BgrunScheduler *self,
                        const char     *identifier)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (identifier != NULL);

  if (!bgrun_identifier_validate (identifier, FALSE, &error))
    {
      g_warning ("libbgrun: nothing to cancel: %s", error->message);
      return;
    }
  bgrun_broker_cancel (self->broker, identifier);
}

/**
 * bgrun_scheduler_cancel_all:
 * @self: a scheduler
 *
 * Cancels every pending request of the app.
 */
void
bgrun_scheduler_cancel_all (BgrunScheduler *self)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));

  bgrun_broker_cancel_all (self->broker);
}

/**
 * bgrun_scheduler_cancel_by_tag:
 * @self: a scheduler
 * @tag: a tag (see [property@Bgrun.TaskRequest:tags])
 *
 * Cancels every pending request of the app that carries @tag; each gets a
 * `CANCELLED` history entry. Tasks that already run are not affected, as
 * with [method@Bgrun.Scheduler.cancel].
 */
void
bgrun_scheduler_cancel_by_tag (BgrunScheduler *self,
                               const char     *tag)
{
  g_return_if_fail (BGRUN_IS_SCHEDULER (self));
  g_return_if_fail (tag != NULL);

  bgrun_broker_cancel_by_tag (self->broker, tag);
}

/**
 * bgrun_scheduler_get_pending_requests_by_tag:
 * @self: a scheduler
 * @tag: a tag (see [property@Bgrun.TaskRequest:tags])
 *
 * Gets the pending requests that carry @tag, oldest first, as a live
 * list that follows [method@Bgrun.Scheduler.get_pending_requests].
 *
 * Returns: (transfer full): a list of [class@Bgrun.TaskRequest]
 */
GListModel *
bgrun_scheduler_get_pending_requests_by_tag (BgrunScheduler *self,
                                             const char     *tag)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);

  return G_LIST_MODEL (bgrun_tag_filter_new (bgrun_scheduler_get_pending_requests (self), tag));
}

/**
 * bgrun_scheduler_explain:
 * @self: a scheduler
 * @identifier: the identifier of a pending request or running task
 * @error: return location for a #GError
 *
 * Says why the request @identifier has not run yet: every reason it waits
 * and the earliest time it could run if nothing changes; for a running
 * task, its deadline. Fails with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST
 * when nothing with that identifier is pending or running.
 *
 * Returns: (transfer full): the explanation
 */
BgrunExplanation *
bgrun_scheduler_explain (BgrunScheduler  *self,
                         const char      *identifier,
                         GError         **error)
{
  g_autoptr(GVariant) dict = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (identifier != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dict = bgrun_broker_explain (self->broker, identifier, error);
  return dict != NULL ? bgrun_explanation_new_from_variant (dict) : NULL;
}

/**
 * bgrun_scheduler_explain_by_tag:
 * @self: a scheduler
 * @tag: a tag of the app's requests
 * @error: return location for a #GError
 *
 * Says why each pending request that carries @tag
 * ([property@Bgrun.TaskRequest:tags]) has not run yet, as
 * [method@Bgrun.Scheduler.explain] says it for one: one explanation per
 * request, oldest first, in a list that does not change afterwards. A tag
 * that no pending request carries gives an empty list. Fails only when
 * the daemon cannot be reached (%BGRUN_SCHEDULER_ERROR_UNAVAILABLE).
 *
 * Returns: (transfer full): a list of [class@Bgrun.Explanation]
 */
GListModel *
bgrun_scheduler_explain_by_tag (BgrunScheduler  *self,
                                const char      *tag,
                                GError         **error)
{
  g_autoptr(GVariant) list = NULL;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = bgrun_broker_explain_by_tag (self->broker, tag, error);
  return list != NULL ? bgrun_explanation_list_new_from_variant (list) : NULL;
}
