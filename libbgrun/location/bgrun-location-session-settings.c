/* bgrun-location-session-settings.c: the settings and state of a location
 * session, as C functions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-location-session-private.h"

#define properties bgrun_location_session_properties

#define SETTER(type, field, prop)                                       \
  G_STMT_START {                                                        \
    g_return_if_fail (BGRUN_IS_LOCATION_SESSION (self));                \
    if (self->field == (type) (value))                                  \
      return;                                                           \
    self->field = (value);                                              \
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);       \
  } G_STMT_END

/**
 * bgrun_location_session_get_provider:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:provider].
 *
 * Returns: where locations come from
 */
BgrunLocationProvider
bgrun_location_session_get_provider (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), BGRUN_LOCATION_PROVIDER_AUTO);
  return self->provider;
}

/**
 * bgrun_location_session_set_provider:
 * @self: a session
 * @provider: where locations should come from
 *
 * Sets [property@Bgrun.LocationSession:provider].
 */
void
bgrun_location_session_set_provider (BgrunLocationSession  *self,
                                     BgrunLocationProvider  provider)
{
  BgrunLocationProvider value = provider;

  SETTER (BgrunLocationProvider, provider, PROP_PROVIDER);
}

/**
 * bgrun_location_session_get_replay_file:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:replay-file].
 *
 * Returns: (transfer none) (nullable): the track to replay
 */
GFile *
bgrun_location_session_get_replay_file (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), NULL);
  return self->replay_file;
}

/**
 * bgrun_location_session_set_replay_file:
 * @self: a session
 * @file: (nullable): a GPX or NMEA file
 *
 * Sets [property@Bgrun.LocationSession:replay-file].
 */
void
bgrun_location_session_set_replay_file (BgrunLocationSession *self,
                                        GFile                *file)
{
  g_return_if_fail (BGRUN_IS_LOCATION_SESSION (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->replay_file, file))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLAY_FILE]);
}

/**
 * bgrun_location_session_get_replay_speed:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:replay-speed].
 *
 * Returns: the replay's speed factor
 */
double
bgrun_location_session_get_replay_speed (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), 1.0);
  return self->replay_speed;
}

/**
 * bgrun_location_session_set_replay_speed:
 * @self: a session
 * @speed: the speed factor, above 0 (1.0 for the track's own times)
 *
 * Sets [property@Bgrun.LocationSession:replay-speed].
 */
void
bgrun_location_session_set_replay_speed (BgrunLocationSession *self,
                                         double                speed)
{
  double value = speed;

  g_return_if_fail (speed > 0 && speed <= 1e6);
  SETTER (double, replay_speed, PROP_REPLAY_SPEED);
}

/**
 * bgrun_location_session_get_desired_accuracy:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:desired-accuracy].
 *
 * Returns: how accurate locations need to be
 */
BgrunLocationAccuracy
bgrun_location_session_get_desired_accuracy (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), BGRUN_LOCATION_ACCURACY_BEST);
  return self->desired_accuracy;
}

/**
 * bgrun_location_session_set_desired_accuracy:
 * @self: a session
 * @accuracy: how accurate locations need to be
 *
 * Sets [property@Bgrun.LocationSession:desired-accuracy].
 */
void
bgrun_location_session_set_desired_accuracy (BgrunLocationSession  *self,
                                             BgrunLocationAccuracy  accuracy)
{
  BgrunLocationAccuracy value = accuracy;

  SETTER (BgrunLocationAccuracy, desired_accuracy, PROP_DESIRED_ACCURACY);
  if (self->backend != NULL)
    bgrun_location_backend_set_accuracy (self->backend, self->desired_accuracy, self->distance_filter);
}

/**
 * bgrun_location_session_get_distance_filter:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:distance-filter].
 *
 * Returns: metres, 0 for none
 */
double
bgrun_location_session_get_distance_filter (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), 0.0);
  return self->distance_filter;
}

