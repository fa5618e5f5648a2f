/* bgrun-engine-running.c: the engine's running tasks: start, expiry and end
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <inttypes.h>

#include "bgrun-engine-internal-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-limits.h"
#include "bgrun-policy-private.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-task-request.h"
#include "bgrun-time-private.h"

/* A task runs from its start until it ends: completed or failed by the
 * app, or expired, first told (expire-task) and then, after the grace
 * period, ended. What it leaves behind is queued again or repeated. */

void
bgrun_engine_task_free (gpointer data)
{
  Running *running = data;

  if (running->alarm != 0)
    bgrun_clock_remove_alarm (((BgrunEngine *) running->app->engine)->clock, running->alarm);
  g_free (running->identifier);
  g_free (running->kind);
  g_variant_unref (running->request);
  g_free (running->expire_message);
  g_free (running->retry_message);
  g_clear_pointer (&running->progress_details, g_variant_unref);
  g_clear_pointer (&running->output, g_variant_unref);
  g_free (running);
}

static gint64
duration_for (const char *kind)
{
  return (gint64) bgrun_kind_lookup (kind)->duration * G_USEC_PER_SEC;
}

/* The task as the client sees it. */
static GVariant *
task_to_variant (Running *running)
{
  g_auto(GVariantDict) dict;
  g_autoptr(GVariant) user_info = NULL;
  const char *text, *alias;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "task-id", "t", running->id);
  g_variant_dict_insert (&dict, "identifier", "s", running->identifier);
  g_variant_dict_insert (&dict, "kind", "s", running->kind);
  g_variant_dict_insert (&dict, "expiration-date", "x", running->expires);
  g_variant_dict_insert (&dict, "attempt", "u", running->attempt);
  if (running->progress >= 0)
    g_variant_dict_insert (&dict, "progress", "d", running->progress);
  if (running->progress_details != NULL)
    g_variant_dict_insert_value (&dict, "progress-details", running->progress_details);
  alias = bgrun_kind_lookup (running->kind)->identifier_alias;
  if (alias != NULL)
    g_variant_dict_insert (&dict, alias, "s", running->identifier);
  user_info = g_variant_lookup_value (running->request, "user-info", G_VARIANT_TYPE_VARDICT);
  if (user_info != NULL)
    g_variant_dict_insert_value (&dict, "user-info", user_info);
  if (g_variant_lookup (running->request, "title", "&s", &text))
    g_variant_dict_insert (&dict, "title", "s", text);
  if (g_variant_lookup (running->request, "subtitle", "&s", &text))
    g_variant_dict_insert (&dict, "subtitle", "s", text);
  return g_variant_ref_sink (g_variant_dict_end (&dict));
}

static void expire_now (Running *running, const char *message, gboolean requeue);

static void
on_expiration_due (BgrunClock *clock,
                   gpointer    user_data)
{
  Running *running = user_data;

  running->alarm = 0;
  expire_now (running, _("It ran out of time."), FALSE);
}

static void
arm_expiration (Running *running)
{
  BgrunClock *clock = ((BgrunEngine *) running->app->engine)->clock;
  g_autoptr(GDateTime) when = bgrun_time_from_usec (running->expires);

  if (running->alarm != 0)
    bgrun_clock_remove_alarm (clock, running->alarm);
  running->alarm = bgrun_clock_add_alarm (clock, when, on_expiration_due, running, NULL);
}

