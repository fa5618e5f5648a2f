/* bgrun-pause-detector.c: telling when the device stands still
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-location-session.h"
#include "bgrun-pause-detector-private.h"

BgrunPauseChange
bgrun_pause_detector_feed (BgrunPauseDetector *self,
                           BgrunLocation      *fix,
                           gboolean            may_pause)
{
  double distance;
  GTimeSpan still_for;

  if (self->anchor == NULL)
    {
      self->anchor = bgrun_location_ref (fix);
      return BGRUN_PAUSE_CHANGE_NONE;
    }

  distance = bgrun_location_distance_to (self->anchor, fix);
  if (distance > BGRUN_LOCATION_PAUSE_RADIUS)
    {
      gboolean was_paused = self->paused;

      /* Moving: the next stationary stretch starts here. */
      g_clear_pointer (&self->anchor, bgrun_location_unref);
      self->anchor = bgrun_location_ref (fix);
      self->paused = FALSE;
      return was_paused ? BGRUN_PAUSE_CHANGE_RESUMED : BGRUN_PAUSE_CHANGE_NONE;
    }
  if (self->paused || !may_pause)
    return BGRUN_PAUSE_CHANGE_NONE;

  still_for = g_date_time_difference (bgrun_location_get_timestamp (fix),
                                      bgrun_location_get_timestamp (self->anchor));
  if (still_for >= (GTimeSpan) BGRUN_LOCATION_PAUSE_DELAY * G_USEC_PER_SEC)
    {
      self->paused = TRUE;
      return BGRUN_PAUSE_CHANGE_PAUSED;
    }
  return BGRUN_PAUSE_CHANGE_NONE;
}

gboolean
bgrun_pause_detector_reset (BgrunPauseDetector *self)
{
  gboolean was_paused = self->paused;

  g_clear_pointer (&self->anchor, bgrun_location_unref);
  self->paused = FALSE;
  return was_paused;
}
