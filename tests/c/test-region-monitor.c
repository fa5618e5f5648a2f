/* test-region-monitor.c: entering and leaving regions, the border's
 * hysteresis, the limit, and the file that keeps regions across restarts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <bgrun.h>

#include "bgrun-region-monitor-private.h"

/* Metres of latitude per degree near the equator. */
#define METRES_PER_DEGREE 110574.389

typedef struct
{
  char    *directory;
  char    *path;
  GString *events;
} Fixture;

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->directory = g_dir_make_tmp ("bgrun-regions-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->directory, "app", "location-regions.gvariant", NULL);
  f->events = g_string_new (NULL);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *app = g_path_get_dirname (f->path);
  g_autofree char *aside = g_strconcat (f->path, ".invalid", NULL);

  g_unlink (f->path);
  g_unlink (aside);
  g_rmdir (app);
  g_rmdir (f->directory);
  g_free (f->directory);
  g_free (f->path);
  g_string_free (f->events, TRUE);
}

static void
on_event (BgrunRegionMonitor *monitor,
          BgrunRegion        *region,
          BgrunRegionEvent    event,
          Fixture            *f)
{
  g_string_append_printf (f->events, "%s %s;", event == BGRUN_REGION_EVENT_ENTER ? "enter" : "exit",
                          bgrun_region_get_identifier (region));
}

static BgrunRegionMonitor *
open_monitor (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  BgrunRegionMonitor *monitor = bgrun_region_monitor_new (f->path, &error);

  g_assert_no_error (error);
  g_signal_connect (monitor, "region-event", G_CALLBACK (on_event), f);
  return monitor;
}

/* A fix @north metres north of (0, 0), with @accuracy. */
static void
feed (BgrunRegionMonitor *monitor,
      double              north,
      double              accuracy)
{
  g_autoptr(BgrunLocation) fix = bgrun_location_new_full (north / METRES_PER_DEGREE, 0, 0, accuracy,
                                                          -1, -1, -1, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_region_monitor_feed (monitor, fix, &error));
  g_assert_no_error (error);
}

static void
test_crossing (Fixture *f, gconstpointer data)
{
  g_autoptr(BgrunRegionMonitor) monitor = open_monitor (f);
  g_autoptr(BgrunRegion) region = bgrun_region_new ("depot", 0, 0, 100);
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_region_monitor_add (monitor, region, &error));
  g_assert_no_error (error);

  /* The first clear fix only says where the device is. */
  feed (monitor, 300, 5);
  g_assert_cmpstr (f->events->str, ==, "");
  g_assert_cmpint (bgrun_region_monitor_get_state (monitor, "depot"), ==, BGRUN_REGION_STATE_OUTSIDE);

  feed (monitor, 150, 5);
  feed (monitor, 50, 5);
  g_assert_cmpstr (f->events->str, ==, "enter depot;");
  feed (monitor, 0, 5);
  feed (monitor, -50, 5);
  feed (monitor, -150, 5);
  g_assert_cmpstr (f->events->str, ==, "enter depot;exit depot;");
}

/* Along the border, within the margin, nothing happens however the fixes
 * jitter; a poor fix widens the margin. */
static void
test_border_jitter (Fixture *f, gconstpointer data)
{
  g_autoptr(BgrunRegionMonitor) monitor = open_monitor (f);
  g_autoptr(BgrunRegion) region = bgrun_region_new ("park", 0, 0, 100);
  static const double jitter[] = { 92, 104, 97, 108, 95, 101, 99, 109, 91, 100 };

  g_assert_true (bgrun_region_monitor_add (monitor, region, NULL));
  feed (monitor, 50, 5);   /* inside */
  for (guint round = 0; round < 3; round++)
    for (gsize i = 0; i < G_N_ELEMENTS (jitter); i++)
      feed (monitor, jitter[i], 5);
  g_assert_cmpstr (f->events->str, ==, "");

  /* 130 m out with a 40 m accuracy is within the margin, 145 m is not. */
  feed (monitor, 130, 40);
  g_assert_cmpstr (f->events->str, ==, "");
  feed (monitor, 145, 40);
  g_assert_cmpstr (f->events->str, ==, "exit park;");
  /* The margin is at most half the radius: 1 km accuracy does not keep
   * the device from entering at the centre. */
  feed (monitor, 10, 1000);
  g_assert_cmpstr (f->events->str, ==, "exit park;enter park;");
}