void
bgrun_engine_start_task (BgrunEngine *self,
                         App         *app,
                         GVariant    *request)
{
  g_autoptr(GVariant) keep = g_variant_ref (request);
  g_autoptr(GVariant) task = NULL;
  g_autoptr(GVariant) details = NULL;
  Running *running;
  gint64 now = bgrun_engine_now_usec (self);
  guint attempts = 0;
  int index;

  g_variant_lookup (request, "attempts", "u", &attempts);
  running = g_new0 (Running, 1);
  running->attempt = attempts + 1;
  running->progress = -1;
  running->app = app;
  running->id = ++self->last_task_id;
  running->identifier = g_strdup (bgrun_request_dict_get_identifier (request));
  running->kind = g_strdup (bgrun_request_dict_get_kind (request));
  running->expires = now + duration_for (running->kind);
  running->request = bgrun_request_dict_edit (request,
                                   "task-id", g_variant_new_uint64 (running->id),
                                   "started", g_variant_new_int64 (now),
                                   NULL);

  index = bgrun_engine_app_find_pending (app, running->identifier);
  if (index >= 0)
    bgrun_engine_app_remove_pending (app, index);
  g_hash_table_insert (app->tasks, &running->id, running);

  bgrun_engine_store_begin (self);
  bgrun_engine_store_delete (self, app, running->identifier);
  bgrun_engine_save_running (self, app);
  if (bgrun_kind_has (running->kind, BGRUN_KIND_USES_BUDGET))
    {
      bgrun_budget_take (&app->budget, now);
      bgrun_engine_save_budget (self, app);
    }
  details = bgrun_engine_history_details (running->request, running->attempt, NULL);
  bgrun_engine_add_history_full (self, app, running->identifier, BGRUN_HISTORY_EVENT_STARTED,
                                 _("Started in the app."), details);
  bgrun_engine_store_commit (self);

  arm_expiration (running);
  if (index >= 0)
    bgrun_engine_emit_pending_changed (self, app, index, 1, NULL);
  task = task_to_variant (running);
  g_signal_emit (self, bgrun_engine_signals[SIG_RUN_TASK], 0, app->id, task);
}

/* @request (a running task's) queued again after an interruption, one
 * run more: "attempts" counts every start, as WorkManager's
 * runAttemptCount does, but "retries" stays, so the interruption spends
 * nothing of max-attempts and adds nothing to the retry backoff. With
 * @backoff, not before the backoff of its interruptions so far has passed
 * from @now. */
GVariant *
bgrun_engine_requeued_request (GVariant *request,
                               gboolean  backoff,
                               gint64    now)
{
  guint attempts = 0, retries = 0;

  g_variant_lookup (request, "attempts", "u", &attempts);
  g_variant_lookup (request, "retries", "u", &retries);
  attempts++;
  return bgrun_request_dict_edit (request,
                                  "task-id", NULL,
                                  "started", NULL,
                                  "attempts", g_variant_new_uint32 (attempts),
                                  "not-before",
                                  backoff ? g_variant_new_int64 (now + bgrun_policy_backoff (attempts - MIN (retries, attempts))) : NULL,
                                  "retried", NULL,
                                  NULL);
}

/* How many retries of @request the app asked for and was granted. */
static guint
retries_of (GVariant *request)
{
  guint retries = 0;

  g_variant_lookup (request, "retries", "u", &retries);
  return retries;
}

/* @request queued again after its attempt @attempt asked for a retry
 * (which its backoff policy grants): its retry number one more, not
 * before that retry's backoff has passed from @now. */
GVariant *
bgrun_engine_retried_request (GVariant *request,
                              guint     attempt,
                              gint64    now)
{
  guint retry = retries_of (request) + 1;

  return bgrun_request_dict_edit (request,
                                  "task-id", NULL,
                                  "started", NULL,
                                  "attempts", g_variant_new_uint32 (attempt),
                                  "retries", g_variant_new_uint32 (retry),
                                  "not-before",
                                  g_variant_new_int64 (now + bgrun_policy_retry_delay (request, retry)),
                                  "retried", g_variant_new_boolean (TRUE),
                                  NULL);
}

/* What becomes of a request when its task ends: queued again after an
 * interruption, the next occurrence of a repeating refresh, or nothing. */
