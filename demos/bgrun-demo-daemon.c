/* bgrun-demo-daemon.c: bgrun-demo's daemon step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A not-running app launched by bgrund for its due task, without touching
 * the user's session: the step starts a dbus-daemon of its own, whose
 * service directory (in a temporary directory) makes bgrund and a small
 * app D-Bus activatable. The small app is bgrun-demo itself, run as
 * `bgrun-demo --launched-app DIR --gapplication-service`: a GApplication
 * that registers a refresh handler at startup, and leaves a file in DIR
 * for each thing that happens to it.
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "bgrun-demo-daemon.h"

#define LAUNCHED_APP_ID   "org.bgrun.Demo.Launched"
#define LAUNCHED_REFRESH  LAUNCHED_APP_ID ".refresh"
#define REFRESH_DELAY     2
/* Long enough for a loaded machine; the launch takes a few seconds. */
#define WAIT_SECONDS      60

/* ---- the launched app ------------------------------------------------- */

void
bgrun_demo_leave_mark (const char *dir,
                       const char *name,
                       const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, text, -1, NULL);
}

static void
on_refresh (BgrunScheduler *scheduler,
            BgrunTask      *task,
            gpointer        user_data)
{
  bgrun_demo_leave_mark (user_data, "ran", bgrun_task_get_identifier (task));
  bgrun_task_set_task_completed (task, TRUE);
}

static void
on_startup (GApplication *application,
            const char   *dir)
{
  BgrunScheduler *scheduler = bgrun_scheduler_new_for_application (application);
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (application), "scheduler", scheduler, g_object_unref);
  if (!bgrun_scheduler_register (scheduler, LAUNCHED_REFRESH, on_refresh,
                                 g_strdup (dir), g_free, &error))
    g_printerr ("%s\n", error->message);
}

static void
on_activate (GApplication *application,
             const char   *dir)
{
  bgrun_demo_leave_mark (dir, "activated", "");
}

/* bgrun-demo --launched-app DIR [GApplication options] */
int
bgrun_demo_launched_app_main (int    argc,
                              char **argv)
{
  g_autoptr(GApplication) application = NULL;
  const char *dir;
  int status;

  if (argc < 3)
    return 2;
  dir = argv[2];
  application = g_application_new (LAUNCHED_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (application, "startup", G_CALLBACK (on_startup), (gpointer) dir);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), (gpointer) dir);
  /* What follows DIR is the application's: --gapplication-service. */
  argv[2] = argv[0];
  status = g_application_run (application, argc - 2, argv + 2);
  bgrun_demo_leave_mark (dir, "exited", "");
  return status;
}

/* ---- the step --------------------------------------------------------- */

