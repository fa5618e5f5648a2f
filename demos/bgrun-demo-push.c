/* bgrun-demo-push.c: bgrun-demo's step for push messages (UnifiedPush)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A closed app woken by a push message, on a private session bus where
 * bgrund and the app (bgrun-demo run as `--push-app DIR`) are D-Bus
 * activatable. No real distributor is needed: this process is a stand-in
 * one, written to UnifiedPush's D-Bus specification
 * (org.unifiedpush.Distributor2 on org.unifiedpush.Distributor.bgrundemo),
 * with its push server on 127.0.0.1, where the application server's POST
 * arrives and becomes the distributor's Message call. What is borrowed:
 * the app's Web Push keys are RFC 8291's example keys, so that the RFC's
 * example message, encrypted by its authors, is what the server posts; a
 * real app makes its own keys, which its server encrypts for.
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "bgrun-demo-daemon.h"
#include "bgrun-demo-push.h"

#define PUSH_APP_ID      "org.bgrun.Demo.Push"
#define DISTRIBUTOR_NAME "org.unifiedpush.Distributor.bgrundemo"
#define CONNECTOR_PATH   "/org/unifiedpush/Connector"
#define CONNECTOR_IFACE  "org.unifiedpush.Connector2"
/* RFC 8291, section 5 and appendix A: the receiver's keys and the
 * message the example's application server sent. */
#define EXAMPLE_PRIVATE_KEY "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
#define EXAMPLE_AUTH        "BTBZMqHH6r4Tts7J_aSIgg"
#define EXAMPLE_MESSAGE     "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
/* Long enough for a loaded machine; a launch takes a few seconds. */
#define WAIT_SECONDS 60

static char *
read_mark (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

/* ---- the app ---------------------------------------------------------- */

static void
on_push (BgrunScheduler *scheduler,
         BgrunTask      *task,
         gpointer        user_data)
{
  GBytes *message = bgrun_push_refresh_task_get_message (BGRUN_PUSH_REFRESH_TASK (task));
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  bgrun_demo_leave_mark (user_data, "placement",
              bgrun_scheduler_get_backend (scheduler) == BGRUN_BACKEND_DAEMON ? "daemon" : "app");
  bgrun_demo_leave_mark (user_data, "ran", text);
  bgrun_task_set_task_completed (task, TRUE);
}

static void
on_registered (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_push_registration_register_finish (BGRUN_PUSH_REGISTRATION (source), result, &error))
    {
      g_printerr ("%s\n", error->message);
      g_main_loop_quit (user_data);
    }
}

static void
on_endpoint (GObject    *registration,
             GParamSpec *pspec,
             gpointer    user_data)
{
  g_main_loop_quit (user_data);
}

/* The app's first run: registers, waits for the endpoint, exits. */
static int
register_once (GApplication   *application,
               BgrunScheduler *scheduler)
{
  BgrunPushRegistration *registration = bgrun_push_registration_get_for_scheduler (scheduler);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_signal_connect (registration, "notify::endpoint", G_CALLBACK (on_endpoint), loop);
  bgrun_push_registration_register (registration, _("Demo messages"), NULL, on_registered, loop);
  g_main_loop_run (loop);
  return bgrun_push_registration_get_endpoint (registration) != NULL ? 0 : 1;
}

