/* bench-soak.c: a long life in virtual time, for bench/soak
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *     bench-soak TMPDIR TASKS [SAMPLE-EVERY]
 *
 * Runs TASKS tasks through a BgrunTestDriver (its virtual clock, its own
 * store in a temporary directory under TMPDIR) in rounds of 200 requests with
 * fresh identifiers: app refresh requests and processing requests, a third
 * of them needing the network or external power while the simulated
 * conditions flip every round, and one run in ten failing so the app
 * submits it again (a retry). After every SAMPLE-EVERY tasks (default
 * 10000) it prints
 *
 *     sample <tasks run> <RSS in KiB> <store bytes> <pending> <virtual days>
 *
 * Every online round also takes TRANSFERS_PER_ROUND transfers of a
 * background URL session of the same scheduler through their states,
 * against a SoupServer on loopback in a child process: 16 KiB downloads
 * (one in five of a missing file: a 404) and PUT uploads of the same size,
 * in turn; one download in three is suspended and resumed, one upload in
 * ten cancelled. The round waits, in real time, for every transfer's
 * completion before the virtual clock moves on (offline, the transfers
 * would wait for the network, as they should). The sample lines then also
 * carry
 *
 *     <transfers started> <transfer state changes>
 *
 * The store is tasks.db and the session's transfers.db, with their -wal
 * and -shm beside them. The run ends with "result" lines
 * (bench-common.h). Budgets are off: the refresh budget would only spread
 * the same work over more virtual time.
 */

#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bench-common.h"

#define ROUND 200
#define TRANSFERS_PER_ROUND 5
#define BODY_SIZE (16 * 1024)

typedef struct
{
  BgrunScheduler *scheduler;
  guint64         runs;
  guint64         retries;
  guint64         serial;
} Soak;

typedef struct
{
  BgrunUrlSession *session;
  GPid             server;
  char            *base;          /* http://127.0.0.1:PORT */
  GFile           *upload_source;
  guint            running;
  guint64          started;
  guint64          changes;       /* notify::state of a task */
  guint64          failed;
  guint64          cancelled;
} Transfers;

static void
submit_one (Soak       *soak,
            const char *identifier,
            guint       n)
{
  g_autoptr(BgrunTaskRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (n % 2 == 0)
    request = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new (identifier));
  else
    {
      BgrunProcessingRequest *processing = bgrun_processing_request_new (identifier);

      bgrun_processing_request_set_requires_network_connectivity (processing, n % 3 == 1);
      bgrun_processing_request_set_requires_external_power (processing, n % 3 == 2);
      request = BGRUN_TASK_REQUEST (processing);
    }
  if (!bgrun_scheduler_submit (soak->scheduler, request, &error))
    bench_fail ("submit %s: %s", identifier, error->message);
}

static void
on_task (BgrunScheduler *scheduler,
         BgrunTask      *task,
         gpointer        user_data)
{
  Soak *soak = user_data;
  gboolean fails = ++soak->runs % 10 == 0;

  bgrun_task_set_task_completed (task, !fails);
  if (fails)
    {
      g_autofree char *again = g_strdup_printf ("%s.r", bgrun_task_get_identifier (task));

      /* A retry: the same work under a new identifier. */
      if (strlen (again) < 200)
        {
          soak->retries++;
          submit_one (soak, again, (guint) soak->runs);
        }
    }
}

/* ---- transfers ---------------------------------------------------------- */

static guint8 body[BODY_SIZE];

/* GET /files/N: the body; GET /gone/N: 404; PUT /up/N: 201, body dropped. */
static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *method = soup_server_message_get_method (message);

  if (g_str_equal (method, "PUT") && g_str_has_prefix (path, "/up/"))
    soup_server_message_set_status (message, SOUP_STATUS_CREATED, NULL);
  else if (g_str_equal (method, "GET") && g_str_has_prefix (path, "/files/"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_STATIC,
                                        (const char *) body, BODY_SIZE);
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
}

/* The server, in a child process forked before the app starts any thread:
 * libsoup 3.2's SoupServer leaks a GSocket per accepted connection (see
 * tools/valgrind.supp), which must not count as the app's memory. Writes
 * its port to @fd and serves until its parent dies. */
