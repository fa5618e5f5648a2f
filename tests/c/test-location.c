/* test-location.c: BgrunLocation, distances and bearings against known
 * geodesic values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <bgrun.h>

#include "bgrun-geodesy-private.h"

static double
dms (int degrees, int minutes, double seconds)
{
  double value = abs (degrees) + minutes / 60.0 + seconds / 3600.0;

  return degrees < 0 ? -value : value;
}

/* Vincenty's own test line (Survey Review, 1975), as Geoscience Australia
 * gives it: Flinders Peak to Buninyong, 54,972.271 m at 306°52′05.37″. */
static void
test_vincenty_flinders_peak (void)
{
  g_autoptr(BgrunLocation) flinders = bgrun_location_new (dms (-37, 57, 3.72030), dms (144, 25, 29.52440));
  g_autoptr(BgrunLocation) buninyong = bgrun_location_new (dms (-37, 39, 10.15610), dms (143, 55, 35.38390));

  g_assert_cmpfloat_with_epsilon (bgrun_location_distance_to (flinders, buninyong), 54972.271, 0.001);
  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (flinders, buninyong),
                                  306.0 + 52 / 60.0 + 5.37 / 3600.0, 1e-5);
  /* Back the other way: the same distance, the reverse azimuth
   * 127°10′25.07″. */
  g_assert_cmpfloat_with_epsilon (bgrun_location_distance_to (buninyong, flinders), 54972.271, 0.001);
  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (buninyong, flinders),
                                  127.0 + 10 / 60.0 + 25.07 / 3600.0, 1e-5);
}

/* On the ellipsoid a degree of longitude on the equator is a·π/180, and
 * the first degree of latitude is 110,574.389 m; the sphere gives R·π/180
 * for both. */
static void
test_degrees (void)
{
  g_autoptr(BgrunLocation) origin = bgrun_location_new (0, 0);
  g_autoptr(BgrunLocation) east = bgrun_location_new (0, 1);
  g_autoptr(BgrunLocation) north = bgrun_location_new (1, 0);
  g_autoptr(BgrunLocation) south = bgrun_location_new (-1, 0);
  g_autoptr(BgrunLocation) west = bgrun_location_new (0, -1);
  double sphere = BGRUN_GEODESY_MEAN_RADIUS * G_PI / 180.0;

  g_assert_cmpfloat_with_epsilon (bgrun_location_distance_to (origin, east), 6378137.0 * G_PI / 180.0, 0.001);
  g_assert_cmpfloat_with_epsilon (bgrun_location_distance_to (origin, north), 110574.389, 0.001);
  g_assert_cmpfloat_with_epsilon (bgrun_location_haversine_distance_to (origin, east), sphere, 0.001);
  g_assert_cmpfloat_with_epsilon (bgrun_location_haversine_distance_to (origin, north), sphere, 0.001);

  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (origin, north), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (origin, east), 90.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (origin, south), 180.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (origin, west), 270.0, 1e-9);

  g_assert_cmpfloat (bgrun_location_distance_to (origin, origin), ==, 0.0);
  g_assert_cmpfloat (bgrun_location_bearing_to (origin, origin), ==, 0.0);
}

/* Across the antimeridian is 2 km, not 40,000. */
static void
test_antimeridian (void)
{
  g_autoptr(BgrunLocation) a = bgrun_location_new (0, 179.99);
  g_autoptr(BgrunLocation) b = bgrun_location_new (0, -179.99);

  g_assert_cmpfloat_with_epsilon (bgrun_location_distance_to (a, b), 6378137.0 * G_PI / 180.0 * 0.02, 0.001);
  g_assert_cmpfloat_with_epsilon (bgrun_location_bearing_to (a, b), 90.0, 1e-9);
}

/* Nearly antipodal points, where Vincenty's iteration does not converge:
 * the distance falls back to haversine, which is within 0.5 % of the
 * geodesic (20,003.9 km from pole to pole and half the equator is
 * 20,037.5 km). */
static void
test_antipodal_fallback (void)
{
  g_autoptr(BgrunLocation) a = bgrun_location_new (0, 0);
  g_autoptr(BgrunLocation) b = bgrun_location_new (0.5, 179.7);
  double distance = 0;

  g_assert_false (bgrun_geodesy_vincenty (0, 0, 0.5, 179.7, &distance, NULL));
  g_assert_cmpfloat (distance, ==, 0);
  g_assert_cmpfloat (bgrun_location_distance_to (a, b), ==, bgrun_location_haversine_distance_to (a, b));
  g_assert_cmpfloat_with_epsilon (bgrun_location_distance_to (a, b), 19936e3, 19936e3 * 0.005);
  g_assert_cmpfloat (bgrun_location_bearing_to (a, b), >=, 0);
  g_assert_cmpfloat (bgrun_location_bearing_to (a, b), <, 360);
}

static void
test_boxed (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 12, 6, 21, 0, 0);
  g_autoptr(BgrunLocation) full = bgrun_location_new_full (48.8584, 2.2945, 35.0, 5.0, 8.0, 1.5, 359.5, when);
  g_autoptr(BgrunLocation) unknown = bgrun_location_new_full (1, 2, NAN, -3, NAN, -0.1, 360, NULL);
  BgrunLocation *copy;

  g_assert_cmpfloat (bgrun_location_get_latitude (full), ==, 48.8584);
  g_assert_cmpfloat (bgrun_location_get_longitude (full), ==, 2.2945);
  g_assert_cmpfloat (bgrun_location_get_altitude (full), ==, 35.0);
  g_assert_cmpfloat (bgrun_location_get_horizontal_accuracy (full), ==, 5.0);
  g_assert_cmpfloat (bgrun_location_get_vertical_accuracy (full), ==, 8.0);
  g_assert_cmpfloat (bgrun_location_get_speed (full), ==, 1.5);
  g_assert_cmpfloat (bgrun_location_get_course (full), ==, 359.5);
  g_assert_true (g_date_time_equal (bgrun_location_get_timestamp (full), when));

  /* Whatever is unknown reads as NaN (altitude) or -1. */
  g_assert_true (isnan (bgrun_location_get_altitude (unknown)));
  g_assert_cmpfloat (bgrun_location_get_horizontal_accuracy (unknown), ==, -1);
  g_assert_cmpfloat (bgrun_location_get_vertical_accuracy (unknown), ==, -1);
  g_assert_cmpfloat (bgrun_location_get_speed (unknown), ==, -1);
  g_assert_cmpfloat (bgrun_location_get_course (unknown), ==, -1);
  g_assert_nonnull (bgrun_location_get_timestamp (unknown));

  /* Boxed copies are references to the same immutable value. */
  copy = g_boxed_copy (BGRUN_TYPE_LOCATION, full);
  g_assert_true (copy == full);
  g_boxed_free (BGRUN_TYPE_LOCATION, copy);
  g_assert_cmpfloat (bgrun_location_get_latitude (full), ==, 48.8584);
}

static void
test_out_of_range (void)
{
  if (g_test_subprocess ())
    {
      bgrun_location_new (91, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*latitude*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/location/vincenty/flinders-peak", test_vincenty_flinders_peak);
  g_test_add_func ("/location/degrees", test_degrees);
  g_test_add_func ("/location/antimeridian", test_antimeridian);
  g_test_add_func ("/location/antipodal-fallback", test_antipodal_fallback);
  g_test_add_func ("/location/boxed", test_boxed);
  g_test_add_func ("/location/out-of-range", test_out_of_range);

  return g_test_run ();
}
