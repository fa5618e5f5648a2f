/* test-location-providers.c: the choice of a location backend, and the
 * pause detector
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <bgrun.h>

#include "bgrun-location-provider-private.h"
#include "bgrun-pause-detector-private.h"

static BgrunLocationBackendOptions
options_for (BgrunClock *clock)
{
  BgrunLocationBackendOptions options = {
    .clock = clock,
    .app_id = "org.example.Providers",
    .replay_speed = 1.0,
    .accuracy = BGRUN_LOCATION_ACCURACY_BEST,
  };

  return options;
}

static void
test_choice (void)
{
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (NULL);
  BgrunLocationBackendOptions options = options_for (clock);
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunLocationBackend) geoclue = NULL;
  g_autoptr(BgrunLocationBackend) automatic = NULL;
  g_autoptr(BgrunLocationBackend) gpsd = NULL;

  g_unsetenv ("BGRUN_LOCATION_REPLAY");
  g_unsetenv ("BGRUN_LOCATION_PROVIDER");

  geoclue = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_GEOCLUE, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bgrun_location_backend_get_name (geoclue), ==, "geoclue");

  automatic = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_AUTO, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bgrun_location_backend_get_name (automatic), ==, "auto");

  gpsd = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_GPSD, &options, &error);
#ifdef BGRUN_HAVE_GPSD
  g_assert_no_error (error);
  g_assert_cmpstr (bgrun_location_backend_get_name (gpsd), ==, "gpsd");
#else
  /* Left out of this build: a precise error naming the option. */
  g_assert_null (gpsd);
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_NOT_BUILT);
  g_assert_nonnull (strstr (error->message, "-Dlocation=enabled"));
#endif
}

static void
test_environment (void)
{
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (NULL);
  BgrunLocationBackendOptions options = options_for (clock);
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunLocationBackend) backend = NULL;

  /* BGRUN_LOCATION_PROVIDER replaces AUTO, and only AUTO. */
  g_setenv ("BGRUN_LOCATION_PROVIDER", "geoclue", TRUE);
  backend = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_AUTO, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bgrun_location_backend_get_name (backend), ==, "geoclue");
  g_clear_object (&backend);

  g_setenv ("BGRUN_LOCATION_PROVIDER", "replay", TRUE);
  backend = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_AUTO, &options, &error);
  g_assert_null (backend);
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_STATE);
  g_assert_nonnull (strstr (error->message, "replay-file"));
  g_clear_error (&error);

  g_setenv ("BGRUN_LOCATION_PROVIDER", "carrier-pigeon", TRUE);
  backend = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_AUTO, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bgrun_location_backend_get_name (backend), ==, "auto");
  g_clear_object (&backend);
  g_unsetenv ("BGRUN_LOCATION_PROVIDER");

  /* BGRUN_LOCATION_REPLAY wins over what the app asked for. */
  g_setenv ("BGRUN_LOCATION_REPLAY", "/nonexistent/track.gpx", TRUE);
  backend = bgrun_location_backend_new (BGRUN_LOCATION_PROVIDER_GEOCLUE, &options, &error);
  g_assert_null (backend);
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REPLAY_FILE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/track.gpx"));
  g_unsetenv ("BGRUN_LOCATION_REPLAY");
}

static void
test_geoclue_levels (void)
{
  g_assert_cmpuint (bgrun_location_accuracy_to_geoclue_level (BGRUN_LOCATION_ACCURACY_BEST), ==, 8);
  g_assert_cmpuint (bgrun_location_accuracy_to_geoclue_level (BGRUN_LOCATION_ACCURACY_NEAREST_TEN_METERS), ==, 8);
  g_assert_cmpuint (bgrun_location_accuracy_to_geoclue_level (BGRUN_LOCATION_ACCURACY_HUNDRED_METERS), ==, 6);
  g_assert_cmpuint (bgrun_location_accuracy_to_geoclue_level (BGRUN_LOCATION_ACCURACY_KILOMETER), ==, 5);
  g_assert_cmpuint (bgrun_location_accuracy_to_geoclue_level (BGRUN_LOCATION_ACCURACY_THREE_KILOMETERS), ==, 4);
  g_assert_cmpuint (bgrun_location_accuracy_to_geoclue_level (BGRUN_LOCATION_ACCURACY_REDUCED), ==, 1);
}

/* A fix @north metres north of (0, 0), @seconds after a start. */
static BgrunLocation *
fix_at (double north,
        int    seconds)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 5, 1, 8, 0, 0);
  g_autoptr(GDateTime) when = g_date_time_add_seconds (start, seconds);

  return bgrun_location_new_full (north / 110574.389, 0, 0, 5, -1, -1, -1, when);
}

static BgrunPauseChange
feed (BgrunPauseDetector *detector,
      double              north,
      int                 seconds,
      gboolean            may_pause)
{
  g_autoptr(BgrunLocation) fix = fix_at (north, seconds);

  return bgrun_pause_detector_feed (detector, fix, may_pause);
}

static void
test_pause_detector (void)
{
  BgrunPauseDetector detector = { 0 };

  g_assert_cmpint (feed (&detector, 0, 0, TRUE), ==, BGRUN_PAUSE_CHANGE_NONE);
  /* Within the radius for a second less than the delay: nothing. */
  g_assert_cmpint (feed (&detector, 20, 60, TRUE), ==, BGRUN_PAUSE_CHANGE_NONE);
  g_assert_cmpint (feed (&detector, -20, BGRUN_LOCATION_PAUSE_DELAY - 1, TRUE), ==, BGRUN_PAUSE_CHANGE_NONE);
  /* A fix that may not pause (fitness indoors) does not. */
  g_assert_cmpint (feed (&detector, 0, BGRUN_LOCATION_PAUSE_DELAY, FALSE), ==, BGRUN_PAUSE_CHANGE_NONE);
  g_assert_cmpint (feed (&detector, 0, BGRUN_LOCATION_PAUSE_DELAY, TRUE), ==, BGRUN_PAUSE_CHANGE_PAUSED);
  g_assert_true (detector.paused);
  /* Once. */
  g_assert_cmpint (feed (&detector, 10, BGRUN_LOCATION_PAUSE_DELAY + 60, TRUE), ==, BGRUN_PAUSE_CHANGE_NONE);
  /* Beyond the radius of where it stopped: resumed, and the next stretch
   * starts there. */
  g_assert_cmpint (feed (&detector, BGRUN_LOCATION_PAUSE_RADIUS + 1, 400, FALSE), ==, BGRUN_PAUSE_CHANGE_RESUMED);
  g_assert_false (detector.paused);
  g_assert_cmpint (feed (&detector, BGRUN_LOCATION_PAUSE_RADIUS + 1, 400 + BGRUN_LOCATION_PAUSE_DELAY, TRUE), ==,
                   BGRUN_PAUSE_CHANGE_PAUSED);
  g_assert_true (bgrun_pause_detector_reset (&detector));
  g_assert_false (bgrun_pause_detector_reset (&detector));

  /* Moving steadily never pauses. */
  for (int i = 0; i < 100; i++)
    g_assert_cmpint (feed (&detector, i * 30, i * 10, TRUE), ==, BGRUN_PAUSE_CHANGE_NONE);
  bgrun_pause_detector_reset (&detector);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/location/providers/choice", test_choice);
  g_test_add_func ("/location/providers/environment", test_environment);
  g_test_add_func ("/location/providers/geoclue-levels", test_geoclue_levels);
  g_test_add_func ("/location/pause-detector", test_pause_detector);

  return g_test_run ();
}
