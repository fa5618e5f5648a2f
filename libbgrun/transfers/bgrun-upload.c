/* bgrun-upload.c: uploads from a file, plain or resumable
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An upload is a small state machine on libsoup 3:
 *
 *   plain:      one request with the app's method and the whole file;
 *   resumable:  [OPTIONS, when the protocol is AUTO] → creation, or, when
 *               the server already named the upload resource, the offset
 *               it has (HEAD) → append the rest (PATCH) → done. A 409 or a
 *               lost connection goes back to asking for the offset, a
 *               bounded number of times in a row; an upload resource the
 *               server forgot (404, 410) is created again, once.
 *
 * An IETF server's `Upload-Limit` is kept to: a file larger than its
 * max-size fails the upload (deleting the upload resource, if any), and
 * no request carries more than its max-append-size, the next one going
 * on from the offset the server confirmed.
 *
 * A redirect of a request that carries or creates the upload is followed
 * here, not by libsoup (which would resend it as a GET without its body on
 * 301, 302 and 303, and not follow 307 and 308): on 301, 302, 307 and 308
 * the same request goes to the new URI with the whole body again, read
 * anew from the file; a 303 (the answer is elsewhere, to be fetched with
 * GET) fails the upload, as it cannot tell whether the body arrived.
 *
 * The body is never in memory: libsoup reads it from the file, a chunk at
 * a time, as the connection takes it. The file must keep the identity it
 * had when the upload began (size, modification time, inode): it is
 * checked before and after every request that carries it.
 */

#include "config.h"

#include <inttypes.h>
#include "bgrun-bounded-stream-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-resume-data-private.h"
#include "bgrun-transfer-retry-private.h"
#include "bgrun-upload-private.h"
#include "bgrun-url-session-error.h"

/* 409 answers in a row before the upload fails. */
#define MAX_CONFLICTS 3
/* Lost connections in a row, without the server confirming more bytes,
 * before the upload fails. */
#define MAX_RECOVERIES 3
/* Redirects of one request before the upload fails, as libsoup's limit. */
#define MAX_REDIRECTS 20
/* The body_from of a request without a body. */
#define NO_BODY G_GINT64_CONSTANT (-1)

typedef void (*JudgeFunc) (GTask       *task,
                           SoupMessage *answer);
/* A new request, the same each time: a redirect sends a new one. */
typedef SoupMessage *(*BuildFunc) (GTask *task);

typedef struct
{
  BgrunUploadPoint              *point;     /* borrowed, see the header */
  const BgrunUploadProtocolSpec *spec;      /* NULL for a plain upload */
  BgrunTransferProgressFunc      progress;
  gpointer                       progress_data;
  SoupMessage                   *message;
  BgrunTransferWatchdog         *watchdog;  /* timeout-for-request */
  BuildFunc                      build;
  gint64                         body_from; /* of the file, or NO_BODY */
  guint64                        body_to;   /* where the body ends */
  JudgeFunc                      judge;
  guint                          redirects; /* of the request */
  gboolean                       body_sent; /* all of it, by the request */
  guint                          status;    /* of the last final answer */
  guint                          conflicts;
  guint                          recoveries;
  gboolean                       recreated;
  gboolean                       no_continue; /* the server refused it */
} Upload;

static void create_upload (GTask *task);
static void ask_offset (GTask *task);
static void append (GTask *task);
static gboolean follow_redirect (GTask       *task,
                                 SoupMessage *answer);

static void
upload_free (Upload *upload)
{
  g_clear_object (&upload->message);
  g_clear_pointer (&upload->watchdog, bgrun_transfer_watchdog_free);
  g_free (upload);
}

/* ---- helpers shared with the protocols ---------------------------------- */

void
bgrun_upload_set_number (SoupMessage *message,
                         const char  *name,
                         guint64      value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, value);
  soup_message_headers_replace (soup_message_get_request_headers (message), name, text);
}

gboolean
bgrun_upload_parse_number (const char *value,
                           guint64    *number)
{
  char *end;

  /* At most 15 digits, as structured-field integers (RFC 8941). */
  if (value == NULL || !g_ascii_isdigit (*value) || strlen (value) > 15)
    return FALSE;
  *number = g_ascii_strtoull (value, &end, 10);
  return *end == '\0';
}

/* ---- ending ------------------------------------------------------------- */

