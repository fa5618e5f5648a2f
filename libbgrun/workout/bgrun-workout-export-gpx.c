/* bgrun-workout-export-gpx.c: a workout as GPX 1.1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-i18n-private.h"
#include "bgrun-workout-export-private.h"
#include "bgrun-workout-private.h"

/* GPX 1.1 (https://www.topografix.com/GPX/1/1/) with Garmin's
 * TrackPointExtension v2 for heart rate (hr, beats per minute) and
 * cadence (cad, per minute), the extension Strava, Garmin Connect and
 * gpsbabel read. A pause starts a new track segment. */
#define GPX_NS  "http://www.topografix.com/GPX/1/1"
#define TPX_NS  "http://www.garmin.com/xmlschemas/TrackPointExtension/v2"

static void
append_point (GString                *out,
              const BgrunExportPoint *point)
{
  g_autofree char *time = bgrun_export_time (point->at);

  g_string_append (out, "      <trkpt lat=\"");
  bgrun_export_number (out, point->latitude, 7);
  g_string_append (out, "\" lon=\"");
  bgrun_export_number (out, point->longitude, 7);
  g_string_append (out, "\">\n");
  if (!isnan (point->altitude))
    {
      g_string_append (out, "        <ele>");
      bgrun_export_number (out, point->altitude, 1);
      g_string_append (out, "</ele>\n");
    }
  g_string_append_printf (out, "        <time>%s</time>\n", time);
  if (!isnan (point->heart_rate) || !isnan (point->cadence))
    {
      g_string_append (out, "        <extensions>\n          <gpxtpx:TrackPointExtension>\n");
      /* Both are unsigned bytes in the schema. */
      if (!isnan (point->heart_rate))
        g_string_append_printf (out, "            <gpxtpx:hr>%d</gpxtpx:hr>\n",
                                (int) CLAMP (round (point->heart_rate), 0, 255));
      if (!isnan (point->cadence))
        g_string_append_printf (out, "            <gpxtpx:cad>%d</gpxtpx:cad>\n",
                                (int) CLAMP (round (point->cadence), 0, 254));
      g_string_append (out, "          </gpxtpx:TrackPointExtension>\n        </extensions>\n");
    }
  g_string_append (out, "      </trkpt>\n");
}

/**
 * bgrun_workout_export_gpx:
 * @self: a workout with a route
 * @file: where to write it (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes the workout's route as GPX 1.1, one track point per route
 * point, each with its time, elevation when known, and the heart rate
 * and cadence of that moment (readings at most 10 s old) in Garmin's
 * TrackPointExtension v2 — what training sites and gpsbabel read. Each
 * pause starts a new track segment. Blocks while writing.
 *
 * Returns: %TRUE, or %FALSE with @error set: %G_IO_ERROR_NOT_SUPPORTED
 *   for a workout without a route (export it as TCX), or the #GIOError
 *   of writing @file
 */
gboolean
bgrun_workout_export_gpx (BgrunWorkout  *self,
                          GFile         *file,
                          GError       **error)
{
  BgrunWorkoutTimeline *timeline;
  g_autoptr(GString) out = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *start = NULL;
  g_autofree char *name = NULL;
  guint n_route;

  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  timeline = bgrun_workout_get_timeline (self);
  bgrun_workout_timeline_get_route (timeline, &n_route);
  if (n_route == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The workout has no route, and a GPX track is made of positions: export it as TCX instead."));
      return FALSE;
    }
  points = bgrun_export_points (timeline);
  start = bgrun_export_time (bgrun_workout_timeline_get_begin (timeline));
  name = g_markup_escape_text (bgrun_export_sport (bgrun_workout_get_activity_type (self)), -1);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (out,
                   "<gpx version=\"1.1\" creator=\"libbgrun\" xmlns=\"" GPX_NS "\"\n"
                   "     xmlns:gpxtpx=\"" TPX_NS "\"\n"
                   "     xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                   "     xsi:schemaLocation=\"" GPX_NS " http://www.topografix.com/GPX/1/1/gpx.xsd "
                   TPX_NS " https://www8.garmin.com/xmlschemas/TrackPointExtensionv2.xsd\">\n");
  g_string_append_printf (out, "  <metadata>\n    <time>%s</time>\n  </metadata>\n", start);
  g_string_append_printf (out, "  <trk>\n    <name>%s</name>\n    <type>%s</type>\n    <trkseg>\n",
                          name, name);
  for (guint i = 0; i < points->len; i++)
    {
      BgrunExportPoint *point = &g_array_index (points, BgrunExportPoint, i);

      if (point->after_pause)
        g_string_append (out, "    </trkseg>\n    <trkseg>\n");
      append_point (out, point);
    }
  g_string_append (out, "    </trkseg>\n  </trk>\n</gpx>\n");
  return bgrun_export_write (file, out, error);
}
