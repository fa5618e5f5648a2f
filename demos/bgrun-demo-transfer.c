/* bgrun-demo-transfer.c: bgrun-demo's background download step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A background URL session downloads a generated body from a SoupServer
 * that this process runs on 127.0.0.1. The server sends the body in
 * chunks, a little at a time, so that the progress can be watched; the
 * session verifies the body's SHA-256 before it hands the file over. The
 * session's state directory is a temporary directory, removed at the end.
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <unistd.h>

#include "bgrun-demo-daemon.h"
#include "bgrun-demo-transfer.h"

#define BODY_PATH         "/episode.bin"
#define BODY_SIZE         (8 * 1024 * 1024)
#define BODY_ETAG         "\"bgrun-demo-1\""
#define CHUNK_SIZE        (256 * 1024)
/* 32 chunks, one every 40 ms: the download takes about 1.3 s. */
#define CHUNK_INTERVAL_MS 40
/* Long enough for a loaded machine. */
#define WAIT_SECONDS      60

/* ---- the server ------------------------------------------------------- */

/* One response being sent, a chunk at a time. */
typedef struct {
  SoupServerMessage *message;
  GBytes            *body;
  gsize              sent;
  guint              timer;
} Response;

static void
response_free (gpointer data)
{
  Response *response = data;

  g_clear_handle_id (&response->timer, g_source_remove);
  g_bytes_unref (response->body);
  g_free (response);
}

static gboolean
send_next_chunk (gpointer user_data)
{
  Response *response = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (response->message);
  gsize length = MIN (CHUNK_SIZE, g_bytes_get_size (response->body) - response->sent);
  g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (response->body, response->sent, length);

  soup_message_body_append_bytes (body, chunk);
  response->sent += length;
  if (response->sent == g_bytes_get_size (response->body))
    {
      soup_message_body_complete (body);
      response->timer = 0;
    }
  soup_server_message_unpause (response->message);
  return response->timer != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
serve_body (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GBytes *body = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  Response *response;

  if (!g_str_equal (path, BODY_PATH))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_set_content_length (headers, g_bytes_get_size (body));
  soup_message_headers_replace (headers, "ETag", BODY_ETAG);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (message), FALSE);

  response = g_new0 (Response, 1);
  response->message = message;
  response->body = g_bytes_ref (body);
  response->timer = g_timeout_add (CHUNK_INTERVAL_MS, send_next_chunk, response);
  /* The message outlives its "finished" emission: the response goes then. */
  g_signal_connect_swapped (message, "finished", G_CALLBACK (response_free), response);
  soup_server_message_pause (message);
}

/* A body that does not compress: bytes from a seeded generator. */
static GBytes *
make_body (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  guint32 *words = g_new (guint32, BODY_SIZE / sizeof (guint32));

  for (gsize i = 0; i < BODY_SIZE / sizeof (guint32); i++)
    words[i] = g_rand_int (rand);
  return g_bytes_new_take (words, BODY_SIZE);
}

/* ---- the download ----------------------------------------------------- */

typedef struct {
  GMainLoop *loop;
  char      *dir;
  gboolean   in_place;     /* stdout is a terminal: one line, redrawn */
  int        quarters;     /* otherwise one line per quarter received */
} Transfer;

static void
on_progress (BgrunUrlSessionTask *task,
             GParamSpec          *pspec,
             Transfer            *transfer)
{
  gint64 received = bgrun_url_session_task_get_bytes_received (task);
  gint64 expected = bgrun_url_session_task_get_bytes_expected (task);
  double fraction = bgrun_url_session_task_get_fraction (task);
  int quarters = (int) (fraction * 4);

  if (expected < 0 || (!transfer->in_place && quarters <= transfer->quarters))
    return;
  transfer->quarters = quarters;
  if (transfer->in_place)
    g_print ("\r");
  g_print (_("  downloading: %.1f of %.1f MiB (%.0f %%)"),
           received / (1024.0 * 1024.0), expected / (1024.0 * 1024.0), fraction * 100);
  if (!transfer->in_place)
    g_print ("\n");
  fflush (stdout);
}

