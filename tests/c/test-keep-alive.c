/* test-keep-alive.c: the keep-alive layer against real D-Bus services
 *
 * Every inhibitor and portal call goes through a real dbus-daemon to a
 * python-dbusmock service, never to the machine's buses: main() starts two
 * private dbus-daemons (one stands in for the system bus, through
 * DBUS_SYSTEM_BUS_ADDRESS, before anything in the process connects to it),
 * runs dbusmock's `logind` template on the "system" one and our own
 * portal template (tests/python/keepalive_portal_template.py) on the
 * session one. Daemons and mocks get SIGTERM when this process ends, even
 * by a crash (PR_SET_PDEATHSIG), so none outlives a failed test. (Not
 * GTestDBus: its watcher process keeps the test's stdout open, and meson
 * then waits for it until the test times out.) The mocks log every call
 * to a file, which the tests read to learn that a call reached the service.
 *
 * What the user notices is checked where they would see it: logind's
 * ListInhibitors and the portal's records (our inhibitor is listed while a
 * lease holds it and gone after), and the GApplication staying alive while
 * a lease holds it (g_application_run() keeps running steps and returns
 * only after the release). Tests where a bus or a service is missing run
 * in a subprocess that points its bus addresses elsewhere, and count the
 * library's log messages there: one debug message, no warning.
 *
 * Nothing sleeps: waits run the main loop until a condition holds, with a
 * generous time limit that only a failing test reaches. Without
 * python-dbusmock the tests that need it are skipped, visibly.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bgrun-background-portal-private.h"
#include "bgrun-inhibitor-private.h"
#include "bgrun-keep-alive-private.h"
#include "test-slowdown.h"

#define PYTHON "/usr/bin/python3"
/* Stretched under tools/valgrind (test-slowdown.h). */
#define TIMEOUT_SECONDS ((guint) (10 * test_slowdown ()))
#define STEP_TICK_MS ((guint) (10 * test_slowdown ()))
#define APP_ID "org.example.BgrunTest.KeepAlive"

#define LOGIND_NAME "org.freedesktop.login1"
#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"

/* The world main() builds; NULL/FALSE in subprocesses and when skipping. */
static struct
{
  char            *skip_reason;
  char            *system_address;
  char            *session_address;
  GDBusConnection *system_bus;
  GDBusConnection *session_bus;
  GSubprocess     *system_daemon;
  GSubprocess     *session_daemon;
  GSubprocess     *logind;
  GSubprocess     *portal;
  char            *logind_log;
  char            *portal_log;
} world;

/* waiting */

typedef gboolean (*Condition) (gpointer data);

static gboolean
on_wait_tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the default main context until @condition holds; fails saying @what
 * after TIMEOUT_SECONDS. A 10 ms tick re-checks conditions that ask a
 * service over D-Bus and are not woken by anything in this process. */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint tick = g_timeout_add (10, on_wait_tick, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u s waiting for %s", TIMEOUT_SECONDS, what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static gboolean
is_inhibited (gpointer data)
{
  return bgrun_keep_alive_get_inhibited (data);
}

static gboolean
has_no_pending (gpointer data)
{
  return bgrun_keep_alive_get_n_pending (data) == 0;
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
wait_for_name (GDBusConnection *bus,
               const char      *name)
{
  gboolean appeared = FALSE;
  guint watch = g_bus_watch_name_on_connection (bus, name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                on_name_appeared, NULL, &appeared, NULL);

  wait_until (is_true, &appeared, name);
  g_bus_unwatch_name (watch);
}

/* the mocks */

static gboolean
have_dbusmock (void)
{
  const char *argv[] = { PYTHON, "-c", "import dbusmock", NULL };
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL))
    return FALSE;
  return g_spawn_check_wait_status (status, NULL);
}

/* Mocks end with this process, even when it crashes: a mock outliving it
 * would keep meson waiting on the test's output pipes. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts `python3 -m dbusmock ARGS...` logging calls to @log_path, its
 * other output to this test's stderr (stdout carries TAP). */
static GSubprocess *
spawn_mock (const char *log_path,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *mock;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) PYTHON);
  g_ptr_array_add (argv, (char *) "-m");
  g_ptr_array_add (argv, (char *) "dbusmock");
  g_ptr_array_add (argv, (char *) "--logfile");
  g_ptr_array_add (argv, (char *) log_path);
  va_start (args, log_path);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  mock = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return mock;
}

/* How many lines of @log_path record a call of @method. */
static guint
count_calls (const char *log_path,
             const char *method)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *needle = g_strdup_printf (" %s ", method);
  guint n = 0;

  if (!g_file_get_contents (log_path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      n++;
  return n;
}

/* Starts a private dbus-daemon that ends with this process; returns its
 * address. Its configuration allows everything and activates nothing. */
static char *
start_bus (GSubprocess **daemon)
{
  static const char config_template[] =
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:tmpdir=%s</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n";
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_strdup_printf (config_template, g_get_tmp_dir ());
  g_autofree char *config_path = NULL;
  int fd;
  char *address;

  fd = g_file_open_tmp ("bgrun-test-bus-XXXXXX.conf", &config_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  *daemon = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--nofork",
                                         "--print-address=1", "--config-file", config_path,
                                         NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (*daemon));
  address = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  g_unlink (config_path);
  return address;
}

static void
set_up_world (void)
{
  g_autofree char *template = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_dbusmock ())
    {
      world.skip_reason = g_strdup (PYTHON " cannot import dbusmock (python3-dbusmock)");
      return;
    }

  /* Before anything in the process connects to either bus. */
  world.system_address = start_bus (&world.system_daemon);
  world.session_address = start_bus (&world.session_daemon);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", world.system_address, TRUE);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", world.session_address, TRUE);

  world.system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);
  g_assert_no_error (error);
  world.session_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  /* The buses go away on purpose at the end. */
  g_dbus_connection_set_exit_on_close (world.system_bus, FALSE);
  g_dbus_connection_set_exit_on_close (world.session_bus, FALSE);

  world.logind_log = g_build_filename (g_get_tmp_dir (), "bgrun-test-logind.log", NULL);
  world.portal_log = g_build_filename (g_get_tmp_dir (), "bgrun-test-portal.log", NULL);
  template = g_test_build_filename (G_TEST_DIST, "python", "keepalive_portal_template.py", NULL);
  world.logind = spawn_mock (world.logind_log, "--system", "--template", "logind", NULL);
  world.portal = spawn_mock (world.portal_log, "--session", "--template", template, NULL);
  wait_for_name (world.system_bus, LOGIND_NAME);
  wait_for_name (world.session_bus, PORTAL_NAME);
}

