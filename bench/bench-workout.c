/* bench-workout.c: a 3-hour workout at 1 Hz, its journal and its recovery
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-workout DIRECTORY [SECONDS]
 *
 * Records a running workout of SECONDS (10,800: three hours) on a test
 * clock, as a run tracker with a heart-rate sensor and a location source
 * does: every second a heart-rate sample, a distance and a speed sample
 * and a route point, a lap every kilometre-ish (300 s). The clock is
 * advanced one second after each round, so time costs nothing; what is
 * measured is libbgrun's work:
 *
 * - CPU time (user + system, getrusage) of recording, per simulated hour
 *   and per sample;
 * - VmRSS before and after recording, and the malloc heap in use
 *   (mallinfo2), per hour;
 * - the crash journal's size, per hour;
 * - recovery: the session dropped without finishing (what a crash leaves)
 *   and recovered by a new scheduler, wall time from recover_async() to
 *   its callback;
 * - finishing the workout and exporting it as GPX and TCX, wall time and
 *   file sizes.
 */

#include <malloc.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "bench-common.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gint64
heap_bytes (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (gint64) (info.uordblks + info.hblkhd);
}

static BgrunScheduler *
new_scheduler (const char *directory,
               BgrunClock *clock)
{
  return g_object_new (BGRUN_TYPE_SCHEDULER, "app-id", BENCH_APP_ID, "clock", clock,
                       "state-directory", directory, NULL);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

int
main (int    argc,
      char **argv)
{
  const char *directory;
  long seconds;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2030, 6, 1, 7, 0, 0);
  g_autoptr(BgrunClock) clock = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunScheduler) second = NULL;
  g_autoptr(BgrunWorkoutConfiguration) configuration = NULL;
  g_autoptr(BgrunWorkoutSession) session = NULL;
  g_autoptr(BgrunWorkout) workout = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) gpx = NULL;
  g_autoptr(GFile) tcx = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *gpx_path = NULL;
  g_autofree char *tcx_path = NULL;
  GAsyncResult *result = NULL;
  BgrunWorkoutBuilder *builder;
  struct stat st;
  double cpu, hours;
  long rss_before;
  gint64 heap_before, t0;

  if (argc < 2)
    bench_fail ("usage: bench-workout DIRECTORY [SECONDS]");
  directory = argv[1];
  seconds = bench_arg (argc, argv, 2, 10800);
  hours = seconds / 3600.0;
  journal = g_build_filename (directory, BENCH_APP_ID, "workout.journal", NULL);

  clock = bgrun_test_clock_new (start);
  scheduler = new_scheduler (directory, clock);
  configuration = bgrun_workout_configuration_new (BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING,
                                                   BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR);
  session = bgrun_workout_session_new (scheduler, configuration, &error);
  if (session == NULL)
    bench_fail ("%s", error->message);
  builder = bgrun_workout_session_get_builder (session);
  if (!bgrun_workout_session_start_activity (session, NULL, &error) ||
      !bgrun_workout_builder_begin_collection (builder, NULL, &error))
    bench_fail ("%s", error->message);

  rss_before = bench_rss_kib ();
  heap_before = heap_bytes ();
  cpu = cpu_seconds ();
  for (long n = 0; n < seconds; n++)
    {
      double angle = n / 600.0;

      if (!bgrun_workout_builder_add_sample (builder, BGRUN_QUANTITY_TYPE_HEART_RATE, 140 + n % 20, NULL, &error) ||
          !bgrun_workout_builder_add_sample (builder, BGRUN_QUANTITY_TYPE_DISTANCE, 3.1, NULL, &error) ||
          !bgrun_workout_builder_add_sample (builder, BGRUN_QUANTITY_TYPE_SPEED, 3.1, NULL, &error) ||
          !bgrun_workout_builder_add_route_point (builder, 48.137 + 0.01 * sin (angle),
                                                  11.576 + 0.015 * cos (angle), 520, NULL, &error))
        bench_fail ("%s", error->message);
      if (n % 300 == 299)
        {
          g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
          g_autoptr(BgrunWorkoutEvent) lap = bgrun_workout_event_new (BGRUN_WORKOUT_EVENT_TYPE_LAP, now, 300);

          if (!bgrun_workout_builder_add_event (builder, lap, &error))
            bench_fail ("%s", error->message);
        }
      bgrun_test_clock_advance (BGRUN_TEST_CLOCK (clock), 1);
    }
  cpu = cpu_seconds () - cpu;
  if (stat (journal, &st) != 0)
    bench_fail ("no journal at %s", journal);

  bench_result ("seconds_recorded", "%ld", seconds);
  bench_result ("cpu_seconds_per_hour", "%.3f", cpu / hours);
  bench_result ("cpu_microseconds_per_sample", "%.2f", cpu * 1e6 / (seconds * 4.0));
  bench_result ("rss_kib_per_hour", "%.0f", (bench_rss_kib () - rss_before) / hours);
  bench_result ("heap_kib_per_hour", "%.0f", (heap_bytes () - heap_before) / 1024.0 / hours);
  bench_result ("journal_kib", "%.0f", st.st_size / 1024.0);
  bench_result ("journal_kib_per_hour", "%.0f", st.st_size / 1024.0 / hours);

  /* A crash: the session goes without ending or finishing. */
  g_clear_object (&session);
  g_clear_object (&scheduler);
  second = new_scheduler (directory, clock);
  t0 = g_get_monotonic_time ();
  bgrun_workout_session_recover_async (second, NULL, got_result, &result);
  session = bgrun_workout_session_recover_finish (wait_for (&result), &error);
  if (session == NULL)
    bench_fail ("%s", error->message);
  bench_result ("recovery_ms", "%.1f", (g_get_monotonic_time () - t0) / 1000.0);
  builder = bgrun_workout_session_get_builder (session);
  {
    g_autoptr(BgrunStatistics) heart = bgrun_workout_builder_get_statistics (builder, BGRUN_QUANTITY_TYPE_HEART_RATE);

    if (bgrun_statistics_get_count (heart) != (guint) seconds)
      bench_fail ("recovered %u heart-rate samples of %ld", bgrun_statistics_get_count (heart), seconds);
  }
  g_clear_object (&result);

  t0 = g_get_monotonic_time ();
  if (!bgrun_workout_session_stop_activity (session, NULL, &error) ||
      !bgrun_workout_builder_end_collection (builder, NULL, &error) ||
      !bgrun_workout_session_end (session, &error))
    bench_fail ("%s", error->message);
  bgrun_workout_builder_finish_workout_async (builder, NULL, got_result, &result);
  workout = bgrun_workout_builder_finish_workout_finish (builder, wait_for (&result), &error);
  if (workout == NULL)
    bench_fail ("%s", error->message);
  bench_result ("finish_ms", "%.1f", (g_get_monotonic_time () - t0) / 1000.0);
  g_clear_object (&result);

  gpx_path = g_build_filename (directory, "workout.gpx", NULL);
  tcx_path = g_build_filename (directory, "workout.tcx", NULL);
  gpx = g_file_new_for_path (gpx_path);
  tcx = g_file_new_for_path (tcx_path);
  t0 = g_get_monotonic_time ();
  if (!bgrun_workout_export_gpx (workout, gpx, &error))
    bench_fail ("%s", error->message);
  bench_result ("export_gpx_ms", "%.1f", (g_get_monotonic_time () - t0) / 1000.0);
  stat (gpx_path, &st);
  bench_result ("gpx_kib", "%.0f", st.st_size / 1024.0);
  t0 = g_get_monotonic_time ();
  if (!bgrun_workout_export_tcx (workout, tcx, &error))
    bench_fail ("%s", error->message);
  bench_result ("export_tcx_ms", "%.1f", (g_get_monotonic_time () - t0) / 1000.0);
  stat (tcx_path, &st);
  bench_result ("tcx_kib", "%.0f", st.st_size / 1024.0);
  return 0;
}
