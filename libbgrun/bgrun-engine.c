/* bgrun-engine.c: the broker engine — store, policy, dispatch
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-app-private.h"
#include "bgrun-engine-private.h"
#include "bgrun-errors.h"
#include "bgrun-history-entry.h"
#include "bgrun-i18n-private.h"
#include "bgrun-identifier-private.h"
#include "bgrun-limits.h"
#include "bgrun-policy-private.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-store-private.h"
#include "bgrun-task.h"
#include "bgrun-task-request-private.h"
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
 * task runs, "attempts" u and "not-before" x after interruptions. */

/* Short names for the per-app records (bgrun-engine-app-private.h). */
typedef BgrunEngineApp App;
typedef BgrunEngineTask Running;

struct _BgrunEngine
{
  GObject parent_instance;

  char            *store_path;
  BgrunStore      *store;
  BgrunClock      *clock;
  BgrunConditions *conditions;
  gboolean         budgets_enabled;
  GHashTable      *apps;        /* id → App */
  guint64          last_task_id;
  GSource         *idle;
  gboolean         all_dirty;   /* something all apps depend on changed */
  guint            wake_alarm;
  gint64           wake_at;
  gboolean         launches_apps; /* bgrund: due work of absent apps counts */
  gboolean         flush_only;    /* bgrund --test-mode: no evaluation from idle */
};

G_DEFINE_FINAL_TYPE (BgrunEngine, bgrun_engine, G_TYPE_OBJECT)

enum {
  SIG_RUN_TASK,
  SIG_EXPIRE_TASK,
  SIG_TASK_ENDED,
  SIG_TASK_CHANGED,
  SIG_REQUESTS_CHANGED,
  SIG_HISTORY_ADDED,
  SIG_APP_DUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_evaluation (BgrunEngine *self);
static void schedule_app_evaluation (BgrunEngine *self,
                                     App         *app);

static gint64
now_usec (BgrunEngine *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  return bgrun_time_to_usec (now);
}

/* ---- store ------------------------------------------------------------ */

static BgrunStore *
get_store (BgrunEngine  *self,
           GError      **error)
{
  if (self->store == NULL)
    self->store = bgrun_store_open (self->store_path, error);
  return self->store;
}

static void
add_history (BgrunEngine       *self,
             App               *app,
             const char        *identifier,
             BgrunHistoryEvent  event,
             const char        *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) entry = NULL;
  gint64 now = now_usec (self);

  if (message == NULL)
    message = "";
  if (self->store != NULL &&
      !bgrun_store_add_history (self->store, app->id, identifier, event, now, message, &error))
    g_warning ("libbgrun: cannot record history for “%s”: %s", identifier, error->message);

  entry = g_variant_ref_sink (g_variant_new ("(sixs)", identifier, (gint32) event, now, message));
  g_signal_emit (self, signals[SIG_HISTORY_ADDED], 0, app->id, entry);
}

static void
store_put (BgrunEngine *self,
           App         *app,
           GVariant    *request)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !bgrun_store_put_request (self->store, app->id, bgrun_request_dict_get_identifier (request),
                                request, TRUE, &error))
    g_warning ("libbgrun: cannot update “%s” in the store: %s",
               bgrun_request_dict_get_identifier (request), error->message);
}

static void
store_delete (BgrunEngine *self,
              App         *app,
              const char  *identifier)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !bgrun_store_delete_request (self->store, app->id, identifier, &error))
    g_warning ("libbgrun: cannot remove “%s” from the store: %s", identifier, error->message);
}

/* Groups the writes of one state change into one transaction. */
static void
store_begin (BgrunEngine *self)
{
  if (self->store != NULL)
    bgrun_store_begin (self->store, NULL);
}

static void
store_commit (BgrunEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !bgrun_store_commit (self->store, &error))
    g_warning ("libbgrun: cannot store a task's change of state: %s", error->message);
}

static void
save_budget (BgrunEngine *self,
             App         *app)
{
  g_autoptr(GVariant) value = g_variant_ref_sink (bgrun_budget_to_variant (&app->budget));

  if (self->store != NULL)
    bgrun_store_set_value (self->store, app->id, "refresh-budget", value, NULL);
}

/* ---- apps ------------------------------------------------------------- */

static void
running_free (gpointer data)
{
  Running *running = data;

  if (running->alarm != 0)
    bgrun_clock_remove_alarm (((BgrunEngine *) running->app->engine)->clock, running->alarm);
  g_free (running->identifier);
  g_free (running->kind);
  g_variant_unref (running->request);
  g_free (running->expire_message);
  g_free (running);
}

/* The app's running tasks as the store keeps them: their requests, each
 * with its "task-id". */