static void
tear_down_world (void)
{
  if (world.logind != NULL)
    g_subprocess_force_exit (world.logind);
  if (world.portal != NULL)
    g_subprocess_force_exit (world.portal);
  g_clear_object (&world.logind);
  g_clear_object (&world.portal);
  if (world.system_daemon != NULL)
    g_subprocess_force_exit (world.system_daemon);
  if (world.session_daemon != NULL)
    g_subprocess_force_exit (world.session_daemon);
  g_clear_object (&world.system_daemon);
  g_clear_object (&world.session_daemon);
  if (world.logind_log != NULL)
    g_unlink (world.logind_log);
  if (world.portal_log != NULL)
    g_unlink (world.portal_log);
}

/* Skips the current test, saying why, when the world could not be built. */
static gboolean
skip_without_mocks (void)
{
  if (world.skip_reason == NULL)
    return FALSE;
  g_test_skip (world.skip_reason);
  return TRUE;
}

/* asking the services */

static GVariant *
call_sync (GDBusConnection *bus,
           const char      *name,
           const char      *path,
           const char      *interface,
           const char      *method,
           GVariant        *parameters,
           const char      *reply_type)
{
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  reply = g_dbus_connection_call_sync (bus, name, path, interface, method, parameters,
                                       G_VARIANT_TYPE (reply_type), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* logind's inhibitors: a(ssssuu) what, who, why, mode, uid, pid */
static GVariant *
list_inhibitors (void)
{
  g_autoptr(GVariant) reply = call_sync (world.system_bus, LOGIND_NAME, "/org/freedesktop/login1",
                                         "org.freedesktop.login1.Manager", "ListInhibitors",
                                         NULL, "(a(ssssuu))");

  return g_variant_get_child_value (reply, 0);
}

/* Whether logind lists GPOINTER_TO_UINT (@data) inhibitors. */
static gboolean
logind_lists_n (gpointer data)
{
  g_autoptr(GVariant) inhibitors = list_inhibitors ();

  return g_variant_n_children (inhibitors) == GPOINTER_TO_UINT (data);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Asserts that logind lists exactly the inhibitors in @expected, given as
 * "what|who|why" strings, all of them in mode "block", in any order: two
 * leases taken together ask logind at once, and either may be answered
 * first. */
static void
assert_logind_lists (const char * const *expected)
{
  g_autoptr(GVariant) inhibitors = list_inhibitors ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  const char *what, *who, *why, *mode;
  GVariantIter iter;

  g_variant_iter_init (&iter, inhibitors);
  while (g_variant_iter_next (&iter, "(&s&s&s&suu)", &what, &who, &why, &mode, NULL, NULL))
    {
      g_assert_cmpstr (mode, ==, "block");
      g_ptr_array_add (seen, g_strdup_printf ("%s|%s|%s", what, who, why));
    }
  for (guint i = 0; expected[i] != NULL; i++)
    g_ptr_array_add (wanted, (gpointer) expected[i]);
  g_ptr_array_sort (seen, compare_strings);
  g_ptr_array_sort (wanted, compare_strings);
  g_ptr_array_add (seen, NULL);
  g_ptr_array_add (wanted, NULL);
  g_assert_cmpstrv ((const char * const *) seen->pdata, (const char * const *) wanted->pdata);
}

static GVariant *
portal_mock_call (const char *method,
                  const char *reply_type)
{
  g_autoptr(GVariant) reply = call_sync (world.session_bus, PORTAL_NAME, PORTAL_PATH,
                                         "org.freedesktop.DBus.Mock", method, NULL, reply_type);

  return g_variant_get_child_value (reply, 0);
}

/* The portal's inhibitions in place (@closed FALSE) or ended by Close
 * (TRUE), as "flags|reason" strings, oldest first; @handles gets their
 * request paths when not NULL. */
static GStrv
portal_inhibitions (gboolean   closed,
                    GStrv     *handles)
{
  g_autoptr(GVariant) list = portal_mock_call (closed ? "ListClosed" : "ListInhibitions",
                                               "(a(ous))");
  g_autoptr(GStrvBuilder) result = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  const char *handle, *reason;
  guint32 flags;
  GVariantIter iter;

  g_variant_iter_init (&iter, list);
  while (g_variant_iter_next (&iter, "(&ou&s)", &handle, &flags, &reason))
    {
      g_autofree char *entry = g_strdup_printf ("%u|%s", flags, reason);

      g_strv_builder_add (result, entry);
      g_strv_builder_add (paths, handle);
    }
  if (handles != NULL)
    *handles = g_strv_builder_end (paths);
  return g_strv_builder_end (result);
}

static guint
portal_n_closed (void)
{
  g_auto(GStrv) closed = portal_inhibitions (TRUE, NULL);

  return g_strv_length (closed);
}

static gboolean
portal_lists_none (gpointer data)
{
  g_auto(GStrv) inhibitions = portal_inhibitions (FALSE, NULL);

  return inhibitions[0] == NULL;
}

/* The messages of every SetStatus the portal saw, oldest first. */
static GStrv
portal_status_messages (void)
{
  g_autoptr(GVariant) messages = portal_mock_call ("GetStatusMessages", "(as)");

  return g_variant_dup_strv (messages, NULL);
}

static guint
portal_n_status_messages (void)
{
  g_auto(GStrv) messages = portal_status_messages ();

  return g_strv_length (messages);
}

/* The options of every RequestBackground the portal saw: aa{sv}. */
static GVariant *
portal_background_requests (void)
{
  return portal_mock_call ("GetBackgroundRequests", "(aa{sv})");
}

static void
set_portal_background_version (guint32 version)
{
  g_autoptr(GVariant) reply =
    call_sync (world.session_bus, PORTAL_NAME, PORTAL_PATH, "org.freedesktop.DBus.Properties",
               "Set", g_variant_new ("(ssv)", "org.freedesktop.portal.Background", "version",
                                     g_variant_new_uint32 (version)), "()");
}

/* counting notify::inhibited */

typedef struct
{
  guint    n_notify;
  gboolean ever_inhibited;
} Watch;

static void
on_notify_inhibited (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  Watch *watch = user_data;

  watch->n_notify++;
  if (bgrun_keep_alive_get_inhibited (BGRUN_KEEP_ALIVE (object)))
    watch->ever_inhibited = TRUE;
}

static BgrunKeepAlive *
new_keep_alive (Watch *watch)
{
  BgrunKeepAlive *keep_alive = bgrun_keep_alive_new (NULL, APP_ID);

  g_signal_connect (keep_alive, "notify::inhibited", G_CALLBACK (on_notify_inhibited), watch);
  return keep_alive;
}

/* choosing the inhibitor */

static char *
chosen_inhibitor (const char *forced)
{
  g_autoptr(BgrunInhibitor) inhibitor = NULL;

  if (forced != NULL)
    g_setenv ("BGRUN_INHIBITOR", forced, TRUE);
  else
    g_unsetenv ("BGRUN_INHIBITOR");
  inhibitor = bgrun_inhibitor_new_for_system ();
  g_unsetenv ("BGRUN_INHIBITOR");
  return g_strdup (bgrun_inhibitor_get_name (inhibitor));
}

static void
test_choice (void)
{
  const char *automatic = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "portal" : "logind";
  struct { const char *forced, *expected; } cases[] = {
    { "portal", "portal" },
    { "logind", "logind" },
    { "none", "none" },
    { NULL, automatic },
    { "", automatic },
    { "systemd", automatic },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *chosen = chosen_inhibitor (cases[i].forced);

      g_test_message ("BGRUN_INHIBITOR=%s", cases[i].forced ? cases[i].forced : "(unset)");
      g_assert_cmpstr (chosen, ==, cases[i].expected);
    }
}

/* logind */

typedef struct
{
  BgrunKeepAliveFlags flags;
  const char         *expected;   /* "what|who|why" */
} LogindCase;

static void
test_logind_lifecycle (gconstpointer data)
{
  const LogindCase *test = data;
  const char *expected[] = { test->expected, NULL };
  const char *nothing[] = { NULL };
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  Watch watch = { 0 };
  guint lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "logind", TRUE);
  keep_alive = new_keep_alive (&watch);

  lease = bgrun_keep_alive_acquire (keep_alive, test->flags, "Mindfulness session");
  g_assert_cmpuint (lease, !=, 0);
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (keep_alive), ==, 1);
  /* Asked for, not yet in place: logind has not answered. */
  g_assert_false (bgrun_keep_alive_get_inhibited (keep_alive));
  g_assert_cmpuint (bgrun_keep_alive_get_n_pending (keep_alive), ==, 1);

  wait_until (is_inhibited, keep_alive, "the logind inhibitor");
  g_assert_cmpuint (watch.n_notify, ==, 1);
  assert_logind_lists (expected);

  bgrun_keep_alive_release (keep_alive, lease);
  g_assert_false (bgrun_keep_alive_get_inhibited (keep_alive));
  g_assert_cmpuint (watch.n_notify, ==, 2);
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (keep_alive), ==, 0);
  wait_until (logind_lists_n, GUINT_TO_POINTER (0), "logind to drop the released inhibitor");
  assert_logind_lists (nothing);
  g_unsetenv ("BGRUN_INHIBITOR");
}

