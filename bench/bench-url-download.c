/* bench-url-download.c: downloads through a background URL session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-url-download [--app-id ID] [--sessions N] [--connections N]
 *                           [--hosted] DIRECTORY DESTINATION [URI…]
 *
 * An app (BENCH_APP_ID, or ID) whose state directory is DIRECTORY
 * creates the background URL session BENCH_SESSION_ID and downloads every
 * URI at once. With --sessions, it creates N sessions (their identifiers
 * end in -0, -1 …) and hands the URIs out to them in turn; --connections
 * sets each session's max-connections-per-host. With --hosted, the app
 * makes its scheduler as an app does, bgrun_scheduler_new(), which must
 * choose bgrund (BGRUN_BACKEND=daemon): the sessions' transfers then run
 * in bgrund, and DIRECTORY is not used. When a
 * download finishes, the app moves its file into DESTINATION under the
 * last segment of the URI's path, as an app keeps what it downloaded (a
 * rename on the same file system). Any failure ends the program with
 * status 1.
 *
 * Without URIs, the app reattaches to the tasks recorded for the sessions
 * by a previous process (killed in the middle, say) and resumes them:
 * they continue from what is on disk, and the program waits for them to
 * finish.
 *
 * It prints `result files N`, `result bytes N` (the bytes of the finished
 * files) and `result seconds S`: from before the session was created to
 * the last completion.
 */

#include <glib/gstdio.h>

#include "bench-common.h"

#define BENCH_SESSION_ID ".downloads"

static char *app_id = NULL;
static int n_sessions = 1;
static int connections = 0;
static gboolean hosted = FALSE;

static const GOptionEntry options[] = {
  { "app-id", 0, 0, G_OPTION_ARG_STRING, &app_id, "The app’s id", "ID" },
  { "sessions", 0, 0, G_OPTION_ARG_INT, &n_sessions, "Spread the downloads over N sessions", "N" },
  { "connections", 0, 0, G_OPTION_ARG_INT, &connections, "Each session’s max-connections-per-host", "N" },
  { "hosted", 0, 0, G_OPTION_ARG_NONE, &hosted, "Run the transfers in bgrund", NULL },
  G_OPTION_ENTRY_NULL
};

typedef struct {
  GMainLoop  *loop;
  const char *destination;
  guint       running;
  guint       files;
  guint64     bytes;
} Downloads;

static char *
destination_for (Downloads           *downloads,
                 BgrunUrlSessionTask *task)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (bgrun_url_session_task_get_uri (task), G_URI_FLAGS_NONE, &error);
  g_autofree char *name = NULL;

  if (uri == NULL)
    bench_fail ("%s", error->message);
  name = g_path_get_basename (g_uri_get_path (uri));
  return g_build_filename (downloads->destination, name, NULL);
}

static void
on_download_finished (BgrunUrlSession     *session,
                      BgrunUrlSessionTask *task,
                      GFile               *location,
                      gpointer             user_data)
{
  Downloads *downloads = user_data;
  g_autofree char *path = destination_for (downloads, task);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_move (location, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
    bench_fail ("cannot keep the download of %s: %s", bgrun_url_session_task_get_uri (task), error->message);
  info = g_file_query_info (target, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (info == NULL)
    bench_fail ("%s", error->message);
  downloads->files++;
  downloads->bytes += g_file_info_get_size (info);
}

static void
on_task_completed (BgrunUrlSession     *session,
                   BgrunUrlSessionTask *task,
                   const GError        *error,
                   gpointer             user_data)
{
  Downloads *downloads = user_data;

  if (error != NULL)
    bench_fail ("%s", error->message);
  if (--downloads->running == 0)
    g_main_loop_quit (downloads->loop);
}

/* The tasks of a previous process: those that were running continue by
 * themselves; any suspended one is resumed. */
static guint
reattach (BgrunUrlSession *session)
{
  GListModel *tasks = bgrun_url_session_get_tasks (session);
  guint n = g_list_model_get_n_items (tasks);

  if (n == 0)
    bench_fail ("no download of %s to continue",
                bgrun_url_session_configuration_get_identifier (bgrun_url_session_get_configuration (session)));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (tasks, i);

      bgrun_url_session_task_resume (task);
    }
  return n;
}

static guint
start (GPtrArray  *sessions,
       char      **uris,
       int         count)
{
  for (int i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      BgrunUrlSession *session = g_ptr_array_index (sessions, i % sessions->len);
      g_autoptr(BgrunUrlSessionTask) task = bgrun_url_session_download (session, uris[i], &error);

      if (task == NULL)
        bench_fail ("%s", error->message);
      bgrun_url_session_task_resume (task);
    }
  return count;
}

static BgrunUrlSession *
make_session (BgrunScheduler *scheduler,
              guint           index,
              Downloads      *downloads)
{
  g_autofree char *identifier = n_sessions == 1
                                ? g_strconcat (app_id, BENCH_SESSION_ID, NULL)
                                : g_strdup_printf ("%s" BENCH_SESSION_ID "-%u", app_id, index);
  g_autoptr(BgrunUrlSessionConfiguration) config = bgrun_url_session_configuration_new_background (identifier);
  BgrunUrlSession *session;

  if (connections > 0)
    bgrun_url_session_configuration_set_max_connections_per_host (config, connections);
  session = bgrun_url_session_new (scheduler, config);
  g_signal_connect (session, "download-finished", G_CALLBACK (on_download_finished), downloads);
  g_signal_connect (session, "task-completed", G_CALLBACK (on_task_completed), downloads);
  return session;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("DIRECTORY DESTINATION [URI…]");
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Downloads downloads = { loop, NULL, 0, 0, 0 };
  const char *dir;
  gint64 started;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_fail ("%s", error->message);
  if (app_id == NULL)
    app_id = g_strdup (BENCH_APP_ID);
  if (n_sessions < 1)
    bench_fail ("--sessions must be at least 1");
  dir = bench_dir (argc, argv);
  if (argc < 3 || !g_file_test (argv[2], G_FILE_TEST_IS_DIR))
    bench_fail ("usage: %s DIRECTORY DESTINATION [URI…]: DESTINATION (a directory) receives the files", argv[0]);
  downloads.destination = argv[2];

  started = g_get_monotonic_time ();
  if (hosted)
    scheduler = bgrun_scheduler_new (app_id);
  else
    scheduler = g_object_new (BGRUN_TYPE_SCHEDULER, "app-id", app_id, "state-directory", dir, NULL);
  if (hosted && bgrun_scheduler_get_backend (scheduler) != BGRUN_BACKEND_DAEMON)
    bench_fail ("--hosted: the scheduler is not on bgrund; set BGRUN_BACKEND=daemon");
  for (int i = 0; i < n_sessions; i++)
    g_ptr_array_add (sessions, make_session (scheduler, i, &downloads));
  if (argc > 3)
    downloads.running = start (sessions, argv + 3, argc - 3);
  else
    for (guint i = 0; i < sessions->len; i++)
      downloads.running += reattach (g_ptr_array_index (sessions, i));
  g_main_loop_run (loop);

  bench_result ("files", "%u", downloads.files);
  bench_result ("bytes", "%" G_GUINT64_FORMAT, downloads.bytes);
  bench_result ("seconds", "%.3f", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}