static GVariant *
follow_up_request (Running        *running,
                   BgrunTaskState  state,
                   gint64          now)
{
  double interval = 0, flex = 0;

  if (running->requeue)
    return bgrun_engine_requeued_request (running->request, TRUE, now);
  if (running->retry)
    return bgrun_engine_retried_request (running->request, running->attempt, now);

  /* A repeating request's next run may start in the last flex-interval
   * of the next period (none: at its end). */
  g_variant_lookup (running->request, "repeat-interval", "d", &interval);
  g_variant_lookup (running->request, "flex-interval", "d", &flex);
  if (interval > 0 && state != BGRUN_TASK_STATE_CANCELLED)
    return bgrun_request_dict_edit (running->request,
                         "task-id", NULL, "started", NULL, "attempts", NULL, "not-before", NULL,
                         "retried", NULL, "retries", NULL,
                         "submitted", g_variant_new_int64 (now),
                         "earliest-begin-date",
                         g_variant_new_int64 (bgrun_time_add_usec (now, bgrun_time_usec_from_seconds (interval - flex))),
                         NULL);
  return NULL;
}

void
bgrun_engine_end_task (Running        *running,
                       BgrunTaskState  state,
                       const char     *message)
{
  App *app = running->app;
  BgrunEngine *self = app->engine;
  BgrunHistoryEvent event;
  g_autoptr(GVariant) next = NULL;
  g_autoptr(GVariant) details = NULL;
  guint64 id = running->id;
  guint position = 0;

  switch (state)
    {
    case BGRUN_TASK_STATE_COMPLETED: event = BGRUN_HISTORY_EVENT_COMPLETED; break;
    case BGRUN_TASK_STATE_FAILED: event = BGRUN_HISTORY_EVENT_FAILED; break;
    case BGRUN_TASK_STATE_CANCELLED: event = BGRUN_HISTORY_EVENT_CANCELLED; break;
    case BGRUN_TASK_STATE_EXPIRED:
    case BGRUN_TASK_STATE_RUNNING:
    default: event = BGRUN_HISTORY_EVENT_EXPIRED; break;
    }
  g_hash_table_steal (app->tasks, &id);

  details = bgrun_engine_history_details (running->request, running->attempt, running->output);
  bgrun_engine_store_begin (self);
  bgrun_engine_add_history_full (self, app, running->identifier, event, message, details);
  /* A request submitted again while the task ran takes its place. */
  if (bgrun_engine_app_find_pending (app, running->identifier) < 0)
    next = follow_up_request (running, state, bgrun_engine_now_usec (self));
  if (next != NULL)
    {
      bgrun_engine_store_put (self, app, next);
      position = bgrun_engine_app_insert_pending (app, next);
    }
  /* Ended for good without success: what waits for it never starts. */
  if (next == NULL && state != BGRUN_TASK_STATE_COMPLETED &&
      bgrun_engine_app_find_pending (app, running->identifier) < 0)
    bgrun_engine_cancel_dependants (self, app, running->identifier, event);
  bgrun_engine_save_running (self, app);
  bgrun_engine_store_commit (self);

  bgrun_engine_task_free (running);
  if (next != NULL)
    bgrun_engine_emit_pending_changed (self, app, position, 0, next);
  g_signal_emit (self, bgrun_engine_signals[SIG_TASK_ENDED], 0, app->id, id, (guint) state);
  bgrun_engine_schedule_app_evaluation (self, app);
}

static void
on_grace_over (BgrunClock *clock,
               gpointer    user_data)
{
  Running *running = user_data;

  running->alarm = 0;
  bgrun_engine_end_task (running, BGRUN_TASK_STATE_EXPIRED, running->expire_message);
}

/* Tells the client its time is up, and ends the task after the grace
 * period unless the app completes it first. */
static void
expire_now (Running    *running,
            const char *message,
            gboolean    requeue)
{
  BgrunEngine *self = running->app->engine;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (running->expiring)
    return;
  running->expiring = TRUE;
  running->requeue = requeue;
  running->expire_message = g_strdup (message);
  if (running->alarm != 0)
    bgrun_clock_remove_alarm (self->clock, running->alarm);

  now = bgrun_clock_get_now (self->clock);
  end = g_date_time_add_seconds (now, BGRUN_TASK_GRACE_PERIOD);
  running->alarm = bgrun_clock_add_alarm (self->clock, end, on_grace_over, running, NULL);
  g_signal_emit (self, bgrun_engine_signals[SIG_EXPIRE_TASK], 0, running->app->id, running->id);
}