static void
test_persistence (Fixture *f, gconstpointer data)
{
  g_autoptr(BgrunRegionMonitor) first = open_monitor (f);
  g_autoptr(BgrunRegionMonitor) second = NULL;
  g_autoptr(BgrunRegion) home = bgrun_region_new ("home", 0, 0, 100);
  g_autoptr(BgrunRegion) work = bgrun_region_new ("work", 1, 1, 2000);
  g_autoptr(BgrunRegion) restored = NULL;

  g_assert_true (bgrun_region_monitor_add (first, home, NULL));
  g_assert_true (bgrun_region_monitor_add (first, work, NULL));
  feed (first, 500, 5);
  feed (first, 0, 5);
  g_assert_cmpstr (f->events->str, ==, "enter home;");
  g_clear_object (&first);

  /* As after a restart: the regions, in order, and the device's state in
   * each; the entry already reported is not reported again. */
  g_string_truncate (f->events, 0);
  second = open_monitor (f);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_region_monitor_get_model (second)), ==, 2);
  restored = g_list_model_get_item (bgrun_region_monitor_get_model (second), 1);
  g_assert_cmpstr (bgrun_region_get_identifier (restored), ==, "work");
  g_assert_cmpfloat (bgrun_region_get_radius (restored), ==, 2000);
  g_assert_cmpint (bgrun_region_monitor_get_state (second, "home"), ==, BGRUN_REGION_STATE_INSIDE);
  feed (second, 10, 5);
  g_assert_cmpstr (f->events->str, ==, "");
  feed (second, 500, 5);
  g_assert_cmpstr (f->events->str, ==, "exit home;");

  g_assert_true (bgrun_region_monitor_remove (second, "home", NULL));
  g_assert_true (bgrun_region_monitor_remove (second, "nowhere", NULL));
  g_clear_object (&second);
  second = open_monitor (f);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_region_monitor_get_model (second)), ==, 1);
}

static void
test_damaged_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunRegionMonitor) monitor = NULL;
  g_autofree char *app = g_path_get_dirname (f->path);
  g_autofree char *aside = g_strconcat (f->path, ".invalid", NULL);

  g_assert_cmpint (g_mkdir_with_parents (app, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "not a variant at all", -1, NULL));
  monitor = bgrun_region_monitor_new (f->path, &error);
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_region_monitor_get_model (monitor)), ==, 0);
  /* Set aside, not lost, and out of the way of the next save. */
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_object (&monitor);

  /* Well formed, but a region in it could never have been monitored. */
  {
    g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new_parsed ("(uint32 1, [('x', 0.0, 0.0, 1.0, uint32 0)])"));

    g_assert_true (g_file_set_contents (f->path, g_variant_get_data (bad), g_variant_get_size (bad), NULL));
  }
  monitor = bgrun_region_monitor_new (f->path, &error);
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_REGION_STORE);
  g_assert_nonnull (strstr (error->message, "radius of 1 m"));
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_region_monitor_get_model (monitor)), ==, 0);
}

static void
test_limits (Fixture *f, gconstpointer data)
{
  g_autoptr(BgrunRegionMonitor) monitor = open_monitor (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunRegion) extra = bgrun_region_new ("extra", 0, 0, 100);
  g_autoptr(BgrunRegion) moved = bgrun_region_new ("r0", 10, 10, 500);
  g_autoptr(BgrunRegion) first = NULL;
  struct { double lat, lon, radius; const char *id, *message; } invalid[] = {
    { 91, 0, 100, "a", "*not on the globe*" },
    { 0, -181, 100, "a", "*not on the globe*" },
    { 0, 0, 19, "a", "*radius of 19 m*" },
    { 0, 0, 400001, "a", "*radius of 400001 m*" },
    { 0, 0, 100, "", "*identifier*" },
  };

  for (guint i = 0; i < BGRUN_LOCATION_MAX_REGIONS; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", i);
      g_autoptr(BgrunRegion) region = bgrun_region_new (id, i * 0.01, 0, 100);

      g_assert_true (bgrun_region_monitor_add (monitor, region, &error));
      g_assert_no_error (error);
    }
  g_assert_false (bgrun_region_monitor_add (monitor, extra, &error));
  g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_TOO_MANY_REGIONS);
  g_assert_nonnull (strstr (error->message, "extra"));
  g_clear_error (&error);

  /* Replacing one is not one more. */
  g_assert_true (bgrun_region_monitor_add (monitor, moved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_region_monitor_get_model (monitor)), ==, BGRUN_LOCATION_MAX_REGIONS);
  first = g_list_model_get_item (bgrun_region_monitor_get_model (monitor), 0);
  g_assert_cmpfloat (bgrun_region_get_radius (first), ==, 500);

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(BgrunRegion) region = bgrun_region_new (invalid[i].id, invalid[i].lat, invalid[i].lon, invalid[i].radius);

      g_assert_false (bgrun_region_monitor_add (monitor, region, &error));
      g_assert_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_REGION);
      if (!g_pattern_match_simple (invalid[i].message, error->message))
        g_error ("expected “%s”, got “%s”", invalid[i].message, error->message);
      g_clear_error (&error);
    }
}

