/* bgrun-upload-private.h: uploads from a file, plain or resumable
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <libsoup/soup.h>

#include "bgrun-transfer-engine-private.h"
#include "bgrun-upload-limit-private.h"
#include "bgrun-url-session-task.h"

G_BEGIN_DECLS

/* ---- where an upload stands (bgrun-upload-point.c) ----------------------
 *
 * What an upload sends and how far the server confirmed it, everything a
 * task records so that the upload continues after the engine restarted.
 *
 * @path is the local file, @method "PUT" or "POST". @protocol is what a
 * resumable upload speaks: AUTO until the server's OPTIONS answer chose.
 * @upload_url is the upload resource of a resumable upload once the
 * server named it (NULL before). @offset is how many bytes the server
 * confirmed, @sent how many went out so far (progress; not recorded).
 * @size, @mtime_usec, @inode and @device are the file's identity when the
 * upload began: a file that no longer has it changed, and fails the
 * upload. @limit is what the server's last valid `Upload-Limit` said
 * (IETF); it is not recorded, as the HEAD that continues an upload after
 * a restart brings it again. */
typedef struct
{
  char                *uri;
  char                *path;
  char                *method;
  gboolean             resumable;
  BgrunUploadProtocol  protocol;
  char                *upload_url;
  guint64              offset;
  guint64              sent;
  guint64              size;
  gint64               mtime_usec;
  guint64              inode;
  guint64              device;
  BgrunUploadLimit     limit;
} BgrunUploadPoint;

/* Fails with BGRUN_URL_SESSION_ERROR_FILE when @file is not a local,
 * readable regular file, and with NOT_ALLOWED for a method other than
 * PUT or POST. */
BgrunUploadPoint *bgrun_upload_point_new          (const char              *uri,
                                                   GFile                   *file,
                                                   const char              *method,
                                                   gboolean                 resumable,
                                                   GError                 **error);
void              bgrun_upload_point_free         (BgrunUploadPoint        *self);
/* Fails with BGRUN_URL_SESSION_ERROR_FILE when the file is gone or no
 * longer has the identity recorded when the upload began. */
gboolean          bgrun_upload_point_check_file   (const BgrunUploadPoint  *self,
                                                   GError                 **error);
/* The a{sv} a task records, and back (NULL when malformed). */
GVariant         *bgrun_upload_point_to_variant   (const BgrunUploadPoint  *self);
BgrunUploadPoint *bgrun_upload_point_from_variant (GVariant                *dict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunUploadPoint, bgrun_upload_point_free)

/* ---- the protocols (bgrun-upload-ietf.c, bgrun-upload-tus.c) ------------
 *
 * A resumable-upload protocol as messages to send and answers to read.
 * The engine (bgrun-upload.c) sends them, attaches the file's bytes to
 * the requests that carry a body, and decides what comes next. A request
 * with a body carries the file from its offset to
 * bgrun_upload_limit_append_end() of point->limit: to the end, unless the
 * server limits the bytes per request. */
typedef struct
{
  /* The creation request; when @creation_has_body it carries the file
   * from its start (IETF), else nothing (tus, which appends afterwards). */
  SoupMessage *(*new_creation)    (const BgrunUploadPoint *point);
  gboolean       creation_has_body;
  /* The request for the offset the server has, and its answer: FALSE
   * when the answer carries no valid offset. @complete is set when the
   * server holds the whole upload. */
  SoupMessage *(*new_offset)      (const BgrunUploadPoint *point);
  gboolean     (*read_offset)     (SoupMessage            *answer,
                                   guint64                *offset,
                                   gboolean               *complete);
  /* The request appending the bytes from point->offset. */
  SoupMessage *(*new_append)      (const BgrunUploadPoint *point);
  /* Reads the server's limits from @answer into @limit: FALSE, @limit
   * untouched, when it gives none. NULL when the protocol has none. */
  gboolean     (*read_limit)      (SoupMessage            *answer,
                                   BgrunUploadLimit       *limit);
  /* The request that tells the server to forget the upload. */
  SoupMessage *(*new_termination) (const BgrunUploadPoint *point);
} BgrunUploadProtocolSpec;

extern const BgrunUploadProtocolSpec bgrun_upload_ietf;
extern const BgrunUploadProtocolSpec bgrun_upload_tus;

/* The interop version of the IETF draft spoken here; see docs/transfers.md. */
#define BGRUN_UPLOAD_IETF_INTEROP_VERSION "6"

/* Shared by the protocols (bgrun-upload.c): sets the request header @name
 * to @value, and reads a header value that is a decimal integer of at
 * most 15 digits (a structured-field integer, RFC 8941). */
void     bgrun_upload_set_number   (SoupMessage *message,
                                    const char  *name,
                                    guint64      value);
gboolean bgrun_upload_parse_number (const char  *value,
                                    guint64     *number);

/* Whether an OPTIONS answer comes from a tus server. */
gboolean bgrun_upload_tus_answered (SoupMessage *options_answer);

/* ---- the engine (bgrun-upload.c) ----------------------------------------
 *
 * Uploads point->path to point->uri. A plain upload sends the whole file
 * with point->method. A resumable one speaks point->protocol (asking the
 * server with OPTIONS first when it is AUTO), creates the upload resource
 * or continues the one in point->upload_url from the offset the server
 * reports, recovers from a 409 or a lost connection by asking for the
 * offset again, and succeeds once the server holds the whole file.
 * @point is updated as the upload goes and must stay alive, untouched by
 * the caller, until @callback runs; @progress is called with RESPONSE
 * when something worth recording changed (the protocol, the upload URL,
 * the confirmed offset) and with BODY as bytes go out. Errors are
 * BGRUN_URL_SESSION_ERROR codes; @status_code is the last final HTTP
 * status (0 when none came). */
void     bgrun_upload_async           (BgrunTransferEngine        *engine,
                                       BgrunUploadPoint           *point,
                                       BgrunTransferProgressFunc   progress,
                                       gpointer                    progress_data,
                                       GCancellable               *cancellable,
                                       GAsyncReadyCallback         callback,
                                       gpointer                    user_data);
gboolean bgrun_upload_finish          (BgrunTransferEngine        *engine,
                                       GAsyncResult               *result,
                                       guint                      *status_code,
                                       GError                    **error);

/* Tells the server of a resumable upload that has an upload resource to
 * forget it (DELETE). Never fails: a server that cannot be reached keeps
 * the resource until it expires it. */
void     bgrun_upload_terminate_async  (BgrunTransferEngine       *engine,
                                        const BgrunUploadPoint    *point,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data);
void     bgrun_upload_terminate_finish (BgrunTransferEngine       *engine,
                                        GAsyncResult              *result);

G_END_DECLS
