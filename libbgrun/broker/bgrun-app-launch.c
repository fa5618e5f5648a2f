/* bgrun-app-launch.c: an app started by bgrund for a task
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-launch-private.h"
#include "bgrun-limits.h"

/* The app's side of a launch (the daemon's is bgrun-app-launcher.c). When
 * a task is due and the app is not attached, bgrund activates the action
 * BGRUN_RUN_TASK_ACTION on the app's bus name; the bus starts the app if
 * needed. Run as an action, nothing emits `activate`: no window appears.
 *
 * The app registers its handlers at startup and the daemon starts the due
 * task then, whichever of the action and the task arrives first. Until
 * the task starts, nothing else may hold the app (a service started by
 * the bus is only held for a few seconds), so the action holds it, once
 * per launch (token), until the task of every identifier the launch named
 * has started — the scheduler holds the app while a task runs, and lets
 * go when it ends, so the app exits after its task if nothing else holds
 * it. An app that never registers an identifier is let go after
 * BGRUN_LAUNCH_REGISTRATION_TIMEOUT, when the daemon gives up too. */

typedef struct
{
  BgrunAppLaunch *launch;           /* not owned */
  char           *token;
  GHashTable     *waiting;          /* identifiers whose task has not started */
  guint           timeout;
} Hold;

struct _BgrunAppLaunch
{
  GObject parent_instance;

  GApplication *application;        /* weak */
  GHashTable   *started;            /* identifiers started in this process */
  GHashTable   *holds;              /* token → Hold */
};

G_DEFINE_FINAL_TYPE (BgrunAppLaunch, bgrun_app_launch, G_TYPE_OBJECT)

static void
hold_free (gpointer data)
{
  Hold *hold = data;

  g_debug ("libbgrun: launch %s: letting the application go", hold->token);
  g_clear_handle_id (&hold->timeout, g_source_remove);
  if (hold->launch->application != NULL)
    g_application_release (hold->launch->application);
  g_hash_table_unref (hold->waiting);
  g_free (hold->token);
  g_free (hold);
}

static gboolean
on_hold_timeout (gpointer user_data)
{
  Hold *hold = user_data;

  hold->timeout = 0;
  g_hash_table_remove (hold->launch->holds, hold->token);
  return G_SOURCE_REMOVE;
}

static Hold *
hold_new (BgrunAppLaunch *self,
          const char     *token)
{
  Hold *hold = g_new0 (Hold, 1);

  hold->launch = self;
  hold->token = g_strdup (token);
  hold->waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  hold->timeout = g_timeout_add_seconds (BGRUN_LAUNCH_REGISTRATION_TIMEOUT, on_hold_timeout, hold);
  g_application_hold (self->application);
  g_hash_table_insert (self->holds, hold->token, hold);
  return hold;
}

static void
on_run_task_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BgrunAppLaunch *self = BGRUN_APP_LAUNCH (user_data);
  const char *identifier, *token;
  Hold *hold;

  g_variant_get (parameter, "(&s&s)", &identifier, &token);
  g_debug ("libbgrun: launch %s: started by bgrund for %s", token, identifier);
  if (self->application == NULL || g_hash_table_contains (self->started, identifier))
    return;
  hold = g_hash_table_lookup (self->holds, token);
  if (hold == NULL)
    hold = hold_new (self, token);
  g_hash_table_add (hold->waiting, g_strdup (identifier));
}

/* Connected after the scheduler's handler, which holds the application
 * for the task: letting go of the launch's hold here never drops the use
 * count to zero in between. */
static void
on_run_task (BgrunBroker    *broker,
             GVariant       *task,
             BgrunAppLaunch *self)
{
  g_autoptr(GPtrArray) done = g_ptr_array_new ();
  const char *identifier = "";
  GHashTableIter iter;
  Hold *hold;

  g_variant_lookup (task, "identifier", "&s", &identifier);
  g_hash_table_add (self->started, g_strdup (identifier));
  g_hash_table_iter_init (&iter, self->holds);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &hold))
    if (g_hash_table_remove (hold->waiting, identifier) && g_hash_table_size (hold->waiting) == 0)
      g_ptr_array_add (done, hold->token);
  for (guint i = 0; i < done->len; i++)
    g_hash_table_remove (self->holds, g_ptr_array_index (done, i));
}

static void
bgrun_app_launch_dispose (GObject *object)
{
  BgrunAppLaunch *self = BGRUN_APP_LAUNCH (object);

  g_hash_table_remove_all (self->holds);
  if (self->application != NULL)
    g_action_map_remove_action (G_ACTION_MAP (self->application), BGRUN_RUN_TASK_ACTION);
  g_clear_weak_pointer (&self->application);

  G_OBJECT_CLASS (bgrun_app_launch_parent_class)->dispose (object);
}

static void
bgrun_app_launch_finalize (GObject *object)
{
  BgrunAppLaunch *self = BGRUN_APP_LAUNCH (object);

  g_hash_table_unref (self->holds);
  g_hash_table_unref (self->started);

  G_OBJECT_CLASS (bgrun_app_launch_parent_class)->finalize (object);
}

static void
bgrun_app_launch_class_init (BgrunAppLaunchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_app_launch_dispose;
  object_class->finalize = bgrun_app_launch_finalize;
}

static void
bgrun_app_launch_init (BgrunAppLaunch *self)
{
  self->started = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->holds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, hold_free);
}

BgrunAppLaunch *
bgrun_app_launch_new (GApplication *application,
                      BgrunBroker  *broker)
{
  BgrunAppLaunch *self = g_object_new (BGRUN_TYPE_APP_LAUNCH, NULL);
  g_autoptr(GSimpleAction) action = g_simple_action_new (BGRUN_RUN_TASK_ACTION,
                                                         G_VARIANT_TYPE ("(ss)"));

  g_set_weak_pointer (&self->application, application);
  g_signal_connect_object (action, "activate", G_CALLBACK (on_run_task_action), self, 0);
  g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (action));
  g_signal_connect_object (broker, "run-task", G_CALLBACK (on_run_task), self, G_CONNECT_AFTER);
  return self;
}