static void
fail_with (GTask  *task,
           GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
fail_status (GTask       *task,
             SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);

  fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_HTTP_STATUS,
                                _("The server of “%s” answered %u %s to the upload of “%s”. Check the URI, or try again later."),
                                upload->point->uri, soup_message_get_status (answer),
                                soup_message_get_reason_phrase (answer), upload->point->path));
}

static GError *
too_large_error (const BgrunUploadPoint *point)
{
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                      _("The server of “%s” takes uploads of at most %" PRIu64 " bytes (its Upload-Limit max-size), but “%s” has %" PRIu64 " bytes. Upload a smaller file, or to a server that takes larger ones."),
                      point->uri, point->limit.max_size, point->path, point->size);
}

static void
on_too_large_terminated (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GTask *task = user_data;
  Upload *upload = g_task_get_task_data (task);

  bgrun_upload_terminate_finish (BGRUN_TRANSFER_ENGINE (source), result);
  g_clear_pointer (&upload->point->upload_url, g_free);
  upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
  fail_with (task, too_large_error (upload->point));
}

/* The file is larger than the server's max-size: no request can change
 * that, so the upload fails, and an upload resource the server created
 * is deleted, as on cancel, rather than left to expire. */
static void
fail_too_large (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  if (upload->point->upload_url == NULL)
    fail_with (task, too_large_error (upload->point));
  else
    bgrun_upload_terminate_async (g_task_get_source_object (task), upload->point,
                                  on_too_large_terminated, task);
}

/* The server broke the resumable-upload protocol: @what it did not say. */
static void
fail_protocol (GTask      *task,
               const char *what)
{
  Upload *upload = g_task_get_task_data (task);

  fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_RESUME_FAILED,
                                _("The server of “%s” cannot continue the upload of “%s”: %s. Check that it supports the resumable-upload protocol, or upload without resuming."),
                                upload->point->uri, upload->point->path, what));
}

static void
succeed (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  upload->point->offset = upload->point->size;
  upload->point->sent = upload->point->size;
  upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
check_file (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);
  GError *error = NULL;

  if (bgrun_upload_point_check_file (upload->point, &error))
    return TRUE;
  fail_with (task, error);
  return FALSE;
}

/* ---- exchanges ---------------------------------------------------------- */

static void
on_wrote_body_data (SoupMessage *message,
                    guint        chunk_size,
                    gpointer     user_data)
{
  Upload *upload = g_task_get_task_data (user_data);

  upload->point->sent += chunk_size;
  bgrun_transfer_watchdog_kick (upload->watchdog);
  upload->progress (BGRUN_TRANSFER_PROGRESS_BODY, upload->progress_data);
}

static void
on_wrote_body (SoupMessage *message,
               gpointer     user_data)
{
  Upload *upload = g_task_get_task_data (user_data);

  upload->body_sent = TRUE;
}

/* Makes the file, from @from to its end or to the server's
 * max-append-size, the body of @message: a new stream each time, as a
 * redirected request sends the body again. */
static gboolean
attach_body (GTask       *task,
             SoupMessage *message,
             guint64      from)
{
  Upload *upload = g_task_get_task_data (task);
  BgrunUploadPoint *point = upload->point;
  g_autoptr(GFile) file = g_file_new_for_path (point->path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) cause = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GInputStream) body = NULL;
  guint64 to = bgrun_upload_limit_append_end (&point->limit, from, point->size);

  in = g_file_read (file, NULL, &cause);
  if (in == NULL || (from > 0 && !g_seekable_seek (G_SEEKABLE (in), (goffset) from, G_SEEK_SET, NULL, &cause)))
    {
      fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                                    _("Cannot read “%s” to upload it: %s. Check that the file exists and can be read."),
                                    point->path, cause->message));
      return FALSE;
    }
  /* A copy: setting the body replaces the header the value lives in. */
  type = g_strdup (soup_message_headers_get_one (soup_message_get_request_headers (message), "Content-Type"));
  body = bgrun_bounded_stream_new (G_INPUT_STREAM (in), to - from);
  soup_message_set_request_body (message, type != NULL ? type : "application/octet-stream",
                                 body, (gssize) (to - from));
  upload->body_to = to;
  point->sent = from;
  return TRUE;
}

/* The connection was lost, or the request cancelled: a resumable upload
 * whose resource is known asks for the offset again. */
static void
recover_or_fail (GTask        *task,
                 const GError *cause)
{
  Upload *upload = g_task_get_task_data (task);

  if (bgrun_transfer_watchdog_fired (upload->watchdog))
    {
      fail_with (task, bgrun_transfer_watchdog_error (upload->watchdog, upload->point->uri));
      return;
    }
  if (upload->spec != NULL && upload->point->upload_url != NULL &&
      !g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      upload->recoveries < MAX_RECOVERIES)
    {
      upload->recoveries++;
      ask_offset (task);
      return;
    }
  fail_with (task, bgrun_transfer_engine_network_error (upload->point->uri, cause));
}