static void
save_running (BgrunEngine *self,
              App         *app)
{
  g_autoptr(GPtrArray) tasks = bgrun_engine_app_list_tasks (app);
  g_autoptr(GError) error = NULL;
  GVariantBuilder builder;

  if (self->store == NULL)
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < tasks->len; i++)
    g_variant_builder_add_value (&builder, ((Running *) g_ptr_array_index (tasks, i))->request);
  if (!bgrun_store_set_value (self->store, app->id, "running-tasks",
                              g_variant_builder_end (&builder), &error))
    g_warning ("libbgrun: cannot record the running tasks of %s: %s", app->id, error->message);
}

/* A task the last process did not see end was interrupted: it is
 * recorded, and queued again unless the app submitted it anew. */
static void
recover_interrupted (BgrunEngine *self,
                     App         *app,
                     GVariant    *request)
{
  const char *identifier = bgrun_request_dict_get_identifier (request);
  g_autoptr(GVariant) requeued = NULL;
  guint attempts = 0;
  gint64 not_before = 0;

  add_history (self, app, identifier, BGRUN_HISTORY_EVENT_EXPIRED,
               _("Interrupted: the process running the task ended before the task did."));
  if (bgrun_engine_app_find_pending (app, identifier) >= 0)
    return;

  g_variant_lookup (request, "attempts", "u", &attempts);
  attempts++;
  if (g_str_equal (bgrun_request_dict_get_kind (request), "processing"))
    not_before = now_usec (self) + bgrun_policy_backoff (attempts);
  requeued = bgrun_request_dict_edit (request,
                                      "task-id", NULL,
                                      "started", NULL,
                                      "attempts", g_variant_new_uint32 (attempts),
                                      "not-before", not_before > 0 ? g_variant_new_int64 (not_before) : NULL,
                                      NULL);
  store_put (self, app, requeued);
  bgrun_engine_app_insert_pending (app, requeued);
}

static void
recover_all_interrupted (BgrunEngine *self,
                         App         *app)
{
  g_autoptr(GVariant) running = bgrun_store_get_value (self->store, app->id, "running-tasks");
  GVariantIter iter;
  GVariant *request;

  if (running == NULL || !g_variant_is_of_type (running, G_VARIANT_TYPE ("aa{sv}")))
    return;
  bgrun_store_begin (self->store, NULL);
  g_variant_iter_init (&iter, running);
  while ((request = g_variant_iter_next_value (&iter)) != NULL)
    {
      recover_interrupted (self, app, request);
      g_variant_unref (request);
    }
  bgrun_store_set_value (self->store, app->id, "running-tasks", NULL, NULL);
  bgrun_store_commit (self->store, NULL);
}

static void
app_load (BgrunEngine *self,
          App         *app)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GVariant) budget = NULL;
  g_autoptr(GError) error = NULL;

  if (get_store (self, &error) == NULL)
    {
      g_debug ("libbgrun: no stored requests for %s: %s", app->id, error->message);
      return;
    }

  rows = bgrun_store_list_requests (self->store, app->id, &error);
  if (rows == NULL)
    {
      g_warning ("libbgrun: cannot read the stored requests of %s: %s", app->id, error->message);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    bgrun_engine_app_insert_pending (app, g_ptr_array_index (rows, i));
  recover_all_interrupted (self, app);

  budget = bgrun_store_get_value (self->store, app->id, "refresh-budget");
  if (!bgrun_budget_from_variant (&app->budget, budget))
    bgrun_budget_init (&app->budget, now_usec (self));
}

static App *
get_app (BgrunEngine *self,
         const char  *app_id)
{
  App *app = g_hash_table_lookup (self->apps, app_id);

  if (app != NULL)
    return app;

  app = bgrun_engine_app_new (self, app_id, running_free);
  bgrun_budget_init (&app->budget, now_usec (self));
  g_hash_table_insert (self->apps, app->id, app);
  app_load (self, app);
  return app;
}

/* The values of @table in a new array (g_hash_table_get_values_as_ptr_array()
 * is newer than GLib 2.74). */
static GPtrArray *
hash_values (GHashTable *table)
{
  GPtrArray *values = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (values, value);
  return values;
}

static gpointer
copy_variant (gconstpointer variant,
              gpointer      user_data)
{
  return g_variant_ref ((GVariant *) variant);
}

static void
emit_requests_changed (BgrunEngine *self,
                       App         *app)
{
  g_signal_emit (self, signals[SIG_REQUESTS_CHANGED], 0, app->id);
}

/* ---- running tasks ---------------------------------------------------- */