static void
count_stored (BgrunRegionMonitor *monitor,
              guint              *n)
{
  (*n)++;
}

/* A state learned elsewhere (bgrund watched while the app did not run) is
 * stored without an event, announced with "stored", read back, and the
 * monitor goes on from it: the crossing bgrund reported is not reported
 * again, the next one is. */
static void
test_state_from_elsewhere (Fixture *f, gconstpointer data)
{
  g_autoptr(BgrunRegionMonitor) monitor = open_monitor (f);
  g_autoptr(BgrunRegionMonitor) again = NULL;
  g_autoptr(BgrunRegion) region = bgrun_region_new ("depot", 0, 0, 100);
  g_autoptr(GVariant) serialized = NULL;
  g_autoptr(GError) error = NULL;
  guint n_stored = 0;
  const char *identifier;
  double latitude, longitude, radius;
  guint32 state;

  g_signal_connect (monitor, "stored", G_CALLBACK (count_stored), &n_stored);
  g_assert_true (bgrun_region_monitor_add (monitor, region, &error));
  g_assert_cmpuint (n_stored, ==, 1);
  feed (monitor, 300, 5);
  g_assert_cmpint (bgrun_region_monitor_get_state (monitor, "depot"), ==, BGRUN_REGION_STATE_OUTSIDE);
  g_assert_cmpuint (n_stored, ==, 2);

  g_assert_true (bgrun_region_monitor_set_state (monitor, "depot", BGRUN_REGION_STATE_INSIDE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_stored, ==, 3);
  g_assert_cmpstr (f->events->str, ==, "");
  /* The same state again, or a region not monitored: nothing to store. */
  g_assert_true (bgrun_region_monitor_set_state (monitor, "depot", BGRUN_REGION_STATE_INSIDE, &error));
  g_assert_true (bgrun_region_monitor_set_state (monitor, "elsewhere", BGRUN_REGION_STATE_INSIDE, &error));
  g_assert_cmpuint (n_stored, ==, 3);

  serialized = g_variant_ref_sink (bgrun_region_monitor_serialize (monitor));
  g_assert_cmpuint (g_variant_n_children (serialized), ==, 1);
  g_variant_get_child (serialized, 0, "(&sdddu)", &identifier, &latitude, &longitude, &radius, &state);
  g_assert_cmpstr (identifier, ==, "depot");
  g_assert_cmpfloat (radius, ==, 100);
  g_assert_cmpuint (state, ==, BGRUN_REGION_STATE_INSIDE);

  again = open_monitor (f);
  g_assert_cmpint (bgrun_region_monitor_get_state (again, "depot"), ==, BGRUN_REGION_STATE_INSIDE);
  feed (again, 0, 5);
  g_assert_cmpstr (f->events->str, ==, "");
  feed (again, 300, 5);
  g_assert_cmpstr (f->events->str, ==, "exit depot;");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/location/regions/crossing", Fixture, NULL, setup, test_crossing, teardown);
  g_test_add ("/location/regions/border-jitter", Fixture, NULL, setup, test_border_jitter, teardown);
  g_test_add ("/location/regions/persistence", Fixture, NULL, setup, test_persistence, teardown);
  g_test_add ("/location/regions/damaged-file", Fixture, NULL, setup, test_damaged_file, teardown);
  g_test_add ("/location/regions/limits", Fixture, NULL, setup, test_limits, teardown);
  g_test_add ("/location/regions/state-from-elsewhere", Fixture, NULL, setup, test_state_from_elsewhere, teardown);

  return g_test_run ();
}