static void
test_logind_two_leases (void)
{
  const char *both[] = { "idle|" APP_ID "|Mindfulness session",
                         "sleep|" APP_ID "|Physical therapy session", NULL };
  const char *second[] = { "sleep|" APP_ID "|Physical therapy session", NULL };
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  Watch watch = { 0 };
  guint first_lease, second_lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "logind", TRUE);
  keep_alive = new_keep_alive (&watch);

  first_lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_IDLE,
                                          "Mindfulness session");
  second_lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
                                           "Physical therapy session");
  g_assert_cmpuint (first_lease, !=, second_lease);
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (keep_alive), ==, 2);
  wait_until (has_no_pending, keep_alive, "both answers from logind");
  g_assert_true (bgrun_keep_alive_get_inhibited (keep_alive));
  assert_logind_lists (both);

  /* Releasing one leaves the other in place. */
  bgrun_keep_alive_release (keep_alive, first_lease);
  g_assert_true (bgrun_keep_alive_get_inhibited (keep_alive));
  g_assert_cmpuint (watch.n_notify, ==, 1);
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (keep_alive), ==, 1);
  wait_until (logind_lists_n, GUINT_TO_POINTER (1), "logind to drop the first inhibitor");
  assert_logind_lists (second);

  bgrun_keep_alive_release (keep_alive, second_lease);
  g_assert_false (bgrun_keep_alive_get_inhibited (keep_alive));
  g_assert_cmpuint (watch.n_notify, ==, 2);
  wait_until (logind_lists_n, GUINT_TO_POINTER (0), "logind to drop the second inhibitor");
  g_unsetenv ("BGRUN_INHIBITOR");
}

