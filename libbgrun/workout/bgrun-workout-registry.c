/* bgrun-workout-registry.c: what an app's workout sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"
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
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutRegistry, bgrun_workout_registry, G_TYPE_OBJECT)

static void
bgrun_workout_registry_finalize (GObject *object)
{
  BgrunWorkoutRegistry *self = BGRUN_WORKOUT_REGISTRY (object);

  /* Sessions hold the registry: a session that outlives its scheduler
   * still releases its lease into this keep-alive. */
  g_clear_object (&self->keep_alive);
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

void
bgrun_workout_registry_attach (BgrunPlacement *placement)
{
  BgrunWorkoutRegistry *self = g_object_new (BGRUN_TYPE_WORKOUT_REGISTRY, NULL);

  self->keep_alive = bgrun_keep_alive_new (bgrun_placement_get_application (placement),
                                           bgrun_placement_get_app_id (placement));
  self->journal_path = bgrun_placement_state_path (placement, JOURNAL_NAME);
  self->app_id = g_strdup (bgrun_placement_get_app_id (placement));
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
  return TRUE;
}

void
bgrun_workout_registry_forget (BgrunWorkoutRegistry *self,
                               BgrunWorkoutSession  *session)
{
  if (self->active == session)
    self->active = NULL;
}
