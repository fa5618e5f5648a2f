/* test-conditions.c: conditions without any system service
 *
 * The Python suite drives BgrunConditions through mocked UPower,
 * NetworkManager, power-profiles-daemon and low-memory-monitor; this checks
 * what an app sees on a machine with none of them and no system bus at all
 * (tests/isolate points the system bus address at nothing).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>
#include <gio/gio.h>

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_unknown_without_system_bus (void)
{
  g_autoptr(BgrunConditions) conditions = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint notifications = 0;

  g_assert_true (g_str_has_suffix (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"), "no-system-bus"));

  conditions = bgrun_conditions_new (NULL);
  g_signal_connect (conditions, "notify", G_CALLBACK (count_notify), &notifications);

  /* Give the failing system-bus connection time to be noticed: it must
   * change nothing, and (GTest makes warnings fatal) warn of nothing. */
  g_timeout_add (200, quit_loop, loop);
  g_main_loop_run (loop);

  g_assert_false (bgrun_conditions_get_on_battery (conditions));
  g_assert_cmpint (bgrun_conditions_get_battery_level (conditions), ==, -1);
  g_assert_false (bgrun_conditions_get_low_memory (conditions));
  g_assert_false (bgrun_conditions_get_power_saver (conditions));
  g_assert_false (bgrun_conditions_get_device_idle (conditions));  /* no logind */
  g_assert_cmpuint (notifications, ==, 0);
  g_assert_true (BGRUN_IS_SYSTEM_CLOCK (bgrun_conditions_get_clock (conditions)));
}

static void
test_base_network_monitor (void)
{
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (NULL);
  g_autoptr(BgrunConditions) conditions = bgrun_conditions_new (clock);
  GNetworkMonitor *monitor = g_network_monitor_get_default ();
  gboolean available = FALSE;

  /* tests/isolate selects GIO's base monitor; the property mirrors it. */
  g_object_get (conditions, "network-available", &available, NULL);
  g_assert_cmpint (available, ==, g_network_monitor_get_network_available (monitor));
  g_assert_false (bgrun_conditions_get_network_metered (conditions));
  g_assert_true (bgrun_conditions_get_clock (conditions) == clock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conditions/unknown-without-system-bus", test_unknown_without_system_bus);
  g_test_add_func ("/conditions/base-network-monitor", test_base_network_monitor);

  return g_test_run ();
}