/* Dropping the keep-alive with a lease outstanding releases the lease. */
static void
test_logind_dispose (void)
{
  const char *expected[] = { "sleep|" APP_ID "|Physical therapy session", NULL };
  BgrunKeepAlive *keep_alive;
  Watch watch = { 0 };

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "logind", TRUE);
  keep_alive = new_keep_alive (&watch);

  bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
                            "Physical therapy session");
  wait_until (is_inhibited, keep_alive, "the logind inhibitor");
  assert_logind_lists (expected);

  g_assert_finalize_object (keep_alive);
  wait_until (logind_lists_n, GUINT_TO_POINTER (0),
              "logind to drop the inhibitor of the finalized keep-alive");
  g_unsetenv ("BGRUN_INHIBITOR");
}

typedef struct
{
  const char *log_path;
  const char *method;
  guint       n_calls;
} CallCount;

/* Whether the mock logged @n_calls calls of @method (so it answered them
 * or is answering them) and no inhibitor is left at logind. */
static gboolean
logind_called_and_empty (gpointer data)
{
  CallCount *expected = data;

  return count_calls (expected->log_path, expected->method) == expected->n_calls &&
         logind_lists_n (GUINT_TO_POINTER (0));
}

/* A release that comes before logind's answer: logind did create the
 * inhibitor, and it is dropped as soon as the answer arrives. */
static void
test_logind_release_before_answer (void)
{
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  Watch watch = { 0 };
  CallCount expected = { world.logind_log, "Inhibit", 0 };
  guint lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "logind", TRUE);
  keep_alive = new_keep_alive (&watch);
  expected.n_calls = count_calls (world.logind_log, "Inhibit") + 1;

  lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_IDLE,
                                    "Mindfulness session");
  bgrun_keep_alive_release (keep_alive, lease);
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (keep_alive), ==, 0);
  g_assert_cmpuint (bgrun_keep_alive_get_n_pending (keep_alive), ==, 1);

  wait_until (has_no_pending, keep_alive, "logind's answer");
  wait_until (logind_called_and_empty, &expected,
              "logind to drop the inhibitor released before its answer");
  g_assert_false (bgrun_keep_alive_get_inhibited (keep_alive));
  g_assert_cmpuint (watch.n_notify, ==, 0);
  g_unsetenv ("BGRUN_INHIBITOR");
}

/* The same with the keep-alive finalized before the answer. */
static void
test_logind_dispose_before_answer (void)
{
  BgrunKeepAlive *keep_alive;
  Watch watch = { 0 };
  CallCount expected = { world.logind_log, "Inhibit", 0 };

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "logind", TRUE);
  keep_alive = new_keep_alive (&watch);
  expected.n_calls = count_calls (world.logind_log, "Inhibit") + 1;

  bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
                            "Physical therapy session");
  g_assert_finalize_object (keep_alive);

  wait_until (logind_called_and_empty, &expected,
              "logind to drop the inhibitor of a keep-alive finalized before the answer");
  g_assert_cmpuint (watch.n_notify, ==, 0);
  g_unsetenv ("BGRUN_INHIBITOR");
}

/* the application hold, seen through g_application_run() */

typedef struct _AppRun AppRun;

/* Returns TRUE when done; FALSE to be called again on the next tick. */
typedef gboolean (*Step) (AppRun *run);

struct _AppRun
{
  GApplication   *app;
  BgrunKeepAlive *keep_alive;
  guint           lease;
  guint           other_lease;
  const Step     *steps;
  guint           n_done;
  guint           tick;
  gboolean        gave_up;
};

/* Runs the next step; steps after the first run from a STEP_TICK_MS tick
 * of the application's main loop, which goes on only while the
 * application is held: a step runs only if a hold outlived the step
 * before it (or the application took longer than a tick to quit, which
 * STEP_TICK_MS leaves room for). */
static gboolean
run_steps (gpointer user_data)
{
  AppRun *run = user_data;

  if (run->steps[run->n_done] (run))
    run->n_done++;
  if (run->steps[run->n_done] != NULL)
    return G_SOURCE_CONTINUE;
  run->tick = 0;
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  AppRun *run = user_data;

  if (run_steps (run) == G_SOURCE_CONTINUE)
    run->tick = g_timeout_add (STEP_TICK_MS, run_steps, run);
}

static gboolean
give_up (gpointer user_data)
{
  AppRun *run = user_data;

  run->gave_up = TRUE;
  g_application_quit (run->app);
  return G_SOURCE_REMOVE;
}

/* Runs a new application whose activation starts @steps; returns when
 * g_application_run() returned, after checking that it did so on its own
 * (not timed out) after @n_expected steps. */
static void
run_app (AppRun     *run,
         const Step *steps,
         guint       n_expected)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.App%u", APP_ID, ++serial);
  guint guard;
  int status;

  run->app = g_application_new (id, G_APPLICATION_NON_UNIQUE);
  run->steps = steps;
  g_signal_connect (run->app, "activate", G_CALLBACK (on_activate), run);
  guard = g_timeout_add_seconds (TIMEOUT_SECONDS, give_up, run);
  status = g_application_run (run->app, 0, NULL);

  g_assert_false (run->gave_up);
  g_source_remove (guard);
  g_clear_handle_id (&run->tick, g_source_remove);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (run->n_done, ==, n_expected);
}

static void
app_run_clear (AppRun *run)
{
  if (run->keep_alive != NULL)
    g_assert_finalize_object (run->keep_alive);
  g_assert_finalize_object (run->app);
}

static gboolean
step_acquire_hold (AppRun *run)
{
  run->keep_alive = bgrun_keep_alive_new (run->app, APP_ID);
  run->lease = bgrun_keep_alive_acquire (run->keep_alive, BGRUN_KEEP_ALIVE_HOLD_APPLICATION,
                                         "Self care session");
  return TRUE;
}

static gboolean
step_still_held (AppRun *run)
{
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (run->keep_alive), ==, 1);
  /* Only the hold was asked for: no inhibitor. */
  g_assert_cmpuint (bgrun_keep_alive_get_n_pending (run->keep_alive), ==, 0);
  g_assert_false (bgrun_keep_alive_get_inhibited (run->keep_alive));
  return TRUE;
}

