/* bgrun-location-session-regions.c: the regions a location session
 * monitors for its app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-location-session-private.h"

#define signals bgrun_location_session_signals

static void
on_region_event (BgrunRegionMonitor *monitor,
                 BgrunRegion        *region,
                 BgrunRegionEvent    event,
                 gpointer            user_data)
{
  g_signal_emit (user_data, signals[SIG_REGION_EVENT], 0, region, event);
}

void
bgrun_location_session_watch_regions (BgrunLocationSession *self,
                                      gboolean              watch)
{
  if (watch && self->region_handler == 0)
    self->region_handler = g_signal_connect (self->regions, "region-event",
                                             G_CALLBACK (on_region_event), self);
  else if (!watch)
    g_clear_signal_handler (&self->region_handler, self->regions);
}

/**
 * bgrun_location_session_monitor_region:
 * @self: a session
 * @region: the region to monitor
 * @error: return location for a [error@Bgrun.LocationError]
 *
 * Starts monitoring @region: while the session runs,
 * [signal@Bgrun.LocationSession::region-event] reports the device
 * entering and leaving it. A region with the identifier of one already
 * monitored replaces it. The device's first clear position inside or
 * outside a new region sets its state without an event (a region the
 * device is already in does not report an entry). The region is stored:
 * sessions the app creates later, after restarts too, monitor it.
 *
 * Fails with %BGRUN_LOCATION_ERROR_INVALID_REGION (see
 * [method@Bgrun.Region.validate]), %BGRUN_LOCATION_ERROR_TOO_MANY_REGIONS
 * when the app already monitors %BGRUN_LOCATION_MAX_REGIONS others, or
 * %BGRUN_LOCATION_ERROR_REGION_STORE when it cannot be stored.
 *
 * Returns: %TRUE when the region is monitored
 */
gboolean
bgrun_location_session_monitor_region (BgrunLocationSession  *self,
                                       BgrunRegion           *region,
                                       GError               **error)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_REGION (region), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bgrun_region_monitor_add (self->regions, region, error);
}

/**
 * bgrun_location_session_stop_monitoring_region:
 * @self: a session
 * @region: a region, or any region with the same identifier
 * @error: return location for a %BGRUN_LOCATION_ERROR_REGION_STORE error
 *
 * Stops monitoring the region with @region's identifier, for good. A
 * region that is not monitored is no error.
 *
 * Returns: %TRUE when the region is no longer monitored
 */
gboolean
bgrun_location_session_stop_monitoring_region (BgrunLocationSession  *self,
                                               BgrunRegion           *region,
                                               GError               **error)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_REGION (region), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bgrun_region_monitor_remove (self->regions, bgrun_region_get_identifier (region), error);
}

/**
 * bgrun_location_session_get_monitored_regions:
 * @self: a session
 *
 * Gets the regions the app monitors, in the order they were first
 * monitored; the model changes as regions are added and removed.
 *
 * Returns: (transfer none): a list model of [class@Bgrun.Region]
 */
GListModel *
bgrun_location_session_get_monitored_regions (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), NULL);

  return bgrun_region_monitor_get_model (self->regions);
}
