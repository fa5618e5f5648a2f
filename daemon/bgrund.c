/* bgrund.c: the libbgrun session daemon
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Hosts one broker engine for all of the user's apps on the session bus,
 * as org.bgrun.Broker1, so their schedules live beside the apps rather
 * than inside them. The engine and its D-Bus glue are libbgrun's
 * (BgrunEngine, BgrunBrokerService, and BgrunAdminService for bgrunctl's
 * org.bgrun.Admin1); this file picks the store, owns the name, and exits
 * when idle.
 *
 * Environment: BGRUN_STATE_DIR moves the store (below). For tests only,
 * BGRUN_TEST_PROC_ROOT names a directory standing in for /proc when the
 * daemon looks for a caller's Flatpak sandbox file, <pid>/root/.flatpak-info
 * (bgrun-peer-identity.c).
 *
 * Started by D-Bus activation (data/org.bgrun.Broker1.service) or as the
 * systemd user unit bgrund.service. It exits after --idle-timeout seconds
 * (default 60) with no app attached, no task running, no app being
 * launched and nothing due within that time, and is started again by the
 * next app that calls it, or, with work pending, by the systemd timer it
 * arranges before exiting (bgrund-wakeup.c).
 *
 * It runs the apps' background URL sessions, as org.bgrun.Transfers1
 * (bgrun-transfer-host.c, bgrun-transfer-service.c), and takes up their
 * unfinished transfers when it starts; it does not exit when idle while a
 * transfer runs or waits.
 *
 * It starts the tasks of what happens outside the apps: the network coming
 * back, the apps' actions run from outside (bgrun-trigger-host.c); with
 * --serve-notifications, it shows the apps' GNotifications where the
 * shell does not, and starts an app whose button is pressed
 * (bgrun-notification-bridge.c).
 *
 * It launches apps for their due work (bgrun-app-launcher.c). For tests
 * only, BGRUN_TEST_LAUNCH_TIMEOUT sets the seconds a launched app has to
 * register, instead of BGRUN_LAUNCH_REGISTRATION_TIMEOUT.
 *
 * For tests only, --test-mode runs the engine on a BgrunTestClock and
 * simulated conditions, driven through org.bgrun.Testing1
 * (bgrun-testing-service.c) by a BgrunTestDriver made for the daemon. Its
 * times are not the real ones, so in test mode bgrund never exits when
 * idle and never touches the systemd wake-up timer.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <errno.h>
#include <sys/resource.h>

#include "bgrun-admin-service-private.h"
#include "bgrun-url-session-kind-private.h"
#include "bgrun-app-launcher-private.h"
#include "bgrun-audio-arbiter-private.h"
#include "bgrun-broker-service-private.h"
#include "bgrun-conditions.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-engine-private.h"
#include "bgrun-notification-bridge-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-region-host-private.h"
#include "bgrun-state-directory-private.h"
#include "bgrun-workout-host-private.h"
#include "bgrun-system-clock.h"
#include "bgrun-test-clock.h"
#include "bgrun-testing-service-private.h"
#include "bgrun-transfer-service-private.h"
#include "bgrun-trigger-host-private.h"
#include "bgrund-wakeup.h"

#define DEFAULT_IDLE_TIMEOUT 60

typedef struct
{
  GMainLoop          *loop;
  BgrunBrokerService *service;
  BgrunAdminService  *admin;          /* org.bgrun.Admin1, for bgrunctl */
  int                 idle_timeout;   /* seconds; 0: never exit when idle */
  guint               idle_source;
  gboolean            owned;
  int                 status;
  BgrunEngine        *engine;
  BgrunAppLauncher   *launcher;       /* starts apps for their due work */
  GDBusConnection    *connection;
  gboolean            test_mode;
  BgrunTestingService *testing;       /* org.bgrun.Testing1, in test mode */
  BgrunTransferHost  *transfers;      /* apps' background URL sessions */
  BgrunRegionHost    *regions;        /* apps' regions while they do not run */
  BgrunWorkoutHost   *workouts;       /* apps to start again for their workout */
  BgrunTriggerHost   *triggers;       /* what starts the apps' system tasks */
  gboolean            serve_notifications;
  BgrunNotificationBridge *notifications;  /* with --serve-notifications */
  BgrunTransferService *transfer_service;  /* org.bgrun.Transfers1 */
  BgrunAudioArbiter  *audio;          /* apps' audio sessions interrupting each other */
} Daemon;

static void
quit (Daemon *daemon,
      int     status)
{
  daemon->status = status;
  g_main_loop_quit (daemon->loop);
}

