/* bgrun-upload-ietf.c: the IETF draft "Resumable Uploads for HTTP"
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * draft-ietf-httpbis-resumable-upload-05, Upload-Draft-Interop-Version 6
 * (docs/transfers.md says why this one):
 *
 *   creation: the app's method on the URI, the file as the body,
 *     `Upload-Complete`, `Upload-Length` and `Expect: 100-continue`;
 *     the server names the upload resource in `Location`, in an interim
 *     104 before its 100 Continue and in the final answer;
 *   offset:   HEAD on the resource → `Upload-Offset`, `Upload-Complete`;
 *   append:   PATCH on the resource, `Content-Type:
 *     application/partial-upload`, `Upload-Offset`, `Upload-Complete`,
 *     the rest of the file; 409 when the offset is not the server's;
 *   cancel:   DELETE on the resource;
 *   limits:   `Upload-Limit` in the answers to OPTIONS, creation (104 and
 *     final) and HEAD.
 *
 * A request carries the rest of the file with `Upload-Complete: ?1`, or,
 * when `Upload-Limit` has a smaller max-append-size, that many bytes
 * with `Upload-Complete: ?0`.
 */

#include "config.h"

#include "bgrun-upload-private.h"

#define INTEROP_HEADER "Upload-Draft-Interop-Version"

static SoupMessage *
new_request (const char *method,
             const char *uri)
{
  SoupMessage *message = soup_message_new (method, uri);

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                INTEROP_HEADER, BGRUN_UPLOAD_IETF_INTEROP_VERSION);
  return message;
}

/* `Upload-Complete: ?1` when the request carrying the file from @from
 * carries its end, else `?0`. */
static void
set_complete (SoupMessage            *message,
              const BgrunUploadPoint *point,
              guint64                 from)
{
  gboolean last = bgrun_upload_limit_append_end (&point->limit, from, point->size) == point->size;

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Upload-Complete", last ? "?1" : "?0");
}

/* With `Expect: 100-continue`, so the answer is read before the body
 * goes out: a 104 naming the upload resource arrives then, and the upload
 * can continue if the connection drops halfway through the body (libsoup
 * reads nothing of the answer while it writes a body). */
static SoupMessage *
new_creation (const BgrunUploadPoint *point)
{
  SoupMessage *message = new_request (point->method, point->uri);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
  set_complete (message, point, 0);
  bgrun_upload_set_number (message, "Upload-Length", point->size);
  return message;
}

static SoupMessage *
new_offset (const BgrunUploadPoint *point)
{
  return new_request (SOUP_METHOD_HEAD, point->upload_url);
}

static gboolean
read_offset (SoupMessage *answer,
             guint64     *offset,
             gboolean    *complete)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (answer);

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (answer)) ||
      !bgrun_upload_parse_number (soup_message_headers_get_one (headers, "Upload-Offset"), offset))
    return FALSE;
  *complete = g_strcmp0 (soup_message_headers_get_one (headers, "Upload-Complete"), "?1") == 0;
  return TRUE;
}

static SoupMessage *
new_append (const BgrunUploadPoint *point)
{
  SoupMessage *message = new_request ("PATCH", point->upload_url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Content-Type", "application/partial-upload");
  set_complete (message, point, point->offset);
  bgrun_upload_set_number (message, "Upload-Offset", point->offset);
  return message;
}

static SoupMessage *
new_termination (const BgrunUploadPoint *point)
{
  return new_request (SOUP_METHOD_DELETE, point->upload_url);
}

static gboolean
read_limit (SoupMessage      *answer,
            BgrunUploadLimit *limit)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (answer);

  return bgrun_upload_limit_parse (soup_message_headers_get_list (headers, "Upload-Limit"), limit);
}

const BgrunUploadProtocolSpec bgrun_upload_ietf = {
  .new_creation = new_creation,
  .creation_has_body = TRUE,
  .new_offset = new_offset,
  .read_offset = read_offset,
  .new_append = new_append,
  .new_termination = new_termination,
  .read_limit = read_limit,
};
