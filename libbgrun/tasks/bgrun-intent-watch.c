/* bgrun-intent-watch.c: the app's actions run from outside it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-action-calls-private.h"
#include "bgrun-intent-did-run-refresh-task.h"
#include "bgrun-intent-watch-private.h"
#include "bgrun-task-triggers-private.h"

/* An emission hook on GSimpleAction::activate sees every action run in
 * the process without being one of its handlers (a handler would change
 * what a stateful action does by default). What ran from outside is told
 * apart by bgrun-action-calls.c. */

/* How long the application is held for an intent task that did not start. */
#define HOLD_SECONDS 15

#define BGRUN_TYPE_INTENT_WATCH (bgrun_intent_watch_get_type ())
G_DECLARE_FINAL_TYPE (BgrunIntentWatch, bgrun_intent_watch, BGRUN, INTENT_WATCH, GObject)

struct _BgrunIntentWatch
{
  GObject           parent_instance;
  GWeakRef          placement;
  GApplication     *application;
  guint             holds;        /* one per intent reported, until it starts */
  guint             hold_timeout;
};

G_DEFINE_FINAL_TYPE (BgrunIntentWatch, bgrun_intent_watch, G_TYPE_OBJECT)

static GPtrArray *watches;  /* BgrunIntentWatch *, not owned */

static void
release_all (BgrunIntentWatch *self)
{
  for (; self->holds > 0; self->holds--)
    g_application_release (self->application);
  g_clear_handle_id (&self->hold_timeout, g_source_remove);
}

static gboolean
on_hold_timeout (gpointer user_data)
{
  BgrunIntentWatch *self = user_data;

  self->hold_timeout = 0;
  release_all (self);
  return G_SOURCE_REMOVE;
}

static void
on_task_started (BgrunPlacement   *placement,
                 BgrunTask        *task,
                 BgrunIntentWatch *self)
{
  if (!BGRUN_IS_INTENT_DID_RUN_REFRESH_TASK (task) || self->holds == 0)
    return;
  /* The task holds the application itself from now. */
  self->holds--;
  g_application_release (self->application);
  if (self->holds == 0)
    g_clear_handle_id (&self->hold_timeout, g_source_remove);
}

typedef struct
{
  BgrunIntentWatch *watch;
  GVariant         *data;
} Ran;

/* After the action's handlers: the intent "did run". */
static gboolean
report (gpointer user_data)
{
  Ran *ran = user_data;
  g_autoptr(BgrunPlacement) placement = g_weak_ref_get (&ran->watch->placement);
  g_autoptr(GError) error = NULL;

  if (placement != NULL &&
      !bgrun_task_trigger_report (placement, BGRUN_REQUEST_KIND_INTENT_DID_RUN,
                                  g_steal_pointer (&ran->data), &error))
    {
      g_warning ("libbgrun: cannot start the app’s intent task: %s", error->message);
      release_all (ran->watch);
    }
  g_clear_pointer (&ran->data, g_variant_unref);
  g_object_unref (ran->watch);
  g_free (ran);
  return G_SOURCE_REMOVE;
}

static void
action_ran (BgrunIntentWatch *self,
            GAction          *action,
            GVariant         *parameter)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  Ran *ran = g_new0 (Ran, 1);

  g_variant_dict_insert (&dict, "action-name", "s", g_action_get_name (action));
  if (parameter != NULL)
    g_variant_dict_insert_value (&dict, "parameter", parameter);
  ran->watch = g_object_ref (self);
  ran->data = g_variant_ref_sink (g_variant_dict_end (&dict));
  g_application_hold (self->application);
  self->holds++;
  if (self->hold_timeout == 0)
    self->hold_timeout = g_timeout_add_seconds (HOLD_SECONDS, on_hold_timeout, self);
  g_idle_add_full (G_PRIORITY_DEFAULT, report, ran, NULL);
}

static gboolean
on_activate (GSignalInvocationHint *hint,
             guint                  n_values,
             const GValue          *values,
             gpointer               user_data)
{
  GAction *action = g_value_get_object (&values[0]);
  GVariant *parameter = n_values > 1 ? g_value_get_variant (&values[1]) : NULL;
  const char *name = g_action_get_name (action);

  for (guint i = 0; i < watches->len; i++)
    {
      BgrunIntentWatch *self = watches->pdata[i];
      g_autoptr(BgrunPlacement) placement = g_weak_ref_get (&self->placement);
      BgrunScheduler *scheduler = placement != NULL ? bgrun_placement_get_scheduler (placement) : NULL;

      /* Taken first: the call's one activation is this one, whatever
       * comes of it. */
      if (g_action_map_lookup_action (G_ACTION_MAP (self->application), name) != action ||
          !bgrun_action_calls_take (self->application) || g_str_has_prefix (name, "bgrun-") ||
          scheduler == NULL || bgrun_scheduler_get_frontmost (scheduler))
        continue;
      action_ran (self, action, parameter);
    }
  return TRUE;
}

static void
bgrun_intent_watch_dispose (GObject *object)
{
  BgrunIntentWatch *self = BGRUN_INTENT_WATCH (object);

  if (self->application != NULL)
    release_all (self);
  g_ptr_array_remove (watches, self);
  g_clear_object (&self->application);
  g_weak_ref_set (&self->placement, NULL);

  G_OBJECT_CLASS (bgrun_intent_watch_parent_class)->dispose (object);
}

static void
bgrun_intent_watch_finalize (GObject *object)
{
  g_weak_ref_clear (&BGRUN_INTENT_WATCH (object)->placement);

  G_OBJECT_CLASS (bgrun_intent_watch_parent_class)->finalize (object);
}

static void
bgrun_intent_watch_class_init (BgrunIntentWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_intent_watch_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_intent_watch_finalize;
}

static void
bgrun_intent_watch_init (BgrunIntentWatch *self)
{
  g_weak_ref_init (&self->placement, NULL);
}

void
bgrun_intent_watch_attach (BgrunPlacement *placement)
{
  GApplication *application = bgrun_placement_get_application (placement);
  BgrunIntentWatch *self;

  if (application == NULL)
    return;
  if (watches == NULL)
    {
      watches = g_ptr_array_new ();
      g_signal_add_emission_hook (g_signal_lookup ("activate", G_TYPE_SIMPLE_ACTION), 0,
                                  on_activate, NULL, NULL);
    }
  self = g_object_new (BGRUN_TYPE_INTENT_WATCH, NULL);
  g_weak_ref_set (&self->placement, placement);
  self->application = g_object_ref (application);
  bgrun_action_calls_follow (application);
  g_ptr_array_add (watches, self);
  g_signal_connect_object (placement, "task-started", G_CALLBACK (on_task_started), self, 0);
  bgrun_placement_attach (placement, "bgrun-intent-watch", self);
}
