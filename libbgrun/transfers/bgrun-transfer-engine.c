/* bgrun-transfer-engine.c: the HTTP side of URL sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A download is a small state machine on libsoup 3:
 *
 *   prepare the partial file (cut to the offset; re-hash what it holds
 *   when a checksum is expected) → send the request (with Range and
 *   If-Range when continuing) → judge the status (206 continues, 200
 *   starts again from zero, 416 with the right length is already
 *   complete) → copy the body, one bounded chunk at a time, from the
 *   response stream to the partial file → verify the length and the
 *   checksum.
 *
 * The body is never in memory: one CHUNK_SIZE buffer per transfer is read
 * into and written out before the next read, so memory stays flat
 * whatever the size. The point (BgrunResumeData) is updated as soon as
 * something is on disk, so whoever owns it can record it.
 */

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <libsoup/soup.h>

#include "bgrun-content-range-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-limits.h"
#include "bgrun-transfer-engine-private.h"
#include "bgrun-transfer-retry-private.h"
#include "bgrun-transfer-watchdog-private.h"
#include "bgrun-url-session-error.h"

/* How much of a body is in memory at once, per transfer. Each chunk is
 * written through GIO's thread pool (a file cannot be polled), a round
 * trip that costs about as much as copying 64 KiB over loopback: with
 * 64 KiB chunks a download ran at 0.6× curl, with 256 KiB at par (see
 * bench/README.md, "URL sessions"). */
#define CHUNK_SIZE (256 * 1024)

struct _BgrunTransferEngine
{
  GObject parent_instance;

  SoupSession                  *soup;
  BgrunUrlSessionConfiguration *config;   /* read as each request starts */
};

G_DEFINE_FINAL_TYPE (BgrunTransferEngine, bgrun_transfer_engine, G_TYPE_OBJECT)

typedef struct
{
  BgrunResumeData           *point;         /* borrowed, see the header */
  BgrunTransferProgressFunc  progress;
  gpointer                   progress_data;
  SoupMessage               *message;
  GInputStream              *body;
  GOutputStream             *out;
  GChecksum                 *checksum;      /* NULL unless one is expected */
  guint8                    *buffer;
  gsize                      pending;       /* bytes of buffer being written */
  gboolean                   sent_range;
  BgrunTransferWatchdog     *watchdog;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->message);
  g_clear_object (&download->body);
  g_clear_object (&download->out);
  g_clear_pointer (&download->checksum, g_checksum_free);
  g_free (download->buffer);
  g_clear_pointer (&download->watchdog, bgrun_transfer_watchdog_free);
  g_free (download);
}

static void send_request (GTask *task);
static void read_chunk (GTask *task);
static void finish_download (GTask *task);

/* ---- errors ------------------------------------------------------------- */

static GError *
network_error (const char   *uri,
               const GError *cause)
{
  if (cause->domain == G_TLS_ERROR)
    return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TLS,
                        _("The secure connection to the server of “%s” failed: %s. The server’s certificate must be valid and trusted for its host name."),
                        uri, cause->message);
  if (g_error_matches (cause, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_TOO_MANY_REDIRECTS))
    return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                        _("The server of “%s” redirected the request more than 20 times, most likely in a loop. Check the URI, or the server’s redirects."),
                        uri);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_CANCELLED,
                        _("The transfer of “%s” was cancelled."), uri);
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TIMED_OUT,
                        _("The server of “%s” did not answer in time: %s. Try again later."),
                        uri, cause->message);
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NETWORK_LOST,
                      _("The transfer of “%s” failed: %s. Check the network connection and resume the transfer."),
                      uri, cause->message);
}

static GError *
file_error (const char   *path,
            const GError *cause)
{
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                      _("Cannot write the download to “%s”: %s. Free some disk space or fix the permissions, then resume the transfer."),
                      path, cause->message);
}