static void
on_answer_closed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  g_input_stream_close_finish (G_INPUT_STREAM (source), result, NULL);
  g_object_unref (source);
  if (g_cancellable_set_error_if_cancelled (bgrun_transfer_watchdog_get_cancellable (upload->watchdog), &error))
    {
      recover_or_fail (task, error);
      return;
    }
  if (!follow_redirect (task, upload->message))
    upload->judge (task, upload->message);
}

static gboolean
expects_continue (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  return (soup_message_headers_get_expectations (headers) & SOUP_EXPECTATION_CONTINUE) != 0;
}

/* Whether the final answer came instead of 100 Continue, before the body
 * went out. */
static gboolean
answered_early (Upload *upload)
{
  return upload->body_from != NO_BODY && !upload->body_sent && expects_continue (upload->message);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) ended = NULL;
  GCancellable *cancellable = bgrun_transfer_watchdog_get_cancellable (upload->watchdog);
  GInputStream *body;

  body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      recover_or_fail (task, error);
      return;
    }
  upload->status = soup_message_get_status (upload->message);
  bgrun_transfer_retry_note_response (task, upload->message);
  bgrun_transfer_watchdog_kick (upload->watchdog);
  /* An answer that came before the body (RFC 9110, 10.1.1) leaves a
   * connection whose server waits for that body or skips it: a close
   * cancelled from the start drops the connection. It also keeps libsoup
   * 3.2 from waiting for a second answer there, which can crash it. */
  if (answered_early (upload))
    {
      ended = g_cancellable_new ();
      g_cancellable_cancel (ended);
      cancellable = ended;
    }
  /* Answers are not kept: closing drops what is left of the body. */
  g_input_stream_close_async (body, G_PRIORITY_DEFAULT, cancellable, on_answer_closed, task);
}

/* libsoup follows the redirects of HEAD and OPTIONS as they are; those of
 * any other method are followed here (see the top of the file). */
static gboolean
redirects_here (SoupMessage *message)
{
  const char *method = soup_message_get_method (message);

  return g_strcmp0 (method, SOUP_METHOD_HEAD) != 0 && g_strcmp0 (method, SOUP_METHOD_OPTIONS) != 0;
}

/* Sends a new upload->build request, to @target when not NULL (after a
 * redirect), with its body. */
static void
send_request (GTask *task,
              GUri  *target)
{
  BgrunTransferEngine *engine = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  SoupMessage *message = upload->build (task);

  g_clear_object (&upload->message);
  upload->message = message;
  upload->body_sent = FALSE;
  if (target != NULL)
    soup_message_set_uri (message, target);
  if (redirects_here (message))
    soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (upload->body_from != NO_BODY)
    {
      if (!attach_body (task, message, (guint64) upload->body_from))
        return;
      g_signal_connect (message, "wrote-body-data", G_CALLBACK (on_wrote_body_data), task);
      g_signal_connect (message, "wrote-body", G_CALLBACK (on_wrote_body), task);
    }
  bgrun_transfer_watchdog_kick (upload->watchdog);
  soup_session_send_async (bgrun_transfer_engine_get_soup (engine), message, G_PRIORITY_DEFAULT,
                           bgrun_transfer_watchdog_get_cancellable (upload->watchdog), on_sent, task);
}

/* Sends the request @build makes, with the file from @body_from to its
 * end as its body (none when NO_BODY), then @judge decides about the
 * answer. */
static void
exchange (GTask     *task,
          BuildFunc  build,
          gint64     body_from,
          JudgeFunc  judge)
{
  Upload *upload = g_task_get_task_data (task);

  upload->build = build;
  upload->body_from = body_from;
  upload->judge = judge;
  upload->redirects = 0;
  send_request (task, NULL);
}

/* ---- redirects ---------------------------------------------------------- */