static gint64
duration_for (const char *kind)
{
  if (g_str_equal (kind, "app-refresh"))
    return BGRUN_APP_REFRESH_DURATION * G_USEC_PER_SEC;
  if (g_str_equal (kind, "processing"))
    return BGRUN_PROCESSING_DURATION * G_USEC_PER_SEC;
  if (g_str_equal (kind, BGRUN_REQUEST_KIND_URL_SESSION))
    return BGRUN_URL_SESSION_REFRESH_DURATION * G_USEC_PER_SEC;
  return BGRUN_CONTINUED_PROCESSING_STALL * G_USEC_PER_SEC;
}

/* The task as the client sees it. */
static GVariant *
task_to_variant (Running *running)
{
  g_auto(GVariantDict) dict;
  GVariant *user_info;
  const char *text;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "task-id", "t", running->id);
  g_variant_dict_insert (&dict, "identifier", "s", running->identifier);
  g_variant_dict_insert (&dict, "kind", "s", running->kind);
  g_variant_dict_insert (&dict, "expiration-date", "x", running->expires);
  if (g_str_equal (running->kind, BGRUN_REQUEST_KIND_URL_SESSION))
    g_variant_dict_insert (&dict, "session-identifier", "s", running->identifier);
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

static void
start_task (BgrunEngine *self,
            App         *app,
            GVariant    *request)
{
  g_autoptr(GVariant) keep = g_variant_ref (request);
  g_autoptr(GVariant) task = NULL;
  Running *running;
  gint64 now = now_usec (self);
  int index;

  running = g_new0 (Running, 1);
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

  store_begin (self);
  store_delete (self, app, running->identifier);
  save_running (self, app);
  if (g_str_equal (running->kind, "app-refresh"))
    {
      bgrun_budget_take (&app->budget, now);
      save_budget (self, app);
    }
  add_history (self, app, running->identifier, BGRUN_HISTORY_EVENT_STARTED, NULL);
  store_commit (self);

  arm_expiration (running);
  emit_requests_changed (self, app);
  task = task_to_variant (running);
  g_signal_emit (self, signals[SIG_RUN_TASK], 0, app->id, task);
}

/* What becomes of a request when its task ends: queued again after an
 * interruption, the next occurrence of a repeating refresh, or nothing. */
static GVariant *
follow_up_request (Running        *running,
                   BgrunTaskState  state,
                   gint64          now)
{
  double interval = 0;
  guint attempts = 0;

  if (running->requeue)
    {
      g_variant_lookup (running->request, "attempts", "u", &attempts);
      attempts++;
      return bgrun_request_dict_edit (running->request,
                           "task-id", NULL, "started", NULL,
                           "attempts", g_variant_new_uint32 (attempts),
                           "not-before", g_variant_new_int64 (now + bgrun_policy_backoff (attempts)),
                           NULL);
    }

  g_variant_lookup (running->request, "repeat-interval", "d", &interval);
  if (interval > 0 && state != BGRUN_TASK_STATE_CANCELLED)
    return bgrun_request_dict_edit (running->request,
                         "task-id", NULL, "started", NULL, "attempts", NULL, "not-before", NULL,
                         "submitted", g_variant_new_int64 (now),
                         "earliest-begin-date",
                         g_variant_new_int64 (now + (gint64) (interval * G_USEC_PER_SEC)),
                         NULL);
  return NULL;
}

static void
end_task (Running        *running,
          BgrunTaskState  state,
          const char     *message)
{
  App *app = running->app;
  BgrunEngine *self = app->engine;
  BgrunHistoryEvent event;
  g_autoptr(GVariant) next = NULL;
  guint64 id = running->id;

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

  store_begin (self);
  add_history (self, app, running->identifier, event, message);
  /* A request submitted again while the task ran takes its place. */
  if (bgrun_engine_app_find_pending (app, running->identifier) < 0)
    next = follow_up_request (running, state, now_usec (self));
  if (next != NULL)
    {
      store_put (self, app, next);
      bgrun_engine_app_insert_pending (app, next);
    }
  save_running (self, app);
  store_commit (self);

  running_free (running);
  if (next != NULL)
    emit_requests_changed (self, app);
  g_signal_emit (self, signals[SIG_TASK_ENDED], 0, app->id, id, (guint) state);
  schedule_app_evaluation (self, app);
}

static void
on_grace_over (BgrunClock *clock,
               gpointer    user_data)
{
  Running *running = user_data;

  running->alarm = 0;
  end_task (running, BGRUN_TASK_STATE_EXPIRED, running->expire_message);
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
  g_signal_emit (self, signals[SIG_EXPIRE_TASK], 0, running->app->id, running->id);
}

/* A processing task whose requirements stopped holding ends early and
 * waits out a backoff before it is tried again. */
