/* bgrun-engine.c: the broker engine — the object and the apps it serves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-internal-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-policy-private.h"
#include "bgrun-time-private.h"

/* How the engine keeps its promises:
 *
 * - Durable: every accepted request is in the store before submit()
 *   returns. When its task starts, the request's row gives way to an entry
 *   in the app's "running-tasks" value, in one transaction, so a process
 *   killed mid-task finds the task at the next start, records it as
 *   expired (interrupted) and queues it again, unless the app submitted
 *   the identifier anew meanwhile.
 * - No polling: after each evaluation one clock alarm is armed for the
 *   earliest time a waiting request could start; condition changes, clock
 *   jumps and task ends evaluate again.
 * - Evaluation runs from an idle callback, coalescing a burst of submits
 *   into one pass and never calling a handler from inside submit().
 *
 * Keys the engine adds to a request's a{sv}: "submitted" x (µs; orders
 * pending requests, oldest first), "task-id" t and "started" x while its
 * task runs, "attempts" u (runs so far) and "not-before" x after an
 * interruption or a retry, "retries" u and "retried" b after a retry. */

G_DEFINE_FINAL_TYPE (BgrunEngine, bgrun_engine, G_TYPE_OBJECT)

guint bgrun_engine_signals[N_SIGNALS];

gint64
bgrun_engine_now_usec (BgrunEngine *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  return bgrun_time_to_usec (now);
}

static void
on_conditions_changed (GObject    *conditions,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
  bgrun_engine_schedule_evaluation (BGRUN_ENGINE (user_data));
}

