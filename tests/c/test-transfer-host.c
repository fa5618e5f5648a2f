/* test-transfer-host.c: bgrund's hosted URL sessions, without D-Bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What org.bgrun.Transfers1 cannot show: the "launch-needed" signal the
 * daemon turns into a launch of the app, and "busy". A SoupServer on
 * loopback serves the body; conditions are simulated (a network, on
 * external power).
 */

#include "config.h"

#include <libsoup/soup.h>
#include <glib/gstdio.h>

#include <bgrun.h>

#include "bgrun-transfer-host-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-url-session-private.h"

#define APP "org.example.Hosted"
#define SESSION APP ".downloads"
#define OWNER ":1.7"
#define BODY "the whole body of a hosted download\n"
#define WAIT_USEC (60 * G_USEC_PER_SEC)

typedef struct
{
  char              *dir;
  SoupServer        *server;
  char              *uri;
  BgrunTransferHost *host;
  GPtrArray         *launches;    /* "app id\nidentifier" */
  GPtrArray         *events;      /* "owner\nidentifier\nsequence" */
  guint              tasks_at_event; /* records left when the last came */
  guint              busy_changes;
  GPtrArray         *user_agents; /* of the requests served */
} Fixture;

static BgrunStore *
open_app_store (Fixture *f)
{
  g_autofree char *app_directory = g_build_filename (f->dir, APP, NULL);
  BgrunStore *store = bgrun_transfer_store_open (app_directory, NULL);

  g_assert_nonnull (store);
  return store;
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  g_ptr_array_add (f->user_agents, g_strdup (soup_message_headers_get_one (headers, "User-Agent")));
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_STATIC,
                                    BODY, strlen (BODY));
}

static void
on_launch_needed (BgrunTransferHost *host,
                  const char        *app_id,
                  const char        *identifier,
                  Fixture           *f)
{
  g_ptr_array_add (f->launches, g_strconcat (app_id, "\n", identifier, NULL));
}

static void
on_task_event (BgrunTransferHost *host,
               const char        *owner,
               const char        *identifier,
               guint64            sequence,
               GVariant          *event,
               Fixture           *f)
{
  g_autoptr(BgrunStore) store = open_app_store (f);
  g_autoptr(GPtrArray) tasks = bgrun_transfer_store_list_tasks (store, SESSION, NULL);

  g_assert_nonnull (tasks);
  f->tasks_at_event = tasks->len;
  g_ptr_array_add (f->events, g_strdup_printf ("%s\n%s\n%" G_GUINT64_FORMAT, owner, identifier, sequence));
}

static void
on_task_changed (BgrunTransferHost *host,
                 const char        *owner,
                 const char        *identifier,
                 GVariant          *task,
                 Fixture           *f)
{
  /* Only the owner hears of its tasks (a body this small may complete
   * within one main-loop turn, and then only its event tells). */
  g_assert_cmpstr (owner, ==, OWNER);
}

static void
on_busy (GObject    *object,
         GParamSpec *pspec,
         Fixture    *f)
{
  f->busy_changes++;
}

/* A new host on f->dir, as a new bgrund would have. */
static void
start_host (Fixture *f)
{
  g_autoptr(BgrunClock) clock = bgrun_system_clock_new ();
  g_autoptr(BgrunConditions) conditions = bgrun_conditions_new_simulated (clock);

  g_clear_object (&f->host);
  f->host = bgrun_transfer_host_new (f->dir, clock, conditions);
  g_signal_connect (f->host, "launch-needed", G_CALLBACK (on_launch_needed), f);
  g_signal_connect (f->host, "task-event", G_CALLBACK (on_task_event), f);
  g_signal_connect (f->host, "task-changed", G_CALLBACK (on_task_changed), f);
  g_signal_connect (f->host, "notify::busy", G_CALLBACK (on_busy), f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("test-transfer-host-XXXXXX", &error);
  g_assert_no_error (error);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/file", on_request, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  base = g_uri_to_string (uris->data);
  f->uri = g_strconcat (base, "file", NULL);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->launches = g_ptr_array_new_with_free_func (g_free);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->user_agents = g_ptr_array_new_with_free_func (g_free);
  start_host (f);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->host);
  g_clear_object (&f->server);
  g_ptr_array_unref (f->launches);
  g_ptr_array_unref (f->events);
  g_ptr_array_unref (f->user_agents);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->uri);
}