/* bgrun-demo --push-app DIR (register | GApplication options) */
int
bgrun_demo_push_app_main (int    argc,
                          char **argv)
{
  g_autoptr(GApplication) application = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;
  const char *dir;
  int status;

  if (argc < 3)
    return 2;
  dir = argv[2];
  application = g_application_new (PUSH_APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  /* Before the app owns its name: the distributor's call that starts it
   * must find the connector. */
  scheduler = bgrun_scheduler_new_for_application (application);
  if (!bgrun_scheduler_register (scheduler, PUSH_APP_ID ".push.*", on_push,
                                 g_strdup (dir), g_free, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (argc > 3 && g_str_equal (argv[3], "register"))
    return register_once (application, scheduler);
  /* What follows DIR is the application's: --gapplication-service. */
  argv[2] = argv[0];
  status = g_application_run (application, argc - 2, argv + 2);
  bgrun_demo_leave_mark (dir, "exited", "");
  return status;
}

/* ---- the stand-in distributor and its push server --------------------- */

typedef struct
{
  GDBusConnection *connection;
  SoupServer      *server;
  char            *endpoint;   /* of the one registration */
  char            *service;
  char            *token;
  char            *acknowledged;
} Distributor;

static const char distributor_xml[] =
  "<node>"
  "  <interface name='org.unifiedpush.Distributor2'>"
  "    <method name='Register'>"
  "      <arg name='args' type='a{sv}' direction='in'/>"
  "      <arg name='res' type='a{sv}' direction='out'/>"
  "    </method>"
  "    <method name='Unregister'>"
  "      <arg name='args' type='a{sv}' direction='in'/>"
  "      <arg name='res' type='a{sv}' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* Register: succeeds for any app that says who it is, then gives it its
 * endpoint (NewEndpoint, not waited for); Unregister forgets it. */
static void
distributor_method_call (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  Distributor *distributor = user_data;
  g_autoptr(GVariant) args = g_variant_get_child_value (parameters, 0);
  const char *service = NULL, *token = NULL;

  if (g_str_equal (method_name, "Unregister"))
    {
      g_clear_pointer (&distributor->token, g_free);
      g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed ("(@a{sv} {},)"));
      return;
    }
  if (!g_variant_lookup (args, "service", "&s", &service) || !g_variant_lookup (args, "token", "&s", &token))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new_parsed (
        "({'success': <'REGISTRATION_FAILED'>, 'reason': <'INTERNAL_ERROR'>},)"));
      return;
    }
  g_free (distributor->service);
  g_free (distributor->token);
  distributor->service = g_strdup (service);
  distributor->token = g_strdup (token);
  g_dbus_method_invocation_return_value (
    invocation, g_variant_new_parsed ("({'success': <'REGISTRATION_SUCCEEDED'>},)"));
  g_dbus_connection_call (connection, service, CONNECTOR_PATH, CONNECTOR_IFACE, "NewEndpoint",
                          g_variant_new_parsed ("({'token': <%s>, 'endpoint': <%s>},)",
                                                token, distributor->endpoint),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

static const GDBusInterfaceVTable distributor_vtable = { distributor_method_call, NULL, NULL, { 0 } };

static void
on_message_answered (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Distributor *distributor = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  g_autoptr(GVariant) res = reply != NULL ? g_variant_get_child_value (reply, 0) : NULL;

  if (res != NULL)
    g_variant_lookup (res, "id", "s", &distributor->acknowledged);
}

/* The push server: a POST to the endpoint becomes a Message call (which
 * starts the app when it does not run) with a new message id. */
static void
on_push_request (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Distributor *distributor = user_data;
  g_autoptr(GUri) endpoint = g_uri_parse (distributor->endpoint, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *id = g_uuid_string_random ();

  if (distributor->token == NULL || !g_str_equal (path, g_uri_get_path (endpoint)) ||
      soup_server_message_get_method (message) != SOUP_METHOD_POST)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  g_dbus_connection_call (distributor->connection, distributor->service, CONNECTOR_PATH,
                          CONNECTOR_IFACE, "Message",
                          g_variant_new_parsed ("({'token': <%s>, 'message': <%@ay>, 'id': <%s>},)",
                                                distributor->token,
                                                g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, body, TRUE),
                                                id),
                          G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_message_answered, distributor);
  soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
}

static gboolean
distributor_start (Distributor  *distributor,
                   const char   *address,
                   GError      **error)
{
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (distributor_xml, NULL);
  g_autoptr(GVariant) owned = NULL;
  g_autofree char *key = g_uuid_string_random ();
  GSList *uris;

  distributor->connection = g_dbus_connection_new_for_address_sync (
    address, G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, error);
  distributor->server = soup_server_new (NULL, NULL);
  if (distributor->connection == NULL ||
      !soup_server_listen_local (distributor->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error) ||
      g_dbus_connection_register_object (distributor->connection, "/org/unifiedpush/Distributor",
                                         node->interfaces[0], &distributor_vtable, distributor,
                                         NULL, error) == 0)
    return FALSE;
  uris = soup_server_get_uris (distributor->server);
  distributor->endpoint = g_strdup_printf ("http://127.0.0.1:%d/push/%s", g_uri_get_port (uris->data), key);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  soup_server_add_handler (distributor->server, "/push", on_push_request, distributor, NULL);
  owned = g_dbus_connection_call_sync (distributor->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", DISTRIBUTOR_NAME, 4 /* do not queue */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  return owned != NULL;
}

static void
distributor_stop (Distributor *distributor)
{
  if (distributor->connection != NULL)
    g_dbus_connection_close_sync (distributor->connection, NULL, NULL);
  g_clear_object (&distributor->connection);
  if (distributor->server != NULL)
    soup_server_disconnect (distributor->server);
  g_clear_object (&distributor->server);
  g_free (distributor->endpoint);
  g_free (distributor->service);
  g_free (distributor->token);
  g_free (distributor->acknowledged);
}

/* ---- the step --------------------------------------------------------- */

/* The app's keys, where it keeps them: RFC 8291's example keys. */
static gboolean
borrow_example_keys (const char  *dir,
                     GError     **error)
{
  g_autofree char *app_dir = g_build_filename (dir, "state", PUSH_APP_ID, NULL);
  g_autofree char *path = g_build_filename (app_dir, "web-push-keys", NULL);
  g_autofree char *text = g_strdup_printf ("[Web Push]\nprivate-key=%s\nauth-secret=%s\n",
                                           EXAMPLE_PRIVATE_KEY, EXAMPLE_AUTH);

  g_mkdir_with_parents (app_dir, 0700);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The app's first run, on the private bus, while this process answers as
 * the distributor; TRUE once it has its endpoint and exited. */
static void
on_app_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_main_loop_quit (user_data);
}

static gboolean
run_app_once (BgrunDemoSession *session,
              GError          **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *self = g_file_read_link ("/proc/self/exe", error);
  g_autofree char *state = g_build_filename (session->dir, "state", NULL);
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  if (self == NULL)
    return FALSE;
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", session->address, TRUE);
  g_subprocess_launcher_setenv (launcher, "BGRUN_STATE_DIR", state, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "BGRUN_BACKEND");
  app = g_subprocess_launcher_spawn (launcher, error, self, BGRUN_DEMO_PUSH_APP, session->dir,
                                     "register", NULL);
  if (app == NULL)
    return FALSE;
  g_subprocess_wait_async (app, NULL, on_app_exited, loop);
  g_main_loop_run (loop);
  return g_subprocess_get_if_exited (app) && g_subprocess_get_exit_status (app) == 0;
}

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GBytes) answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  *(guint *) user_data = soup_message_get_status (message);
}

/* What the app's server does: posts the encrypted message to the
 * endpoint. */
static void
post_example_message (SoupSession *session,
                      const char  *endpoint,
                      guint       *status)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, endpoint);
  g_autoptr(GString) text = g_string_new (EXAMPLE_MESSAGE);
  gsize length = 0;
  guint8 *body;

  /* base64url to base64 */
  g_strdelimit (text->str, "-", '+');
  g_strdelimit (text->str, "_", '/');
  while (text->len % 4 != 0)
    g_string_append_c (text, '=');
  body = g_base64_decode (text->str, &length);

  soup_message_headers_append (soup_message_get_request_headers (message), "Content-Encoding", "aes128gcm");
  soup_message_headers_append (soup_message_get_request_headers (message), "TTL", "60");
  soup_message_set_request_body_from_bytes (message, "application/octet-stream",
                                            g_bytes_new_take (body, length));
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_posted, status);
}