/* Idle, but work falls due within another idle timeout: stay for it
 * rather than exit and be started again. Otherwise have the systemd timer
 * start bgrund when it does, and exit. */
static gboolean
on_idle_timeout (gpointer user_data)
{
  Daemon *daemon = user_data;
  gint64 next = bgrun_engine_get_next_wake (daemon->engine);

  if (next != G_MAXINT64 && next - g_get_real_time () < daemon->idle_timeout * G_USEC_PER_SEC)
    {
      g_debug ("bgrund: idle, but work is due in less than %d s; staying", daemon->idle_timeout);
      return G_SOURCE_CONTINUE;
    }
  daemon->idle_source = 0;
  if (next != G_MAXINT64)
    bgrund_wakeup_arm (daemon->connection, next);
  g_debug ("bgrund: idle for %d s, exiting", daemon->idle_timeout);
  quit (daemon, 0);
  return G_SOURCE_REMOVE;
}

static void
on_idle_changed (GObject    *object,
                 GParamSpec *pspec,
                 Daemon     *daemon)
{
  g_clear_handle_id (&daemon->idle_source, g_source_remove);
  if (daemon->idle_timeout > 0 && bgrun_broker_service_get_idle (daemon->service) &&
      !bgrun_app_launcher_get_busy (daemon->launcher) &&
      !bgrun_transfer_host_get_busy (daemon->transfers) &&
      !bgrun_region_host_get_busy (daemon->regions) &&
      !bgrun_trigger_host_get_busy (daemon->triggers) &&
      (daemon->notifications == NULL || !bgrun_notification_bridge_get_busy (daemon->notifications)))
    daemon->idle_source = g_timeout_add_seconds (daemon->idle_timeout, on_idle_timeout, daemon);
}

/* BGRUN_TEST_LAUNCH_TIMEOUT, for tests that cannot wait for the real
 * registration timeout. */
static void
apply_test_launch_timeout (BgrunAppLauncher *launcher)
{
  const char *value = g_getenv ("BGRUN_TEST_LAUNCH_TIMEOUT");
  guint64 seconds;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &seconds, NULL))
    bgrun_app_launcher_set_timeout (launcher, (guint) seconds);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Daemon *daemon = user_data;

  daemon->owned = TRUE;
  g_debug ("bgrund: serving %s", name);
}

static void
on_name_lost (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  Daemon *daemon = user_data;

  if (!daemon->owned)
    {
      g_printerr (_("bgrund: %s is already owned on the session bus; use --replace to take it over.\n"),
                  name);
      quit (daemon, 1);
    }
  else
    {
      g_debug ("bgrund: %s was taken over (--replace); exiting", name);
      quit (daemon, 0);
    }
}

static void
on_bus_closed (GDBusConnection *connection,
               gboolean         remote_peer_vanished,
               GError          *error,
               gpointer         user_data)
{
  g_printerr (_("bgrund: the session bus connection closed.\n"));
  quit (user_data, 1);
}

static gboolean
on_signal (gpointer user_data)
{
  quit (user_data, 0);
  return G_SOURCE_CONTINUE;
}

/* A background URL session has events for an app that has no session
 * object for it: the engine runs a URL-session refresh task in the app,
 * starting it first when it is not running. */
/* Admin1's ListApps asks the broker service which apps are attached. */
static gboolean
is_attached (GObject    *service,
             const char *app_id)
{
  return bgrun_broker_service_is_attached (BGRUN_BROKER_SERVICE (service), app_id);
}

/* And which sessions they reported. */
static GVariant *
list_sessions (GObject    *service,
               const char *app_id)
{
  return bgrun_broker_service_list_sessions (BGRUN_BROKER_SERVICE (service), app_id);
}

/* And has them stop one. */
static gboolean
stop_session (GObject     *service,
              const char  *app_id,
              const char  *title,
              GError     **error)
{
  return bgrun_broker_service_stop_session (BGRUN_BROKER_SERVICE (service), app_id, title, error);
}

/* And has them replay a track in their location sessions. */
static gboolean
simulate_location (GObject     *service,
                   const char  *app_id,
                   const char  *path,
                   double       speed,
                   GError     **error)
{
  return bgrun_broker_service_simulate_location (BGRUN_BROKER_SERVICE (service), app_id, path,
                                                 speed, error);
}

static void
on_launch_needed (BgrunTransferHost *host,
                  const char        *app_id,
                  const char        *session_identifier,
                  Daemon            *daemon)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_engine_submit_url_session_events (daemon->engine, app_id, session_identifier, &error))
    g_warning ("bgrund: cannot start %s for the events of its URL session “%s”: %s",
               app_id, session_identifier, error->message);
}