/* A processing task whose requirements stopped holding ends early and
 * waits out a backoff before it is tried again. */
void
bgrun_engine_check_running_requirements (App *app)
{
  g_autoptr(GPtrArray) lost = g_ptr_array_new ();
  GHashTableIter iter;
  Running *running;

  g_hash_table_iter_init (&iter, app->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &running))
    if (!running->expiring && bgrun_kind_has (running->kind, BGRUN_KIND_HAS_CONDITIONS))
      g_ptr_array_add (lost, running);

  for (guint i = 0; i < lost->len; i++)
    {
      g_autofree char *why = NULL;
      g_autofree char *message = NULL;

      running = g_ptr_array_index (lost, i);
      if (bgrun_policy_requirements_hold (((BgrunEngine *) app->engine)->conditions, running->request, &why))
        continue;
      message = g_strdup_printf (_("Its conditions stopped holding: %s Queued again with backoff."), why);
      expire_now (running, message, TRUE);
    }
}

/* The running tasks, in the order they started, as "aa{sv}". */
GVariant *
bgrun_engine_list_running (BgrunEngine *self,
                           const char  *app_id)
{
  App *app = bgrun_engine_get_app (self, app_id);
  g_autoptr(GPtrArray) tasks = bgrun_engine_app_list_tasks (app);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autoptr(GVariant) task = task_to_variant (g_ptr_array_index (tasks, i));
      g_variant_builder_add_value (&builder, task);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static Running *
lookup_running (BgrunEngine *self,
                const char  *app_id,
                guint64      task_id)
{
  App *app = g_hash_table_lookup (self->apps, app_id);

  return app != NULL ? g_hash_table_lookup (app->tasks, &task_id) : NULL;
}

void
bgrun_engine_complete_task (BgrunEngine *self,
                            const char  *app_id,
                            guint64      task_id,
                            gboolean     success)
{
  Running *running = lookup_running (self, app_id, task_id);
  g_autofree char *message = NULL;

  if (running == NULL)
    return;
  /* Success within the grace period still counts: nothing to retry. A
   * failure of a task whose conditions stopped holding is retried, and
   * its entry says so, as explain() does. */
  if (success)
    {
      running->requeue = FALSE;
      message = g_strdup (_("The app reported success."));
    }
  else if (running->requeue && running->expire_message != NULL)
    message = g_strdup_printf (_("The app reported failure after the task was interrupted. %s"),
                               running->expire_message);
  else
    message = g_strdup (_("The app reported failure."));
  bgrun_engine_end_task (running, success ? BGRUN_TASK_STATE_COMPLETED : BGRUN_TASK_STATE_FAILED,
                         message);
}

/* The app asked for another attempt of @task_id: it ends FAILED, and is
 * queued again unless its backoff policy is NONE or it reached its
 * max-attempts, which its history entry says. What counts toward
 * max-attempts and the backoff is the attempts the app ended itself (its
 * retries so far, and this one): an interrupted run is not one of them. */
void
bgrun_engine_retry_task (BgrunEngine *self,
                         const char  *app_id,
                         guint64      task_id)
{
  Running *running = lookup_running (self, app_id, task_id);
  g_autofree char *message = NULL;
  guint max_attempts = 0, ended;
  gint64 delay;

  if (running == NULL)
    return;
  g_variant_lookup (running->request, "max-attempts", "u", &max_attempts);
  ended = retries_of (running->request) + 1;
  delay = bgrun_policy_retry_delay (running->request, ended);
  if (delay < 0)
    message = g_strdup_printf (_("Attempt %u failed and the app asked for a retry, but the request’s backoff-policy is NONE: it is not retried. Set a backoff policy to retry it."),
                               running->attempt);
  else if (max_attempts != 0 && ended >= max_attempts && ended == running->attempt)
    message = g_strdup_printf (_("Attempt %u failed and the app asked for a retry, but the request allows at most %u attempts: it is not retried."),
                               running->attempt, max_attempts);
  else if (max_attempts != 0 && ended >= max_attempts)
    message = g_strdup_printf (_("Attempt %u failed and the app asked for a retry, but the request allows at most %u attempts, and %u of its attempts have now failed (interrupted runs, %u so far, do not count): it is not retried."),
                               running->attempt, max_attempts, ended, running->attempt - ended);
  else
    {
      g_autoptr(GDateTime) utc = bgrun_time_from_usec (bgrun_engine_now_usec (self) + delay);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%F %T");

      running->retry = TRUE;
      message = g_strdup_printf (_("Attempt %u failed and the app asked for a retry: attempt %u waits until %s (a backoff of %" PRId64 " s)."),
                                 running->attempt, running->attempt + 1, when, delay / G_USEC_PER_SEC);
    }
  running->requeue = FALSE;
  bgrun_engine_end_task (running, BGRUN_TASK_STATE_FAILED, message);
}

/* Progress of a continued-processing task moves its stall deadline. */
void
bgrun_engine_report_progress (BgrunEngine *self,
                              const char  *app_id,
                              guint64      task_id,
                              gint64       completed,
                              gint64       total)
{
  Running *running = lookup_running (self, app_id, task_id);
  g_autoptr(GVariant) task = NULL;

  if (running == NULL || running->expiring || completed <= running->completed_units)
    return;
  running->completed_units = completed;
  running->expires = bgrun_engine_now_usec (self) + BGRUN_CONTINUED_PROCESSING_STALL * G_USEC_PER_SEC;
  arm_expiration (running);
  task = task_to_variant (running);
  g_signal_emit (self, bgrun_engine_signals[SIG_TASK_CHANGED], 0, app_id, task);
}

gboolean
bgrun_engine_expire_task (BgrunEngine  *self,
                          const char   *app_id,
                          const char   *identifier,
                          GError      **error)
{
  Running *running = bgrun_engine_app_find_task (bgrun_engine_get_app (self, app_id), identifier);

  if (running == NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot expire “%s”: no task with that identifier is running."), identifier);
      return FALSE;
    }
  expire_now (running, _("It was expired on request (by the user or a test)."), FALSE);
  return TRUE;
}

/* bgrund, asked to run a request of an app that does not run: it starts
 * the app as for a due task (app-due), and the task as soon as the app
 * has registered its handler, whatever else it waits for. */
static void
launch_to_run (BgrunEngine *self,
               App         *app,
               const char  *identifier)
{
  const char *due[] = { identifier, NULL };

  g_hash_table_add (app->forced, g_strdup (identifier));
  g_signal_emit (self, bgrun_engine_signals[SIG_APP_DUE], 0, app->id, due);
}

static void
set_not_served (GError     **error,
                App         *app,
                const char  *kind,
                const char  *identifier)
{
  const BgrunKind *entry = bgrun_kind_lookup (kind);

  if (entry->flags & BGRUN_KIND_SYSTEM)
    g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                 _(entry->cannot_run_now), identifier, app->id);
  else if (app->attached)
    g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                 _("Cannot run “%s” now: the running process of %s has registered no handler for it; the app registers it with bgrun_scheduler_register() at startup."),
                 identifier, app->id);
  else
    g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                 _("Cannot run “%s” now: %s has registered no handler for it; it registers it with bgrun_scheduler_register() at startup."),
                 identifier, app->id);
}