static void
on_download_finished (BgrunUrlSession     *session,
                      BgrunUrlSessionTask *task,
                      GFile               *location,
                      Transfer            *transfer)
{
  g_autofree char *from = g_file_get_path (location);
  g_autofree char *to = g_build_filename (transfer->dir, "episode.bin", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (to);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *size = NULL;
  g_autoptr(GError) error = NULL;

  if (transfer->in_place)
    g_print ("\n");
  g_print (_("  download-finished: the session hands over %s\n"), from);
  if (!g_file_move (location, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error) ||
      (info = g_file_query_info (target, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                 G_FILE_QUERY_INFO_NONE, NULL, &error)) == NULL)
    {
      g_print (_("  The file could not be moved: %s\n"), error->message);
      return;
    }
  size = g_format_size_full (g_file_info_get_size (info), G_FORMAT_SIZE_IEC_UNITS);
  g_print (_("  Moved it to %s: %s, and its SHA-256 matched the expected %.16s….\n"),
           to, size, bgrun_url_session_task_get_expected_checksum (task));
}

static void
on_task_completed (BgrunUrlSession     *session,
                   BgrunUrlSessionTask *task,
                   const GError        *error,
                   Transfer            *transfer)
{
  if (error != NULL)
    g_print (_("\n  task-completed with an error: %s\n"), error->message);
  else
    g_print (_("  task-completed with no error.\n"));
  g_main_loop_quit (transfer->loop);
}

static gboolean
on_wait_over (gpointer user_data)
{
  Transfer *transfer = user_data;

  g_print (_("\n  The download did not finish within %d s.\n"), WAIT_SECONDS);
  g_main_loop_quit (transfer->loop);
  return G_SOURCE_REMOVE;
}

static void
download (Transfer   *transfer,
          const char *uri,
          const char *checksum)
{
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;
  g_autoptr(BgrunUrlSession) session = NULL;
  g_autoptr(BgrunUrlSessionTask) task = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout;

  /* The session keeps its records and partial bodies under the
   * scheduler's state directory: the step's temporary directory. */
  scheduler = g_object_new (BGRUN_TYPE_SCHEDULER, "app-id", "org.bgrun.Demo",
                            "state-directory", transfer->dir, NULL);
  config = bgrun_url_session_configuration_new_background ("org.bgrun.Demo.download");
  session = bgrun_url_session_new (scheduler, config);
  g_signal_connect (session, "download-finished", G_CALLBACK (on_download_finished), transfer);
  g_signal_connect (session, "task-completed", G_CALLBACK (on_task_completed), transfer);

  task = bgrun_url_session_download (session, uri, &error);
  if (task == NULL)
    {
      g_print (_("  The download could not start: %s\n"), error->message);
      return;
    }
  bgrun_url_session_task_set_expected_checksum (task, checksum);
  g_signal_connect (task, "notify::bytes-received", G_CALLBACK (on_progress), transfer);
  g_print (_("  A background session (org.bgrun.Demo.download) downloads %s,\n"
             "  expecting %s.\n"), uri, checksum);
  bgrun_url_session_task_resume (task);

  timeout = g_timeout_add_seconds (WAIT_SECONDS, on_wait_over, transfer);
  g_main_loop_run (transfer->loop);
  g_clear_handle_id (&timeout, g_source_remove);
  bgrun_url_session_invalidate_and_cancel (session);
}

void
bgrun_demo_transfer_step (void)
{
  g_autoptr(GBytes) body = make_body ();
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);
  g_autofree char *checksum = g_strconcat ("sha256:", digest, NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) base = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *size = g_format_size_full (BODY_SIZE, G_FORMAT_SIZE_IEC_UNITS);
  GSList *uris;
  Transfer transfer = { NULL, NULL, isatty (STDOUT_FILENO), -1 };

  g_print (_("\n== A background download ==\n"));
  soup_server_add_handler (server, NULL, serve_body, body, NULL);
  transfer.dir = g_dir_make_tmp ("bgrun-demo-XXXXXX", &error);
  if (transfer.dir == NULL ||
      !soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_print (_("  Skipped: no local web server: %s\n"), error->message);
      if (transfer.dir != NULL)
        bgrun_demo_remove_tree (transfer.dir);
      g_free (transfer.dir);
      return;
    }
  uris = soup_server_get_uris (server);
  base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  uri = g_strdup_printf ("http://127.0.0.1:%d" BODY_PATH, g_uri_get_port (base));
  g_print (_("  A web server in this process sends %s at %s, a chunk every %d ms.\n"),
           size, uri, CHUNK_INTERVAL_MS);

  transfer.loop = g_main_loop_new (NULL, FALSE);
  download (&transfer, uri, checksum);
  g_main_loop_unref (transfer.loop);

  soup_server_disconnect (server);
  bgrun_demo_remove_tree (transfer.dir);
  g_free (transfer.dir);
}