static void
fail_with (GTask  *task,
           GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
fail_network (GTask        *task,
              const GError *cause)
{
  Download *download = g_task_get_task_data (task);

  if (download->watchdog != NULL && bgrun_transfer_watchdog_fired (download->watchdog))
    fail_with (task, bgrun_transfer_watchdog_error (download->watchdog, download->point->uri));
  else
    fail_with (task, network_error (download->point->uri, cause));
}

static GCancellable *
watched (Download *download)
{
  bgrun_transfer_watchdog_kick (download->watchdog);
  return bgrun_transfer_watchdog_get_cancellable (download->watchdog);
}

/* ---- the partial file --------------------------------------------------- */

/* Cuts the partial file to point->offset (creating it if needed) and
 * opens it for appending. A file shorter than the offset means the bytes
 * counted were lost: start again from zero. */
static gboolean
open_partial_file (Download  *download,
                   GError   **error)
{
  BgrunResumeData *point = download->point;
  GStatBuf st;
  int fd;

  if (g_stat (point->partial_path, &st) != 0 || (guint64) st.st_size < point->offset)
    point->offset = 0;
  fd = g_open (point->partial_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0 || ftruncate (fd, (off_t) point->offset) != 0)
    {
      int saved_errno = errno;
      g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                                     g_strerror (saved_errno));

      if (fd >= 0)
        close (fd);
      g_propagate_error (error, file_error (point->partial_path, cause));
      return FALSE;
    }
  g_clear_object (&download->out);
  download->out = g_unix_output_stream_new (fd, TRUE);
  return TRUE;
}

/* Starting from zero: an empty file and a fresh checksum. */
static gboolean
restart_from_zero (Download  *download,
                   GError   **error)
{
  download->point->offset = 0;
  if (download->checksum != NULL)
    g_checksum_reset (download->checksum);
  return open_partial_file (download, error);
}

/* Hashes the first @offset bytes of the partial file, in a thread: on
 * resume only the part already on disk is read again. */
static void
hash_prefix_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Download *download = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (download->point->partial_path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  guint64 left = download->point->offset;

  in = g_file_read (file, cancellable, &error);
  while (in != NULL && left > 0)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), download->buffer,
                                      MIN (left, CHUNK_SIZE), cancellable, &error);
      if (n <= 0)
        break;
      g_checksum_update (download->checksum, download->buffer, n);
      left -= n;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (error != NULL)
    g_task_return_error (task, file_error (download->point->partial_path, error));
  else if (left > 0)
    g_task_return_new_error (task, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                             _("The partial download “%s” became shorter while it was read. Start the download again."),
                             download->point->partial_path);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_prefix_hashed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    send_request (task);
  else if (error->domain == BGRUN_URL_SESSION_ERROR)
    fail_with (task, g_steal_pointer (&error));
  else
    fail_network (task, error);   /* cancelled while hashing */
}

/* ---- the response ------------------------------------------------------- */

static void
take_validators (BgrunResumeData    *point,
                 SoupMessageHeaders *headers)
{
  bgrun_resume_data_forget_validators (point);
  point->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  point->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
}

static gint64
content_length_of (SoupMessageHeaders *headers)
{
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return -1;
  return soup_message_headers_get_content_length (headers);
}

/* 206: the body continues at point->offset, or the answer does not fit. */
static gboolean
accept_partial_content (Download  *download,
                        GError   **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (download->message);
  gint64 start, end, total;

  if (!bgrun_content_range_read (headers, &start, &end, &total) ||
      start != (gint64) download->point->offset)
    {
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_RESUME_FAILED,
                   _("The server of “%s” answered the request for the bytes from %" PRIu64 " with other bytes. Start the download again."),
                   download->point->uri, download->point->offset);
      return FALSE;
    }
  if (content_length_of (headers) >= 0 && content_length_of (headers) != end - start + 1)
    {
      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                   _("The server of “%s” announced the bytes %" PRId64 " to %" PRId64 " but a body of %" PRId64 " bytes. Check the server."),
                   download->point->uri, start, end, content_length_of (headers));
      return FALSE;
    }
  if (total >= 0)
    download->point->expected = total;
  if (soup_message_headers_get_one (headers, "ETag") != NULL ||
      soup_message_headers_get_one (headers, "Last-Modified") != NULL)
    take_validators (download->point, headers);
  return open_partial_file (download, error);
}