static void
fail_redirect (GTask       *task,
               SoupMessage *answer,
               const char  *target)
{
  Upload *upload = g_task_get_task_data (task);
  g_autofree char *from = g_uri_to_string (soup_message_get_uri (answer));
  guint status = soup_message_get_status (answer);
  const char *reason = soup_message_get_reason_phrase (answer);

  if (status == SOUP_STATUS_SEE_OTHER)
    fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                                  _("The server of “%s” answered the upload of “%s” with %u %s, pointing to “%s”: that answer is fetched without the file, so whether the server kept the file is unknown. Upload to a URI that answers with a success status, or have the server redirect with 307 or 308."),
                                  from, upload->point->path, status, reason, target));
  else if (upload->redirects > MAX_REDIRECTS)
    fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                                  _("The server of “%s” redirected the upload of “%s” more than %d times, most likely in a loop. Check the URI, or the server’s redirects."),
                                  upload->point->uri, upload->point->path, MAX_REDIRECTS));
  else
    fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
                                  _("The server of “%s” redirected the upload of “%s” to “%s”, which is not an absolute http or https URI. Check the server’s redirects."),
                                  from, upload->point->path, target));
}

/* Whether @answer was a redirect this file follows, and it did: the same
 * request went anew to the new URI, with the whole body again, or the
 * upload failed. */
static gboolean
follow_redirect (GTask       *task,
                 SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  guint status = soup_message_get_status (answer);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (answer), "Location");
  g_autofree char *from = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!soup_message_query_flags (answer, SOUP_MESSAGE_NO_REDIRECT) || location == NULL ||
      (status != SOUP_STATUS_MOVED_PERMANENTLY && status != SOUP_STATUS_FOUND &&
       status != SOUP_STATUS_SEE_OTHER && status != SOUP_STATUS_TEMPORARY_REDIRECT &&
       status != SOUP_STATUS_PERMANENT_REDIRECT))
    return FALSE;
  from = g_uri_to_string (soup_message_get_uri (answer));
  target = g_uri_resolve_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target != NULL && bgrun_resume_data_uri_is_valid (target))
    uri = g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || status == SOUP_STATUS_SEE_OTHER || ++upload->redirects > MAX_REDIRECTS)
    {
      fail_redirect (task, answer, target != NULL ? target : location);
      return TRUE;
    }
  if (check_file (task))
    send_request (task, uri);
  return TRUE;
}

/* The upload resource @answer names, resolved against its request's URI. */
static void
take_location (GTask       *task,
               SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (answer), "Location");
  g_autofree char *base = NULL;
  g_autofree char *resolved = NULL;

  if (location == NULL)
    return;
  /* The URI the request went to, after any redirects. */
  base = g_uri_to_string (soup_message_get_uri (answer));
  resolved = g_uri_resolve_relative (base, location, G_URI_FLAGS_NONE, NULL);
  if (resolved == NULL || !bgrun_resume_data_uri_is_valid (resolved) ||
      g_strcmp0 (resolved, upload->point->upload_url) == 0)
    return;
  g_free (upload->point->upload_url);
  upload->point->upload_url = g_steal_pointer (&resolved);
  upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
}

/* The limits @answer gives, if any, replace those known. */
static void
read_limit (Upload      *upload,
            SoupMessage *answer)
{
  if (upload->spec->read_limit != NULL)
    upload->spec->read_limit (answer, &upload->point->limit);
}

/* Reads the limits @answer gives: FALSE when the upload failed because
 * of them. */
static gboolean
take_limit (GTask       *task,
            SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  BgrunUploadPoint *point = upload->point;

  read_limit (upload, answer);
  if (point->size <= point->limit.max_size)
    return TRUE;
  fail_too_large (task);
  return FALSE;
}

/* A request the server did not take, told apart by its limits. */
static void
judge_refusal (GTask       *task,
               SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  BgrunUploadPoint *point = upload->point;
  guint64 carried;

  if (soup_message_get_status (answer) != SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE ||
      point->limit.max_append_size == BGRUN_UPLOAD_LIMIT_NONE || upload->body_from == NO_BODY)
    {
      fail_status (task, answer);
      return;
    }
  carried = upload->body_to - (guint64) upload->body_from;
  if (carried > point->limit.max_append_size && point->upload_url != NULL)
    {
      /* The limit came after the request went out (in a 104): the
       * upload goes on in requests that keep to it. */
      ask_offset (task);
      return;
    }
  /* Within the limit, a smaller request would be refused as well. */
  fail_with (task, g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_HTTP_STATUS,
                                _("The server of “%s” refused %" PRIu64 " bytes of “%s” as too large (413), though its Upload-Limit takes %" PRIu64 " bytes per request. Check the server’s limits, or upload without resuming."),
                                point->uri, carried, point->path, point->limit.max_append_size));
}

/* ---- appending ---------------------------------------------------------- */