static void
show_push (Distributor      *distributor,
           BgrunDemoSession *session)
{
  g_autoptr(SoupSession) http = soup_session_new ();
  g_autofree char *ran = NULL;
  g_autofree char *placement = NULL;
  guint status = 0;

  post_example_message (http, distributor->endpoint, &status);
  if (!bgrun_demo_wait_for_mark (session->dir, "ran", WAIT_SECONDS))
    {
      g_print (_("  The app did not get the message within %d s.\n"), WAIT_SECONDS);
      return;
    }
  ran = read_mark (session->dir, "ran");
  placement = read_mark (session->dir, "placement");
  g_print (_("  An application server posted RFC 8291’s example message to the endpoint: HTTP %u.\n"),
           status);
  g_print (g_strcmp0 (placement, "daemon") == 0
           ? _("  The distributor’s Message call launched %s (D-Bus activation); it decrypted the message, and bgrund ran its push task: “%s”\n")
           : _("  The distributor’s Message call launched %s (D-Bus activation); it decrypted the message and ran its push task itself, without bgrund: “%s”\n"),
           PUSH_APP_ID, ran);
  if (distributor->acknowledged != NULL)
    g_print (_("  The app acknowledged the message (id %s).\n"), distributor->acknowledged);
  if (bgrun_demo_wait_for_mark (session->dir, "exited", WAIT_SECONDS))
    g_print (_("  The app exited by itself after its task.\n"));
}

