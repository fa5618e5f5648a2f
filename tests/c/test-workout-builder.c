/* test-workout-builder.c: what only C can hand the workout builder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue 15, point 2. The bindings refuse a quantity type that is not one
 * before it reaches libbgrun (tests/python, tests/js cover the rest); C
 * callers can pass any int, and get a precise error for it.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <bgrun.h>

static BgrunWorkoutSession *
new_collecting_session (BgrunTestDriver *driver)
{
  g_autoptr(BgrunWorkoutConfiguration) configuration =
    bgrun_workout_configuration_new (BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING, BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR);
  g_autoptr(GError) error = NULL;
  BgrunWorkoutSession *session = bgrun_workout_session_new (bgrun_test_driver_get_scheduler (driver),
                                                            configuration, &error);

  g_assert_no_error (error);
  g_assert_true (bgrun_workout_session_start_activity (session, NULL, &error));
  g_assert_true (bgrun_workout_builder_begin_collection (bgrun_workout_session_get_builder (session), NULL, &error));
  g_assert_no_error (error);
  return session;
}

static void
test_unknown_quantity_type (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.CWorkout");
  g_autoptr(BgrunWorkoutSession) session = new_collecting_session (driver);
  BgrunWorkoutBuilder *builder = bgrun_workout_session_get_builder (session);
  g_autoptr(GError) error = NULL;

  g_assert_false (bgrun_workout_builder_add_sample (builder, (BgrunQuantityType) 99, 1, NULL, &error));
  g_assert_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_SAMPLE);
  g_assert_nonnull (strstr (error->message, "99 is not a quantity type"));
  g_clear_error (&error);

  g_assert_false (bgrun_workout_builder_add_sample (builder, (BgrunQuantityType) -1, 1, NULL, &error));
  g_assert_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_SAMPLE);
}

static void
test_statistics_are_boxed_and_autofreed (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.CWorkout");
  g_autoptr(BgrunWorkoutSession) session = new_collecting_session (driver);
  BgrunWorkoutBuilder *builder = bgrun_workout_session_get_builder (session);
  g_autoptr(BgrunStatistics) stats = NULL;
  g_autoptr(GError) error = NULL;
  GValue value = G_VALUE_INIT;

  g_assert_true (bgrun_workout_builder_add_sample (builder, BGRUN_QUANTITY_TYPE_STEP_COUNT, 12, NULL, &error));
  stats = bgrun_workout_builder_get_statistics (builder, BGRUN_QUANTITY_TYPE_STEP_COUNT);
  g_assert_cmpfloat (bgrun_statistics_get_sum (stats), ==, 12);
  g_assert_true (isnan (bgrun_statistics_get_average (stats)));

  g_value_init (&value, BGRUN_TYPE_STATISTICS);
  g_value_set_boxed (&value, stats);
  g_assert_true (g_value_get_boxed (&value) == stats);
  g_value_unset (&value);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workout-builder/unknown-quantity-type", test_unknown_quantity_type);
  g_test_add_func ("/workout-builder/statistics-boxed", test_statistics_are_boxed_and_autofreed);

  return g_test_run ();
}