/* A request with a body succeeded: the upload is done, or goes on from
 * the offset the server confirmed, in the answer or else asked for. */
static void
continue_after (GTask       *task,
                SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  BgrunUploadPoint *point = upload->point;
  guint64 offset;
  gboolean complete = FALSE;

  if (!upload->spec->read_offset (answer, &offset, &complete))
    {
      /* Without an offset, success means the server has what went out. */
      if (upload->body_to == point->size)
        succeed (task);
      else
        ask_offset (task);
      return;
    }
  /* A tus server may take less than was sent: it says how much. */
  if (complete || offset >= point->size)
    succeed (task);
  else if (offset <= point->offset)
    fail_protocol (task, _("it accepts no more bytes"));
  else
    {
      point->offset = offset;
      upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
      append (task);
    }
}

static void
judge_append (GTask       *task,
              SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  guint status = soup_message_get_status (answer);

  if (!check_file (task))
    return;
  if (status == SOUP_STATUS_CONFLICT)
    {
      if (++upload->conflicts > MAX_CONFLICTS)
        fail_protocol (task, _("it keeps rejecting the offset it gave"));
      else
        ask_offset (task);
      return;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    continue_after (task, answer);
  else
    judge_refusal (task, answer);
}

static SoupMessage *
new_append (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  return upload->spec->new_append (upload->point);
}

static void
append (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  if (check_file (task))
    exchange (task, new_append, (gint64) upload->point->offset, judge_append);
}

/* ---- the offset --------------------------------------------------------- */

static void
judge_offset (GTask       *task,
              SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);
  BgrunUploadPoint *point = upload->point;
  guint status = soup_message_get_status (answer);
  guint64 offset;
  gboolean complete = FALSE;

  if ((status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE) && !upload->recreated)
    {
      /* The server forgot the upload: start it again, once. */
      upload->recreated = TRUE;
      g_clear_pointer (&point->upload_url, g_free);
      point->offset = 0;
      upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
      create_upload (task);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fail_status (task, answer);
      return;
    }
  if (!take_limit (task, answer))
    return;
  if (!upload->spec->read_offset (answer, &offset, &complete) || offset > point->size)
    {
      fail_protocol (task, _("it did not say how much of the upload it has"));
      return;
    }
  if (offset > point->offset)
    upload->recoveries = 0;
  point->offset = offset;
  point->sent = offset;
  upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
  if (complete)
    succeed (task);
  else
    append (task);
}

static SoupMessage *
new_offset (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  return upload->spec->new_offset (upload->point);
}

static void
ask_offset (GTask *task)
{
  exchange (task, new_offset, NO_BODY, judge_offset);
}

/* ---- creation ----------------------------------------------------------- */

/* A limit the 104 gives is acted on when the final answer comes. */
static void
on_informational (SoupMessage *message,
                  gpointer     user_data)
{
  Upload *upload = g_task_get_task_data (user_data);

  if (soup_message_get_status (message) != 104)
    return;
  take_location (user_data, message);
  read_limit (upload, message);
}

static void
judge_creation (GTask       *task,
                SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);

  take_location (task, answer);
  if (!take_limit (task, answer) || (upload->spec->creation_has_body && !check_file (task)))
    return;
  if (soup_message_get_status (answer) == SOUP_STATUS_EXPECTATION_FAILED &&
      expects_continue (answer) && !upload->no_continue)
    {
      /* The same request again, without the expectation (RFC 9110,
       * 10.1.1): the 104 then comes, if at all, after the body. */
      upload->no_continue = TRUE;
      create_upload (task);
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (answer)))
    judge_refusal (task, answer);
  else if (upload->spec->creation_has_body)
    continue_after (task, answer);
  else if (upload->point->upload_url == NULL)
    fail_protocol (task, _("it did not name the upload resource (no Location)"));
  else
    {
      upload->point->offset = 0;
      append (task);
    }
}

static SoupMessage *
new_creation (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);
  SoupMessage *message = upload->spec->new_creation (upload->point);

  if (upload->no_continue)
    soup_message_headers_remove (soup_message_get_request_headers (message), "Expect");
  if (upload->spec->creation_has_body)
    g_signal_connect (message, "got-informational", G_CALLBACK (on_informational), task);
  return message;
}

static void
create_upload (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  if (check_file (task))
    exchange (task, new_creation, upload->spec->creation_has_body ? 0 : NO_BODY, judge_creation);
}

/* ---- choosing the protocol ---------------------------------------------- */

