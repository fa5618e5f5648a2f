/* bgrun-workout-registry.c: what an app's workout sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-broker-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-workout-recovery-task.h"
#include "bgrun-workout-registry-private.h"

#define REGISTRY_KEY "bgrun-workout-registry"
#define JOURNAL_NAME "workout.journal"

struct _BgrunWorkoutRegistry
{
  GObject parent_instance;

  BgrunKeepAlive      *keep_alive;
  char                *journal_path;
  char                *app_id;
  BgrunWorkoutSession *active; /* not owned */
  BgrunDbusBroker     *daemon;   /* daemon placement */
  gboolean             reported; /* what bgrund was last told */
  BgrunTask           *recovery; /* a recovery task running here */
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutRegistry, bgrun_workout_registry, G_TYPE_OBJECT)

static void
bgrun_workout_registry_finalize (GObject *object)
{
  BgrunWorkoutRegistry *self = BGRUN_WORKOUT_REGISTRY (object);

  /* Sessions hold the registry: a session that outlives its scheduler
   * still releases its lease into this keep-alive. */
  g_clear_object (&self->keep_alive);
  g_clear_object (&self->daemon);
  g_clear_object (&self->recovery);
  g_free (self->journal_path);
  g_free (self->app_id);

  G_OBJECT_CLASS (bgrun_workout_registry_parent_class)->finalize (object);
}

static void
bgrun_workout_registry_class_init (BgrunWorkoutRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bgrun_workout_registry_finalize;
}

static void
bgrun_workout_registry_init (BgrunWorkoutRegistry *self)
{
}

/* In the daemon placement, bgrund is told whether a workout is active
 * (Broker1 SetWorkout), so that it starts the app again to recover it if
 * the process goes while one is. */
static void
report (BgrunWorkoutRegistry *self,
        gboolean              active)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (self->daemon == NULL || self->reported == active)
    return;
  reply = bgrun_dbus_broker_call_broker (self->daemon, "SetWorkout", g_variant_new ("(b)", active),
                                         &error);
  if (reply == NULL)
    {
      g_warning ("libbgrun: bgrund cannot start %s again should it stop during its workout: %s",
                 self->app_id, error->message);
      return;
    }
  self->reported = active;
}

static void
on_attached_again (BgrunWorkoutRegistry *self)
{
  /* A bgrund that started again knows nothing yet. */
  self->reported = FALSE;
  report (self, self->active != NULL);
}

static void
on_task_started (BgrunPlacement       *placement,
                 BgrunTask            *task,
                 BgrunWorkoutRegistry *self)
{
  if (BGRUN_IS_WORKOUT_RECOVERY_TASK (task))
    g_set_object (&self->recovery, task);
}

void
bgrun_workout_registry_attach (BgrunPlacement *placement)
{
  BgrunWorkoutRegistry *self = g_object_new (BGRUN_TYPE_WORKOUT_REGISTRY, NULL);
  BgrunBroker *broker = bgrun_placement_get_broker (placement);

  self->keep_alive = bgrun_keep_alive_new (bgrun_placement_get_application (placement),
                                           bgrun_placement_get_app_id (placement));
  self->journal_path = bgrun_placement_state_path (placement, JOURNAL_NAME);
  self->app_id = g_strdup (bgrun_placement_get_app_id (placement));
  if (BGRUN_IS_DBUS_BROKER (broker))
    {
      self->daemon = g_object_ref (BGRUN_DBUS_BROKER (broker));
      g_signal_connect_object (self->daemon, "attached-again", G_CALLBACK (on_attached_again),
                               self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (placement, "task-started", G_CALLBACK (on_task_started), self, 0);
  bgrun_placement_attach (placement, REGISTRY_KEY, self);
}

BgrunWorkoutRegistry *
bgrun_workout_registry_get (BgrunScheduler *scheduler)
{
  return bgrun_placement_get_attached (bgrun_scheduler_get_placement (scheduler), REGISTRY_KEY);
}

BgrunKeepAlive *
bgrun_workout_registry_get_keep_alive (BgrunWorkoutRegistry *self)
{
  return self->keep_alive;
}

const char *
bgrun_workout_registry_get_journal (BgrunWorkoutRegistry *self)
{
  return self->journal_path;
}

BgrunWorkoutSession *
bgrun_workout_registry_get_active (BgrunWorkoutRegistry *self)
{
  return self->active;
}

gboolean
bgrun_workout_registry_set_active (BgrunWorkoutRegistry  *self,
                                   BgrunWorkoutSession   *session,
                                   GError               **error)
{
  if (self->active != NULL && self->active != session)
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
                   _("The app %s already has a workout session in progress: end it before starting another one."),
                   self->app_id);
      return FALSE;
    }
  self->active = session;
  report (self, TRUE);
  return TRUE;
}

void
bgrun_workout_registry_forget (BgrunWorkoutRegistry *self,
                               BgrunWorkoutSession  *session)
{
  if (self->active == session)
    self->active = NULL;
}

void
bgrun_workout_registry_end (BgrunWorkoutRegistry *self,
                            BgrunWorkoutSession  *session)
{
  if (self->active != session)
    return;
  self->active = NULL;
  report (self, FALSE);
}

void
bgrun_workout_registry_recovered (BgrunWorkoutRegistry *self)
{
  g_autoptr(BgrunTask) task = g_steal_pointer (&self->recovery);

  /* The app may have completed it itself, in its handler. */
  if (task != NULL && bgrun_task_get_state (task) == BGRUN_TASK_STATE_RUNNING)
    bgrun_task_set_task_completed (task, TRUE);
}