/* Opens SESSION for OWNER with @configuration and starts a download. */
static void
start_download (Fixture  *f,
                GVariant *configuration)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (configuration);
  g_autoptr(GVariant) tasks = NULL;
  g_autoptr(GVariant) events = NULL;
  g_autoptr(BgrunUrlSessionTask) task = NULL;
  g_autoptr(GError) error = NULL;
  BgrunUrlSession *session;

  session = bgrun_transfer_host_open_session (f->host, APP, SESSION, owned, OWNER, &tasks, &events, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_cmpuint (g_variant_n_children (tasks), ==, 0);
  g_assert_cmpuint (g_variant_n_children (events), ==, 0);
  task = bgrun_url_session_download (session, f->uri, &error);
  g_assert_no_error (error);
  bgrun_url_session_task_resume (task);
}

static GVariant *
launch_events (gboolean sends)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "sends-launch-events", "b", sends);
  return g_variant_dict_end (&dict);
}

/* The events recorded for SESSION, read from the app's transfers.db. */
static guint
n_recorded (Fixture *f)
{
  g_autoptr(BgrunStore) store = open_app_store (f);
  g_autoptr(GPtrArray) events = NULL;

  events = bgrun_transfer_store_list_events (store, SESSION, NULL);
  g_assert_nonnull (events);
  return events->len;
}

static void
spin_until_n_recorded (Fixture *f,
                       guint    n)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  while (n_recorded (f) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
test_closed_session_asks_for_a_launch (Fixture       *f,
                                       gconstpointer  data)
{
  start_download (f, launch_events (TRUE));
  bgrun_transfer_host_close_session (f->host, APP, SESSION, OWNER);
  spin_until_n_recorded (f, 1);

  g_assert_cmpuint (f->launches->len, ==, 1);
  g_assert_cmpstr (f->launches->pdata[0], ==, APP "\n" SESSION);
  g_assert_cmpuint (f->events->len, ==, 0);
  /* Busy while the download ran, idle after. */
  while (bgrun_transfer_host_get_busy (f->host))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->busy_changes, ==, 2);
}

static void
test_no_launch_without_launch_events (Fixture       *f,
                                      gconstpointer  data)
{
  start_download (f, launch_events (FALSE));
  bgrun_transfer_host_close_owner (f->host, OWNER);
  spin_until_n_recorded (f, 1);

  g_assert_cmpuint (f->launches->len, ==, 0);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_open_session_gets_the_event (Fixture       *f,
                                  gconstpointer  data)
{
  start_download (f, launch_events (TRUE));
  spin_until_n_recorded (f, 1);

  g_assert_cmpuint (f->launches->len, ==, 0);
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpstr (f->events->pdata[0], ==, OWNER "\n" SESSION "\n1");
  /* The task's record went with the recording of its event, in one
   * transaction: a bgrund killed then leaves the event alone, and the
   * next one does not run the task again. */
  g_assert_cmpuint (f->tasks_at_event, ==, 0);
}

static GVariant *
with_user_agent (const char *user_agent)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "user-agent", "s", user_agent);
  return g_variant_dict_end (&dict);
}

/* A configuration given again to a session that runs reaches its next
 * request, without bgrund starting the session anew. */
static void
test_a_new_configuration_reaches_the_next_request (Fixture       *f,
                                                   gconstpointer  data)
{
  g_autoptr(GVariant) configuration = g_variant_ref_sink (with_user_agent ("Second/2"));
  g_autoptr(GVariant) tasks = NULL;
  g_autoptr(GVariant) events = NULL;
  g_autoptr(BgrunUrlSessionTask) task = NULL;
  g_autoptr(GError) error = NULL;
  BgrunUrlSession *session;

  start_download (f, with_user_agent ("First/1"));
  spin_until_n_recorded (f, 1);
  session = bgrun_transfer_host_open_session (f->host, APP, SESSION, configuration, OWNER, &tasks, &events, &error);
  g_assert_no_error (error);
  task = bgrun_url_session_download (session, f->uri, &error);
  g_assert_no_error (error);
  bgrun_url_session_task_resume (task);
  spin_until_n_recorded (f, 2);

  g_assert_cmpuint (f->user_agents->len, ==, 2);
  g_assert_cmpstr (f->user_agents->pdata[0], ==, "First/1");
  g_assert_cmpstr (f->user_agents->pdata[1], ==, "Second/2");
}

/* Events that waited while bgrund was not running launch the app when
 * the next bgrund starts, if the session sends launch events. */