static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 gpointer         user_data)
{
  /* Alarms are wall-clock times and stay right; budgets and backoffs are
   * worth a fresh look. */
  bgrun_engine_schedule_evaluation (BGRUN_ENGINE (user_data));
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_engine_dispose (GObject *object)
{
  BgrunEngine *self = BGRUN_ENGINE (object);

  if (self->idle != NULL)
    g_source_destroy (self->idle);
  g_clear_pointer (&self->idle, g_source_unref);
  if (self->wake_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->wake_alarm);
  self->wake_alarm = 0;
  /* Running tasks remove their alarms; their rows stay marked running, so
   * the next engine records them as interrupted. */
  g_clear_pointer (&self->apps, g_hash_table_unref);
  if (self->conditions != NULL)
    g_signal_handlers_disconnect_by_data (self->conditions, self);
  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_clear_object (&self->conditions);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (bgrun_engine_parent_class)->dispose (object);
}

static void
bgrun_engine_finalize (GObject *object)
{
  g_free (BGRUN_ENGINE (object)->store_path);

  G_OBJECT_CLASS (bgrun_engine_parent_class)->finalize (object);
}

static void
bgrun_engine_class_init (BgrunEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  object_class->dispose = bgrun_engine_dispose;
  object_class->finalize = bgrun_engine_finalize;

  bgrun_engine_signals[SIG_RUN_TASK] =
    g_signal_new ("run-task", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  bgrun_engine_signals[SIG_EXPIRE_TASK] =
    g_signal_new ("expire-task", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT64);
  bgrun_engine_signals[SIG_TASK_ENDED] =
    g_signal_new ("task-ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT);
  bgrun_engine_signals[SIG_TASK_CHANGED] =
    g_signal_new ("task-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  bgrun_engine_signals[SIG_REQUESTS_CHANGED] =
    g_signal_new ("requests-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  bgrun_engine_signals[SIG_PENDING_CHANGED] =
    g_signal_new ("pending-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_VARIANT);
  bgrun_engine_signals[SIG_HISTORY_ADDED] =
    g_signal_new ("history-added", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  bgrun_engine_signals[SIG_APP_DUE] =
    g_signal_new ("app-due", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRV);
}

static void
bgrun_engine_init (BgrunEngine *self)
{
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) bgrun_engine_app_free);
  self->budgets_enabled = TRUE;
  self->wake_at = BGRUN_POLICY_NEVER;
}

/* An engine keeping its requests in the database at @store_path, opened
 * at first use (a location that cannot be written makes submit() fail
 * with UNAVAILABLE, and is tried again at the next submit). */
BgrunEngine *
bgrun_engine_new (const char      *store_path,
                  BgrunClock      *clock,
                  BgrunConditions *conditions)
{
  BgrunEngine *self = g_object_new (BGRUN_TYPE_ENGINE, NULL);

  self->store_path = g_strdup (store_path);
  self->clock = g_object_ref (clock);
  self->conditions = g_object_ref (conditions);
  g_signal_connect (conditions, "notify", G_CALLBACK (on_conditions_changed), self);
  g_signal_connect (clock, "time-changed", G_CALLBACK (on_time_changed), self);
  return self;
}

void
bgrun_engine_set_budgets_enabled (BgrunEngine *self,
                                  gboolean     enabled)
{
  self->budgets_enabled = enabled;
  bgrun_engine_schedule_evaluation (self);
}

/* In bgrund: requests no process of their app has registered count as
 * due when they could start were the app running, and app-due says so;
 * their times count in bgrun_engine_get_next_wake(). */
void
bgrun_engine_set_launches_apps (BgrunEngine *self,
                                gboolean     launches_apps)
{
  self->launches_apps = launches_apps;
  bgrun_engine_schedule_evaluation (self);
}

/* In bgrund --test-mode: what changed is evaluated only when the test
 * driver settles (bgrun_engine_flush()), as the embedded engine's idle
 * runs only when the test lets its main loop run. */
void
bgrun_engine_set_flush_only (BgrunEngine *self,
                             gboolean     flush_only)
{
  self->flush_only = flush_only;
}

/* When the engine next has something to start, in µs since the epoch, as
 * of its last evaluation; G_MAXINT64 when nothing waits for a time. */
gint64
bgrun_engine_get_next_wake (BgrunEngine *self)
{
  return self->wake_at;
}

/* Reads every app the store knows, so that their due work is seen
 * without waiting for the app to call (bgrund, at startup). */
void
bgrun_engine_load_stored_apps (BgrunEngine *self)
{
  g_auto(GStrv) app_ids = bgrun_engine_list_apps (self);

  for (guint i = 0; app_ids[i] != NULL; i++)
    bgrun_engine_schedule_app_evaluation (self, bgrun_engine_get_app (self, app_ids[i]));
}

BgrunClock *
bgrun_engine_get_clock (BgrunEngine *self)
{
  return self->clock;
}

BgrunConditions *
bgrun_engine_get_conditions (BgrunEngine *self)
{
  return self->conditions;
}

const char *
bgrun_engine_get_store_path (BgrunEngine *self)
{
  return self->store_path;
}

/* ---- apps ------------------------------------------------------------- */

App *
bgrun_engine_get_app (BgrunEngine *self,
                      const char  *app_id)
{
  App *app = g_hash_table_lookup (self->apps, app_id);

  if (app != NULL)
    return app;

  app = bgrun_engine_app_new (self, app_id, bgrun_engine_task_free);
  bgrun_budget_init (&app->budget, bgrun_engine_now_usec (self));
  g_hash_table_insert (self->apps, app->id, app);
  bgrun_engine_load_app (self, app);
  return app;
}

void
bgrun_engine_emit_requests_changed (BgrunEngine *self,
                                    App         *app)
{
  g_signal_emit (self, bgrun_engine_signals[SIG_REQUESTS_CHANGED], 0, app->id);
}

/* One change of @app's pending list: at @position, @removed requests
 * went (0 or 1) and @added (nullable) came. Within a batch, nothing: the
 * batch's end announces all. */
void
bgrun_engine_emit_pending_changed (BgrunEngine *self,
                                   App         *app,
                                   guint        position,
                                   guint        removed,
                                   GVariant    *added)
{
  if (app->batching)
    return;
  g_signal_emit (self, bgrun_engine_signals[SIG_PENDING_CHANGED], 0, app->id, position, removed, added);
}

gboolean
bgrun_engine_register (BgrunEngine  *self,
                       const char   *app_id,
                       const char   *pattern,
                       GError      **error)
{
  App *app;

  if (!bgrun_identifier_validate (pattern, TRUE, error))
    return FALSE;

  app = bgrun_engine_get_app (self, app_id);
  for (guint i = 0; i < app->patterns->len; i++)
    if (g_str_equal (g_ptr_array_index (app->patterns, i), pattern))
      {
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                     _("A handler for “%s” is already registered. Register each identifier once."),
                     pattern);
        return FALSE;
      }
  g_ptr_array_add (app->patterns, g_strdup (pattern));

  /* Requests that became due meanwhile run right after registration. */
  bgrun_engine_schedule_app_evaluation (self, app);
  return TRUE;
}

/* The process serving @app_id went away (in bgrund: its connection
 * closed). Its handlers go with it, so its pending requests wait for the
 * next process to register them; its running tasks are interrupted and
 * queued again, as after a restart. */
void
bgrun_engine_unregister_all (BgrunEngine *self,
                             const char  *app_id)
{
  App *app = g_hash_table_lookup (self->apps, app_id);
  g_autoptr(GPtrArray) tasks = NULL;

  if (app == NULL)
    return;
  g_ptr_array_set_size (app->patterns, 0);
  app->attached = FALSE;
  tasks = bgrun_engine_app_list_tasks (app);
  for (guint i = 0; i < tasks->len; i++)
    {
      Running *running = g_ptr_array_index (tasks, i);

      running->requeue = TRUE;
      bgrun_engine_end_task (running, BGRUN_TASK_STATE_EXPIRED,
                             _("Interrupted: the process running the task ended before the task did. Queued again."));
    }
}

static gint
compare_app_ids (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Every app with stored requests, history or values, and every app met
 * since the engine started, sorted (for the administrative interface). */
char **
bgrun_engine_list_apps (BgrunEngine *self)
{
  g_autoptr(GPtrArray) apps = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) stored = NULL;
  GHashTableIter iter;
  gpointer app_id;

  if (bgrun_engine_ensure_store (self, NULL) != NULL)
    stored = bgrun_store_list_apps (self->store, NULL);
  for (guint i = 0; stored != NULL && stored[i] != NULL; i++)
    g_ptr_array_add (apps, g_strdup (stored[i]));
  g_hash_table_iter_init (&iter, self->apps);
  while (g_hash_table_iter_next (&iter, &app_id, NULL))
    if (stored == NULL || !g_strv_contains ((const char * const *) stored, app_id))
      g_ptr_array_add (apps, g_strdup (app_id));
  g_ptr_array_sort (apps, compare_app_ids);
  g_ptr_array_add (apps, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&apps), FALSE);
}

/* A process of @app_id is there to run its tasks (embedded: the app
 * itself; bgrund: a connection attached as the app), until
 * bgrun_engine_unregister_all(). Tasks that need no handler run there. */
void
bgrun_engine_attach (BgrunEngine *self,
                     const char  *app_id)
{
  App *app;

  g_return_if_fail (BGRUN_IS_ENGINE (self));

  app = bgrun_engine_get_app (self, app_id);
  if (app->attached)
    return;
  app->attached = TRUE;
  bgrun_engine_schedule_app_evaluation (self, app);
}