static void
check_running_requirements (App *app)
{
  g_autoptr(GPtrArray) lost = g_ptr_array_new ();
  GHashTableIter iter;
  Running *running;

  g_hash_table_iter_init (&iter, app->tasks);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &running))
    if (!running->expiring && g_str_equal (running->kind, "processing"))
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

/* ---- evaluation ------------------------------------------------------- */

static void
fill_context (BgrunEngine             *self,
              App                     *app,
              const BgrunRequestFacts *request,
              gint64                   now,
              guint                    refreshes_ahead,
              BgrunPolicyContext      *context)
{
  const char *identifier = request->identifier;

  context->conditions = self->conditions;
  context->now = now;
  context->registered = bgrun_engine_app_serves (app, request->kind, identifier);
  context->already_running = bgrun_engine_app_find_task (app, identifier) != NULL;
  context->continued_running = bgrun_engine_app_count_continued (app, FALSE);
  context->budget_ready_at = self->budgets_enabled
                             ? bgrun_budget_ready_at (&app->budget, now, refreshes_ahead) : now;
}

/* Whether @request is a refresh that only the budget holds back: it takes
 * a token before every later refresh. */
static gboolean
waits_for_budget_only (BgrunEngine             *self,
                       App                     *app,
                       const BgrunRequestFacts *request,
                       gint64                   now)
{
  BgrunPolicyContext context;

  if (!g_str_equal (request->kind, "app-refresh"))
    return FALSE;
  fill_context (self, app, request, now, 0, &context);
  context.budget_ready_at = now;
  return bgrun_policy_evaluate (&context, request, NULL) <= now;
}

/* Starts what may start; returns the earliest time a waiting request of
 * @app could start, or BGRUN_POLICY_NEVER. */
static gint64
evaluate_app (BgrunEngine *self,
              App         *app,
              gint64       now)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GArray) facts = NULL;
  gint64 wake = BGRUN_POLICY_NEVER;
  guint refreshes_ahead = 0;
  g_autoptr(GPtrArray) due = g_ptr_array_new ();   /* identifiers, in bgrund */

  check_running_requirements (app);

  /* Starting a task changes app->pending: walk a copy, oldest first. The
   * copy holds the dicts the copied facts point into. */
  snapshot = g_ptr_array_copy (app->pending, copy_variant, NULL);
  g_ptr_array_set_free_func (snapshot, (GDestroyNotify) g_variant_unref);
  facts = g_array_copy (app->pending_facts);
  for (guint i = 0; i < snapshot->len; i++)
    {
      const BgrunRequestFacts *request = &g_array_index (facts, BgrunRequestFacts, i);
      BgrunPolicyContext context;
      gint64 ready;

      fill_context (self, app, request, now, refreshes_ahead, &context);
      if (self->launches_apps && !context.registered)
        {
          /* No process of the app runs it: when could it, once started? */
          context.registered = TRUE;
          ready = bgrun_policy_evaluate (&context, request, NULL);
          if (ready <= now)
            g_ptr_array_add (due, (gpointer) request->identifier);
          else
            wake = MIN (wake, ready);
          continue;
        }
      ready = bgrun_policy_evaluate (&context, request, NULL);
      if (ready <= now)
        start_task (self, app, g_ptr_array_index (snapshot, i));
      else
        {
          wake = MIN (wake, ready);
          if (waits_for_budget_only (self, app, request, now))
            refreshes_ahead++;
        }
    }
  if (due->len > 0)
    {
      g_ptr_array_add (due, NULL);
      g_signal_emit (self, signals[SIG_APP_DUE], 0, app->id, (const char * const *) due->pdata);
    }
  return wake;
}

static void
on_wake (BgrunClock *clock,
         gpointer    user_data)
{
  BgrunEngine *self = user_data;

  self->wake_alarm = 0;
  self->wake_at = BGRUN_POLICY_NEVER;
  bgrun_engine_flush (self);
}

static void
arm_wake (BgrunEngine *self,
          gint64       wake)
{
  g_autoptr(GDateTime) when = NULL;

  if (wake == self->wake_at && (self->wake_alarm != 0 || wake == BGRUN_POLICY_NEVER))
    return;
  if (self->wake_alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->wake_alarm);
  self->wake_alarm = 0;
  self->wake_at = wake;
  if (wake == BGRUN_POLICY_NEVER)
    return;
  when = bgrun_time_from_usec (wake);
  self->wake_alarm = bgrun_clock_add_alarm (self->clock, when, on_wake, self, NULL);
}