static gboolean
step_release (AppRun *run)
{
  bgrun_keep_alive_release (run->keep_alive, run->lease);
  return TRUE;
}

static void
test_hold_application (void)
{
  static const Step steps[] = { step_acquire_hold, step_still_held, step_release, NULL };
  AppRun run = { 0 };

  run_app (&run, steps, 3);
  app_run_clear (&run);
}

static gboolean
step_acquire_without_hold (AppRun *run)
{
  run->keep_alive = bgrun_keep_alive_new (run->app, APP_ID);
  run->lease = bgrun_keep_alive_acquire (run->keep_alive, 0, "Self care session");
  return TRUE;
}

static gboolean
step_never (AppRun *run)
{
  g_assert_not_reached ();
  return TRUE;
}

/* A lease that does not ask for the hold does not keep the app. */
static void
test_hold_not_asked (void)
{
  static const Step steps[] = { step_acquire_without_hold, step_never, NULL };
  AppRun run = { 0 };

  run_app (&run, steps, 1);
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (run.keep_alive), ==, 1);
  bgrun_keep_alive_release (run.keep_alive, run.lease);
  app_run_clear (&run);
}

static gboolean
step_drop_keep_alive (AppRun *run)
{
  g_assert_finalize_object (g_steal_pointer (&run->keep_alive));
  return TRUE;
}

/* Finalizing the keep-alive releases the hold of an outstanding lease. */
static void
test_hold_dispose (void)
{
  static const Step steps[] = { step_acquire_hold, step_still_held, step_drop_keep_alive, NULL };
  AppRun run = { 0 };

  run_app (&run, steps, 3);
  app_run_clear (&run);
}

static gboolean
step_acquire_hold_and_idle (AppRun *run)
{
  /* No app id given: logind is told the application's. */
  run->keep_alive = bgrun_keep_alive_new (run->app, NULL);
  run->lease = bgrun_keep_alive_acquire (run->keep_alive,
                                         BGRUN_KEEP_ALIVE_HOLD_APPLICATION |
                                         BGRUN_KEEP_ALIVE_INHIBIT_IDLE,
                                         "Mindfulness session");
  return TRUE;
}

static gboolean
step_wait_inhibited (AppRun *run)
{
  g_autofree char *entry = NULL;

  if (!bgrun_keep_alive_get_inhibited (run->keep_alive))
    return FALSE;

  entry = g_strdup_printf ("idle|%s|Mindfulness session",
                           g_application_get_application_id (run->app));
  assert_logind_lists ((const char * const[]) { entry, NULL });
  return TRUE;
}

/* A frontmost session: the app held and logind's idle inhibitor, both
 * released together. */
static void
test_logind_application (void)
{
  static const Step steps[] = {
    step_acquire_hold_and_idle, step_wait_inhibited, step_release, NULL
  };
  AppRun run = { 0 };

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "logind", TRUE);

  run_app (&run, steps, 3);
  g_assert_false (bgrun_keep_alive_get_inhibited (run.keep_alive));
  wait_until (logind_lists_n, GUINT_TO_POINTER (0), "logind to drop the inhibitor");
  app_run_clear (&run);
  g_unsetenv ("BGRUN_INHIBITOR");
}

/* degrading: what is missing costs one debug message */

typedef struct
{
  const char         *system_bus;    /* "nowhere", "session" or NULL: as it is */
  const char         *session_bus;   /* "nowhere", "system" or NULL: as it is */
  const char         *inhibitor;     /* BGRUN_INHIBITOR */
  BgrunKeepAliveFlags flags;         /* besides HOLD_APPLICATION */
  const char         *expected[3];   /* what each debug message says */
} DegradeCase;

typedef struct
{
  GPtrArray *debug;          /* the debug messages, in order */
  guint      n_other;        /* messages of any other level */
} Messages;

static Messages messages;

static void
on_log (const char     *domain,
        GLogLevelFlags  level,
        const char     *message,
        gpointer        user_data)
{
  g_printerr ("%s-%s: %s\n", domain, (level & G_LOG_LEVEL_DEBUG) ? "DEBUG" : "OTHER", message);
  if (level & G_LOG_LEVEL_DEBUG)
    g_ptr_array_add (messages.debug, g_strdup (message));
  else
    messages.n_other++;
}

static const DegradeCase *degrade_case;

static gboolean
step_acquire_twice (AppRun *run)
{
  BgrunKeepAliveFlags flags = BGRUN_KEEP_ALIVE_HOLD_APPLICATION | degrade_case->flags;

  run->keep_alive = bgrun_keep_alive_new (run->app, APP_ID);
  run->lease = bgrun_keep_alive_acquire (run->keep_alive, flags, "Physical therapy session");
  run->other_lease = bgrun_keep_alive_acquire (run->keep_alive, flags, "Mindfulness session");
  bgrun_keep_alive_set_status (run->keep_alive, run->lease, "Physical therapy session, 8 min left");
  return TRUE;
}

/* Waits until every answer came in and every expected message was logged
 * (an unexpected one is caught after the run). */
static gboolean
step_wait_for_answers (AppRun *run)
{
  return bgrun_keep_alive_get_n_pending (run->keep_alive) == 0 &&
         messages.debug->len >= g_strv_length ((GStrv) degrade_case->expected);
}

static gboolean
step_release_both (AppRun *run)
{
  g_assert_cmpuint (bgrun_keep_alive_get_n_held (run->keep_alive), ==, 2);
  g_assert_false (bgrun_keep_alive_get_inhibited (run->keep_alive));
  bgrun_keep_alive_release (run->keep_alive, run->lease);
  bgrun_keep_alive_release (run->keep_alive, run->other_lease);
  return TRUE;
}