/* 2xx other than a fitting 206: the whole body, from zero. */
static gboolean
accept_whole_content (Download  *download,
                      GError   **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (download->message);

  take_validators (download->point, headers);
  download->point->expected = content_length_of (headers);
  return restart_from_zero (download, error);
}

/* 416 to a resumed request: complete when the length in its
 * unsatisfied-range Content-Range (RFC 9110, 14.4) is what is already on
 * disk. */
static gboolean
range_is_complete (Download *download)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (download->message);
  gint64 length;

  return bgrun_content_range_read_unsatisfied (headers, &length) &&
         (guint64) length == download->point->offset;
}

/* 416 to a resumed request: done, or else ask for the whole body again
 * (without a Range, so this happens once). */
static void
retry_whole_or_finish (GTask *task)
{
  Download *download = g_task_get_task_data (task);
  GError *error = NULL;

  if (range_is_complete (download))
    {
      download->point->expected = download->point->offset;
      download->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, download->progress_data);
      finish_download (task);
      return;
    }
  if (!restart_from_zero (download, &error))
    {
      fail_with (task, error);
      return;
    }
  download->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, download->progress_data);
  g_clear_object (&download->body);
  send_request (task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GError *judged = NULL;
  guint status;

  download->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (download->body == NULL)
    {
      fail_network (task, error);
      return;
    }
  bgrun_transfer_retry_note_response (task, download->message);

  status = soup_message_get_status (download->message);
  if (status == SOUP_STATUS_PARTIAL_CONTENT && download->sent_range)
    {
      if (!accept_partial_content (download, &judged))
        {
          fail_with (task, judged);
          return;
        }
    }
  else if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && download->sent_range)
    {
      retry_whole_or_finish (task);
      return;
    }
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (!accept_whole_content (download, &judged))
        {
          fail_with (task, judged);
          return;
        }
    }
  else
    {
      fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_HTTP_STATUS,
                                    _("The server of “%s” answered %u %s. Check the URI, or try again later."),
                                    download->point->uri, status,
                                    soup_message_get_reason_phrase (download->message)));
      return;
    }

  download->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, download->progress_data);
  read_chunk (task);
}

static void
send_request (GTask *task)
{
  BgrunTransferEngine *self = g_task_get_source_object (task);
  Download *download = g_task_get_task_data (task);
  BgrunResumeData *point = download->point;
  SoupMessageHeaders *headers;

  /* Made here, not earlier: re-hashing a long prefix is not the server's
   * time. */
  if (download->watchdog == NULL)
    download->watchdog = bgrun_transfer_engine_new_watchdog (self, g_task_get_cancellable (task));
  g_clear_object (&download->message);
  download->message = soup_message_new (SOUP_METHOD_GET, point->uri);
  headers = soup_message_get_request_headers (download->message);
  download->sent_range = point->offset > 0 && bgrun_resume_data_get_validator (point) != NULL;
  if (download->sent_range)
    {
      soup_message_headers_set_range (headers, (goffset) point->offset, -1);
      soup_message_headers_replace (headers, "If-Range", bgrun_resume_data_get_validator (point));
    }
  soup_session_send_async (self->soup, download->message, G_PRIORITY_DEFAULT,
                           watched (download), on_sent, task);
}

/* ---- the body ----------------------------------------------------------- */

static void
on_verified_close (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *expected;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    {
      fail_with (task, file_error (download->point->partial_path, error));
      return;
    }

  expected = download->point->checksum;
  if (download->checksum != NULL &&
      g_ascii_strcasecmp (g_checksum_get_string (download->checksum), expected + strlen ("sha256:")) != 0)
    {
      g_unlink (download->point->partial_path);
      download->point->offset = 0;
      fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_CHECKSUM_MISMATCH,
                                    _("The download of “%s” does not match its expected checksum %s; it was removed. Check the checksum, or the server."),
                                    download->point->uri, expected));
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
finish_download (GTask *task)
{
  Download *download = g_task_get_task_data (task);
  BgrunResumeData *point = download->point;

  if (point->expected >= 0 && point->offset != (guint64) point->expected)
    {
      fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NETWORK_LOST,
                                    _("The server of “%s” ended the body after %" PRIu64 " of %" PRId64 " bytes. Resume the transfer."),
                                    point->uri, point->offset, point->expected));
      return;
    }
  point->expected = (gint64) point->offset;
  g_output_stream_close_async (download->out, G_PRIORITY_DEFAULT, NULL, on_verified_close, task);
}

