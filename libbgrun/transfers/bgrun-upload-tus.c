/* bgrun-upload-tus.c: the tus 1.0.0 resumable-upload protocol
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Core, creation and termination (https://tus.io/protocols/resumable-upload),
 * every request with `Tus-Resumable: 1.0.0`:
 *
 *   creation: POST on the URI with `Upload-Length` and no body → 201 with
 *     the upload resource in `Location`;
 *   offset:   HEAD on the resource → `Upload-Offset` (and `Upload-Length`);
 *   append:   PATCH on the resource, `Content-Type:
 *     application/offset+octet-stream`, `Upload-Offset`, the rest of the
 *     file; 409 when the offset is not the server's;
 *   cancel:   DELETE on the resource.
 */

#include "config.h"

#include "bgrun-upload-private.h"

#define TUS_VERSION "1.0.0"

static SoupMessage *
new_request (const char *method,
             const char *uri)
{
  SoupMessage *message = soup_message_new (method, uri);

  soup_message_headers_replace (soup_message_get_request_headers (message), "Tus-Resumable", TUS_VERSION);
  return message;
}

static SoupMessage *
new_creation (const BgrunUploadPoint *point)
{
  SoupMessage *message = new_request (SOUP_METHOD_POST, point->uri);

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
  guint64 length;

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (answer)) ||
      !bgrun_upload_parse_number (soup_message_headers_get_one (headers, "Upload-Offset"), offset))
    return FALSE;
  *complete = bgrun_upload_parse_number (soup_message_headers_get_one (headers, "Upload-Length"), &length) &&
              length == *offset;
  return TRUE;
}

static SoupMessage *
new_append (const BgrunUploadPoint *point)
{
  SoupMessage *message = new_request ("PATCH", point->upload_url);

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Content-Type", "application/offset+octet-stream");
  bgrun_upload_set_number (message, "Upload-Offset", point->offset);
  return message;
}

static SoupMessage *
new_termination (const BgrunUploadPoint *point)
{
  return new_request (SOUP_METHOD_DELETE, point->upload_url);
}

gboolean
bgrun_upload_tus_answered (SoupMessage *options_answer)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (options_answer);

  return soup_message_headers_get_one (headers, "Tus-Resumable") != NULL ||
         soup_message_headers_get_one (headers, "Tus-Version") != NULL;
}

const BgrunUploadProtocolSpec bgrun_upload_tus = {
  .new_creation = new_creation,
  .creation_has_body = FALSE,
  .new_offset = new_offset,
  .read_offset = read_offset,
  .new_append = new_append,
  .new_termination = new_termination,
};
