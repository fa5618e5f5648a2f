/* bgrun-placement.c: what a feature is handed of the app it serves
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-placement-private.h"

struct _BgrunPlacement
{
  GObject parent_instance;

  BgrunScheduler *scheduler;       /* weak: the scheduler owns us */
  GApplication   *application;     /* weak, nullable */
  char           *state_directory; /* the app's own: <base>/<app-id> */
  BgrunBroker    *broker;
  GHashTable     *attached;        /* key → GObject */
};

G_DEFINE_FINAL_TYPE (BgrunPlacement, bgrun_placement, G_TYPE_OBJECT)

enum {
  SIG_TASK_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GMutex hooks_lock;
static GArray *hooks;              /* of BgrunPlacementHook */

static void
bgrun_placement_dispose (GObject *object)
{
  BgrunPlacement *self = BGRUN_PLACEMENT (object);

  g_hash_table_remove_all (self->attached);
  g_clear_weak_pointer (&self->scheduler);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->broker);

  G_OBJECT_CLASS (bgrun_placement_parent_class)->dispose (object);
}

static void
bgrun_placement_finalize (GObject *object)
{
  BgrunPlacement *self = BGRUN_PLACEMENT (object);

  g_hash_table_unref (self->attached);
  g_free (self->state_directory);

  G_OBJECT_CLASS (bgrun_placement_parent_class)->finalize (object);
}

static void
bgrun_placement_class_init (BgrunPlacementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_placement_dispose;
  object_class->finalize = bgrun_placement_finalize;

  /* Emitted on the scheduler's main context when a task starts, before
   * its handler runs. */
  signals[SIG_TASK_STARTED] =
    g_signal_new ("task-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BGRUN_TYPE_TASK);
}

static void
bgrun_placement_init (BgrunPlacement *self)
{
  self->attached = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

void
bgrun_placement_add_hook (BgrunPlacementHook hook)
{
  g_return_if_fail (hook != NULL);

  g_mutex_lock (&hooks_lock);
  if (hooks == NULL)
    hooks = g_array_new (FALSE, FALSE, sizeof (BgrunPlacementHook));
  g_array_append_val (hooks, hook);
  g_mutex_unlock (&hooks_lock);
}

BgrunPlacement *
bgrun_placement_new (BgrunScheduler *scheduler,
                     GApplication   *application,
                     const char     *state_directory,
                     BgrunBroker    *broker)
{
  BgrunPlacement *self;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BGRUN_IS_BROKER (broker), NULL);

  self = g_object_new (BGRUN_TYPE_PLACEMENT, NULL);
  g_set_weak_pointer (&self->scheduler, scheduler);
  g_set_weak_pointer (&self->application, application);
  self->state_directory = g_strdup (state_directory);
  self->broker = g_object_ref (broker);
  return self;
}

void
bgrun_placement_run_hooks (BgrunPlacement *self)
{
  g_autoptr(GArray) copy = NULL;

  g_return_if_fail (BGRUN_IS_PLACEMENT (self));

  /* A copy: a hook may make a scheduler of its own. */
  g_mutex_lock (&hooks_lock);
  if (hooks != NULL)
    copy = g_array_copy (hooks);
  g_mutex_unlock (&hooks_lock);
  for (guint i = 0; copy != NULL && i < copy->len; i++)
    g_array_index (copy, BgrunPlacementHook, i) (self);
}

BgrunScheduler *
bgrun_placement_get_scheduler (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return self->scheduler;
}

const char *
bgrun_placement_get_app_id (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return bgrun_broker_get_app_id (self->broker);
}

GApplication *
bgrun_placement_get_application (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return self->application;
}

BgrunClock *
bgrun_placement_get_clock (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return bgrun_broker_get_clock (self->broker);
}

BgrunConditions *
bgrun_placement_get_conditions (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return self->scheduler != NULL ? bgrun_scheduler_get_conditions (self->scheduler) : NULL;
}

BgrunBroker *
bgrun_placement_get_broker (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return self->broker;
}

BgrunBackend
bgrun_placement_get_backend (BgrunPlacement *self)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), BGRUN_BACKEND_LOCAL);
  return self->scheduler != NULL ? bgrun_scheduler_get_backend (self->scheduler) : BGRUN_BACKEND_LOCAL;
}

char *
bgrun_placement_state_path (BgrunPlacement *self,
                            const char     *name)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return g_build_filename (self->state_directory, name, NULL);
}

void
bgrun_placement_attach (BgrunPlacement *self,
                        const char     *key,
                        gpointer        state)
{
  g_return_if_fail (BGRUN_IS_PLACEMENT (self));
  g_return_if_fail (key != NULL && G_IS_OBJECT (state));

  g_hash_table_replace (self->attached, g_strdup (key), state);
}

gpointer
bgrun_placement_get_attached (BgrunPlacement *self,
                              const char     *key)
{
  g_return_val_if_fail (BGRUN_IS_PLACEMENT (self), NULL);
  return g_hash_table_lookup (self->attached, key);
}

void
bgrun_placement_task_started (BgrunPlacement *self,
                              BgrunTask      *task)
{
  g_return_if_fail (BGRUN_IS_PLACEMENT (self));
  g_signal_emit (self, signals[SIG_TASK_STARTED], 0, task);
}