static void
on_chunk_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail_network (task, error);
      else
        fail_with (task, file_error (download->point->partial_path, error));
      return;
    }
  download->point->offset += download->pending;
  download->pending = 0;
  download->progress (BGRUN_TRANSFER_PROGRESS_BODY, download->progress_data);
  read_chunk (task);
}

static void
on_chunk_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Download *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (n < 0)
    {
      fail_network (task, error);
      return;
    }
  if (n == 0)
    {
      finish_download (task);
      return;
    }
  if (download->checksum != NULL)
    g_checksum_update (download->checksum, download->buffer, n);
  download->pending = n;
  if (download->point->expected >= 0 && download->point->offset + n > (guint64) download->point->expected)
    {
      fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                                    _("The server of “%s” sent more than the %" PRId64 " bytes it announced. Check the server."),
                                    download->point->uri, download->point->expected));
      return;
    }
  g_output_stream_write_all_async (download->out, download->buffer, n, G_PRIORITY_DEFAULT,
                                   watched (download), on_chunk_written, task);
}

static void
read_chunk (GTask *task)
{
  Download *download = g_task_get_task_data (task);

  g_input_stream_read_async (download->body, download->buffer, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                             watched (download), on_chunk_read, task);
}

/* ---- public ------------------------------------------------------------- */

void
bgrun_transfer_engine_download_async (BgrunTransferEngine       *self,
                                      BgrunResumeData           *point,
                                      BgrunTransferProgressFunc  progress,
                                      gpointer                   progress_data,
                                      GCancellable              *cancellable,
                                      GAsyncReadyCallback        callback,
                                      gpointer                   user_data)
{
  GTask *task;
  Download *download;
  GError *error = NULL;

  g_return_if_fail (BGRUN_IS_TRANSFER_ENGINE (self));
  g_return_if_fail (point != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_transfer_engine_download_async);
  download = g_new0 (Download, 1);
  download->point = point;
  download->progress = progress;
  download->progress_data = progress_data;
  download->buffer = g_malloc (CHUNK_SIZE);
  if (point->checksum != NULL)
    download->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_task_set_task_data (task, download, (GDestroyNotify) download_free);

  /* Without a validator, bytes on disk cannot be matched to the
   * resource any more: start again. */
  if (bgrun_resume_data_get_validator (point) == NULL)
    point->offset = 0;
  if (!open_partial_file (download, &error))
    {
      fail_with (task, error);
      return;
    }
  if (download->checksum != NULL && point->offset > 0)
    {
      g_autoptr(GTask) hashing = g_task_new (self, cancellable, on_prefix_hashed, task);

      g_task_set_task_data (hashing, download, NULL);
      g_task_run_in_thread (hashing, hash_prefix_in_thread);
      return;
    }
  send_request (task);
}

gboolean
bgrun_transfer_engine_download_finish (BgrunTransferEngine  *self,
                                       GAsyncResult         *result,
                                       guint                *status_code,
                                       GError              **error)
{
  Download *download;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  download = g_task_get_task_data (G_TASK (result));
  if (status_code != NULL)
    *status_code = download->message != NULL ? soup_message_get_status (download->message) : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  SoupMessage           *message;
  BgrunTransferWatchdog *watchdog;
  GBytes                *body;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->message);
  g_clear_pointer (&fetch->watchdog, bgrun_transfer_watchdog_free);
  g_clear_pointer (&fetch->body, g_bytes_unref);
  g_free (fetch);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri_string = g_uri_to_string (soup_message_get_uri (fetch->message));
  guint status;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (fetch->body == NULL)
    {
      if (bgrun_transfer_watchdog_fired (fetch->watchdog))
        g_task_return_error (task, bgrun_transfer_watchdog_error (fetch->watchdog, uri_string));
      else
        g_task_return_error (task, network_error (uri_string, error));
      return;
    }
  bgrun_transfer_retry_note_response (task, fetch->message);
  status = soup_message_get_status (fetch->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    g_task_return_new_error (task, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_HTTP_STATUS,
                             _("The server of “%s” answered %u %s. Check the URI, or try again later."),
                             uri_string, status, soup_message_get_reason_phrase (fetch->message));
  else
    g_task_return_boolean (task, TRUE);
}