static void
serve (int fd)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  guint16 port;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  soup_server_add_handler (server, NULL, on_request, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    bench_fail ("listen: %s", error->message);
  uris = soup_server_get_uris (server);
  port = (guint16) g_uri_get_port (uris->data);
  if (write (fd, &port, sizeof port) != sizeof port)
    bench_fail ("cannot tell the port");
  close (fd);
  g_main_loop_run (g_main_loop_new (NULL, FALSE));
}

static void
start_server (Transfers *transfers)
{
  int fds[2];
  guint16 port;

  if (pipe (fds) != 0)
    bench_fail ("pipe: %s", g_strerror (errno));
  transfers->server = fork ();
  if (transfers->server < 0)
    bench_fail ("fork: %s", g_strerror (errno));
  if (transfers->server == 0)
    {
      close (fds[0]);
      serve (fds[1]);
      _exit (0);
    }
  close (fds[1]);
  if (read (fds[0], &port, sizeof port) != sizeof port)
    bench_fail ("the server did not start");
  close (fds[0]);
  transfers->base = g_strdup_printf ("http://127.0.0.1:%u", port);
}

static void
on_state_changed (BgrunUrlSessionTask *task,
                  GParamSpec          *pspec,
                  gpointer             user_data)
{
  Transfers *transfers = user_data;

  transfers->changes++;
}

static void
on_transfer_completed (BgrunUrlSession     *session,
                       BgrunUrlSessionTask *task,
                       const GError        *error,
                       gpointer             user_data)
{
  Transfers *transfers = user_data;
  guint status = bgrun_url_session_task_get_status_code (task);

  if (error != NULL && g_error_matches (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_CANCELLED))
    transfers->cancelled++;
  else if (error != NULL || status >= 400)
    transfers->failed++;
  g_signal_handlers_disconnect_by_data (task, transfers);
  transfers->running--;
}

static void
transfers_init (Transfers      *transfers,
                BgrunScheduler *scheduler,
                const char     *directory)
{
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_build_filename (directory, "upload-source", NULL);

  if (!g_file_set_contents (source, (const char *) body, BODY_SIZE, &error))
    bench_fail ("%s", error->message);
  transfers->upload_source = g_file_new_for_path (source);

  config = bgrun_url_session_configuration_new_background (BENCH_APP_ID ".transfers");
  transfers->session = bgrun_url_session_new (scheduler, config);
  g_signal_connect (transfers->session, "task-completed", G_CALLBACK (on_transfer_completed), transfers);
}

/* Starts transfer @n (0: a download, 1: an upload) of @round; returns
 * the task, a reference of the caller's. */
static BgrunUrlSessionTask *
start_transfer (Transfers *transfers,
                guint64    round,
                guint      n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  BgrunUrlSessionTask *task;

  if (n == 0)
    {
      uri = g_strdup_printf ("%s/%s/%" G_GUINT64_FORMAT, transfers->base,
                             round % 5 == 4 ? "gone" : "files", round);
      task = bgrun_url_session_download (transfers->session, uri, &error);
    }
  else
    {
      uri = g_strdup_printf ("%s/up/%" G_GUINT64_FORMAT, transfers->base, round);
      task = bgrun_url_session_upload (transfers->session, uri, transfers->upload_source,
                                       "PUT", FALSE, &error);
    }
  if (task == NULL)
    bench_fail ("transfer %s: %s", uri, error->message);
  g_signal_connect (task, "notify::state", G_CALLBACK (on_state_changed), transfers);
  transfers->running++;
  transfers->started++;
  bgrun_url_session_task_resume (task);
  return task;
}