static const BgrunUploadProtocolSpec *
spec_of (BgrunUploadProtocol protocol)
{
  return protocol == BGRUN_UPLOAD_PROTOCOL_TUS ? &bgrun_upload_tus : &bgrun_upload_ietf;
}

static void
continue_resumable (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  upload->spec = spec_of (upload->point->protocol);
  if (upload->point->upload_url == NULL)
    create_upload (task);
  else
    ask_offset (task);
}

static SoupMessage *
new_options (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  return soup_message_new (SOUP_METHOD_OPTIONS, upload->point->uri);
}

/* Whatever the status: a server that does not know OPTIONS is no tus
 * server, so it is asked in the IETF draft's terms. */
static void
judge_options (GTask       *task,
               SoupMessage *answer)
{
  Upload *upload = g_task_get_task_data (task);

  upload->point->protocol = bgrun_upload_tus_answered (answer) ? BGRUN_UPLOAD_PROTOCOL_TUS
                                                               : BGRUN_UPLOAD_PROTOCOL_IETF;
  upload->progress (BGRUN_TRANSFER_PROGRESS_RESPONSE, upload->progress_data);
  upload->spec = spec_of (upload->point->protocol);
  if (take_limit (task, answer))
    continue_resumable (task);
}

/* ---- plain uploads ------------------------------------------------------ */

static SoupMessage *
new_plain (GTask *task)
{
  Upload *upload = g_task_get_task_data (task);

  return soup_message_new (upload->point->method, upload->point->uri);
}

static void
judge_plain (GTask       *task,
             SoupMessage *answer)
{
  if (!check_file (task))
    return;
  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (answer)))
    succeed (task);
  else
    fail_status (task, answer);
}

/* ---- public ------------------------------------------------------------- */

void
bgrun_upload_async (BgrunTransferEngine       *engine,
                    BgrunUploadPoint          *point,
                    BgrunTransferProgressFunc  progress,
                    gpointer                   progress_data,
                    GCancellable              *cancellable,
                    GAsyncReadyCallback        callback,
                    gpointer                   user_data)
{
  GTask *task;
  Upload *upload;

  g_return_if_fail (BGRUN_IS_TRANSFER_ENGINE (engine));
  g_return_if_fail (point != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_upload_async);
  upload = g_new0 (Upload, 1);
  upload->point = point;
  upload->progress = progress;
  upload->progress_data = progress_data;
  upload->watchdog = bgrun_transfer_engine_new_watchdog (engine, cancellable);
  g_task_set_task_data (task, upload, (GDestroyNotify) upload_free);

  if (!check_file (task))
    return;
  if (point->resumable && point->protocol == BGRUN_UPLOAD_PROTOCOL_AUTO)
    exchange (task, new_options, NO_BODY, judge_options);
  else if (point->resumable)
    continue_resumable (task);
  else
    {
      /* A plain upload cannot continue: it starts again. */
      point->offset = 0;
      exchange (task, new_plain, 0, judge_plain);
    }
}

gboolean
bgrun_upload_finish (BgrunTransferEngine  *engine,
                     GAsyncResult         *result,
                     guint                *status_code,
                     GError              **error)
{
  Upload *upload;

  g_return_val_if_fail (g_task_is_valid (result, engine), FALSE);

  upload = g_task_get_task_data (G_TASK (result));
  if (status_code != NULL)
    *status_code = upload->status;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_terminated (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;

  /* Whatever came back: the task ends all the same. */
  answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  g_task_return_boolean (task, TRUE);
}

void
bgrun_upload_terminate_async (BgrunTransferEngine    *engine,
                              const BgrunUploadPoint *point,
                              GAsyncReadyCallback     callback,
                              gpointer                user_data)
{
  GTask *task;
  g_autoptr(SoupMessage) message = NULL;

  g_return_if_fail (BGRUN_IS_TRANSFER_ENGINE (engine));
  g_return_if_fail (point->upload_url != NULL);

  task = g_task_new (engine, NULL, callback, user_data);
  g_task_set_source_tag (task, bgrun_upload_terminate_async);
  message = spec_of (point->protocol)->new_termination (point);
  soup_session_send_and_read_async (bgrun_transfer_engine_get_soup (engine), message,
                                    G_PRIORITY_DEFAULT, NULL, on_terminated, task);
}

void
bgrun_upload_terminate_finish (BgrunTransferEngine *engine,
                               GAsyncResult        *result)
{
  g_return_if_fail (g_task_is_valid (result, engine));

  g_task_propagate_boolean (G_TASK (result), NULL);
}