static const char *
bus_address (const char *which)
{
  if (g_strcmp0 (which, "system") == 0)
    return g_getenv ("DBUS_SYSTEM_BUS_ADDRESS");
  if (g_strcmp0 (which, "session") == 0)
    return g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  return NULL;
}

static void
degrade_in_subprocess (const DegradeCase *test)
{
  static const Step steps[] = {
    step_acquire_twice, step_wait_for_answers, step_release_both, NULL
  };
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "bgrun-no-such-bus", NULL);
  g_autofree char *nowhere_address = g_strconcat ("unix:path=", nowhere, NULL);
  g_autofree char *system_address = g_strdup (bus_address (test->system_bus));
  g_autofree char *session_address = g_strdup (bus_address (test->session_bus));
  AppRun run = { 0 };

  /* Swapping the buses gives one without the service: the private system
   * bus has no portal, the private session bus no logind. */
  if (g_strcmp0 (test->system_bus, "nowhere") == 0)
    g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", nowhere_address, TRUE);
  else if (system_address != NULL)
    g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", system_address, TRUE);
  if (g_strcmp0 (test->session_bus, "nowhere") == 0)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", nowhere_address, TRUE);
  else if (session_address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", session_address, TRUE);
  g_setenv ("BGRUN_INHIBITOR", test->inhibitor, TRUE);
  g_setenv ("BGRUN_BACKGROUND_PORTAL", "1", TRUE);

  messages.debug = g_ptr_array_new_with_free_func (g_free);
  g_log_set_handler ("Bgrun", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
                     on_log, NULL);
  degrade_case = test;

  /* The steps run only while the application is held. */
  run_app (&run, steps, 3);
  app_run_clear (&run);

  g_assert_cmpuint (messages.n_other, ==, 0);
  g_assert_cmpuint (messages.debug->len, ==, g_strv_length ((GStrv) test->expected));
  for (guint i = 0; test->expected[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < messages.debug->len && !found; j++)
        found = strstr (g_ptr_array_index (messages.debug, j), test->expected[i]) != NULL;
      if (!found)
        g_error ("no debug message says “%s”", test->expected[i]);
    }
}

static void
test_degrade (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      degrade_in_subprocess (data);
      return;
    }
  if (skip_without_mocks ())
    return;

  g_test_trap_subprocess (NULL, 3 * TIMEOUT_SECONDS * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* the Inhibit portal */

typedef struct
{
  BgrunKeepAliveFlags flags;
  const char         *expected;   /* "flags|reason" */
} PortalCase;

static void
test_portal_lifecycle (gconstpointer data)
{
  const PortalCase *test = data;
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  g_auto(GStrv) inhibitions = NULL;
  g_auto(GStrv) handles = NULL;
  g_auto(GStrv) closed = NULL;
  g_auto(GStrv) closed_handles = NULL;
  Watch watch = { 0 };
  guint n_closed_before;
  guint lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "portal", TRUE);
  keep_alive = new_keep_alive (&watch);
  n_closed_before = portal_n_closed ();

  lease = bgrun_keep_alive_acquire (keep_alive, test->flags, "Mindfulness session");
  g_assert_false (bgrun_keep_alive_get_inhibited (keep_alive));
  wait_until (is_inhibited, keep_alive, "the portal inhibitor");
  inhibitions = portal_inhibitions (FALSE, &handles);
  g_assert_cmpstrv (inhibitions, ((const char * const[]) { test->expected, NULL }));

  bgrun_keep_alive_release (keep_alive, lease);
  g_assert_false (bgrun_keep_alive_get_inhibited (keep_alive));
  g_assert_cmpuint (watch.n_notify, ==, 2);
  wait_until (portal_lists_none, NULL, "Close on the portal request");
  closed = portal_inhibitions (TRUE, &closed_handles);
  g_assert_cmpuint (g_strv_length (closed), ==, n_closed_before + 1);
  g_assert_cmpstr (closed[n_closed_before], ==, test->expected);
  g_assert_cmpstr (closed_handles[n_closed_before], ==, handles[0]);
  g_unsetenv ("BGRUN_INHIBITOR");
}

/* Whether the portal saw GPOINTER_TO_UINT (@data) Close calls in all and
 * has no inhibition left in place. */
static gboolean
portal_closed_and_empty (gpointer data)
{
  return portal_n_closed () == GPOINTER_TO_UINT (data) && portal_lists_none (NULL);
}

static void
test_portal_release_before_answer (void)
{
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  Watch watch = { 0 };
  guint n_closed;
  guint lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "portal", TRUE);
  keep_alive = new_keep_alive (&watch);
  n_closed = portal_n_closed ();

  lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_IDLE,
                                    "Mindfulness session");
  bgrun_keep_alive_release (keep_alive, lease);
  wait_until (has_no_pending, keep_alive, "the portal's answer");
  /* The portal made the inhibition, and it was closed at once. */
  wait_until (portal_closed_and_empty, GUINT_TO_POINTER (n_closed + 1),
              "Close on the request released before the portal answered");
  g_assert_cmpuint (watch.n_notify, ==, 0);
  g_unsetenv ("BGRUN_INHIBITOR");
}

static void
test_portal_dispose (void)
{
  BgrunKeepAlive *keep_alive;
  Watch watch = { 0 };
  guint n_closed;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "portal", TRUE);
  keep_alive = new_keep_alive (&watch);
  n_closed = portal_n_closed ();

  bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
                            "Physical therapy session");
  wait_until (is_inhibited, keep_alive, "the portal inhibitor");
  g_assert_finalize_object (keep_alive);
  wait_until (portal_closed_and_empty, GUINT_TO_POINTER (n_closed + 1),
              "Close on the request of the finalized keep-alive");
  g_unsetenv ("BGRUN_INHIBITOR");
}

