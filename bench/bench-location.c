/* bench-location.c: what location sessions cost
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *   bench-location DIR [FIXES] [REGIONS] [HOURS]
 *
 * Prints, as `result NAME VALUE` lines (see bench-common.h):
 *
 * - cpu-ms-per-10k-fixes: CPU time (user + system, getrusage) the session
 *   spends on FIXES (10,000) replayed fixes, 1 Hz, of a walk zigzagging
 *   through REGIONS (100) monitored circles of 100 m, scaled to 10,000:
 *   delivery, distance filter, pause detection and region monitoring, the
 *   stored state written at each crossing included. The replay runs on the
 *   test driver's clock, so nothing waits; parsing the track is not timed
 *   here (it is below).
 * - cpu-ms-per-10k-fixes-no-regions: the same without regions: the
 *   difference is region monitoring's.
 * - region-events: entries and exits seen on the walk (a sanity check
 *   that regions were crossed).
 * - parse-ms-per-10k-fixes: CPU time to read and parse the GPX track.
 * - bytes-per-fix, mib-per-track: the malloc heap (mallinfo2) a replay of
 *   an HOURS-long (10) 1 Hz track holds once started: the parsed track,
 *   kept in memory for the whole replay.
 *
 * DIR receives the tracks; the regions file goes, with each test
 * driver's store, to a temporary directory of its own.
 */

#include <malloc.h>
#include <math.h>
#include <sys/resource.h>

#include "bench-common.h"

#define METRES_PER_DEGREE 110574.389
#define APP "org.example.BenchLocation"

static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e3 + usage.ru_utime.tv_usec / 1e3 +
         usage.ru_stime.tv_sec * 1e3 + usage.ru_stime.tv_usec / 1e3;
}

static size_t
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* A walk at 1.4 m/s: 1 km east and back, 50 m north each leg, so it
 * sweeps a 1 km wide band northwards. */
static char *
write_track (const char *dir,
             const char *name,
             guint       fixes)
{
  g_autoptr(GString) gpx = g_string_new ("<?xml version=\"1.0\"?>\n<gpx version=\"1.1\"><trk><trkseg>\n");
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 5, 1, 6, 0, 0);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < fixes; i++)
    {
      double along = fmod (i * 1.4, 2000.0);
      double east = along < 1000 ? along : 2000 - along;
      double north = floor (i * 1.4 / 1000.0) * 50.0 + (i % 2) * 0.5;
      g_autoptr(GDateTime) when = g_date_time_add_seconds (start, i);
      g_autofree char *time = g_date_time_format_iso8601 (when);
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (lat, sizeof lat, "%.9f", north / METRES_PER_DEGREE);
      g_ascii_formatd (lon, sizeof lon, "%.9f", 10.0 + east / 111319.491);
      g_string_append_printf (gpx, "<trkpt lat=\"%s\" lon=\"%s\"><ele>10</ele><time>%s</time></trkpt>\n",
                              lat, lon, time);
    }
  g_string_append (gpx, "</trkseg></trk></gpx>\n");
  if (!g_file_set_contents (path, gpx->str, gpx->len, &error))
    bench_fail ("%s", error->message);
  return path;
}

static void
count (gpointer counter)
{
  (*(guint *) counter)++;
}

static BgrunLocationSession *
replay_session (BgrunTestDriver *driver,
                const char      *path)
{
  BgrunLocationSession *session = bgrun_location_session_new (bgrun_test_driver_get_scheduler (driver));
  g_autoptr(GFile) file = g_file_new_for_path (path);

  bgrun_location_session_set_provider (session, BGRUN_LOCATION_PROVIDER_REPLAY);
  bgrun_location_session_set_replay_file (session, file);
  bgrun_location_session_set_pauses_updates_automatically (session, FALSE);
  return session;
}

/* CPU time of replaying @path with @regions regions monitored. */
static double
replay_cpu (const char *path,
            guint       fixes,
            guint       regions,
            guint      *events,
            guint      *delivered)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
  g_autoptr(BgrunLocationSession) session = replay_session (driver, path);
  g_autoptr(GError) error = NULL;
  double before;

  for (guint i = 0; i < regions; i++)
    {
      g_autofree char *id = g_strdup_printf ("region%03u", i);
      /* A grid of circles over the band the walk sweeps. */
      double north = (i / 10) * (fixes * 1.4 / 1000.0 * 50.0 / 10.0) + 25;
      double east = (i % 10) * 100.0 + 50;
      g_autoptr(BgrunRegion) region = bgrun_region_new (id, north / METRES_PER_DEGREE,
                                                        10.0 + east / 111319.491, 100);

      if (!bgrun_location_session_monitor_region (session, region, &error))
        bench_fail ("%s", error->message);
    }
  g_signal_connect_swapped (session, "region-event", G_CALLBACK (count), events);
  g_signal_connect_swapped (session, "location-updated", G_CALLBACK (count), delivered);
  if (!bgrun_location_session_start (session, &error))
    bench_fail ("%s", error->message);

  before = cpu_ms ();
  bgrun_test_driver_advance (driver, fixes);
  before = cpu_ms () - before;

  return before;
}

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);
  guint fixes = bench_arg (argc, argv, 2, 10000);
  guint regions = bench_arg (argc, argv, 3, 100);
  guint hours = bench_arg (argc, argv, 4, 10);
  g_autofree char *track = NULL;
  g_autofree char *long_track = NULL;
  guint events = 0, delivered = 0, ignored = 0, ignored_events = 0;
  double with, without, parse;

  g_unsetenv ("BGRUN_LOCATION_REPLAY");

  track = write_track (dir, "walk.gpx", fixes);
  with = replay_cpu (track, fixes, regions, &events, &delivered);
  without = replay_cpu (track, fixes, 0, &ignored_events, &ignored);
  if (delivered != fixes)
    bench_fail ("%u fixes delivered out of %u", delivered, fixes);

  bench_result ("cpu-ms-per-10k-fixes", "%.1f", with * 10000.0 / fixes);
  bench_result ("cpu-ms-per-10k-fixes-no-regions", "%.1f", without * 10000.0 / fixes);
  bench_result ("region-events", "%u", events);

  /* Parsing, and what a long replay holds. */
  long_track = write_track (dir, "ten-hours.gpx", hours * 3600);
  {
    g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
    g_autoptr(BgrunLocationSession) session = replay_session (driver, long_track);
    g_autoptr(GError) error = NULL;
    size_t heap;
    double started;

    malloc_trim (0);
    heap = heap_in_use ();
    started = cpu_ms ();
    if (!bgrun_location_session_start (session, &error))
      bench_fail ("%s", error->message);
    parse = cpu_ms () - started;
    heap = heap_in_use () - heap;
    bench_result ("parse-ms-per-10k-fixes", "%.1f", parse * 10000.0 / (hours * 3600));
    bench_result ("bytes-per-fix", "%.0f", (double) heap / (hours * 3600));
    bench_result ("mib-per-track", "%.2f", heap / 1048576.0);
  }
  return 0;
}
