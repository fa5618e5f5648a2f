/* bgrun-workout-session-sources.c: giving a workout session its data
 * sources
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-workout-session-internal-private.h"
#include "bgrun-workout-source-private.h"

static gboolean
check_not_ended (BgrunWorkoutSession  *self,
                 GError              **error)
{
  if (bgrun_workout_session_get_state (self) != BGRUN_WORKOUT_SESSION_STATE_ENDED)
    return TRUE;
  g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_INVALID_STATE,
               _("Cannot add a data source to the workout session: it is ended."));
  return FALSE;
}

/* "AA:BB:CC:DD:EE:FF", hexadecimal digits of either case. */
static gboolean
is_bluetooth_address (const char *address)
{
  if (strlen (address) != 17)
    return FALSE;
  for (int i = 0; i < 17; i++)
    if (i % 3 == 2 ? address[i] != ':' : !g_ascii_isxdigit (address[i]))
      return FALSE;
  return TRUE;
}

/**
 * bgrun_workout_session_add_heart_rate_sensor:
 * @self: a session that has not ended
 * @address: (nullable): the sensor's Bluetooth address, such as
 *   "F0:13:C3:5A:22:9B"; %NULL for the first connected or known device
 *   that offers the Heart Rate Service
 * @error: return location for a #GError
 *
 * Has a Bluetooth LE heart-rate sensor feed the workout, through BlueZ:
 * from when the session becomes active (prepared or running) until it
 * ends, every notification of the sensor's Heart Rate Measurement is a
 * heart-rate sample (readings the sensor marks as taken without skin
 * contact are left out) and, when the sensor reports the energy
 * expended, an active-energy sample of the energy since its previous
 * report. Samples count once the builder collects.
 *
 * When the sensor disconnects, the session emits a
 * %BGRUN_WORKOUT_EVENT_TYPE_SENSOR_DISCONNECTED event and reconnects by
 * itself, every %BGRUN_WORKOUT_SENSOR_RECONNECT_INTERVAL seconds, then
 * emits %BGRUN_WORKOUT_EVENT_TYPE_SENSOR_CONNECTED. A sensor that is not
 * there yet is waited for.
 *
 * Returns: %TRUE, or %FALSE with @error set:
 *   %G_IO_ERROR_INVALID_ARGUMENT for an address that is not one,
 *   %BGRUN_SESSION_ERROR_INVALID_STATE once the session ended
 */
gboolean
bgrun_workout_session_add_heart_rate_sensor (BgrunWorkoutSession  *self,
                                             const char           *address,
                                             GError              **error)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (address != NULL && !is_bluetooth_address (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a Bluetooth address: write it as six hexadecimal pairs, such as F0:13:C3:5A:22:9B."),
                   address);
      return FALSE;
    }
  if (!check_not_ended (self, error))
    return FALSE;
  bgrun_workout_session_add_source (self, bgrun_workout_source_heart_rate_new (self, address));
  return TRUE;
}

/**
 * bgrun_workout_session_add_replay_source:
 * @self: a session that has not ended
 * @file: a text file of samples
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Feeds the workout from @file, for demos and tests: each line is
 * `<seconds> <quantity type> <value>`, such as `12.5 heart-rate 141`,
 * the seconds counted from the session's
 * [property@Bgrun.WorkoutSession:start-date] and never going back, the
 * quantity type a nick of [enum@Bgrun.QuantityType] (`heart-rate`,
 * `distance`, `speed`, `active-energy`, `cadence`, `step-count`); `#`
 * starts a comment. Each sample is added when the scheduler's clock
 * reaches its time, so a test clock replays an hour at once. The file is
 * read now, whole.
 *
 * Returns: %TRUE, or %FALSE with @error set: a #GIOError when the file
 *   cannot be read, %G_IO_ERROR_INVALID_DATA naming the first bad line,
 *   %BGRUN_SESSION_ERROR_INVALID_STATE once the session ended
 */
gboolean
bgrun_workout_session_add_replay_source (BgrunWorkoutSession  *self,
                                         GFile                *file,
                                         GCancellable         *cancellable,
                                         GError              **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  BgrunWorkoutSource *source;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_ended (self, error) ||
      !g_file_load_contents (file, cancellable, &contents, NULL, NULL, error))
    return FALSE;
  name = g_file_get_parse_name (file);
  source = bgrun_workout_source_replay_new (self, name, contents, error);
  if (source == NULL)
    return FALSE;
  bgrun_workout_session_add_source (self, source);
  return TRUE;
}

/**
 * bgrun_workout_session_add_location_source:
 * @self: a session that has not ended
 * @location: a location session of the app's
 * @error: return location for a #GError
 *
 * Has @location feed the workout its route, distance and speed: from
 * when the session becomes active until it ends, each location @location
 * delivers while the workout is running and collecting becomes a route
 * point ([method@Bgrun.WorkoutBuilder.add_route_point], so exports hold
 * the route) and, from the second one on, a %BGRUN_QUANTITY_TYPE_DISTANCE
 * sample of the metres from the location before
 * ([method@Bgrun.Location.distance_to]) and a %BGRUN_QUANTITY_TYPE_SPEED
 * sample: the location's own speed when it has one, else that distance
 * over the time between the two locations' timestamps. All are dated
 * when the location arrives, on the scheduler's clock.
 *
 * While the workout is paused, by the user or in a motion pause,
 * locations are dropped and the way covered meanwhile is not counted:
 * distance counts again from the first location after the pause. When
 * @location pauses its updates by itself
 * ([signal@Bgrun.LocationSession::updates-paused]: the runner stands
 * still), the session emits a %BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED
 * event, and %BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED when they resume;
 * the location that resumes them counts from where the runner stopped.
 *
 * The app starts and stops @location itself (it may show a map before
 * and after the workout); the workout only listens, and keeps a
 * reference to it until the session goes. A recovered session
 * ([func@Bgrun.WorkoutSession.recover_async]) keeps the route and
 * distance recorded so far, not its sources: add the location source
 * again.
 *
 * Returns: %TRUE, or %FALSE with @error set: %G_IO_ERROR_EXISTS when
 *   @location already feeds this workout (its distance would count
 *   twice), %BGRUN_SESSION_ERROR_INVALID_STATE once the session ended
 */
gboolean
bgrun_workout_session_add_location_source (BgrunWorkoutSession   *self,
                                           BgrunLocationSession  *location,
                                           GError               **error)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (location), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_ended (self, error))
    return FALSE;
  for (guint i = 0; i < self->sources->len; i++)
    if (bgrun_workout_source_location_get_location (g_ptr_array_index (self->sources, i)) == location)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _("This location session already feeds the workout: its distance would count twice."));
        return FALSE;
      }
  bgrun_workout_session_add_source (self, bgrun_workout_source_location_new (self, location));
  return TRUE;
}
