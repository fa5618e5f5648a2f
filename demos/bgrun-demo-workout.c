/* bgrun-demo-workout.c: bgrun-demo's workout step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A 30-minute run on the test driver's clock: a heart-rate sensor (a
 * replay file standing in for the Bluetooth one), a route, a pause and a
 * lap; the app "crashes" halfway and recovers the workout; then it
 * finishes, shows the statistics and exports GPX and TCX.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>

#include <bgrun.h>

#include "bgrun-demo-daemon.h"
#include "bgrun-demo-workout.h"

#define APP "org.bgrun.Demo.Workout"
#define MINUTES 30

static void
on_state_changed (BgrunWorkoutSession      *session,
                  BgrunWorkoutSessionState  to,
                  BgrunWorkoutSessionState  from,
                  GDateTime                *date,
                  gpointer                  user_data)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (BGRUN_TYPE_WORKOUT_SESSION_STATE);
  g_autofree char *time = g_date_time_format (date, "%H:%M:%S");

  g_print (_("  %s  %s → %s\n"), time, g_enum_get_value (states, from)->value_nick,
           g_enum_get_value (states, to)->value_nick);
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

/* The heart rate the replay file gives: warming up, then steady. */
static char *
write_replay (const char *dir)
{
  g_autoptr(GString) text = g_string_new ("# seconds quantity value\n");
  char *path = g_build_filename (dir, "heart-rate.replay", NULL);

  for (int second = 0; second <= MINUTES * 60; second += 5)
    g_string_append_printf (text, "%d heart-rate %d\n", second,
                            second < 300 ? 110 + second / 10 : 140 + (second / 60) % 12);
  g_file_set_contents (path, text->str, text->len, NULL);
  return path;
}

/* Runs from minute @from to @to: a route point and a distance each 10 s. */
static void
run (BgrunTestDriver     *driver,
     BgrunWorkoutBuilder *builder,
     int                  from,
     int                  to)
{
  for (int second = from * 60; second < to * 60; second += 10)
    {
      double angle = second / 900.0;

      bgrun_workout_builder_add_route_point (builder, 48.1372 + 0.01 * sin (angle),
                                             11.5756 + 0.014 * (1 - cos (angle)), 520, NULL, NULL);
      bgrun_workout_builder_add_sample (builder, BGRUN_QUANTITY_TYPE_DISTANCE, 29, NULL, NULL);
      bgrun_test_driver_advance (driver, 10);
    }
}

static BgrunWorkoutSession *
crash_and_recover (BgrunTestDriver     *driver,
                   BgrunWorkoutSession *session)
{
  g_autoptr(BgrunScheduler) scheduler = bgrun_test_driver_open_scheduler (driver);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BgrunWorkoutSession *recovered;

  g_object_unref (session);
  bgrun_workout_session_recover_async (scheduler, NULL, got_result, &result);
  recovered = bgrun_workout_session_recover_finish (wait_for (&result), &error);
  if (recovered == NULL)
    g_printerr ("%s\n", error->message);
  return recovered;
}

