/* bgrun-workout-export-tcx.c: a workout as Garmin Training Center XML
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-workout-export-private.h"
#include "bgrun-workout-private.h"

/* TrainingCenterDatabase v2
 * (https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd): one
 * Activity whose Laps end at the workout's lap events, each with its
 * time (pauses excluded), distance, calories and track. Elements come in
 * the order the schema's sequences require. */
#define TCX_NS "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"

static const char *
tcx_sport (BgrunWorkoutActivityType type)
{
  switch (type)
    {
    case BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING: return "Running";
    case BGRUN_WORKOUT_ACTIVITY_TYPE_CYCLING: return "Biking";
    default: return "Other"; /* the schema's Sport_t has no more */
    }
}

static double
sum_between (BgrunWorkoutTimeline *timeline,
             BgrunQuantityType     type,
             gint64                from,
             gint64                to,
             gboolean              last)
{
  const BgrunWorkoutSample *samples;
  guint n;
  double sum = 0;

  samples = bgrun_workout_timeline_get_samples (timeline, type, &n);
  for (guint i = 0; i < n; i++)
    if (samples[i].at >= from && (samples[i].at < to || (last && samples[i].at == to)))
      sum += samples[i].value;
  return sum;
}

static void
append_trackpoint (GString                *out,
                   const BgrunExportPoint *point)
{
  g_autofree char *time = bgrun_export_time (point->at);

  g_string_append_printf (out, "          <Trackpoint>\n            <Time>%s</Time>\n", time);
  if (point->has_position)
    {
      g_string_append (out, "            <Position>\n              <LatitudeDegrees>");
      bgrun_export_number (out, point->latitude, 7);
      g_string_append (out, "</LatitudeDegrees>\n              <LongitudeDegrees>");
      bgrun_export_number (out, point->longitude, 7);
      g_string_append (out, "</LongitudeDegrees>\n            </Position>\n");
    }
  if (!isnan (point->altitude))
    {
      g_string_append (out, "            <AltitudeMeters>");
      bgrun_export_number (out, point->altitude, 1);
      g_string_append (out, "</AltitudeMeters>\n");
    }
  g_string_append (out, "            <DistanceMeters>");
  bgrun_export_number (out, point->distance, 1);
  g_string_append (out, "</DistanceMeters>\n");
  if (!isnan (point->heart_rate))
    g_string_append_printf (out, "            <HeartRateBpm>\n              <Value>%d</Value>\n            </HeartRateBpm>\n",
                            (int) CLAMP (round (point->heart_rate), 0, 255));
  if (!isnan (point->cadence))
    g_string_append_printf (out, "            <Cadence>%d</Cadence>\n",
                            (int) CLAMP (round (point->cadence), 0, 254));
  g_string_append (out, "          </Trackpoint>\n");
}

/**
 * bgrun_workout_export_tcx:
 * @self: a workout
 * @file: where to write it (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes the workout as Garmin Training Center XML (TCX v2): one activity
 * whose laps end at the workout's lap events, each with its time (pauses
 * excluded), distance, calories and track. The track points are the
 * route's, or, for a workout without a route (indoors), the times of its
 * heart-rate samples; each has its time, position and elevation when
 * known, the distance so far, and the heart rate and cadence of that
 * moment. Blocks while writing.
 *
 * Returns: %TRUE, or %FALSE with the #GIOError of writing @file
 */
gboolean
bgrun_workout_export_tcx (BgrunWorkout  *self,
                          GFile         *file,
                          GError       **error)
{
  BgrunWorkoutTimeline *timeline;
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) bounds = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *start = NULL;
  guint next_point = 0;
  gint64 begin, end;

  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  timeline = bgrun_workout_get_timeline (self);
  begin = bgrun_workout_timeline_get_begin (timeline);
  end = bgrun_workout_timeline_get_end (timeline);
  points = bgrun_export_points (timeline);
  start = bgrun_export_time (begin);

  /* The laps' bounds: the start, every lap event inside the workout, the end. */
  bounds = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (bounds, begin);
  for (guint i = 0; i < bgrun_workout_timeline_get_n_events (timeline); i++)
    {
      BgrunWorkoutEventType type;
      gint64 at;
      double duration;

      bgrun_workout_timeline_get_event (timeline, i, &type, &at, &duration);
      if (type == BGRUN_WORKOUT_EVENT_TYPE_LAP && at > g_array_index (bounds, gint64, bounds->len - 1) && at < end)
        g_array_append_val (bounds, at);
    }
  g_array_append_val (bounds, end);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (out, "<TrainingCenterDatabase xmlns=\"" TCX_NS "\"\n"
                        "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                        "    xsi:schemaLocation=\"" TCX_NS " https://www8.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd\">\n");
  g_string_append_printf (out, "  <Activities>\n    <Activity Sport=\"%s\">\n      <Id>%s</Id>\n",
                          tcx_sport (bgrun_workout_get_activity_type (self)), start);
  for (guint lap = 0; lap + 1 < bounds->len; lap++)
    {
      gint64 from = g_array_index (bounds, gint64, lap), to = g_array_index (bounds, gint64, lap + 1);
      gboolean last = lap + 2 == bounds->len;
      g_autofree char *lap_start = bgrun_export_time (from);

      g_string_append_printf (out, "      <Lap StartTime=\"%s\">\n        <TotalTimeSeconds>", lap_start);
      bgrun_export_number (out, bgrun_workout_timeline_active (timeline, from, to), 1);
      g_string_append (out, "</TotalTimeSeconds>\n        <DistanceMeters>");
      bgrun_export_number (out, sum_between (timeline, BGRUN_QUANTITY_TYPE_DISTANCE, from, to, last), 1);
      g_string_append_printf (out, "</DistanceMeters>\n        <Calories>%d</Calories>\n"
                                   "        <Intensity>Active</Intensity>\n"
                                   "        <TriggerMethod>Manual</TriggerMethod>\n"
                                   "        <Track>\n",
                              (int) CLAMP (round (sum_between (timeline, BGRUN_QUANTITY_TYPE_ACTIVE_ENERGY,
                                                               from, to, last)), 0, 65535));
      for (; next_point < points->len; next_point++)
        {
          BgrunExportPoint *point = &g_array_index (points, BgrunExportPoint, next_point);

          if (point->at >= to && !(last && point->at == to))
            break;
          append_trackpoint (out, point);
        }
      g_string_append (out, "        </Track>\n      </Lap>\n");
    }
  g_string_append (out, "    </Activity>\n  </Activities>\n</TrainingCenterDatabase>\n");
  return bgrun_export_write (file, out, error);
}
