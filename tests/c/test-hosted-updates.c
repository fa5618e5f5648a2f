/* test-hosted-updates.c: which fixes bgrund journals for an app whose
 * background location session it hosts, and the form they are journaled
 * in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <bgrun.h>

#include "bgrun-hosted-updates-private.h"
#include "bgrun-location-private.h"

#define APP "org.example.Hosted"
#define OTHER "org.example.Other"
/* Metres of latitude per degree at the equator (WGS 84). */
#define METRES_PER_DEGREE 110574.389

static BgrunLocation *
north (double metres)
{
  return bgrun_location_new (metres / METRES_PER_DEGREE, 10.0);
}

static void
test_only_hosted_apps (void)
{
  g_autoptr(BgrunHostedUpdates) hosted = bgrun_hosted_updates_new ();
  g_autoptr(BgrunLocation) fix = north (0);
  g_autofree const char **list = NULL;

  g_assert_false (bgrun_hosted_updates_any (hosted));
  g_assert_false (bgrun_hosted_updates_accept (hosted, APP, fix));

  bgrun_hosted_updates_set (hosted, APP, TRUE, 0);
  g_assert_true (bgrun_hosted_updates_hosts (hosted, APP));
  g_assert_false (bgrun_hosted_updates_hosts (hosted, OTHER));
  list = bgrun_hosted_updates_list (hosted);
  g_assert_cmpstrv (list, ((const char *[]) { APP, NULL }));
  g_assert_true (bgrun_hosted_updates_accept (hosted, APP, fix));
  g_assert_false (bgrun_hosted_updates_accept (hosted, OTHER, fix));

  /* A session stopped: the hosting ends. */
  bgrun_hosted_updates_set (hosted, APP, FALSE, 0);
  g_assert_false (bgrun_hosted_updates_any (hosted));
  g_assert_false (bgrun_hosted_updates_accept (hosted, APP, fix));
}

static void
test_distance_filter (void)
{
  g_autoptr(BgrunHostedUpdates) hosted = bgrun_hosted_updates_new ();
  double walk[] = { 0, 10, 25, 40, 41, 70 };
  gboolean expected[] = { TRUE, FALSE, TRUE, FALSE, FALSE, TRUE };

  bgrun_hosted_updates_set (hosted, APP, TRUE, 20);
  for (guint i = 0; i < G_N_ELEMENTS (walk); i++)
    {
      g_autoptr(BgrunLocation) fix = north (walk[i]);

      /* Measured from the last one journaled, not the last one seen. */
      g_assert_cmpint (bgrun_hosted_updates_accept (hosted, APP, fix), ==, expected[i]);
    }

  /* A new report starts afresh: the app had every fix until then. */
  bgrun_hosted_updates_set (hosted, APP, TRUE, 20);
  {
    g_autoptr(BgrunLocation) fix = north (71);

    g_assert_true (bgrun_hosted_updates_accept (hosted, APP, fix));
  }
}

static void
test_variant_round_trip (void)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 5, 1, 8, 0, 12.25);
  g_autoptr(BgrunLocation) fix = bgrun_location_new_full (1.5, -2.25, NAN, 4, -1, 3.5, 90, when);
  g_autoptr(GVariant) variant = g_variant_ref_sink (bgrun_location_to_variant (fix));
  g_autoptr(BgrunLocation) back = bgrun_location_from_variant (variant);
  g_autoptr(GVariant) wrong = g_variant_ref_sink (g_variant_new ("(dd)", 1.0, 2.0));
  g_autoptr(GVariant) outside = g_variant_ref_sink (g_variant_new ("(dddddddx)", 91.0, 0.0, 0.0,
                                                                   -1.0, -1.0, -1.0, -1.0, (gint64) 0));

  g_assert_true (g_variant_is_of_type (variant, G_VARIANT_TYPE (BGRUN_LOCATION_VARIANT_TYPE)));
  g_assert_nonnull (back);
  g_assert_cmpfloat (bgrun_location_get_latitude (back), ==, 1.5);
  g_assert_cmpfloat (bgrun_location_get_longitude (back), ==, -2.25);
  g_assert_true (isnan (bgrun_location_get_altitude (back)));
  g_assert_cmpfloat (bgrun_location_get_horizontal_accuracy (back), ==, 4);
  g_assert_cmpfloat (bgrun_location_get_vertical_accuracy (back), ==, -1);
  g_assert_cmpfloat (bgrun_location_get_speed (back), ==, 3.5);
  g_assert_cmpfloat (bgrun_location_get_course (back), ==, 90);
  g_assert_true (g_date_time_equal (bgrun_location_get_timestamp (back), when));

  g_assert_null (bgrun_location_from_variant (wrong));
  g_assert_null (bgrun_location_from_variant (outside));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hosted-updates/only-hosted-apps", test_only_hosted_apps);
  g_test_add_func ("/hosted-updates/distance-filter", test_distance_filter);
  g_test_add_func ("/hosted-updates/variant-round-trip", test_variant_round_trip);

  return g_test_run ();
}