void
bgrun_demo_workout_step (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
  g_autoptr(BgrunWorkoutConfiguration) configuration =
    bgrun_workout_configuration_new (BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING, BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(BgrunWorkout) workout = NULL;
  g_autoptr(BgrunStatistics) heart = NULL;
  g_autoptr(BgrunStatistics) distance = NULL;
  g_autoptr(GFile) replay = NULL;
  g_autoptr(BgrunWorkoutEvent) lap = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bgrun-demo-workout-XXXXXX", NULL);
  g_autofree char *replay_path = NULL;
  g_autofree char *gpx_path = NULL;
  g_autofree char *tcx_path = NULL;
  BgrunWorkoutSession *session;
  BgrunWorkoutBuilder *builder;
  double elapsed;

  g_print (_("\n== A workout (simulated %d minutes) ==\n"), MINUTES);
  if (dir == NULL)
    return;
  session = bgrun_workout_session_new (bgrun_test_driver_get_scheduler (driver), configuration, &error);
  if (session == NULL)
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  builder = bgrun_workout_session_get_builder (session);
  replay_path = write_replay (dir);
  replay = g_file_new_for_path (replay_path);
  g_signal_connect (session, "state-changed", G_CALLBACK (on_state_changed), NULL);
  if (!bgrun_workout_session_add_replay_source (session, replay, NULL, &error))
    g_printerr ("%s\n", error->message);

  bgrun_workout_session_prepare (session, NULL);
  bgrun_workout_session_start_activity (session, NULL, NULL);
  bgrun_workout_builder_begin_collection (builder, NULL, NULL);
  run (driver, builder, 0, 10);
  bgrun_workout_session_pause (session, NULL);
  bgrun_test_driver_advance (driver, 120);
  bgrun_workout_session_resume (session, NULL);
  run (driver, builder, 12, 16);

  g_print (_("  The app is killed at minute 16; started again, it recovers the workout:\n"));
  session = crash_and_recover (driver, session);
  if (session == NULL)
    goto out;
  builder = bgrun_workout_session_get_builder (session);
  heart = bgrun_workout_builder_get_statistics (builder, BGRUN_QUANTITY_TYPE_HEART_RATE);
  g_print (_("  Recovered %u heart-rate samples, %.0f s of running; the sensor goes on.\n"),
           bgrun_statistics_get_count (heart), bgrun_workout_builder_get_elapsed_time (builder));
  g_clear_pointer (&heart, bgrun_statistics_unref);
  bgrun_workout_session_add_replay_source (session, replay, NULL, NULL);
  g_signal_connect (session, "state-changed", G_CALLBACK (on_state_changed), NULL);

  now = bgrun_clock_get_now (bgrun_scheduler_get_clock (bgrun_test_driver_get_scheduler (driver)));
  lap = bgrun_workout_event_new (BGRUN_WORKOUT_EVENT_TYPE_LAP, now, 16 * 60);
  bgrun_workout_builder_add_event (builder, lap, NULL);
  run (driver, builder, 16, MINUTES);
  bgrun_workout_session_stop_activity (session, NULL, NULL);
  bgrun_workout_builder_end_collection (builder, NULL, NULL);
  bgrun_workout_session_end (session, NULL);
  bgrun_workout_builder_finish_workout_async (builder, NULL, got_result, &result);
  workout = bgrun_workout_builder_finish_workout_finish (builder, wait_for (&result), &error);
  if (workout == NULL)
    {
      g_printerr ("%s\n", error->message);
      goto out;
    }

  heart = bgrun_workout_get_statistics (workout, BGRUN_QUANTITY_TYPE_HEART_RATE);
  distance = bgrun_workout_get_statistics (workout, BGRUN_QUANTITY_TYPE_DISTANCE);
  elapsed = bgrun_workout_get_duration (workout);
  g_print (_("  Workout: %d:%02d running (the 2-minute pause left out), %.2f km, "
             "heart rate %.0f on average (time-weighted), %.0f at most.\n"),
           (int) elapsed / 60, (int) elapsed % 60, bgrun_statistics_get_sum (distance) / 1000,
           bgrun_statistics_get_average (heart), bgrun_statistics_get_maximum (heart));
  gpx_path = g_build_filename (dir, "run.gpx", NULL);
  tcx_path = g_build_filename (dir, "run.tcx", NULL);
  {
    g_autoptr(GFile) gpx = g_file_new_for_path (gpx_path);
    g_autoptr(GFile) tcx = g_file_new_for_path (tcx_path);

    if (bgrun_workout_export_gpx (workout, gpx, &error) && bgrun_workout_export_tcx (workout, tcx, &error))
      g_print (_("  Exported as GPX 1.1 (with heart rate) and TCX (2 laps).\n"));
    else
      g_printerr ("%s\n", error->message);
  }

out:
  g_clear_object (&session);
  bgrun_demo_remove_tree (dir);
}
