/* bench-url-download.c: downloads through a background URL session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-url-download DIRECTORY DESTINATION [URI…]
 *
 * An app whose state directory is DIRECTORY creates the background URL
 * session BENCH_SESSION_ID and downloads every URI at once. When a
 * download finishes, the app moves its file into DESTINATION under the
 * last segment of the URI's path, as an app keeps what it downloaded (a
 * rename on the same file system). Any failure ends the program with
 * status 1.
 *
 * Without URIs, the app reattaches to the tasks recorded for the session
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

#define BENCH_SESSION_ID BENCH_APP_ID ".downloads"

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
    bench_fail ("no download of %s to continue", BENCH_SESSION_ID);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = g_list_model_get_item (tasks, i);

      bgrun_url_session_task_resume (task);
    }
  return n;
}

static guint
start (BgrunUrlSession  *session,
       char            **uris,
       int               count)
{
  for (int i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BgrunUrlSessionTask) task = bgrun_url_session_download (session, uris[i], &error);

      if (task == NULL)
        bench_fail ("%s", error->message);
      bgrun_url_session_task_resume (task);
    }
  return count;
}

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;
  g_autoptr(BgrunUrlSession) session = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Downloads downloads = { loop, NULL, 0, 0, 0 };
  gint64 started;

  if (argc < 3 || !g_file_test (argv[2], G_FILE_TEST_IS_DIR))
    bench_fail ("usage: %s DIRECTORY DESTINATION [URI…]: DESTINATION (a directory) receives the files", argv[0]);
  downloads.destination = argv[2];

  started = g_get_monotonic_time ();
  scheduler = g_object_new (BGRUN_TYPE_SCHEDULER, "app-id", BENCH_APP_ID, "state-directory", dir, NULL);
  config = bgrun_url_session_configuration_new_background (BENCH_SESSION_ID);
  session = bgrun_url_session_new (scheduler, config);
  g_signal_connect (session, "download-finished", G_CALLBACK (on_download_finished), &downloads);
  g_signal_connect (session, "task-completed", G_CALLBACK (on_task_completed), &downloads);
  downloads.running = argc > 3 ? start (session, argv + 3, argc - 3) : reattach (session);
  g_main_loop_run (loop);

  bench_result ("files", "%u", downloads.files);
  bench_result ("bytes", "%" G_GUINT64_FORMAT, downloads.bytes);
  bench_result ("seconds", "%.3f", (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return 0;
}