gboolean
bgrun_engine_run_now (BgrunEngine  *self,
                      const char   *app_id,
                      const char   *identifier,
                      GError      **error)
{
  App *app = bgrun_engine_get_app (self, app_id);
  int index = bgrun_engine_app_find_pending (app, identifier);
  g_autoptr(GVariant) request = NULL;
  const char *kind;

  if (index < 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot run “%s” now: no request with that identifier is pending."), identifier);
      return FALSE;
    }
  request = g_variant_ref (g_ptr_array_index (app->pending, index));
  kind = bgrun_request_dict_get_kind (request);
  if (bgrun_engine_app_serves (app, kind, identifier))
    {
      bgrun_engine_start_task (self, app, request);
      return TRUE;
    }
  if (self->launches_apps && !app->attached && !bgrun_kind_has (kind, BGRUN_KIND_SYSTEM))
    {
      launch_to_run (self, app, identifier);
      return TRUE;
    }
  set_not_served (error, app, kind, identifier);
  return FALSE;
}

/* Starts the requests bgrun_engine_run_now() launched the app for, once
 * it serves them; forgets those no longer pending. */
void
bgrun_engine_start_forced (BgrunEngine *self,
                           App         *app)
{
  GHashTableIter iter;
  const char *identifier;

  g_hash_table_iter_init (&iter, app->forced);
  while (g_hash_table_iter_next (&iter, (gpointer *) &identifier, NULL))
    {
      int index = bgrun_engine_app_find_pending (app, identifier);
      g_autoptr(GVariant) request = NULL;

      if (index < 0)
        {
          g_hash_table_iter_remove (&iter);
          continue;
        }
      request = g_variant_ref (g_ptr_array_index (app->pending, index));
      if (!bgrun_engine_app_serves (app, bgrun_request_dict_get_kind (request), identifier))
        continue;
      g_hash_table_iter_remove (&iter);
      bgrun_engine_start_task (self, app, request);
    }
}