/**
 * bgrun_location_session_set_distance_filter:
 * @self: a session
 * @meters: metres the device must move between deliveries, 0 for none
 *
 * Sets [property@Bgrun.LocationSession:distance-filter].
 */
void
bgrun_location_session_set_distance_filter (BgrunLocationSession *self,
                                            double                meters)
{
  double value = meters;

  g_return_if_fail (meters >= 0);
  SETTER (double, distance_filter, PROP_DISTANCE_FILTER);
  if (self->backend != NULL)
    bgrun_location_backend_set_accuracy (self->backend, self->desired_accuracy, self->distance_filter);
}

/**
 * bgrun_location_session_get_activity_type:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:activity-type].
 *
 * Returns: what the user does
 */
BgrunLocationActivityType
bgrun_location_session_get_activity_type (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), BGRUN_LOCATION_ACTIVITY_TYPE_OTHER);
  return self->activity_type;
}

/**
 * bgrun_location_session_set_activity_type:
 * @self: a session
 * @activity_type: what the user does
 *
 * Sets [property@Bgrun.LocationSession:activity-type].
 */
void
bgrun_location_session_set_activity_type (BgrunLocationSession      *self,
                                          BgrunLocationActivityType  activity_type)
{
  BgrunLocationActivityType value = activity_type;

  SETTER (BgrunLocationActivityType, activity_type, PROP_ACTIVITY_TYPE);
}

/**
 * bgrun_location_session_get_allows_background_updates:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:allows-background-updates].
 *
 * Returns: whether the session keeps the app running
 */
gboolean
bgrun_location_session_get_allows_background_updates (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), FALSE);
  return self->allows_background_updates;
}

/**
 * bgrun_location_session_set_allows_background_updates:
 * @self: a session
 * @allows: whether the session keeps the app running
 *
 * Sets [property@Bgrun.LocationSession:allows-background-updates]; a
 * running session takes or releases its hold on the app at once.
 */
void
bgrun_location_session_set_allows_background_updates (BgrunLocationSession *self,
                                                      gboolean              allows)
{
  gboolean value = !!allows;

  SETTER (gboolean, allows_background_updates, PROP_ALLOWS_BACKGROUND_UPDATES);
  bgrun_location_session_update_lease (self);
}

/**
 * bgrun_location_session_get_pauses_updates_automatically:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:pauses-updates-automatically].
 *
 * Returns: whether updates pause while the device stands still
 */
gboolean
bgrun_location_session_get_pauses_updates_automatically (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), TRUE);
  return self->pauses_updates_automatically;
}

/**
 * bgrun_location_session_set_pauses_updates_automatically:
 * @self: a session
 * @pauses: whether updates pause while the device stands still
 *
 * Sets [property@Bgrun.LocationSession:pauses-updates-automatically].
 */
void
bgrun_location_session_set_pauses_updates_automatically (BgrunLocationSession *self,
                                                         gboolean              pauses)
{
  gboolean value = !!pauses;

  SETTER (gboolean, pauses_updates_automatically, PROP_PAUSES_UPDATES_AUTOMATICALLY);
  bgrun_location_session_update_pause (self);
}

/**
 * bgrun_location_session_get_location:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:location].
 *
 * Returns: (transfer none) (nullable): the last location delivered
 */
BgrunLocation *
bgrun_location_session_get_location (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), NULL);
  return self->location;
}

/**
 * bgrun_location_session_get_running:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:running].
 *
 * Returns: whether the session runs
 */
gboolean
bgrun_location_session_get_running (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), FALSE);
  return self->backend != NULL;
}

/**
 * bgrun_location_session_get_paused:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:paused].
 *
 * Returns: whether updates are paused
 */
gboolean
bgrun_location_session_get_paused (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), FALSE);
  return self->pause.paused;
}

/**
 * bgrun_location_session_get_active_provider:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:active-provider].
 *
 * Returns: (nullable): the provider in use, or %NULL when not running
 */
const char *
bgrun_location_session_get_active_provider (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), NULL);
  return self->backend != NULL ? bgrun_location_backend_get_name (self->backend) : NULL;
}