static void
test_portal_dispose_before_answer (void)
{
  BgrunKeepAlive *keep_alive;
  Watch watch = { 0 };
  guint n_closed;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_INHIBITOR", "portal", TRUE);
  keep_alive = new_keep_alive (&watch);
  n_closed = portal_n_closed ();

  bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
                            "Physical therapy session");
  g_assert_finalize_object (keep_alive);
  wait_until (portal_closed_and_empty, GUINT_TO_POINTER (n_closed + 1),
              "Close on the request of a keep-alive finalized before the answer");
  g_assert_cmpuint (watch.n_notify, ==, 0);
  g_unsetenv ("BGRUN_INHIBITOR");
}

/* the Background portal */

static void
test_background_wanted (void)
{
  gboolean sandboxed = g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);

  g_setenv ("BGRUN_BACKGROUND_PORTAL", "1", TRUE);
  g_assert_true (bgrun_background_portal_is_wanted ());
  g_setenv ("BGRUN_BACKGROUND_PORTAL", "0", TRUE);
  g_assert_false (bgrun_background_portal_is_wanted ());
  g_unsetenv ("BGRUN_BACKGROUND_PORTAL");
  g_assert_true (bgrun_background_portal_is_wanted () == sandboxed);
}

typedef struct
{
  guint       n_messages;
  const char *last;
} StatusWait;

static gboolean
portal_status_reached (gpointer data)
{
  StatusWait *wait = data;
  g_auto(GStrv) messages_seen = portal_status_messages ();
  guint n = g_strv_length (messages_seen);

  if (n < wait->n_messages)
    return FALSE;
  g_assert_cmpuint (n, ==, wait->n_messages);
  g_assert_cmpstr (messages_seen[n - 1], ==, wait->last);
  return TRUE;
}

static void
wait_for_status (guint       n_messages,
                 const char *last)
{
  StatusWait wait = { n_messages, last };
  g_autofree char *what = g_strdup_printf ("SetStatus “%s”", last);

  wait_until (portal_status_reached, &wait, what);
}

static gsize
portal_n_background_requests (void)
{
  g_autoptr(GVariant) requests = portal_background_requests ();

  return g_variant_n_children (requests);
}

static void
assert_background_request (gsize       index,
                           const char *reason)
{
  g_autoptr(GVariant) requests = portal_background_requests ();
  g_autoptr(GVariant) options = g_variant_get_child_value (requests, index);
  g_autoptr(GVariantDict) dict = g_variant_dict_new (options);
  const char *seen_reason;
  gboolean autostart = TRUE, activatable = TRUE;

  g_assert_true (g_variant_dict_lookup (dict, "reason", "&s", &seen_reason));
  g_assert_cmpstr (seen_reason, ==, reason);
  g_assert_true (g_variant_dict_lookup (dict, "autostart", "b", &autostart));
  g_assert_false (autostart);
  g_assert_true (g_variant_dict_lookup (dict, "dbus-activatable", "b", &activatable));
  g_assert_false (activatable);
}

static void
test_background_status (void)
{
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  Watch watch = { 0 };
  gsize n_requests;
  guint n_status;
  guint therapy, alarm;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_BACKGROUND_PORTAL", "1", TRUE);
  keep_alive = new_keep_alive (&watch);
  n_requests = portal_n_background_requests ();
  n_status = portal_n_status_messages ();

  therapy = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_BACKGROUND,
                                      "Physical therapy session");
  bgrun_keep_alive_set_status (keep_alive, therapy, "Physical therapy session, 8 min left");
  wait_for_status (n_status + 1, "Physical therapy session, 8 min left");
  g_assert_cmpuint (portal_n_background_requests (), ==, n_requests + 1);
  assert_background_request (n_requests, "Physical therapy session");

  /* The newest background lease's status shows; the portal is asked once. */
  alarm = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_BACKGROUND, "Smart alarm");
  bgrun_keep_alive_set_status (keep_alive, alarm, "Smart alarm, 30 min left");
  wait_for_status (n_status + 2, "Smart alarm, 30 min left");
  bgrun_keep_alive_set_status (keep_alive, therapy, "Physical therapy session, 7 min left");
  bgrun_keep_alive_set_status (keep_alive, alarm, "Smart alarm, 29 min left");
  wait_for_status (n_status + 3, "Smart alarm, 29 min left");

  bgrun_keep_alive_release (keep_alive, alarm);
  wait_for_status (n_status + 4, "Physical therapy session, 7 min left");
  bgrun_keep_alive_release (keep_alive, therapy);
  wait_for_status (n_status + 5, "");
  /* A RequestBackground for the second lease would have arrived first. */
  g_assert_cmpuint (portal_n_background_requests (), ==, n_requests + 1);
  g_assert_cmpuint (watch.n_notify, ==, 0);
  g_unsetenv ("BGRUN_BACKGROUND_PORTAL");
}

/* Dropping the keep-alive clears the status line. */
static void
test_background_dispose (void)
{
  BgrunKeepAlive *keep_alive;
  Watch watch = { 0 };
  guint n_status;
  guint lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_BACKGROUND_PORTAL", "1", TRUE);
  keep_alive = new_keep_alive (&watch);
  n_status = portal_n_status_messages ();

  lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_BACKGROUND, "Smart alarm");
  bgrun_keep_alive_set_status (keep_alive, lease, "Smart alarm, 30 min left");
  wait_for_status (n_status + 1, "Smart alarm, 30 min left");
  g_assert_finalize_object (keep_alive);
  wait_for_status (n_status + 2, "");
  g_unsetenv ("BGRUN_BACKGROUND_PORTAL");
}

static gboolean
portal_has_n_requests (gpointer data)
{
  return portal_n_background_requests () == GPOINTER_TO_SIZE (data);
}

