/* bgrun-demo-location.c: bgrun-demo's location session step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A run is replayed from a GPX track this step writes: 600 m north, four
 * minutes waiting at a crossing, then on through a park monitored as a
 * region. The test driver's clock replays the twelve minutes at once, and
 * the session says everything it sees: locations every 100 m, the pause
 * at the crossing and the resumption, entering and leaving the park.
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bgrun-demo-location.h"

/* Near the equator (north of 0°, 10° E): metres and degrees of latitude
 * are proportional. */
#define METRES_PER_DEGREE 110574.389
#define PARK_NORTH        900.0
#define PARK_RADIUS       150.0

typedef struct {
  BgrunLocation *start;
  guint          fixes;
} Run;

static char *
write_track (const char *path)
{
  g_autoptr(GString) gpx = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                         "<gpx version=\"1.1\" creator=\"bgrun-demo\"><trk><trkseg>\n");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 5, 1, 7, 0, 0);
  g_autoptr(GError) error = NULL;
  double north = 0;

  /* A fix every 5 s: 200 s running at 3 m/s, 240 s standing (with a metre
   * of GPS jitter), 200 s running again. */
  for (guint t = 0; t <= 640; t += 5)
    {
      g_autoptr(GDateTime) when = g_date_time_add_seconds (start, t);
      g_autofree char *time = g_date_time_format_iso8601 (when);
      char lat[G_ASCII_DTOSTR_BUF_SIZE];

      if (t <= 200)
        north = t * 3.0;
      else if (t <= 440)
        north = 600 + (t % 10 ? 1 : -1);
      else
        north = 600 + (t - 440) * 3.0;
      g_ascii_formatd (lat, sizeof lat, "%.8f", north / METRES_PER_DEGREE);
      g_string_append_printf (gpx, "  <trkpt lat=\"%s\" lon=\"10\"><ele>12</ele><time>%s</time></trkpt>\n",
                              lat, time);
    }
  g_string_append (gpx, "</trkseg></trk></gpx>\n");
  if (!g_file_set_contents (path, gpx->str, gpx->len, &error))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  return g_strdup (path);
}

static char *
track_time (BgrunLocation *location)
{
  return g_date_time_format (bgrun_location_get_timestamp (location), "%H:%M:%S");
}

static void
on_location (BgrunLocationSession *session,
             BgrunLocation        *location,
             Run                  *run)
{
  g_autofree char *when = track_time (location);
  g_autofree char *speed = NULL;

  if (run->start == NULL)
    run->start = bgrun_location_ref (location);
  run->fixes++;
  /* GPX has no speed: the replay works it out from the point before. */
  speed = bgrun_location_get_speed (location) < 0 ? g_strdup (_("speed unknown"))
                                                  : g_strdup_printf (_("%.1f m/s"), bgrun_location_get_speed (location));
  g_print (_("  %s  %.5f, %.5f  %4.0f m from the start, %s\n"), when,
           bgrun_location_get_latitude (location), bgrun_location_get_longitude (location),
           bgrun_location_distance_to (run->start, location), speed);
}

static void
on_paused (BgrunLocationSession *session)
{
  g_print (_("  updates paused: the runner has not moved for %d s\n"), BGRUN_LOCATION_PAUSE_DELAY);
}

static void
on_resumed (BgrunLocationSession *session)
{
  g_print (_("  updates resumed: the runner moves again\n"));
}

static void
on_region (BgrunLocationSession *session,
           BgrunRegion          *region,
           BgrunRegionEvent      event)
{
  g_print (event == BGRUN_REGION_EVENT_ENTER ? _("  entered the region “%s”\n")
                                             : _("  left the region “%s”\n"),
           bgrun_region_get_identifier (region));
}

void
bgrun_demo_location_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bgrun-demo-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *track = NULL;
  g_autoptr(BgrunTestDriver) driver = NULL;
  g_autoptr(BgrunLocationSession) session = NULL;
  g_autoptr(BgrunRegion) park = NULL;
  g_autoptr(GFile) file = NULL;
  Run run = { 0 };

  g_print (_("\n== A run, replayed from a recorded track (simulated 11 minutes) ==\n"));
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  path = g_build_filename (dir, "run.gpx", NULL);
  track = write_track (path);
  if (track == NULL)
    goto out;

  driver = bgrun_test_driver_new ("org.bgrun.Demo");
  session = bgrun_location_session_new (bgrun_test_driver_get_scheduler (driver));
  file = g_file_new_for_path (track);
  bgrun_location_session_set_provider (session, BGRUN_LOCATION_PROVIDER_REPLAY);
  bgrun_location_session_set_replay_file (session, file);
  bgrun_location_session_set_distance_filter (session, 100);
  park = bgrun_region_new ("park", PARK_NORTH / METRES_PER_DEGREE, 10, PARK_RADIUS);
  if (!bgrun_location_session_monitor_region (session, park, &error))
    {
      g_printerr ("%s\n", error->message);
      goto out;
    }
  g_signal_connect (session, "location-updated", G_CALLBACK (on_location), &run);
  g_signal_connect (session, "updates-paused", G_CALLBACK (on_paused), NULL);
  g_signal_connect (session, "updates-resumed", G_CALLBACK (on_resumed), NULL);
  g_signal_connect (session, "region-event", G_CALLBACK (on_region), NULL);

  g_print (_("  Locations at least 100 m apart; the park is %.0f m across.\n"), 2 * PARK_RADIUS);
  if (!bgrun_location_session_start (session, &error))
    {
      g_printerr ("%s\n", error->message);
      goto out;
    }
  bgrun_test_driver_advance (driver, 700);
  g_print (_("  %u locations delivered by the %s provider.\n"), run.fixes,
           bgrun_location_session_get_active_provider (session));
  bgrun_location_session_stop (session);

out:
  g_clear_pointer (&run.start, bgrun_location_unref);
  if (path != NULL)
    g_unlink (path);
  g_rmdir (dir);
}