/* Evaluates the apps that changed, or all of them when the conditions or
 * the clock did, and those whose time has come; the others keep the wake
 * time of their last evaluation. So a submit costs one app's requests, not
 * every app's: in bgrund that is the difference between linear and
 * quadratic. Whatever changes while this runs schedules another round. */
static void
evaluate (BgrunEngine *self)
{
  g_autoptr(GPtrArray) apps = hash_values (self->apps);
  gint64 now = now_usec (self);
  gint64 wake = BGRUN_POLICY_NEVER;
  gboolean all = self->all_dirty;

  self->all_dirty = FALSE;
  for (guint i = 0; i < apps->len; i++)
    {
      App *app = g_ptr_array_index (apps, i);

      if (all || app->dirty || app->wake <= now)
        {
          app->dirty = FALSE;
          app->wake = evaluate_app (self, app, now);
        }
      wake = MIN (wake, app->wake);
    }
  arm_wake (self, wake);
}

static gboolean
on_idle (gpointer user_data)
{
  BgrunEngine *self = user_data;

  g_clear_pointer (&self->idle, g_source_unref);
  evaluate (self);
  return G_SOURCE_REMOVE;
}

static void
ensure_idle (BgrunEngine *self)
{
  if (self->idle != NULL || self->flush_only)
    return;
  self->idle = g_idle_source_new ();
  g_source_set_callback (self->idle, on_idle, self, NULL);
  g_source_set_static_name (self->idle, "[libbgrun] evaluate");
  g_source_attach (self->idle, g_main_context_get_thread_default ());
}

/* Evaluates every app from the main loop, soon. */
static void
schedule_evaluation (BgrunEngine *self)
{
  self->all_dirty = TRUE;
  ensure_idle (self);
}

/* Evaluates @app (and whatever else is due) from the main loop, soon. */
static void
schedule_app_evaluation (BgrunEngine *self,
                         App         *app)
{
  app->dirty = TRUE;
  ensure_idle (self);
}

/* Evaluates now, instead of from the main loop; for the test driver. */
void
bgrun_engine_flush (BgrunEngine *self)
{
  if (self->idle != NULL)
    {
      g_source_destroy (self->idle);
      g_clear_pointer (&self->idle, g_source_unref);
    }
  evaluate (self);
}

static void
on_conditions_changed (GObject    *conditions,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
  schedule_evaluation (BGRUN_ENGINE (user_data));
}

static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 gpointer         user_data)
{
  /* Alarms are wall-clock times and stay right; budgets and backoffs are
   * worth a fresh look. */
  schedule_evaluation (BGRUN_ENGINE (user_data));
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

  signals[SIG_RUN_TASK] =
    g_signal_new ("run-task", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  signals[SIG_EXPIRE_TASK] =
    g_signal_new ("expire-task", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT64);
  signals[SIG_TASK_ENDED] =
    g_signal_new ("task-ended", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT);
  signals[SIG_TASK_CHANGED] =
    g_signal_new ("task-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  signals[SIG_REQUESTS_CHANGED] =
    g_signal_new ("requests-changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIG_HISTORY_ADDED] =
    g_signal_new ("history-added", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_VARIANT);
  signals[SIG_APP_DUE] =
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
  schedule_evaluation (self);
}

/* In bgrund: requests no process of their app has registered count as
 * due when they could start were the app running, and app-due says so;
 * their times count in bgrun_engine_get_next_wake(). */
void
bgrun_engine_set_launches_apps (BgrunEngine *self,
                                gboolean     launches_apps)
{
  self->launches_apps = launches_apps;
  schedule_evaluation (self);
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
    schedule_app_evaluation (self, get_app (self, app_ids[i]));
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

/* ---- calls ------------------------------------------------------------ */

gboolean
bgrun_engine_register (BgrunEngine  *self,
                       const char   *app_id,
                       const char   *pattern,
                       GError      **error)
{
  App *app;

  if (!bgrun_identifier_validate (pattern, TRUE, error))
    return FALSE;

  app = get_app (self, app_id);
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
  schedule_app_evaluation (self, app);
  return TRUE;
}

static gboolean
check_continued (App       *app,
                 GVariant  *request,
                 gboolean   frontmost,
                 GError   **error)
{
  const char *strategy = "queue";
  const char *identifier = bgrun_request_dict_get_identifier (request);

  if (!frontmost)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("Continued processing “%s” can only be submitted while the app is in the foreground (the scheduler’s “frontmost” property), in answer to a user action."),
                   identifier);
      return FALSE;
    }
  g_variant_lookup (request, "strategy", "&s", &strategy);
  if (g_str_equal (strategy, "fail") && bgrun_engine_app_find_task (app, identifier) != NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE,
                   _("Continued processing “%s” cannot start now: a task with that identifier is still running. Use a unique identifier (a registered family such as “prefix.*”), or the queue strategy."),
                   identifier);
      return FALSE;
    }
  if (g_str_equal (strategy, "fail") &&
      bgrun_engine_app_count_continued (app, TRUE) >= BGRUN_MAX_CONTINUED_TASKS)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE,
                   _("Continued processing “%s” cannot start now: %d continued-processing tasks of this app are running or queued, the most that may run at once. Use the queue strategy to wait for a free slot."),
                   identifier, BGRUN_MAX_CONTINUED_TASKS);
      return FALSE;
    }
  return TRUE;
}