static void
run_step (BgrunDemoSession *session)
{
  Distributor distributor = { NULL, };
  g_autoptr(GError) error = NULL;

  if (!distributor_start (&distributor, session->address, &error) ||
      !borrow_example_keys (session->dir, &error))
    {
      g_print (_("  Skipped: %s\n"), error->message);
      distributor_stop (&distributor);
      return;
    }
  g_print (_("  A private session bus, where bgrund and %s are D-Bus activatable, and a stand-in UnifiedPush distributor in this process (%s), its push server on 127.0.0.1: a real distributor (ntfy, KUnifiedPush…) relays from a remote push server.\n"),
           PUSH_APP_ID, DISTRIBUTOR_NAME);
  g_print (_("  The app’s Web Push keys are RFC 8291’s example keys, so that the RFC’s example message decrypts; a real app makes its own, and its server encrypts for them.\n"));
  if (!run_app_once (session, &error))
    g_print (_("  The app did not register: %s\n"),
             error != NULL ? error->message : _("it exited without an endpoint"));
  else
    {
      g_print (_("  %s registered with the distributor, got its endpoint %s, and exited.\n"),
               PUSH_APP_ID, distributor.endpoint);
      show_push (&distributor, session);
    }
  distributor_stop (&distributor);
}

void
bgrun_demo_push_step (void)
{
  g_autofree char *bgrund = bgrun_demo_find_bgrund ();
  g_autofree char *dbus_daemon = g_find_program_in_path ("dbus-daemon");
  g_autoptr(GError) error = NULL;
  BgrunDemoSession session = { NULL, NULL, NULL };

  g_print ("\n%s\n", _("== A push message wakes a closed app (UnifiedPush) =="));
  if (bgrund == NULL || dbus_daemon == NULL)
    {
      g_print (_("  Skipped: it needs bgrund beside bgrun-demo and dbus-daemon on PATH.\n"));
      return;
    }
  session.dir = g_dir_make_tmp ("bgrun-demo-XXXXXX", &error);
  if (session.dir == NULL ||
      !bgrun_demo_session_start (&session, bgrund, PUSH_APP_ID, BGRUN_DEMO_PUSH_APP, &error))
    g_print (_("  Skipped: no private session bus: %s\n"), error->message);
  else
    run_step (&session);
  if (session.dir != NULL)
    bgrun_demo_session_stop (&session);
}
