/* bgrun-track.c: recorded tracks read into locations
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-track-private.h"

gboolean
bgrun_track_append (GPtrArray  *track,
                    double      latitude,
                    double      longitude,
                    double      altitude,
                    double      horizontal_accuracy,
                    double      speed,
                    double      course,
                    GDateTime  *timestamp,
                    guint       line,
                    GError    **error)
{
  if (track->len > 0)
    {
      BgrunLocation *previous = g_ptr_array_index (track, track->len - 1);
      GTimeSpan gap = g_date_time_difference (timestamp, bgrun_location_get_timestamp (previous));

      if (gap <= 0)
        {
          g_autofree char *when = g_date_time_format_iso8601 (timestamp);

          g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                       _("line %u: the time %s is not after the previous point’s; a track’s times must increase"),
                       line, when);
          return FALSE;
        }
      if (speed < 0 || course < 0)
        {
          g_autoptr(BgrunLocation) here = bgrun_location_new (latitude, longitude);
          double distance = bgrun_location_distance_to (previous, here);

          if (speed < 0)
            speed = distance / ((double) gap / G_USEC_PER_SEC);
          /* Standing still has no direction. */
          if (course < 0 && distance > 0)
            course = bgrun_location_bearing_to (previous, here);
        }
    }
  g_ptr_array_add (track, bgrun_location_new_full (latitude, longitude, altitude,
                                                   horizontal_accuracy, -1, speed, course,
                                                   timestamp));
  return TRUE;
}

GPtrArray *
bgrun_track_load (GFile   *file,
                  GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) local_error = NULL;
  GPtrArray *track;
  const char *start;
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("The replay file %s cannot be read: %s"), name, local_error->message);
      return NULL;
    }

  start = contents;
  if (length >= 3 && memcmp (start, "\xEF\xBB\xBF", 3) == 0)
    start += 3;
  while (start < contents + length && g_ascii_isspace (*start))
    start++;

  if (start < contents + length && *start == '<')
    track = bgrun_gpx_parse (start, contents + length - start, &local_error);
  else
    track = bgrun_nmea_parse (contents, length, &local_error);

  if (track == NULL)
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE,
                   _("The replay file %s does not parse: %s"), name, local_error->message);
      return NULL;
    }
  return track;
}
