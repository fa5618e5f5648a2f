/* bgrund-wakeup.c: bgrund is started again when work falls due
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The re-activation chain. bgrund exits when idle, but an app's work may
 * fall due while neither bgrund nor the app runs. So before it exits with
 * work pending, bgrund asks the systemd user manager (on the session bus,
 * org.freedesktop.systemd1.Manager.StartTransientUnit) for a transient
 * timer, bgrund.timer, set to the wall-clock time the next request falls
 * due (OnCalendar, to the second, AccuracyUSec 1 s). A timer starts the
 * service of its own name, so at that time systemd starts bgrund.service;
 * bgrund reads every app's requests from its store at startup, sees the
 * due work and launches its apps (bgrun-app-launcher.c). A bgrund started
 * earlier, by an app, stops the timer it no longer needs.
 *
 * Where systemd does not manage the session (no org.freedesktop.systemd1
 * on the session bus), there is no timer: bgrund is started again by D-Bus
 * activation the next time an app calls org.bgrun.Broker1, typically at
 * the app's next start, and runs what fell due then. A timer cannot wake
 * the machine from suspend; work due during suspend runs after resume.
 */

#include "config.h"

#include "bgrund-wakeup.h"

#define SYSTEMD_NAME       "org.freedesktop.systemd1"
#define SYSTEMD_PATH       "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER    "org.freedesktop.systemd1.Manager"
#define CALL_TIMEOUT_MSEC  5000

static gboolean
no_systemd (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER);
}

static void
on_timer_stopped (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* Mostly there is no timer to stop (it started us, and went). */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL)
    g_debug ("bgrund: stopped %s, no longer needed", BGRUND_WAKEUP_TIMER);
}

/* bgrund runs: the timer an earlier bgrund left is not needed. */
void
bgrund_wakeup_cancel (GDBusConnection *connection)
{
  g_dbus_connection_call (connection, SYSTEMD_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER, "StopUnit",
                          g_variant_new ("(ss)", BGRUND_WAKEUP_TIMER, "replace"),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          CALL_TIMEOUT_MSEC, NULL, on_timer_stopped, NULL);
}

static GVariant *
timer_properties (const char *calendar)
{
  g_autofree char *description =
    g_strdup_printf ("Start bgrund for the background work due at %s", calendar);
  GVariantBuilder properties;

  g_variant_builder_init (&properties, G_VARIANT_TYPE ("a(sv)"));
  g_variant_builder_add (&properties, "(sv)", "Description", g_variant_new_string (description));
  g_variant_builder_add (&properties, "(sv)", "TimersCalendar",
                         g_variant_new_parsed ("[('OnCalendar', %s)]", calendar));
  g_variant_builder_add (&properties, "(sv)", "AccuracyUSec", g_variant_new_uint64 (G_USEC_PER_SEC));
  /* Gone once it has fired: the next bgrund arranges its own. */
  g_variant_builder_add (&properties, "(sv)", "RemainAfterElapse", g_variant_new_boolean (FALSE));
  return g_variant_builder_end (&properties);
}

/* bgrund is about to exit with work due at @when_usec (µs since the
 * epoch): have systemd start it then. Blocks for the answer, briefly. */
void
bgrund_wakeup_arm (GDBusConnection *connection,
                   gint64           when_usec)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *calendar = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* To the second, rounded up: never before the work is due. */
  when = g_date_time_new_from_unix_utc ((when_usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  calendar = g_date_time_format (when, "%Y-%m-%d %H:%M:%S UTC");
  reply = g_dbus_connection_call_sync (connection, SYSTEMD_NAME, SYSTEMD_PATH, SYSTEMD_MANAGER,
                                       "StartTransientUnit",
                                       g_variant_new ("(ss@a(sv)@a(sa(sv)))",
                                                      BGRUND_WAKEUP_TIMER, "replace",
                                                      timer_properties (calendar),
                                                      g_variant_new_array (G_VARIANT_TYPE ("(sa(sv))"),
                                                                           NULL, 0)),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       CALL_TIMEOUT_MSEC, NULL, &error);
  if (reply != NULL)
    g_debug ("bgrund: %s starts bgrund.service at %s", BGRUND_WAKEUP_TIMER, calendar);
  else if (no_systemd (error))
    g_debug ("bgrund: no systemd user manager on the session bus; the work due at %s runs when an app next starts bgrund",
             calendar);
  else
    g_warning ("bgrund: cannot arrange to be started at %s for the work due then: %s",
               calendar, error->message);
}