/* Checks one optional a{sv} of a task's update against the size limit. */
static gboolean
check_update_dict (GVariant    *value,
                   const char  *key,
                   Running     *running,
                   GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT) ||
      g_variant_get_size (value) > BGRUN_MAX_USER_INFO_SIZE)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The %s of task “%s” must be a dictionary (“a{sv}”) of at most %d bytes; it has type “%s” and %zu bytes."),
                   key, running->identifier, BGRUN_MAX_USER_INFO_SIZE,
                   g_variant_get_type_string (value), g_variant_get_size (value));
      return FALSE;
    }
  return TRUE;
}

gboolean
bgrun_engine_update_task (BgrunEngine  *self,
                          const char   *app_id,
                          guint64       task_id,
                          GVariant     *update,
                          GError      **error)
{
  Running *running = lookup_running (self, app_id, task_id);
  g_autoptr(GVariant) progress = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autoptr(GVariant) output = NULL;
  g_autoptr(GVariant) task = NULL;

  if (running == NULL)
    return TRUE;
  progress = g_variant_lookup_value (update, "progress", NULL);
  details = g_variant_lookup_value (update, "progress-details", NULL);
  output = g_variant_lookup_value (update, "output", NULL);
  if (progress != NULL &&
      (!g_variant_is_of_type (progress, G_VARIANT_TYPE_DOUBLE) ||
       !(g_variant_get_double (progress) >= 0 && g_variant_get_double (progress) <= 1)))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("The progress of task “%s” must be a fraction (a double from 0 to 1)."),
                   running->identifier);
      return FALSE;
    }
  if (!check_update_dict (details, "progress details", running, error) ||
      !check_update_dict (output, "output", running, error))
    return FALSE;

  if (output != NULL)
    {
      g_clear_pointer (&running->output, g_variant_unref);
      running->output = g_steal_pointer (&output);
    }
  if (progress == NULL && details == NULL)
    return TRUE;
  if (progress != NULL)
    running->progress = g_variant_get_double (progress);
  if (details != NULL)
    {
      g_clear_pointer (&running->progress_details, g_variant_unref);
      running->progress_details = g_steal_pointer (&details);
    }
  task = task_to_variant (running);
  g_signal_emit (self, bgrun_engine_signals[SIG_TASK_CHANGED], 0, app_id, task);
  return TRUE;
}
