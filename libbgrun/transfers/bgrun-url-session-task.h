/* bgrun-url-session-task.h: one transfer of a URL session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-version.h"
#include "bgrun-url-session-wait-reason.h"

G_BEGIN_DECLS

/**
 * BgrunUrlSessionTaskKind:
 * @BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD: the body goes to a file
 * @BGRUN_URL_SESSION_TASK_KIND_UPLOAD: a file is sent as the body
 * @BGRUN_URL_SESSION_TASK_KIND_DATA: the body goes to memory
 *
 * What a [class@Bgrun.UrlSessionTask] transfers.
 */
typedef enum {
  BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD,
  BGRUN_URL_SESSION_TASK_KIND_UPLOAD,
  BGRUN_URL_SESSION_TASK_KIND_DATA,
} BgrunUrlSessionTaskKind;

/**
 * BgrunUrlSessionTaskState:
 * @BGRUN_URL_SESSION_TASK_STATE_SUSPENDED: created, or suspended with
 *   [method@Bgrun.UrlSessionTask.suspend]; nothing is transferred until
 *   [method@Bgrun.UrlSessionTask.resume]
 * @BGRUN_URL_SESSION_TASK_STATE_RUNNING: transferring
 * @BGRUN_URL_SESSION_TASK_STATE_WAITING: waiting to run;
 *   [property@Bgrun.UrlSessionTask:waiting-reason] says why
 * @BGRUN_URL_SESSION_TASK_STATE_CANCELING: cancelled, stopping
 * @BGRUN_URL_SESSION_TASK_STATE_COMPLETED: ended, successfully or not:
 *   [property@Bgrun.UrlSessionTask:error] says which
 *
 * Where a [class@Bgrun.UrlSessionTask] stands.
 */
typedef enum {
  BGRUN_URL_SESSION_TASK_STATE_SUSPENDED,
  BGRUN_URL_SESSION_TASK_STATE_RUNNING,
  BGRUN_URL_SESSION_TASK_STATE_WAITING,
  BGRUN_URL_SESSION_TASK_STATE_CANCELING,
  BGRUN_URL_SESSION_TASK_STATE_COMPLETED,
} BgrunUrlSessionTaskState;

/**
 * BgrunUploadProtocol:
 * @BGRUN_UPLOAD_PROTOCOL_AUTO: choose from the server's answer to `OPTIONS`
 * @BGRUN_UPLOAD_PROTOCOL_IETF: the IETF draft "Resumable Uploads for HTTP"
 * @BGRUN_UPLOAD_PROTOCOL_TUS: the tus 1.0.0 protocol
 *
 * How a resumable upload talks to its server. With
 * %BGRUN_UPLOAD_PROTOCOL_AUTO, a server whose `OPTIONS` answer has a
 * `Tus-Resumable` or `Tus-Version` header is spoken to in tus, any other in
 * the IETF draft (interop version 6, draft-ietf-httpbis-resumable-upload-05).
 */
typedef enum {
  BGRUN_UPLOAD_PROTOCOL_AUTO,
  BGRUN_UPLOAD_PROTOCOL_IETF,
  BGRUN_UPLOAD_PROTOCOL_TUS,
} BgrunUploadProtocol;

#define BGRUN_TYPE_URL_SESSION_TASK (bgrun_url_session_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunUrlSessionTask, bgrun_url_session_task, BGRUN, URL_SESSION_TASK, GObject)

BGRUN_AVAILABLE_IN_ALL
guint64                  bgrun_url_session_task_get_task_identifier     (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
const char              *bgrun_url_session_task_get_uri                 (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTaskKind  bgrun_url_session_task_get_kind                (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTaskState bgrun_url_session_task_get_state               (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
gint64                   bgrun_url_session_task_get_bytes_received      (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
gint64                   bgrun_url_session_task_get_bytes_expected      (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
gint64                   bgrun_url_session_task_get_bytes_sent          (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
gint64                   bgrun_url_session_task_get_bytes_expected_to_send (BgrunUrlSessionTask *self);
BGRUN_AVAILABLE_IN_ALL
double                   bgrun_url_session_task_get_fraction            (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
guint                    bgrun_url_session_task_get_status_code         (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
const GError            *bgrun_url_session_task_get_error               (BgrunUrlSessionTask  *self);

BGRUN_AVAILABLE_IN_ALL
GDateTime               *bgrun_url_session_task_get_earliest_begin_date (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_set_earliest_begin_date (BgrunUrlSessionTask  *self,
                                                                         GDateTime            *date);
BGRUN_AVAILABLE_IN_ALL
double                   bgrun_url_session_task_get_priority            (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_set_priority            (BgrunUrlSessionTask  *self,
                                                                         double                priority);
BGRUN_AVAILABLE_IN_ALL
const char              *bgrun_url_session_task_get_expected_checksum   (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_set_expected_checksum   (BgrunUrlSessionTask  *self,
                                                                         const char           *checksum);
BGRUN_AVAILABLE_IN_ALL
BgrunUploadProtocol      bgrun_url_session_task_get_upload_protocol     (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_set_upload_protocol     (BgrunUrlSessionTask  *self,
                                                                         BgrunUploadProtocol   protocol);
BGRUN_AVAILABLE_IN_ALL
const char              *bgrun_url_session_task_get_description         (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_set_description         (BgrunUrlSessionTask  *self,
                                                                         const char           *description);

BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_resume                  (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_suspend                 (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_cancel                  (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_cancel_async            (BgrunUrlSessionTask  *self,
                                                                         GCancellable         *cancellable,
                                                                         GAsyncReadyCallback   callback,
                                                                         gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean                 bgrun_url_session_task_cancel_finish           (BgrunUrlSessionTask  *self,
                                                                         GAsyncResult         *result,
                                                                         GError              **error);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_url_session_task_cancel_with_resume_data_async  (BgrunUrlSessionTask  *self,
                                                                                GCancellable         *cancellable,
                                                                                GAsyncReadyCallback   callback,
                                                                                gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
GBytes                  *bgrun_url_session_task_cancel_with_resume_data_finish (BgrunUrlSessionTask  *self,
                                                                                GAsyncResult         *result,
                                                                                GError              **error);
BGRUN_AVAILABLE_IN_ALL
GBytes                  *bgrun_url_session_task_get_resume_data         (BgrunUrlSessionTask  *self);
BGRUN_AVAILABLE_IN_ALL
GBytes                  *bgrun_url_session_task_get_response_body       (BgrunUrlSessionTask  *self);

BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionWaitReason bgrun_url_session_task_get_waiting_reason (BgrunUrlSessionTask *self);

G_END_DECLS