/* An app that took its work back into its embedded store while bgrund
 * was away may have left a stale copy here (bgrun-store-handover.c):
 * dropped before bgrund acts on it. */
static void
drop_stale_copies (BgrunEngine *engine,
                   const char  *base)
{
  g_auto(GStrv) app_ids = bgrun_engine_list_apps (engine);

  for (guint i = 0; app_ids[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (base, app_ids[i], "tasks.db", NULL);
      g_autoptr(GError) error = NULL;

      if (!bgrun_engine_drop_stale_app (engine, app_ids[i], path, &error))
        g_warning ("bgrund: cannot tell whether %s took its background work back to “%s”: %s",
                   app_ids[i], path, error->message);
    }
}

static gboolean
start_service (Daemon           *daemon,
               GDBusConnection  *connection,
               GError          **error)
{
  g_autoptr(BgrunClock) clock = daemon->test_mode ? bgrun_test_clock_new (NULL) : bgrun_system_clock_new ();
  g_autoptr(BgrunConditions) conditions = daemon->test_mode ? bgrun_conditions_new_simulated (clock)
                                                            : bgrun_conditions_new (clock);
  /* The embedded stores' base; the engine's store is <base>/daemon/tasks.db,
   * with "daemon" where an app id would be (no app id is a single word). */
  g_autofree char *base = bgrun_state_base_directory (NULL);
  g_autofree char *path = g_build_filename (base, "daemon", "tasks.db", NULL);
  BgrunEngine *engine = bgrun_engine_new (path, clock, conditions);

  daemon->engine = engine;
  daemon->service = bgrun_broker_service_new (engine, connection, error);
  if (daemon->service != NULL)
    daemon->admin = bgrun_admin_service_new (engine, is_attached, G_OBJECT (daemon->service),
                                             connection, BGRUN_DBUS_PATH, NULL, error);
  if (daemon->admin != NULL)
    {
      bgrun_admin_service_set_sessions_funcs (daemon->admin, list_sessions, stop_session);
      bgrun_admin_service_set_simulate_location_func (daemon->admin, simulate_location);
    }
  if (daemon->admin != NULL && daemon->test_mode)
    daemon->testing = bgrun_testing_service_new (engine, daemon->service, connection, error);
  if (daemon->admin == NULL || (daemon->test_mode && daemon->testing == NULL))
    return FALSE;
  /* The apps' transfers run here, with their files where the apps' own
   * sessions would keep them: <base>/<app id>/. */
  daemon->transfers = bgrun_transfer_host_new (base, clock, conditions);
  daemon->transfer_service = bgrun_transfer_service_new (daemon->transfers, daemon->service,
                                                         connection, error);
  if (daemon->transfer_service == NULL)
    return FALSE;
  g_signal_connect (daemon->transfers, "launch-needed", G_CALLBACK (on_launch_needed), daemon);

  /* Apps' regions are watched while they do not run. */
  daemon->regions = bgrun_region_host_new (base, engine, daemon->service, clock, error);
  if (daemon->regions == NULL)
    return FALSE;

  /* Apps that go during a workout are started again. */
  daemon->workouts = bgrun_workout_host_new (engine, daemon->service);
  daemon->audio = bgrun_audio_arbiter_new (daemon->service);
  /* The network coming back, the apps' actions run from outside. */
  daemon->triggers = bgrun_trigger_host_new (base, engine, daemon->service);

  /* The apps' notifications, where no shell shows them. */
  if (daemon->serve_notifications)
    {
      daemon->notifications = bgrun_notification_bridge_new (connection, error);
      if (daemon->notifications == NULL)
        return FALSE;
    }

  daemon->launcher = bgrun_app_launcher_new (engine, daemon->service, connection);
  apply_test_launch_timeout (daemon->launcher);
  /* Perhaps started by the timer for an app's due work: look at all of it. */
  drop_stale_copies (engine, base);
  bgrun_engine_load_stored_apps (engine);
  /* Perhaps killed mid-download: the transfers continue. */
  bgrun_transfer_host_reload (daemon->transfers);
  return TRUE;
}

/* Each transfer bgrund hosts holds a socket and a file open, and a user
 * service starts with systemd's soft limit of 1,024 open files: at about
 * 500 transfers at once GLib would abort (it cannot make a poll fd). The
 * hard limit is the one that counts (524,288 under systemd), and systemd
 * advises programs that need many files, and never use select() (GLib
 * polls with poll()), to raise their soft limit to it. Apps are started
 * by the bus, not by bgrund, so they do not inherit it. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
    return;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
    g_warning ("bgrund: cannot raise its limit of open files to %llu: %s",
               (unsigned long long) limit.rlim_max, g_strerror (errno));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean replace = FALSE, version = FALSE;
  Daemon daemon = { NULL, NULL, NULL, DEFAULT_IDLE_TIMEOUT, 0, FALSE, 0 };
  guint owner_id;
  GOptionEntry entries[] = {
    { "replace", 'r', 0, G_OPTION_ARG_NONE, &replace,
      N_("Take over from a running bgrund"), NULL },
    { "idle-timeout", 0, 0, G_OPTION_ARG_INT, &daemon.idle_timeout,
      N_("Exit after this many seconds with no app attached and no task running (default 60; 0: never)"),
      N_("SECONDS") },
    { "test-mode", 0, 0, G_OPTION_ARG_NONE, &daemon.test_mode,
      N_("For tests only: run on a test clock and simulated conditions, driven over org.bgrun.Testing1; never exit when idle"),
      NULL },
    { "serve-notifications", 0, 0, G_OPTION_ARG_NONE, &daemon.serve_notifications,
      N_("Show the apps’ notifications (org.gtk.Notifications) and start an app whose notification button is pressed, where the desktop’s shell does not"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, bgrun_locale_directory ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("The libbgrun session daemon: runs the background work of every app of the user, as org.bgrun.Broker1 on the session bus."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || daemon.idle_timeout < 0)
    {
      g_printerr ("bgrund: %s\n", error != NULL ? error->message : _("the idle timeout cannot be negative"));
      return 2;
    }
  if (daemon.test_mode)
    daemon.idle_timeout = 0;
  if (version)
    {
      g_print ("bgrund %s\n", PACKAGE_VERSION);
      return 0;
    }

  raise_file_limit ();
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    {
      g_printerr (_("bgrund: cannot connect to the session bus: %s\n"), error->message);
      return 1;
    }
  g_dbus_connection_set_exit_on_close (connection, FALSE);

  /* The object is there before the name is: calls queued while the bus
   * started us find it. */
  if (!start_service (&daemon, connection, &error))
    {
      g_printerr (_("bgrund: cannot export %s: %s\n"), BGRUN_DBUS_PATH, error->message);
      return 1;
    }

  daemon.loop = g_main_loop_new (NULL, FALSE);
  daemon.connection = connection;
  g_signal_connect (daemon.service, "notify::idle", G_CALLBACK (on_idle_changed), &daemon);
  g_signal_connect (daemon.launcher, "notify::busy", G_CALLBACK (on_idle_changed), &daemon);
  g_signal_connect (daemon.transfers, "notify::busy", G_CALLBACK (on_idle_changed), &daemon);
  g_signal_connect (daemon.regions, "notify::busy", G_CALLBACK (on_idle_changed), &daemon);
  g_signal_connect (daemon.triggers, "notify::busy", G_CALLBACK (on_idle_changed), &daemon);
  if (daemon.notifications != NULL)
    g_signal_connect (daemon.notifications, "notify::busy", G_CALLBACK (on_idle_changed), &daemon);
  if (!daemon.test_mode)
    bgrund_wakeup_cancel (connection);
  g_signal_connect (connection, "closed", G_CALLBACK (on_bus_closed), &daemon);
  g_unix_signal_add (SIGTERM, on_signal, &daemon);
  g_unix_signal_add (SIGINT, on_signal, &daemon);
  on_idle_changed (G_OBJECT (daemon.service), NULL, &daemon);

  owner_id = g_bus_own_name_on_connection (connection, BGRUN_DBUS_NAME,
                                           G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT |
                                           (replace ? G_BUS_NAME_OWNER_FLAGS_REPLACE : 0),
                                           on_name_acquired, on_name_lost, &daemon, NULL);
  g_main_loop_run (daemon.loop);

  g_bus_unown_name (owner_id);
  g_clear_handle_id (&daemon.idle_source, g_source_remove);
  g_clear_object (&daemon.launcher);
  g_clear_object (&daemon.audio);
  g_clear_object (&daemon.testing);
  g_clear_object (&daemon.transfer_service);
  g_clear_object (&daemon.notifications);
  g_clear_object (&daemon.triggers);
  g_clear_object (&daemon.regions);
  g_clear_object (&daemon.workouts);
  g_clear_object (&daemon.transfers);
  g_clear_object (&daemon.admin);
  g_clear_object (&daemon.service);
  g_clear_object (&daemon.engine);
  g_main_loop_unref (daemon.loop);
  if (!g_dbus_connection_is_closed (connection))
    g_dbus_connection_flush_sync (connection, NULL, NULL);
  return daemon.status;
}