char *
bgrun_demo_find_bgrund (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  /* Installed, beside bgrun-demo; in the build tree, in daemon/. */
  const char *candidates[] = { "bgrund", "../daemon/bgrund" };

  for (guint i = 0; dir != NULL && i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static void
write_service (const char *services,
               const char *name,
               const char *exec)
{
  g_autofree char *path = g_strconcat (services, G_DIR_SEPARATOR_S, name, ".service", NULL);
  g_autofree char *text = g_strdup_printf ("[D-BUS Service]\nName=%s\nExec=%s\n", name, exec);

  g_file_set_contents (path, text, -1, NULL);
}

/* The bus configuration: a session bus listening in @dir, starting
 * services from @services. */
static void
write_bus_config (const char *dir,
                  const char *services,
                  const char *path)
{
  g_autofree char *text = g_strdup_printf (
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:dir=%s</listen>\n"
    "  <servicedir>%s</servicedir>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n", dir, services);

  g_file_set_contents (path, text, -1, NULL);
}

gboolean
bgrun_demo_session_start (BgrunDemoSession  *session,
                          const char        *bgrund,
                          const char        *app_id,
                          const char        *app_mode,
                          GError           **error)
{
  g_autofree char *services = g_build_filename (session->dir, "services", NULL);
  g_autofree char *config = g_build_filename (session->dir, "bus.conf", NULL);
  g_autofree char *state = g_build_filename (session->dir, "state", NULL);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", error);
  g_autofree char *bgrund_exec = NULL, *app_exec = NULL, *quoted_self = NULL, *quoted_dir = NULL;
  g_autofree char *quoted_bgrund = NULL;
  g_autofree char *config_arg = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) output = NULL;

  if (self == NULL)
    return FALSE;
  g_mkdir_with_parents (services, 0700);
  quoted_self = g_shell_quote (self);
  quoted_dir = g_shell_quote (session->dir);
  quoted_bgrund = g_shell_quote (bgrund);
  bgrund_exec = g_strdup_printf ("%s --idle-timeout 0", quoted_bgrund);
  app_exec = g_strdup_printf ("%s %s %s --gapplication-service",
                              quoted_self, app_mode, quoted_dir);
  write_service (services, "org.bgrun.Broker1", bgrund_exec);
  write_service (services, app_id, app_exec);
  write_bus_config (session->dir, services, config);

  /* What the bus starts inherits this environment. */
  /* The bus's log, and that of what it starts, would drown the tour. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "BGRUN_STATE_DIR", state, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "BGRUN_BACKEND");
  config_arg = g_strconcat ("--config-file=", config, NULL);
  session->bus = g_subprocess_launcher_spawn (launcher, error, "dbus-daemon", config_arg,
                                              "--nofork", "--print-address=1", NULL);
  if (session->bus == NULL)
    return FALSE;
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (session->bus));
  session->address = g_data_input_stream_read_line (output, NULL, NULL, error);
  return session->address != NULL;
}

void
bgrun_demo_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bgrun_demo_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Ends bgrund (it would otherwise complain when its bus goes), then the
 * bus, and removes the temporary directory. */
void
bgrun_demo_session_stop (BgrunDemoSession *session)
{
  if (session->address != NULL)
    {
      g_autoptr(GDBusConnection) connection = NULL;
      g_autoptr(GVariant) reply = NULL;
      guint32 pid;

      connection = g_dbus_connection_new_for_address_sync (session->address,
                                                           G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                           G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                           NULL, NULL, NULL);
      if (connection != NULL)
        reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                             g_variant_new ("(s)", "org.bgrun.Broker1"),
                                             G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                             -1, NULL, NULL);
      if (reply != NULL)
        {
          g_variant_get (reply, "(u)", &pid);
          kill ((pid_t) pid, SIGTERM);
        }
      if (connection != NULL)
        g_dbus_connection_close_sync (connection, NULL, NULL);
    }
  if (session->bus != NULL)
    {
      g_subprocess_send_signal (session->bus, SIGTERM);
      g_subprocess_wait (session->bus, NULL, NULL);
    }
  bgrun_demo_remove_tree (session->dir);
  g_clear_object (&session->bus);
  g_clear_pointer (&session->address, g_free);
  g_clear_pointer (&session->dir, g_free);
}

typedef struct
{
  GMainLoop *loop;
  char      *path;
  gboolean   found;
} Wait;

static void
on_dir_changed (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other,
                GFileMonitorEvent  event,
                Wait              *wait)
{
  if (g_file_test (wait->path, G_FILE_TEST_EXISTS))
    {
      wait->found = TRUE;
      g_main_loop_quit (wait->loop);
    }
}

static gboolean
on_wait_over (gpointer user_data)
{
  g_main_loop_quit (((Wait *) user_data)->loop);
  return G_SOURCE_REMOVE;
}

gboolean
bgrun_demo_wait_for_mark (const char *dir,
                          const char *name,
                          int         seconds)
{
  g_autoptr(GFile) directory = g_file_new_for_path (dir);
  g_autoptr(GFileMonitor) monitor = g_file_monitor_directory (directory, G_FILE_MONITOR_NONE,
                                                              NULL, NULL);
  Wait wait = { g_main_loop_new (NULL, FALSE), g_build_filename (dir, name, NULL), FALSE };
  guint timeout;

  wait.found = g_file_test (wait.path, G_FILE_TEST_EXISTS);
  if (!wait.found && monitor != NULL)
    {
      g_signal_connect (monitor, "changed", G_CALLBACK (on_dir_changed), &wait);
      timeout = g_timeout_add_seconds (seconds, on_wait_over, &wait);
      g_main_loop_run (wait.loop);
      if (wait.found)
        g_source_remove (timeout);
      g_signal_handlers_disconnect_by_data (monitor, &wait);
    }
  g_main_loop_unref (wait.loop);
  g_free (wait.path);
  return wait.found;
}

static void
ignore_task (BgrunScheduler *scheduler,
             BgrunTask      *task,
             gpointer        user_data)
{
  bgrun_task_set_task_completed (task, TRUE);
}

/* The app runs briefly: registers, schedules its refresh, exits. */
static gboolean
run_app_once (GError **error)
{
  g_autoptr(BgrunScheduler) scheduler = bgrun_scheduler_new (LAUNCHED_APP_ID);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) due = g_date_time_add_seconds (now, REFRESH_DELAY);

  return bgrun_scheduler_register (scheduler, LAUNCHED_REFRESH, ignore_task, NULL, NULL, error) &&
         bgrun_scheduler_schedule_refresh (scheduler, due, NULL, error);
}

