/* bgrun-engine-dispatch.c: evaluation, wake-ups, app-due and explain
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-internal-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-policy-private.h"
#include "bgrun-time-private.h"

/* Evaluation decides what starts, from an idle callback or at the one
 * clock alarm armed for the earliest time a waiting request could start;
 * explain() gives the reasons of the same policy for one request. */

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
  context->prerequisite = request->has_prerequisites
                          ? bgrun_engine_app_waiting_prerequisite (app, identifier) : NULL;
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

  if (!bgrun_kind_has (request->kind, BGRUN_KIND_USES_BUDGET))
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

  bgrun_engine_check_running_requirements (app);
  bgrun_engine_start_forced (self, app);

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

      /* A task that ran in this loop may have cancelled it (its handler
       * did, or it failed and took its dependants along). */
      if (!g_hash_table_contains (app->pending_ids, request->identifier))
        continue;
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
        bgrun_engine_start_task (self, app, g_ptr_array_index (snapshot, i));
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
      g_signal_emit (self, bgrun_engine_signals[SIG_APP_DUE], 0, app->id, (const char * const *) due->pdata);
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
  gint64 now = bgrun_engine_now_usec (self);
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
void
bgrun_engine_schedule_evaluation (BgrunEngine *self)
{
  self->all_dirty = TRUE;
  ensure_idle (self);
}

/* Evaluates @app (and whatever else is due) from the main loop, soon. */
void
bgrun_engine_schedule_app_evaluation (BgrunEngine *self,
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

/* In bgrund, a request of an app that does not run waits for what it
 * would wait for were the app running, and then for bgrund to start the
 * app: evaluated as registered, and explained by explain_launch(). */
static gboolean
launches_for (BgrunEngine             *self,
              App                     *app,
              const BgrunRequestFacts *request,
              BgrunPolicyContext      *context)
{
  if (!self->launches_apps || context->registered || app->attached ||
      bgrun_kind_has (request->kind, BGRUN_KIND_SYSTEM))
    return FALSE;
  context->registered = TRUE;
  return TRUE;
}

static void
explain_launch (App                *app,
                gint64              when,
                BgrunPolicyVerdict *verdict)
{
  BgrunWaitReason reason = BGRUN_WAIT_REASON_NOT_REGISTERED;
  char *message;

  if (when == BGRUN_POLICY_NEVER)
    message = g_strdup_printf (_("%s is not running: bgrund starts it (by D-Bus activation, as for any due task) once nothing else holds this request back, and runs the task when the app has registered its handler."),
                               app->id);
  else
    {
      g_autoptr(GDateTime) utc = bgrun_time_from_usec (when);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *date = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");

      message = g_strdup_printf (_("%s is not running: bgrund starts it (by D-Bus activation, as for any due task) at %s at the earliest, and runs the task when the app has registered its handler."),
                                 app->id, date);
    }
  g_array_prepend_val (verdict->reasons, reason);
  g_ptr_array_insert (verdict->messages, 0, message);
}

GVariant *
bgrun_engine_explain (BgrunEngine  *self,
                      const char   *app_id,
                      const char   *identifier,
                      GError      **error)
{
  App *app = bgrun_engine_get_app (self, app_id);
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
      gint64 now = bgrun_engine_now_usec (self);
      gint64 ready;
      guint refreshes_ahead = 0;
      gboolean launched;

      for (int i = 0; i < index; i++)
        if (waits_for_budget_only (self, app, &g_array_index (app->pending_facts, BgrunRequestFacts, i), now))
          refreshes_ahead++;
      bgrun_policy_verdict_init (&verdict);
      fill_context (self, app, request, now, refreshes_ahead, &context);
      launched = launches_for (self, app, request, &context);
      ready = bgrun_policy_evaluate (&context, request, &verdict);
      if (launched)
        explain_launch (app, MAX (ready, now), &verdict);
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

