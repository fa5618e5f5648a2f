/* bgrun-url-session.h: downloads that stream, resume and outlive the app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-scheduler.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-task.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_URL_SESSION (bgrun_url_session_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunUrlSession, bgrun_url_session, BGRUN, URL_SESSION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunUrlSession              *bgrun_url_session_new                       (BgrunScheduler               *scheduler,
                                                                           BgrunUrlSessionConfiguration *config);
BGRUN_AVAILABLE_IN_ALL
void                          bgrun_url_session_open_async                 (BgrunScheduler               *scheduler,
                                                                           BgrunUrlSessionConfiguration *config,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSession              *bgrun_url_session_open_finish                (GAsyncResult                 *result,
                                                                           GError                      **error);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionConfiguration *bgrun_url_session_get_configuration         (BgrunUrlSession              *self);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTask          *bgrun_url_session_download                  (BgrunUrlSession              *self,
                                                                           const char                   *uri,
                                                                           GError                      **error);
BGRUN_AVAILABLE_IN_ALL
void                          bgrun_url_session_download_async            (BgrunUrlSession              *self,
                                                                           const char                   *uri,
                                                                           GCancellable                 *cancellable,
                                                                           GAsyncReadyCallback           callback,
                                                                           gpointer                      user_data);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTask          *bgrun_url_session_download_finish           (BgrunUrlSession              *self,
                                                                           GAsyncResult                 *result,
                                                                           GError                      **error);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTask          *bgrun_url_session_download_with_resume_data (BgrunUrlSession              *self,
                                                                           GBytes                       *resume_data,
                                                                           GError                      **error);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTask          *bgrun_url_session_data                      (BgrunUrlSession              *self,
                                                                           const char                   *uri,
                                                                           GError                      **error);
BGRUN_AVAILABLE_IN_ALL
BgrunUrlSessionTask          *bgrun_url_session_upload                    (BgrunUrlSession              *self,
                                                                           const char                   *uri,
                                                                           GFile                        *file,
                                                                           const char                   *method,
                                                                           gboolean                      resumable,
                                                                           GError                      **error);
BGRUN_AVAILABLE_IN_ALL
GListModel                   *bgrun_url_session_get_tasks                 (BgrunUrlSession              *self);
BGRUN_AVAILABLE_IN_ALL
void                          bgrun_url_session_finish_tasks_and_invalidate (BgrunUrlSession            *self);
BGRUN_AVAILABLE_IN_ALL
void                          bgrun_url_session_invalidate_and_cancel     (BgrunUrlSession              *self);

G_END_DECLS