static void
show_launch (const char *dir)
{
  g_autofree char *activated = g_build_filename (dir, "activated", NULL);
  g_autofree char *ran = NULL;
  g_autofree char *ran_path = g_build_filename (dir, "ran", NULL);

  if (!bgrun_demo_wait_for_mark (dir, "ran", WAIT_SECONDS))
    {
      g_print (_("  bgrund did not launch the app within %d s.\n"), WAIT_SECONDS);
      return;
    }
  g_file_get_contents (ran_path, &ran, NULL, NULL);
  g_print (_("  bgrund launched %s for its due task %s: the handler ran in the new process.\n"),
           LAUNCHED_APP_ID, ran);
  g_print (g_file_test (activated, G_FILE_TEST_EXISTS)
           ? _("  The app emitted activate (a window would have opened).\n")
           : _("  No window: the app was started for an action, without activate.\n"));
  if (bgrun_demo_wait_for_mark (dir, "exited", WAIT_SECONDS))
    g_print (_("  The app exited by itself after its task.\n"));
  else
    g_print (_("  The app still runs %d s after its task.\n"), WAIT_SECONDS);
}

void
bgrun_demo_daemon_step (void)
{
  g_autofree char *bgrund = bgrun_demo_find_bgrund ();
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autofree char *saved_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autoptr(GError) error = NULL;
  BgrunDemoSession session = { NULL, NULL, NULL };

  g_print (_("\n== The daemon launches a closed app ==\n"));
  if (bgrund == NULL || dbus_daemon == NULL)
    {
      g_print (_("  Skipped: it needs bgrund beside bgrun-demo and dbus-daemon on PATH.\n"));
      return;
    }
  session.dir = g_dir_make_tmp ("bgrun-demo-XXXXXX", &error);
  if (session.dir == NULL ||
      !bgrun_demo_session_start (&session, bgrund, LAUNCHED_APP_ID, BGRUN_DEMO_LAUNCHED_APP, &error))
    {
      g_print (_("  Skipped: no private session bus: %s\n"), error->message);
      if (session.dir != NULL)
        bgrun_demo_session_stop (&session);
      return;
    }
  g_print (_("  A private session bus, where bgrund and %s are D-Bus activatable.\n"),
           LAUNCHED_APP_ID);

  /* From here on this process and what it starts use the private bus. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", session.address, TRUE);
  g_unsetenv ("BGRUN_BACKEND");
  if (run_app_once (&error))
    {
      g_print (_("  %s schedules its refresh %d s ahead, and exits.\n"),
               LAUNCHED_APP_ID, REFRESH_DELAY);
      show_launch (session.dir);
    }
  else
    g_print (_("  The app could not schedule its refresh: %s\n"), error->message);

  bgrun_demo_session_stop (&session);
  if (saved_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved_address, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
}