/* Validates @dict and returns the request in its normal form, submitted
 * at @submitted; *@identifier is set to its identifier. What is checked is
 * read from the parsed request, not looked up in a dict: a lookup in an
 * a{sv} walks its entries, and this is the path of every submit. */
static GVariant *
accept_request (BgrunEngine  *self,
                App          *app,
                GVariant     *dict,
                gboolean      frontmost,
                gint64        submitted,
                char        **identifier,
                GError      **error)
{
  g_autoptr(BgrunTaskRequest) request = NULL;
  g_autoptr(GVariant) normal = NULL;
  const char *id;
  int replaced;

  request = bgrun_task_request_new_from_variant (dict, error);
  if (request == NULL || !bgrun_task_request_validate (request, error))
    return NULL;

  normal = bgrun_task_request_to_variant (request);
  id = bgrun_task_request_get_identifier (request);
  if (!bgrun_engine_app_is_registered (app, id))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                   _("No handler is registered for “%s”. Call bgrun_scheduler_register() for it (or for a family such as “prefix.*”) before submitting."),
                   id);
      return NULL;
    }
  if (g_str_equal (bgrun_task_request_get_kind (request), "continued-processing") &&
      !check_continued (app, normal, frontmost, error))
    return NULL;

  replaced = bgrun_engine_app_find_pending (app, id);
  if (replaced >= 0 &&
      g_str_equal (g_array_index (app->pending_facts, BgrunRequestFacts, replaced).kind,
                   BGRUN_REQUEST_KIND_URL_SESSION))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot submit “%s”: a background URL session with that identifier has events waiting for the app, and its task would be replaced. Give the request an identifier no URL session uses."),
                   id);
      return NULL;
    }
  if (replaced < 0 && app->pending->len >= BGRUN_MAX_PENDING_REQUESTS)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS,
                   _("Cannot submit “%s”: the app already has %d pending requests, the most it may have. Cancel some, or wait for them to run."),
                   id, BGRUN_MAX_PENDING_REQUESTS);
      return NULL;
    }

  *identifier = g_strdup (id);
  return bgrun_request_dict_edit (normal, "submitted", g_variant_new_int64 (submitted), NULL);
}

/* Stores @request (normal form, @submitted) with its SUBMITTED entry in
 * one transaction, then makes it pending in place of any pending request
 * of the same identifier. */
static gboolean
add_request (BgrunEngine  *self,
             App          *app,
             const char   *identifier,
             GVariant     *request,
             gint64        submitted,
             GError      **error)
{
  g_autoptr(GVariant) entry = NULL;
  gboolean stored;
  int replaced;

  if (get_store (self, error) == NULL)
    return FALSE;
  stored = bgrun_store_begin (self->store, error) &&
           bgrun_store_put_request (self->store, app->id, identifier, request, FALSE, error) &&
           bgrun_store_add_history (self->store, app->id, identifier,
                                    BGRUN_HISTORY_EVENT_SUBMITTED, submitted, "", error);
  if (stored)
    stored = bgrun_store_commit (self->store, error);
  else
    bgrun_store_rollback (self->store);
  if (!stored)
    return FALSE;

  entry = g_variant_ref_sink (g_variant_new ("(sixs)", identifier,
                                             (gint32) BGRUN_HISTORY_EVENT_SUBMITTED,
                                             submitted, ""));
  replaced = bgrun_engine_app_find_pending (app, identifier);
  if (replaced >= 0)
    bgrun_engine_app_remove_pending (app, replaced);
  bgrun_engine_app_insert_pending (app, request);
  g_signal_emit (self, signals[SIG_HISTORY_ADDED], 0, app->id, entry);
  emit_requests_changed (self, app);
  schedule_app_evaluation (self, app);
  return TRUE;
}

