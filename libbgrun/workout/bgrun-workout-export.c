/* bgrun-workout-export.c: what the GPX and TCX exports share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-time-private.h"
#include "bgrun-workout-export-private.h"

GArray *
bgrun_export_points (BgrunWorkoutTimeline *timeline)
{
  GArray *points = g_array_new (FALSE, TRUE, sizeof (BgrunExportPoint));
  const BgrunWorkoutRoutePoint *route;
  const BgrunWorkoutSample *distances, *hearts;
  guint n_route, n_distances, n_hearts, next_distance = 0;
  double distance = 0;

  route = bgrun_workout_timeline_get_route (timeline, &n_route);
  hearts = bgrun_workout_timeline_get_samples (timeline, BGRUN_QUANTITY_TYPE_HEART_RATE, &n_hearts);
  distances = bgrun_workout_timeline_get_samples (timeline, BGRUN_QUANTITY_TYPE_DISTANCE, &n_distances);

  for (guint i = 0; i < (n_route > 0 ? n_route : n_hearts); i++)
    {
      BgrunExportPoint point = { 0 };

      if (n_route > 0)
        {
          point.at = route[i].at;
          point.has_position = TRUE;
          point.latitude = route[i].latitude;
          point.longitude = route[i].longitude;
          point.altitude = route[i].altitude;
        }
      else
        {
          point.at = hearts[i].at;
          point.altitude = NAN;
        }
      point.heart_rate = bgrun_workout_timeline_value_at (timeline, BGRUN_QUANTITY_TYPE_HEART_RATE,
                                                          point.at, BGRUN_EXPORT_READING_MAX_AGE);
      point.cadence = bgrun_workout_timeline_value_at (timeline, BGRUN_QUANTITY_TYPE_CADENCE,
                                                       point.at, BGRUN_EXPORT_READING_MAX_AGE);
      while (next_distance < n_distances && distances[next_distance].at <= point.at)
        distance += distances[next_distance++].value;
      point.distance = distance;
      if (points->len > 0)
        {
          gint64 before = g_array_index (points, BgrunExportPoint, points->len - 1).at;

          point.after_pause = bgrun_workout_timeline_active (timeline, before, point.at) * G_USEC_PER_SEC <
                              (double) (point.at - before) - 0.5;
        }
      g_array_append_val (points, point);
    }
  return points;
}

char *
bgrun_export_time (gint64 at)
{
  g_autoptr(GDateTime) date = bgrun_time_from_usec (at);
  g_autofree char *seconds = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S");
  int milliseconds = (int) ((at % G_USEC_PER_SEC + G_USEC_PER_SEC) % G_USEC_PER_SEC / 1000);

  if (milliseconds == 0)
    return g_strconcat (seconds, "Z", NULL);
  return g_strdup_printf ("%s.%03dZ", seconds, milliseconds);
}

void
bgrun_export_number (GString *out,
                     double   value,
                     int      decimals)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_snprintf (format, sizeof format, "%%.%df", decimals);
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

const char *
bgrun_export_sport (BgrunWorkoutActivityType type)
{
  switch (type)
    {
    case BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING: return "Running";
    case BGRUN_WORKOUT_ACTIVITY_TYPE_WALKING: return "Walking";
    case BGRUN_WORKOUT_ACTIVITY_TYPE_CYCLING: return "Biking";
    case BGRUN_WORKOUT_ACTIVITY_TYPE_HIKING: return "Hiking";
    case BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER:
    default: return "Other";
    }
}

gboolean
bgrun_export_write (GFile    *file,
                    GString  *out,
                    GError  **error)
{
  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
