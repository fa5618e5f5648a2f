/* bgrun-scheduler-tasks.c: the app's running tasks, from the broker's
 * run-task to task-ended
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-continued-processing-task.h"
#include "bgrun-kind-private.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-scheduler-internal-private.h"
#include "bgrun-task-failure.h"
#include "bgrun-task-private.h"
#include "bgrun-time-private.h"

static void
on_task_state (BgrunTask      *task,
               GParamSpec     *pspec,
               BgrunScheduler *self)
{
  BgrunTaskState state = bgrun_task_get_state (task);
  const char *message = bgrun_task_get_failure_message (task);

  /* The app's reason goes into the history before the failure itself. */
  if (state == BGRUN_TASK_STATE_FAILED && message != NULL)
    bgrun_scheduler_record_history (self, bgrun_task_get_identifier (task),
                                    BGRUN_HISTORY_EVENT_FAILED, message);
  /* Only the app's own completion travels back; the engine knows the
   * other endings because it caused them. */
  if (state == BGRUN_TASK_STATE_FAILED && bgrun_task_get_retry_requested (task))
    bgrun_broker_retry_task (self->broker, bgrun_task_get_run_id (task));
  else if (state == BGRUN_TASK_STATE_COMPLETED || state == BGRUN_TASK_STATE_FAILED)
    bgrun_broker_complete_task (self->broker, bgrun_task_get_run_id (task),
                                state == BGRUN_TASK_STATE_COMPLETED);
}

/* Progress and output travel to the engine, which shows them to others
 * (bgrunctl) and keeps the output in the history. */
static void
on_task_report (BgrunTask      *task,
                GParamSpec     *pspec,
                BgrunScheduler *self)
{
  g_auto(GVariantDict) update = G_VARIANT_DICT_INIT (NULL);
  GVariant *details = bgrun_task_get_progress_details (task);

  if (g_str_equal (pspec->name, "output"))
    {
      if (bgrun_task_get_output (task) == NULL)
        return;
      g_variant_dict_insert_value (&update, "output", bgrun_task_get_output (task));
    }
  else
    {
      g_variant_dict_insert (&update, "progress", "d", bgrun_task_get_progress (task));
      if (details != NULL)
        g_variant_dict_insert_value (&update, "progress-details", details);
    }
  bgrun_broker_update_task (self->broker, bgrun_task_get_run_id (task), g_variant_dict_end (&update));
}

static void
on_task_progress (BgrunContinuedProcessingTask *task,
                  GParamSpec                   *pspec,
                  BgrunScheduler               *self)
{
  bgrun_broker_report_progress (self->broker, bgrun_task_get_run_id (BGRUN_TASK (task)),
                                bgrun_continued_processing_task_get_completed_units (task),
                                bgrun_continued_processing_task_get_total_units (task));
}

static void
update_expiration (BgrunTask *task,
                   GVariant  *dict)
{
  gint64 expires;

  if (g_variant_lookup (dict, "expiration-date", "x", &expires))
    {
      g_autoptr(GDateTime) date = bgrun_time_from_usec (expires);
      bgrun_task_set_expiration_date (task, date);
    }
}

static BgrunTask *
task_new_from_variant (GVariant *dict)
{
  g_autoptr(GVariant) user_info = g_variant_lookup_value (dict, "user-info", G_VARIANT_TYPE_VARDICT);
  const char *identifier = "", *kind = "", *title = "", *subtitle = "";
  guint64 id = 0;
  guint attempt;
  GType type;
  BgrunTask *task;

  g_variant_lookup (dict, "identifier", "&s", &identifier);
  g_variant_lookup (dict, "kind", "&s", &kind);
  g_variant_lookup (dict, "task-id", "t", &id);
  type = bgrun_kind_lookup (kind)->task_type ();
  if (type == BGRUN_TYPE_CONTINUED_PROCESSING_TASK)
    {
      g_variant_lookup (dict, "title", "&s", &title);
      g_variant_lookup (dict, "subtitle", "&s", &subtitle);
      task = g_object_new (type, "identifier", identifier, "user-info", user_info,
                           "title", title, "subtitle", subtitle, NULL);
    }
  else
    task = g_object_new (type, "identifier", identifier, "user-info", user_info, NULL);

  bgrun_task_set_run_id (task, id);
  if (g_variant_lookup (dict, "attempt", "u", &attempt))
    bgrun_task_set_attempt (task, attempt);
  update_expiration (task, dict);
  return task;
}