/* A data task's body is small: the timer covers the whole request. */
void
bgrun_transfer_engine_fetch_async (BgrunTransferEngine *self,
                                   const char          *uri,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Fetch *fetch;

  g_return_if_fail (BGRUN_IS_TRANSFER_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_transfer_engine_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->message = soup_message_new (SOUP_METHOD_GET, uri);
  fetch->watchdog = bgrun_transfer_engine_new_watchdog (self, cancellable);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  soup_session_send_and_read_async (self->soup, fetch->message, G_PRIORITY_DEFAULT,
                                    bgrun_transfer_watchdog_get_cancellable (fetch->watchdog),
                                    on_fetched, task);
}

gboolean
bgrun_transfer_engine_fetch_finish (BgrunTransferEngine  *self,
                                    GAsyncResult         *result,
                                    guint                *status_code,
                                    GBytes              **body,
                                    GError              **error)
{
  Fetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  fetch = g_task_get_task_data (G_TASK (result));
  if (status_code != NULL)
    *status_code = soup_message_get_status (fetch->message);
  if (body != NULL)
    *body = fetch->body != NULL ? g_bytes_ref (fetch->body) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
bgrun_transfer_engine_finalize (GObject *object)
{
  BgrunTransferEngine *self = BGRUN_TRANSFER_ENGINE (object);

  g_clear_object (&self->soup);
  g_clear_object (&self->config);

  G_OBJECT_CLASS (bgrun_transfer_engine_parent_class)->finalize (object);
}

static void
bgrun_transfer_engine_class_init (BgrunTransferEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bgrun_transfer_engine_finalize;
}

static void
bgrun_transfer_engine_init (BgrunTransferEngine *self)
{
}

SoupSession *
bgrun_transfer_engine_get_soup (BgrunTransferEngine *self)
{
  return self->soup;
}

BgrunTransferWatchdog *
bgrun_transfer_engine_new_watchdog (BgrunTransferEngine *self,
                                    GCancellable        *parent)
{
  return bgrun_transfer_watchdog_new (parent, bgrun_url_session_configuration_get_timeout_for_request (self->config));
}

GError *
bgrun_transfer_engine_network_error (const char   *uri,
                                     const GError *cause)
{
  return network_error (uri, cause);
}

static void
apply_user_agent (BgrunTransferEngine *self)
{
  const char *user_agent = bgrun_url_session_configuration_get_user_agent (self->config);
  g_autofree char *default_user_agent = g_strdup_printf ("libbgrun/%s", PACKAGE_VERSION);

  soup_session_set_user_agent (self->soup, user_agent != NULL ? user_agent : default_user_agent);
}

/* The settings of @config that a change reaches at the next request:
 * timeout-for-request (each request's watchdog reads it), the user agent
 * (set on libsoup's session when it changes) and max-connections-per-host
 * (the session's queue keeps to it; libsoup's own limits are the
 * widest the queue allows, so libsoup never queues a request on its
 * own). */
BgrunTransferEngine *
bgrun_transfer_engine_new (BgrunUrlSessionConfiguration *config)
{
  BgrunTransferEngine *self = g_object_new (BGRUN_TYPE_TRANSFER_ENGINE, NULL);

  self->config = g_object_ref (config);
  self->soup = soup_session_new_with_options ("max-conns-per-host", BGRUN_URL_SESSION_MAX_CONNECTIONS,
                                              "max-conns", BGRUN_URL_SESSION_MAX_CONNECTIONS,
                                              "timeout", 0, NULL);
  apply_user_agent (self);
  g_signal_connect_object (config, "notify::user-agent", G_CALLBACK (apply_user_agent), self, G_CONNECT_SWAPPED);
  return self;
}