static void
test_waiting_events_launch_after_restart (Fixture       *f,
                                          gconstpointer  data)
{
  gboolean sends = GPOINTER_TO_INT (data);
  gint64 deadline = g_get_monotonic_time () + WAIT_USEC;

  start_download (f, launch_events (sends));
  spin_until_n_recorded (f, 1);
  g_assert_cmpuint (f->events->len, ==, 1);

  start_host (f);
  bgrun_transfer_host_reload (f->host);
  g_assert_cmpuint (f->launches->len, ==, 0);  /* from the main loop */
  if (sends)
    while (f->launches->len == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  else
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_assert_cmpuint (f->launches->len, ==, sends ? 1 : 0);
  if (sends)
    g_assert_cmpstr (f->launches->pdata[0], ==, APP "\n" SESSION);
}

/* What OpenSession carries is the whole configuration but its identifier. */
static void
test_configuration_round_trip (void)
{
  g_autoptr(BgrunUrlSessionConfiguration) config = bgrun_url_session_configuration_new_background (SESSION);
  g_autoptr(BgrunUrlSessionConfiguration) copy = bgrun_url_session_configuration_new_background (SESSION);
  g_autoptr(GVariant) sent = NULL;
  g_autoptr(GVariant) received = NULL;
  g_autoptr(GError) error = NULL;

  bgrun_url_session_configuration_set_discretionary (config, TRUE);
  bgrun_url_session_configuration_set_sends_launch_events (config, TRUE);
  bgrun_url_session_configuration_set_allows_metered_network (config, TRUE);
  bgrun_url_session_configuration_set_allows_constrained_network (config, TRUE);
  bgrun_url_session_configuration_set_waits_for_connectivity (config, TRUE);
  bgrun_url_session_configuration_set_timeout_for_request (config, 12.5);
  bgrun_url_session_configuration_set_timeout_for_resource (config, 3600);
  bgrun_url_session_configuration_set_max_connections_per_host (config, 2);
  bgrun_url_session_configuration_set_user_agent (config, "Hosted/1.0");

  sent = g_variant_ref_sink (bgrun_url_session_configuration_to_variant (config));
  g_assert_cmpuint (g_variant_n_children (sent), ==, 9);
  g_assert_true (bgrun_url_session_configuration_apply_variant (copy, sent, &error));
  g_assert_no_error (error);
  received = g_variant_ref_sink (bgrun_url_session_configuration_to_variant (copy));
  g_assert_true (g_variant_equal (sent, received));
  g_assert_cmpstr (bgrun_url_session_configuration_get_user_agent (copy), ==, "Hosted/1.0");
}

/* A bad key changes nothing, not even the good keys before it. */
static void
test_configuration_bad_key (void)
{
  g_autoptr(BgrunUrlSessionConfiguration) config = bgrun_url_session_configuration_new_background (SESSION);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) error = NULL;
  GVariantDict builder;

  g_variant_dict_init (&builder, NULL);
  g_variant_dict_insert (&builder, "discretionary", "b", TRUE);
  g_variant_dict_insert (&builder, "unknown-key", "s", "ignored");
  g_variant_dict_insert (&builder, "timeout-for-request", "d", -1.0);
  dict = g_variant_ref_sink (g_variant_dict_end (&builder));

  g_assert_false (bgrun_url_session_configuration_apply_variant (config, dict, &error));
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_assert_nonnull (strstr (error->message, "timeout-for-request"));
  g_assert_false (bgrun_url_session_configuration_get_discretionary (config));
}

int
main (int   argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transfer-host/configuration/round-trip", test_configuration_round_trip);
  g_test_add_func ("/transfer-host/configuration/bad-key", test_configuration_bad_key);
  g_test_add ("/transfer-host/launch-needed", Fixture, NULL, fixture_set_up,
              test_closed_session_asks_for_a_launch, fixture_tear_down);
  g_test_add ("/transfer-host/no-launch-events", Fixture, NULL, fixture_set_up,
              test_no_launch_without_launch_events, fixture_tear_down);
  g_test_add ("/transfer-host/restart/launch", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_waiting_events_launch_after_restart, fixture_tear_down);
  g_test_add ("/transfer-host/restart/no-launch", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_waiting_events_launch_after_restart, fixture_tear_down);
  g_test_add ("/transfer-host/reconfigured", Fixture, NULL, fixture_set_up,
              test_a_new_configuration_reaches_the_next_request, fixture_tear_down);
  g_test_add ("/transfer-host/task-event", Fixture, NULL, fixture_set_up,
              test_open_session_gets_the_event, fixture_tear_down);
  return g_test_run ();
}