static void
on_run_task (BgrunBroker    *broker,
             GVariant       *dict,
             BgrunScheduler *self)
{
  g_autoptr(BgrunTask) task = task_new_from_variant (dict);
  const char *kind = "";
  Registration *registration;
  gboolean handled = FALSE;

  g_variant_lookup (dict, "kind", "&s", &kind);
  g_hash_table_insert (self->tasks, GSIZE_TO_POINTER (bgrun_task_get_run_id (task)), g_object_ref (task));
  g_list_store_append (self->running, task);
  if (self->application != NULL)
    g_application_hold (self->application);

  g_signal_connect_object (task, "notify::state", G_CALLBACK (on_task_state), self, 0);
  g_signal_connect_object (task, "notify::progress", G_CALLBACK (on_task_report), self, 0);
  g_signal_connect_object (task, "notify::progress-details", G_CALLBACK (on_task_report), self, 0);
  g_signal_connect_object (task, "notify::output", G_CALLBACK (on_task_report), self, 0);
  if (BGRUN_IS_CONTINUED_PROCESSING_TASK (task))
    {
      g_signal_connect_object (task, "notify::completed-units",
                               G_CALLBACK (on_task_progress), self, 0);
      g_signal_connect_object (task, "notify::total-units",
                               G_CALLBACK (on_task_progress), self, 0);
      bgrun_progress_presenter_show (self->presenter, BGRUN_CONTINUED_PROCESSING_TASK (task));
    }
  bgrun_placement_task_started (self->placement, task);

  registration = bgrun_scheduler_find_registration (self, bgrun_task_get_identifier (task));
  if (registration != NULL)
    registration->handler (self, task, registration->user_data);
  else
    handled = bgrun_scheduler_emit_handle_task (self, task);

  /* A task of libbgrun's own that nobody handles waits for the feature
   * that owns its kind, unless it was the app's to take. */
  if (registration == NULL && !handled && bgrun_kind_has (kind, BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER))
    {
      g_debug ("libbgrun: the app takes no “%s” task; it ends", bgrun_task_get_identifier (task));
      bgrun_task_set_task_completed (task, TRUE);
    }
  else if (registration == NULL && !handled && !bgrun_kind_has (kind, BGRUN_KIND_SYSTEM))
    {
      g_warning ("libbgrun: no handler for task “%s”; it fails. Register one, or connect to “handle-task”.",
                 bgrun_task_get_identifier (task));
      bgrun_task_set_task_completed (task, FALSE);
    }
}

static void
on_expire_task (BgrunBroker    *broker,
                guint64         task_id,
                BgrunScheduler *self)
{
  BgrunTask *task = g_hash_table_lookup (self->tasks, GSIZE_TO_POINTER (task_id));

  if (task != NULL)
    bgrun_task_emit_expired (task);
}

static void
on_task_changed (BgrunBroker    *broker,
                 GVariant       *dict,
                 BgrunScheduler *self)
{
  guint64 task_id = 0;
  BgrunTask *task;

  g_variant_lookup (dict, "task-id", "t", &task_id);
  task = g_hash_table_lookup (self->tasks, GSIZE_TO_POINTER (task_id));
  if (task != NULL)
    update_expiration (task, dict);
}

static void
on_task_ended (BgrunBroker    *broker,
               guint64         task_id,
               guint           state,
               BgrunScheduler *self)
{
  g_autoptr(BgrunTask) task = NULL;
  guint position;

  if (!g_hash_table_steal_extended (self->tasks, GSIZE_TO_POINTER (task_id),
                                    NULL, (gpointer *) &task))
    return;
  bgrun_task_finish (task, state);
  if (BGRUN_IS_CONTINUED_PROCESSING_TASK (task))
    bgrun_progress_presenter_hide (self->presenter, BGRUN_CONTINUED_PROCESSING_TASK (task));
  if (g_list_store_find (self->running, task, &position))
    g_list_store_remove (self->running, position);
  if (self->application != NULL)
    g_application_release (self->application);
}

/* Follows what the broker says about the app's running tasks. */
void
bgrun_scheduler_connect_tasks (BgrunScheduler *self)
{
  g_signal_connect (self->broker, "run-task", G_CALLBACK (on_run_task), self);
  g_signal_connect (self->broker, "expire-task", G_CALLBACK (on_expire_task), self);
  g_signal_connect (self->broker, "task-changed", G_CALLBACK (on_task_changed), self);
  g_signal_connect (self->broker, "task-ended", G_CALLBACK (on_task_ended), self);
}

/* The user's Cancel of a continued-processing task, from its
 * notification's button or from Plasma's job view: it expires the task,
 * as on iOS. */
static void
cancel_for_user (BgrunScheduler *self,
                 const char     *identifier)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_broker_expire_task (self->broker, identifier, &error))
    g_debug ("libbgrun: %s", error->message);
}

static void
on_cancel_task_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  cancel_for_user (BGRUN_SCHEDULER (user_data), g_variant_get_string (parameter, NULL));
}

static void
on_presenter_cancel (BgrunProgressPresenter *presenter,
                     const char             *identifier,
                     gpointer                user_data)
{
  cancel_for_user (BGRUN_SCHEDULER (user_data), identifier);
}

void
bgrun_scheduler_install_cancel_action (BgrunScheduler *self)
{
  g_autoptr(GSimpleAction) action = NULL;

  g_signal_connect_object (self->presenter, "cancel-requested", G_CALLBACK (on_presenter_cancel), self, 0);
  if (self->application == NULL)
    return;
  action = g_simple_action_new (BGRUN_CANCEL_TASK_ACTION, G_VARIANT_TYPE_STRING);
  g_signal_connect_object (action, "activate", G_CALLBACK (on_cancel_task_action), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->application), G_ACTION (action));
}
