/* fuzz-track-check.h: what every parse must leave, whatever the input
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <math.h>
#include <stdlib.h>

#include <bgrun.h>

static inline void
fuzz_check_track (GPtrArray    *track,
                  const GError *error)
{
  /* Exactly one of a track and an error. */
  if ((track == NULL) == (error == NULL))
    abort ();
  if (error != NULL)
    {
      if (error->domain != BGRUN_LOCATION_ERROR || error->code != BGRUN_LOCATION_ERROR_REPLAY_FILE ||
          error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return;
    }
  if (track->len == 0)
    abort ();
  for (guint i = 0; i < track->len; i++)
    {
      BgrunLocation *point = g_ptr_array_index (track, i);
      double latitude = bgrun_location_get_latitude (point);
      double longitude = bgrun_location_get_longitude (point);

      if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180))
        abort ();
      if (i > 0 && g_date_time_compare (bgrun_location_get_timestamp (g_ptr_array_index (track, i - 1)),
                                        bgrun_location_get_timestamp (point)) >= 0)
        abort ();
      if (isnan (bgrun_location_get_speed (point)))
        abort ();
    }
}
