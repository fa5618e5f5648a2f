/* bgrun-location-session-run.c: starting and stopping a location session,
 * and what happens to each fix
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-session-private.h"
#include "bgrun-location-simulation-private.h"
#include "bgrun-region-relay-private.h"

#define properties bgrun_location_session_properties
#define signals bgrun_location_session_signals

static const char *
lease_status (BgrunLocationSession *self)
{
  return self->pause.paused ? _("Location updates paused: not moving")
                            : _("Using your location");
}

void
bgrun_location_session_update_lease (BgrunLocationSession *self)
{
  gboolean wanted = self->backend != NULL && self->allows_background_updates;

  if (wanted && self->lease == 0)
    {
      if (self->keep_alive == NULL)
        self->keep_alive = bgrun_keep_alive_new (NULL, bgrun_scheduler_get_app_id (self->scheduler));
      self->lease = bgrun_keep_alive_acquire (self->keep_alive,
                                              BGRUN_KEEP_ALIVE_HOLD_APPLICATION | BGRUN_KEEP_ALIVE_BACKGROUND,
                                              _("Location updates"));
      bgrun_keep_alive_set_status (self->keep_alive, self->lease, lease_status (self));
    }
  else if (!wanted && self->lease != 0)
    {
      bgrun_keep_alive_release (self->keep_alive, self->lease);
      self->lease = 0;
    }
}

static void
set_paused (BgrunLocationSession *self,
            gboolean              paused)
{
  /* The detector already moved; this tells everyone else. */
  if (self->lease != 0)
    bgrun_keep_alive_set_status (self->keep_alive, self->lease, lease_status (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  g_signal_emit (self, signals[paused ? SIG_UPDATES_PAUSED : SIG_UPDATES_RESUMED], 0);
}

void
bgrun_location_session_update_pause (BgrunLocationSession *self)
{
  if (!self->pauses_updates_automatically && bgrun_pause_detector_reset (&self->pause))
    set_paused (self, FALSE);
}

/* Whether this fix may start a pause: a fitness session indoors (no
 * accuracy, or a poor one: no clear view of the sky) may be a treadmill
 * run, standing still on the map while the user runs. */
static gboolean
may_pause (BgrunLocationSession *self,
           BgrunLocation        *fix)
{
  double accuracy = bgrun_location_get_horizontal_accuracy (fix);

  if (!self->pauses_updates_automatically)
    return FALSE;
  if (self->activity_type == BGRUN_LOCATION_ACTIVITY_TYPE_FITNESS &&
      (accuracy < 0 || accuracy > BGRUN_LOCATION_INDOOR_ACCURACY))
    return FALSE;
  return TRUE;
}

static void
on_backend_location (BgrunLocationBackend *backend,
                     BgrunLocation        *fix,
                     gpointer              user_data)
{
  BgrunLocationSession *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  /* AUTO says which provider it chose once that one delivers. */
  if (g_strcmp0 (self->announced, bgrun_location_backend_get_name (backend)) != 0)
    {
      self->announced = bgrun_location_backend_get_name (backend);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROVIDER]);
    }

  /* Regions first, and whether paused or not: a pause saves the app's
   * work, never an entry or exit. */
  if (!bgrun_region_monitor_feed (self->regions, fix, &error))
    g_warning ("%s", error->message);
  if (self->backend != backend)
    return;  /* a region-event handler stopped the session */

  switch (bgrun_pause_detector_feed (&self->pause, fix, may_pause (self, fix)))
    {
    case BGRUN_PAUSE_CHANGE_PAUSED:
      set_paused (self, TRUE);
      return;
    case BGRUN_PAUSE_CHANGE_RESUMED:
      set_paused (self, FALSE);
      if (self->backend != backend)
        return;
      break;
    case BGRUN_PAUSE_CHANGE_NONE:
    default:
      if (self->pause.paused)
        return;
      break;
    }

  if (self->location != NULL && self->distance_filter > 0 &&
      bgrun_location_distance_to (self->location, fix) < self->distance_filter)
    return;

  bgrun_location_session_deliver (self, fix);
}

void
bgrun_location_session_deliver (BgrunLocationSession *self,
                                BgrunLocation        *fix)
{
  g_clear_pointer (&self->location, bgrun_location_unref);
  self->location = bgrun_location_ref (fix);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
  g_signal_emit (self, signals[SIG_LOCATION_UPDATED], 0, fix);
}

/* Running sessions are known to the app's simulation, so that
 * `bgrunctl simulate-location` reaches them. */
static void
forget_simulation (BgrunLocationSession *self)
{
  if (self->simulation == NULL)
    return;
  bgrun_location_simulation_remove (self->simulation, self);
  g_clear_object (&self->simulation);
}

static void
stop_quietly (BgrunLocationSession *self)
{
  g_autoptr(BgrunLocationBackend) backend = g_steal_pointer (&self->backend);
  gboolean was_paused;

  if (backend == NULL)
    return;
  g_signal_handlers_disconnect_by_data (backend, self);
  bgrun_location_backend_stop (backend);
  self->announced = NULL;
  forget_simulation (self);
  bgrun_region_relay_session_running (self, FALSE);
  bgrun_location_session_watch_regions (self, FALSE);
  bgrun_location_session_update_lease (self);
  was_paused = bgrun_pause_detector_reset (&self->pause);

  g_object_freeze_notify (G_OBJECT (self));
  if (was_paused)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROVIDER]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_backend_failed (BgrunLocationBackend *backend,
                   const GError         *error,
                   gpointer              user_data)
{
  BgrunLocationSession *self = user_data;
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));
  g_autoptr(GError) copy = g_error_copy (error);

  stop_quietly (self);
  g_signal_emit (self, signals[SIG_FAILED], 0, copy);
}