/* One round's transfers, each to its completion, in real time. */
static void
run_transfers (Transfers *transfers)
{
  for (guint n = 0; n < TRANSFERS_PER_ROUND; n++)
    {
      guint64 serial = transfers->started;
      g_autoptr(BgrunUrlSessionTask) task = start_transfer (transfers, serial / 2, serial % 2);

      if (serial % 2 == 0 && serial / 2 % 3 == 1)
        {
          bgrun_url_session_task_suspend (task);
          g_main_context_iteration (NULL, FALSE);
          bgrun_url_session_task_resume (task);
        }
      else if (serial % 2 == 1 && serial / 2 % 10 == 3)
        bgrun_url_session_task_cancel (task);
    }
  while (transfers->running > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
transfers_clear (Transfers *transfers)
{
  g_clear_object (&transfers->session);
  kill (transfers->server, SIGTERM);
  waitpid (transfers->server, NULL, 0);
  g_clear_object (&transfers->upload_source);
  g_clear_pointer (&transfers->base, g_free);
}

/* ---- sampling ----------------------------------------------------------- */

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static gint64
store_bytes (const char *directory)
{
  const char *names[] = { "tasks.db", "tasks.db-wal", "tasks.db-shm",
                          "transfers.db", "transfers.db-wal", "transfers.db-shm" };
  const char *under[] = { "", BENCH_APP_ID };
  gint64 total = 0;

  /* The store is in the state directory, or in the app's directory in it. */
  for (guint u = 0; u < G_N_ELEMENTS (under); u++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (directory, under[u], names[i], NULL);
        GStatBuf st;

        if (g_stat (path, &st) == 0)
          total += st.st_size;
      }
  return total;
}

int
main (int argc, char **argv)
{
  g_autoptr(BgrunTestDriver) driver = NULL;
  g_autoptr(GError) error = NULL;
  Soak soak = { 0 };
  g_autofree Transfers *transfers = g_new0 (Transfers, 1);
  guint64 tasks, every, next_sample, rounds = 0;
  gint64 started;

  if (argc < 3)
    bench_fail ("usage: bench-soak TMPDIR TASKS [SAMPLE-EVERY]");
  /* The driver's temporary store goes there (a real disk, not a tmpfs). */
  g_setenv ("TMPDIR", argv[1], TRUE);
  for (guint i = 0; i < BODY_SIZE; i++)
    body[i] = (guint8) (i * 7);
  start_server (transfers);
  tasks = g_ascii_strtoull (argv[2], NULL, 10);
  every = argc > 3 ? g_ascii_strtoull (argv[3], NULL, 10) : 10000;

  driver = bgrun_test_driver_new (BENCH_APP_ID);
  bgrun_test_driver_set_budgets_enabled (driver, FALSE);
  soak.scheduler = bgrun_test_driver_get_scheduler (driver);
  if (!bgrun_scheduler_register (soak.scheduler, BENCH_APP_ID ".*", on_task, &soak, NULL, &error))
    bench_fail ("register: %s", error->message);
  transfers_init (transfers, soak.scheduler, argv[1]);

  started = g_get_monotonic_time ();
  next_sample = 0;
  while (soak.runs < tasks)
    {
      gboolean flip = rounds % 2 == 1;

      for (guint i = 0; i < ROUND; i++)
        {
          g_autofree char *identifier = g_strdup_printf (BENCH_APP_ID ".s%" G_GUINT64_FORMAT, ++soak.serial);

          submit_one (&soak, identifier, i);
        }
      /* Half the rounds offline on battery, half online on mains: the
       * requests that need either wait for the next round. */
      bgrun_test_driver_set_conditions (driver, !flip, FALSE, flip, 80, FALSE);
      if (!flip)
        run_transfers (transfers);
      bgrun_test_driver_advance (driver, 1800);
      rounds++;
      if (soak.runs >= next_sample)
        {
          g_autoptr(GListModel) pending = NULL;

          pending = g_object_ref (bgrun_scheduler_get_pending_requests (soak.scheduler));
          printf ("sample %" G_GUINT64_FORMAT " %ld %" G_GINT64_FORMAT " %u %.1f %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT "\n",
                  soak.runs, rss_kib (), store_bytes (bgrun_test_driver_get_state_directory (driver)),
                  g_list_model_get_n_items (pending), rounds * 1800 / 86400.0,
                  transfers->started, transfers->changes);
          fflush (stdout);
          next_sample += every;
        }
    }
  bench_result ("soak-tasks", "%" G_GUINT64_FORMAT, soak.runs);
  bench_result ("soak-retries", "%" G_GUINT64_FORMAT, soak.retries);
  bench_result ("soak-transfers", "%" G_GUINT64_FORMAT, transfers->started);
  bench_result ("soak-transfer-state-changes", "%" G_GUINT64_FORMAT, transfers->changes);
  bench_result ("soak-transfers-failed", "%" G_GUINT64_FORMAT, transfers->failed);
  bench_result ("soak-transfers-cancelled", "%" G_GUINT64_FORMAT, transfers->cancelled);
  bench_result ("soak-seconds", "%.1f", (g_get_monotonic_time () - started) / 1e6);
  bench_result ("soak-rss-kib", "%ld", rss_kib ());
  bench_result ("soak-store-bytes", "%" G_GINT64_FORMAT,
                store_bytes (bgrun_test_driver_get_state_directory (driver)));
  transfers_clear (transfers);
  return 0;
}