/* A version 1 portal has no SetStatus: it is not called. */
static void
test_background_old_portal (void)
{
  g_autoptr(BgrunKeepAlive) keep_alive = NULL;
  Watch watch = { 0 };
  gsize n_requests;
  guint n_status;
  guint lease;

  if (skip_without_mocks ())
    return;
  g_setenv ("BGRUN_BACKGROUND_PORTAL", "1", TRUE);
  set_portal_background_version (1);
  keep_alive = new_keep_alive (&watch);
  n_requests = portal_n_background_requests ();
  n_status = portal_n_status_messages ();

  lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_BACKGROUND, "Smart alarm");
  bgrun_keep_alive_set_status (keep_alive, lease, "Smart alarm, 30 min left");
  wait_until (portal_has_n_requests, GSIZE_TO_POINTER (n_requests + 1), "RequestBackground");
  bgrun_keep_alive_release (keep_alive, lease);

  /* A second stretch asks again; any SetStatus of the first would have
   * arrived before it. */
  lease = bgrun_keep_alive_acquire (keep_alive, BGRUN_KEEP_ALIVE_BACKGROUND, "Mindfulness session");
  wait_until (portal_has_n_requests, GSIZE_TO_POINTER (n_requests + 2), "RequestBackground");
  assert_background_request (n_requests + 1, "Mindfulness session");
  g_assert_cmpuint (portal_n_status_messages (), ==, n_status);

  bgrun_keep_alive_release (keep_alive, lease);
  set_portal_background_version (2);
  g_unsetenv ("BGRUN_BACKGROUND_PORTAL");
}

/* the cases */

static const LogindCase logind_idle = {
  BGRUN_KEEP_ALIVE_INHIBIT_IDLE, "idle|" APP_ID "|Mindfulness session"
};
static const LogindCase logind_sleep = {
  BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND, "sleep|" APP_ID "|Mindfulness session"
};
static const LogindCase logind_both = {
  BGRUN_KEEP_ALIVE_INHIBIT_IDLE | BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
  "idle:sleep|" APP_ID "|Mindfulness session"
};

static const PortalCase portal_idle = {
  BGRUN_KEEP_ALIVE_INHIBIT_IDLE, "8|Mindfulness session"
};
static const PortalCase portal_suspend = {
  BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND, "4|Mindfulness session"
};
static const PortalCase portal_both = {
  BGRUN_KEEP_ALIVE_INHIBIT_IDLE | BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND, "12|Mindfulness session"
};

#define NO_INHIBITOR "inhibitor is not available"
#define NO_BACKGROUND "Background portal is not available"

static const DegradeCase no_system_bus = {
  "nowhere", NULL, "logind", BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND, { NO_INHIBITOR, NULL }
};
static const DegradeCase no_logind = {
  "session", NULL, "logind", BGRUN_KEEP_ALIVE_INHIBIT_IDLE, { NO_INHIBITOR, NULL }
};
static const DegradeCase no_portal = {
  NULL, "system", "portal",
  BGRUN_KEEP_ALIVE_INHIBIT_IDLE | BGRUN_KEEP_ALIVE_BACKGROUND, { NO_INHIBITOR, NO_BACKGROUND, NULL }
};
static const DegradeCase no_session_bus = {
  NULL, "nowhere", "portal",
  BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND | BGRUN_KEEP_ALIVE_BACKGROUND, { NO_INHIBITOR, NO_BACKGROUND, NULL }
};
static const DegradeCase turned_off = {
  NULL, NULL, "none", BGRUN_KEEP_ALIVE_INHIBIT_IDLE, { NO_INHIBITOR, NULL }
};

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    set_up_world ();

  g_test_add_func ("/keep-alive/inhibitor/choice", test_choice);
  g_test_add_func ("/keep-alive/hold/application", test_hold_application);
  g_test_add_func ("/keep-alive/hold/not-asked", test_hold_not_asked);
  g_test_add_func ("/keep-alive/hold/dispose", test_hold_dispose);
  g_test_add_data_func ("/keep-alive/logind/idle", &logind_idle, test_logind_lifecycle);
  g_test_add_data_func ("/keep-alive/logind/sleep", &logind_sleep, test_logind_lifecycle);
  g_test_add_data_func ("/keep-alive/logind/idle-and-sleep", &logind_both, test_logind_lifecycle);
  g_test_add_func ("/keep-alive/logind/two-leases", test_logind_two_leases);
  g_test_add_func ("/keep-alive/logind/dispose", test_logind_dispose);
  g_test_add_func ("/keep-alive/logind/release-before-answer", test_logind_release_before_answer);
  g_test_add_func ("/keep-alive/logind/dispose-before-answer", test_logind_dispose_before_answer);
  g_test_add_func ("/keep-alive/logind/application", test_logind_application);
  g_test_add_data_func ("/keep-alive/portal/idle", &portal_idle, test_portal_lifecycle);
  g_test_add_data_func ("/keep-alive/portal/suspend", &portal_suspend, test_portal_lifecycle);
  g_test_add_data_func ("/keep-alive/portal/idle-and-suspend", &portal_both, test_portal_lifecycle);
  g_test_add_func ("/keep-alive/portal/release-before-answer", test_portal_release_before_answer);
  g_test_add_func ("/keep-alive/portal/dispose", test_portal_dispose);
  g_test_add_func ("/keep-alive/portal/dispose-before-answer", test_portal_dispose_before_answer);
  g_test_add_func ("/keep-alive/background/wanted", test_background_wanted);
  g_test_add_func ("/keep-alive/background/status", test_background_status);
  g_test_add_func ("/keep-alive/background/dispose", test_background_dispose);
  g_test_add_func ("/keep-alive/background/old-portal", test_background_old_portal);
  g_test_add_data_func ("/keep-alive/degrade/no-system-bus", &no_system_bus, test_degrade);
  g_test_add_data_func ("/keep-alive/degrade/no-logind", &no_logind, test_degrade);
  g_test_add_data_func ("/keep-alive/degrade/no-portal", &no_portal, test_degrade);
  g_test_add_data_func ("/keep-alive/degrade/no-session-bus", &no_session_bus, test_degrade);
  g_test_add_data_func ("/keep-alive/degrade/turned-off", &turned_off, test_degrade);

  status = g_test_run ();
  tear_down_world ();
  return status;
}