void
bgrun_location_session_tear_down (BgrunLocationSession *self)
{
  if (self->backend == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->backend, self);
  bgrun_location_backend_stop (self->backend);
  g_clear_object (&self->backend);
  self->announced = NULL;
  forget_simulation (self);
  bgrun_region_relay_session_running (self, FALSE);
  bgrun_location_session_watch_regions (self, FALSE);
  bgrun_location_session_update_lease (self);
}

void
bgrun_location_session_switch_backend (BgrunLocationSession *self,
                                       BgrunLocationBackend *backend)
{
  g_autoptr(BgrunLocationBackend) old = g_steal_pointer (&self->backend);

  g_return_if_fail (old != NULL);

  g_signal_handlers_disconnect_by_data (old, self);
  bgrun_location_backend_stop (old);
  self->backend = backend;
  g_signal_connect (self->backend, "location", G_CALLBACK (on_backend_location), self);
  g_signal_connect (self->backend, "failed", G_CALLBACK (on_backend_failed), self);
  self->announced = bgrun_location_backend_get_name (self->backend);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROVIDER]);
  bgrun_location_backend_start (self->backend);
}

/**
 * bgrun_location_session_start:
 * @self: a session, not running
 * @error: return location for a [error@Bgrun.LocationError]
 *
 * Starts location updates from the provider the session is set to (or
 * the replay `BGRUN_LOCATION_REPLAY` names, or the one
 * `bgrunctl simulate-location` gave the app), and monitoring the app's
 * regions. With [property@Bgrun.LocationSession:allows-background-updates],
 * the app is kept running from now until the session stops.
 *
 * Fails, leaving the session stopped, with
 * %BGRUN_LOCATION_ERROR_INVALID_STATE when it already runs (nothing else
 * happens then). The other failures known at once are also emitted with
 * [signal@Bgrun.LocationSession::failed]: %BGRUN_LOCATION_ERROR_INVALID_STATE
 * for a replay without a file (or a bad `BGRUN_LOCATION_REPLAY_SPEED`),
 * %BGRUN_LOCATION_ERROR_NOT_BUILT when the provider is not in this build,
 * and %BGRUN_LOCATION_ERROR_REPLAY_FILE when the replay file cannot be
 * read or does not parse (the message names the line and the reason).
 * Failures that come later, once the provider answers (no GeoClue, access
 * denied, gpsd unreachable), are emitted with
 * [signal@Bgrun.LocationSession::failed] alone.
 *
 * Returns: %TRUE when the session runs
 */
gboolean
bgrun_location_session_start (BgrunLocationSession  *self,
                              GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  BgrunLocationBackendOptions options = { 0 };
  BgrunLocationSimulation *simulation;

  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->backend != NULL)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_STATE,
                   _("The location session of “%s” already runs; stop it before starting it again."),
                   bgrun_scheduler_get_app_id (self->scheduler));
      return FALSE;
    }

  options.clock = self->clock;
  options.app_id = bgrun_scheduler_get_app_id (self->scheduler);
  options.replay_file = self->replay_file;
  options.replay_speed = self->replay_speed;
  options.accuracy = self->desired_accuracy;
  options.distance_filter = self->distance_filter;
  options.gpsd_address = g_getenv ("BGRUN_GPSD");

  simulation = bgrun_location_simulation_get (self->scheduler);
  if (simulation != NULL)
    self->backend = bgrun_location_simulation_new_backend (simulation, self->clock);
  if (self->backend == NULL)
    self->backend = bgrun_location_backend_new (self->provider, &options, &local_error);
  if (self->backend == NULL)
    {
      g_signal_emit (self, signals[SIG_FAILED], 0, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_signal_connect (self->backend, "location", G_CALLBACK (on_backend_location), self);
  g_signal_connect (self->backend, "failed", G_CALLBACK (on_backend_failed), self);
  if (simulation != NULL)
    {
      self->simulation = g_object_ref (simulation);
      bgrun_location_simulation_add (simulation, self);
    }
  bgrun_region_relay_session_running (self, TRUE);
  bgrun_pause_detector_reset (&self->pause);
  bgrun_location_session_watch_regions (self, TRUE);
  bgrun_location_session_update_lease (self);
  self->announced = bgrun_location_backend_get_name (self->backend);

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_PROVIDER]);
  g_object_thaw_notify (G_OBJECT (self));

  bgrun_location_backend_start (self->backend);
  return TRUE;
}

/**
 * bgrun_location_session_stop:
 * @self: a session
 *
 * Stops location updates and region monitoring (the regions stay stored,
 * for the next start), and releases the app. No signal is emitted after
 * this returns. Does nothing when the session does not run.
 */
void
bgrun_location_session_stop (BgrunLocationSession *self)
{
  g_return_if_fail (BGRUN_IS_LOCATION_SESSION (self));

  stop_quietly (self);
}
