/* bgrun-location-simulation.c: a route the user told an app's sessions to
 * follow (bgrunctl simulate-location)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-dbus-broker-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-simulation-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-track-private.h"

/* BGRUN_LOCATION_REPLAY drives an app along a route from its start; this
 * does the same to an app that already runs, on the user's word, the way
 * a debugger switches a running app to a recorded route on the platform
 * we model. The track is parsed once, when asked, so a bad file is
 * reported to whoever asked and not to each session. */

struct _BgrunLocationSimulation
{
  GObject parent_instance;

  GPtrArray       *track;     /* of BgrunLocation; NULL until asked */
  double           speed;
  GPtrArray       *sessions;  /* running sessions, not owned */
  BgrunDbusBroker *daemon;    /* in the daemon placement */
};

G_DEFINE_FINAL_TYPE (BgrunLocationSimulation, bgrun_location_simulation, G_TYPE_OBJECT)

#define SIMULATION_KEY "bgrun-location-simulation"

static void
bgrun_location_simulation_dispose (GObject *object)
{
  BgrunLocationSimulation *self = BGRUN_LOCATION_SIMULATION (object);

  if (self->daemon != NULL)
    g_signal_handlers_disconnect_by_data (self->daemon, self);
  g_clear_object (&self->daemon);

  G_OBJECT_CLASS (bgrun_location_simulation_parent_class)->dispose (object);
}

static void
bgrun_location_simulation_finalize (GObject *object)
{
  BgrunLocationSimulation *self = BGRUN_LOCATION_SIMULATION (object);

  g_clear_pointer (&self->track, g_ptr_array_unref);
  g_ptr_array_unref (self->sessions);

  G_OBJECT_CLASS (bgrun_location_simulation_parent_class)->finalize (object);
}

static void
bgrun_location_simulation_class_init (BgrunLocationSimulationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_location_simulation_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_location_simulation_finalize;
}

static void
bgrun_location_simulation_init (BgrunLocationSimulation *self)
{
  self->sessions = g_ptr_array_new ();
}

/* bgrund checked the file before it sent the signal, but the app reads it
 * again, and it may have changed since: a failure is only logged, as no
 * caller waits for an answer. */
static void
on_daemon_simulate (BgrunLocationSimulation *self,
                    const char              *path,
                    double                   speed)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!bgrun_location_simulation_start (self, file, speed, &error))
    g_warning ("libbgrun: cannot simulate the location bgrund asked for: %s", error->message);
}

void
bgrun_location_simulation_attach (BgrunPlacement *placement)
{
  BgrunLocationSimulation *self = g_object_new (BGRUN_TYPE_LOCATION_SIMULATION, NULL);
  BgrunBroker *broker = bgrun_placement_get_broker (placement);

  if (BGRUN_IS_DBUS_BROKER (broker))
    {
      self->daemon = g_object_ref (BGRUN_DBUS_BROKER (broker));
      g_signal_connect_swapped (self->daemon, "simulate-location",
                                G_CALLBACK (on_daemon_simulate), self);
    }
  bgrun_placement_attach (placement, SIMULATION_KEY, self);
}

BgrunLocationSimulation *
bgrun_location_simulation_get (BgrunScheduler *scheduler)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);

  return bgrun_placement_get_attached (bgrun_scheduler_get_placement (scheduler), SIMULATION_KEY);
}

gboolean
bgrun_location_simulation_start (BgrunLocationSimulation  *self,
                                 GFile                    *file,
                                 double                    speed,
                                 GError                  **error)
{
  g_autoptr(GPtrArray) track = NULL;
  g_autoptr(GPtrArray) running = NULL;

  g_return_val_if_fail (BGRUN_IS_LOCATION_SIMULATION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(speed > 0 && speed <= 1e6))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_STATE,
                   _("%g is not a replay speed: give a number above 0, such as 10 for ten times faster."),
                   speed);
      return FALSE;
    }
  track = bgrun_track_load (file, error);
  if (track == NULL)
    return FALSE;

  g_clear_pointer (&self->track, g_ptr_array_unref);
  self->track = g_steal_pointer (&track);
  self->speed = speed;

  /* A session may stop, or start, from a handler of the signals a switch
   * emits: walk a copy, holding each. */
  running = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->sessions->len; i++)
    g_ptr_array_add (running, g_object_ref (self->sessions->pdata[i]));
  for (guint i = 0; i < running->len; i++)
    {
      BgrunLocationSession *session = running->pdata[i];
      guint index;

      if (!g_ptr_array_find (self->sessions, session, &index))
        continue;
      bgrun_location_session_switch_backend (session,
                                             bgrun_location_backend_replay_new (bgrun_scheduler_get_clock (bgrun_location_session_get_scheduler (session)),
                                                                                self->track, self->speed));
    }
  return TRUE;
}

BgrunLocationBackend *
bgrun_location_simulation_new_backend (BgrunLocationSimulation *self,
                                       BgrunClock              *clock)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SIMULATION (self), NULL);

  if (self->track == NULL)
    return NULL;
  return bgrun_location_backend_replay_new (clock, self->track, self->speed);
}

void
bgrun_location_simulation_add (BgrunLocationSimulation *self,
                               BgrunLocationSession    *session)
{
  g_return_if_fail (BGRUN_IS_LOCATION_SIMULATION (self));

  if (!g_ptr_array_find (self->sessions, session, NULL))
    g_ptr_array_add (self->sessions, session);
}

void
bgrun_location_simulation_remove (BgrunLocationSimulation *self,
                                  BgrunLocationSession    *session)
{
  g_return_if_fail (BGRUN_IS_LOCATION_SIMULATION (self));

  g_ptr_array_remove (self->sessions, session);
}