gboolean
bgrun_engine_submit (BgrunEngine  *self,
                     const char   *app_id,
                     GVariant     *dict,
                     gboolean      frontmost,
                     GError      **error)
{
  App *app = get_app (self, app_id);
  g_autoptr(GVariant) request = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *identifier = NULL;
  gint64 submitted = now_usec (self);

  request = accept_request (self, app, dict, frontmost, submitted, &identifier, &local_error);
  if (request != NULL && add_request (self, app, identifier, request, submitted, &local_error))
    return TRUE;

  {
    const char *rejected = identifier;

    if (rejected == NULL)
      g_variant_lookup (dict, "identifier", "&s", &rejected);
    add_history (self, app, rejected != NULL ? rejected : "", BGRUN_HISTORY_EVENT_REJECTED,
                 local_error->message);
  }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
cancel_index (BgrunEngine *self,
              App         *app,
              guint        index)
{
  GVariant *request = g_ptr_array_index (app->pending, index);
  g_autofree char *identifier = g_strdup (bgrun_request_dict_get_identifier (request));

  bgrun_engine_app_remove_pending (app, index);
  store_delete (self, app, identifier);
  add_history (self, app, identifier, BGRUN_HISTORY_EVENT_CANCELLED, NULL);
}

void
bgrun_engine_cancel (BgrunEngine *self,
                     const char  *app_id,
                     const char  *identifier)
{
  App *app = get_app (self, app_id);
  int index = bgrun_engine_app_find_pending (app, identifier);

  if (index < 0)
    return;
  cancel_index (self, app, index);
  emit_requests_changed (self, app);
  schedule_app_evaluation (self, app);
}

void
bgrun_engine_cancel_all (BgrunEngine *self,
                         const char  *app_id)
{
  App *app = get_app (self, app_id);
  gboolean cancelled = FALSE;

  /* The app's own requests: bgrund's url-session ones are not the app's. */
  for (guint i = app->pending->len; i > 0; i--)
    if (!g_str_equal (g_array_index (app->pending_facts, BgrunRequestFacts, i - 1).kind,
                      BGRUN_REQUEST_KIND_URL_SESSION))
      {
        cancel_index (self, app, i - 1);
        cancelled = TRUE;
      }
  if (!cancelled)
    return;
  emit_requests_changed (self, app);
  schedule_app_evaluation (self, app);
}

/* The pending requests, oldest first, as "aa{sv}". */
GVariant *
bgrun_engine_list_pending (BgrunEngine *self,
                           const char  *app_id)
{
  App *app = get_app (self, app_id);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < app->pending->len; i++)
    g_variant_builder_add_value (&builder, g_ptr_array_index (app->pending, i));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* The running tasks, in the order they started, as "aa{sv}". */
GVariant *
bgrun_engine_list_running (BgrunEngine *self,
                           const char  *app_id)
{
  App *app = get_app (self, app_id);
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

/* The history, oldest first, as "a(sixs)". */
GVariant *
bgrun_engine_list_history (BgrunEngine *self,
                           const char  *app_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  GVariantBuilder builder;

  get_app (self, app_id);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sixs)"));
  if (self->store != NULL)
    entries = bgrun_store_list_history (self->store, app_id, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    g_variant_builder_add_value (&builder, g_ptr_array_index (entries, i));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

GVariant *
bgrun_engine_explain (BgrunEngine  *self,
                      const char   *app_id,
                      const char   *identifier,
                      GError      **error)
{
  App *app = get_app (self, app_id);
  Running *running = bgrun_engine_app_find_task (app, identifier);
  int index = bgrun_engine_app_find_pending (app, identifier);
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);

  if (running == NULL && index < 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Nothing to explain: no request or task “%s” is pending or running."),
                   identifier);
      return NULL;
    }

  g_variant_dict_insert (&dict, "identifier", "s", identifier);
  g_variant_dict_insert (&dict, "running", "b", running != NULL);
  if (running != NULL)
    g_variant_dict_insert (&dict, "deadline", "x", running->expires);
  if (index >= 0)
    {
      const BgrunRequestFacts *request = &g_array_index (app->pending_facts, BgrunRequestFacts, index);
      BgrunPolicyContext context;
      BgrunPolicyVerdict verdict;
      gint64 now = now_usec (self);
      gint64 ready;
      guint refreshes_ahead = 0;

      for (int i = 0; i < index; i++)
        if (waits_for_budget_only (self, app, &g_array_index (app->pending_facts, BgrunRequestFacts, i), now))
          refreshes_ahead++;
      bgrun_policy_verdict_init (&verdict);
      fill_context (self, app, request, now, refreshes_ahead, &context);
      ready = bgrun_policy_evaluate (&context, request, &verdict);
      if (ready != BGRUN_POLICY_NEVER)
        g_variant_dict_insert (&dict, "earliest", "x", MAX (ready, now));
      g_variant_dict_insert_value (&dict, "reasons",
                                   g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32,
                                                              verdict.reasons->data,
                                                              verdict.reasons->len,
                                                              sizeof (guint32)));
      g_variant_dict_insert_value (&dict, "messages",
                                   g_variant_new_strv ((const char * const *) verdict.messages->pdata,
                                                       verdict.messages->len));
      bgrun_policy_verdict_clear (&verdict);
    }
  return g_variant_ref_sink (g_variant_dict_end (&dict));
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

  if (running == NULL)
    return;
  /* Success within the grace period still counts: nothing to retry. A
   * failure of a task whose conditions stopped holding is retried. */
  if (success)
    running->requeue = FALSE;
  end_task (running, success ? BGRUN_TASK_STATE_COMPLETED : BGRUN_TASK_STATE_FAILED, NULL);
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
  running->expires = now_usec (self) + BGRUN_CONTINUED_PROCESSING_STALL * G_USEC_PER_SEC;
  arm_expiration (running);
  task = task_to_variant (running);
  g_signal_emit (self, signals[SIG_TASK_CHANGED], 0, app_id, task);
}

