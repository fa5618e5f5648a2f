/* bgrun-workout-host.c: bgrund starts an app again to recover its workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-workout-host-private.h"
#include "bgrun-workout-recovery-task-private.h"

/* On the platform we model, a workout app that crashes is relaunched at
 * once, so the workout goes on with as little lost as possible. The
 * samples are in the app's own journal; all bgrund needs is to know that
 * a workout was active when the process went. */

struct _BgrunWorkoutHost
{
  GObject parent_instance;

  BgrunEngine        *engine;
  BgrunBrokerService *service;
  GHashTable         *active;  /* app ids with an active workout */
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutHost, bgrun_workout_host, G_TYPE_OBJECT)

static gboolean
set_workout (gpointer     host,
             const char  *app_id,
             gboolean     active,
             GError     **error)
{
  BgrunWorkoutHost *self = host;

  if (active)
    g_hash_table_add (self->active, g_strdup (app_id));
  else
    g_hash_table_remove (self->active, app_id);
  return TRUE;
}

static void
on_app_attached (BgrunBrokerService *service,
                 const char         *app_id,
                 gboolean            attached,
                 BgrunWorkoutHost   *self)
{
  g_autoptr(GError) error = NULL;

  if (attached || !g_hash_table_remove (self->active, app_id))
    return;
  g_debug ("bgrund: %s went during a workout; starting it again to recover it", app_id);
  if (!bgrun_engine_submit_workout_recovery (self->engine, app_id, &error))
    g_warning ("bgrund: cannot start %s again to recover its workout: %s", app_id, error->message);
}

static void
bgrun_workout_host_dispose (GObject *object)
{
  BgrunWorkoutHost *self = BGRUN_WORKOUT_HOST (object);

  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->service, self);
      bgrun_broker_service_set_workout_func (self->service, NULL, NULL);
    }
  g_clear_object (&self->service);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->active, g_hash_table_unref);

  G_OBJECT_CLASS (bgrun_workout_host_parent_class)->dispose (object);
}

static void
bgrun_workout_host_class_init (BgrunWorkoutHostClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_workout_host_dispose;
}

static void
bgrun_workout_host_init (BgrunWorkoutHost *self)
{
  self->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

BgrunWorkoutHost *
bgrun_workout_host_new (BgrunEngine        *engine,
                        BgrunBrokerService *service)
{
  BgrunWorkoutHost *self = g_object_new (BGRUN_TYPE_WORKOUT_HOST, NULL);

  self->engine = g_object_ref (engine);
  self->service = g_object_ref (service);
  bgrun_broker_service_set_workout_func (service, set_workout, self);
  g_signal_connect (service, "app-attached", G_CALLBACK (on_app_attached), self);
  return self;
}