gboolean
bgrun_engine_expire_task (BgrunEngine  *self,
                          const char   *app_id,
                          const char   *identifier,
                          GError      **error)
{
  Running *running = bgrun_engine_app_find_task (get_app (self, app_id), identifier);

  if (running == NULL)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot expire “%s”: no task with that identifier is running."), identifier);
      return FALSE;
    }
  expire_now (running, _("It was expired on request (by the user or a test)."), FALSE);
  return TRUE;
}

gboolean
bgrun_engine_run_now (BgrunEngine  *self,
                      const char   *app_id,
                      const char   *identifier,
                      GError      **error)
{
  App *app = get_app (self, app_id);
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
  if (!bgrun_engine_app_serves (app, kind, identifier))
    {
      if (g_str_equal (kind, BGRUN_REQUEST_KIND_URL_SESSION))
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                     _("Cannot run “%s” now: it delivers a URL session’s events, and no process of %s is running to receive them. Start the app; the task runs when it connects."),
                     identifier, app_id);
      else
        g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                     _("Cannot run “%s” now: no handler is registered for it in this process."),
                     identifier);
      return FALSE;
    }
  start_task (self, app, request);
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
      end_task (running, BGRUN_TASK_STATE_EXPIRED,
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

  if (get_store (self, NULL) != NULL)
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

void
bgrun_engine_record_history (BgrunEngine       *self,
                             const char        *app_id,
                             const char        *identifier,
                             BgrunHistoryEvent  event,
                             const char        *message)
{
  g_return_if_fail (BGRUN_IS_ENGINE (self));

  add_history (self, get_app (self, app_id), identifier, event, message);
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

  app = get_app (self, app_id);
  if (app->attached)
    return;
  app->attached = TRUE;
  schedule_app_evaluation (self, app);
}

/* bgrund's own request for a background URL session of @app_id that has
 * events while no process of the app has it open: kind "url-session",
 * identifier @session_identifier. It is stored like any request, needs no
 * registered handler, costs no budget and waits for no condition: it runs
 * at once in an attached process of the app, as a task of that kind with
 * "session-identifier", and otherwise makes the app due (app-due), so that
 * bgrund starts it. While one is pending, submitting again does nothing. */
gboolean
bgrun_engine_submit_url_session_events (BgrunEngine  *self,
                                        const char   *app_id,
                                        const char   *session_identifier,
                                        GError      **error)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) request = NULL;
  gint64 submitted;
  App *app;
  int index;

  g_return_val_if_fail (BGRUN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (app_id != NULL && g_application_id_is_valid (app_id), FALSE);
  g_return_val_if_fail (session_identifier != NULL && *session_identifier != '\0', FALSE);

  app = get_app (self, app_id);
  index = bgrun_engine_app_find_pending (app, session_identifier);
  if (index >= 0 &&
      g_str_equal (g_array_index (app->pending_facts, BgrunRequestFacts, index).kind,
                   BGRUN_REQUEST_KIND_URL_SESSION))
    return TRUE;
  if (index >= 0)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("Cannot start %s for the events of its URL session “%s”: the app has a pending task request with the same identifier. Give the session’s configuration an identifier that no task request uses."),
                   app_id, session_identifier);
      return FALSE;
    }

  submitted = now_usec (self);
  g_variant_dict_insert (&dict, "identifier", "s", session_identifier);
  g_variant_dict_insert (&dict, "kind", "s", BGRUN_REQUEST_KIND_URL_SESSION);
  g_variant_dict_insert (&dict, "submitted", "x", submitted);
  request = g_variant_ref_sink (g_variant_dict_end (&dict));
  return add_request (self, app, session_identifier, request, submitted, error);
}
