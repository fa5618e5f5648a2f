/* bgrun-url-session-remote-private.h: a background URL session whose
 * transfers run in bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-dbus-broker-private.h"
#include "bgrun-url-session-private.h"

G_BEGIN_DECLS

/* The daemon's broker of @session's scheduler, when the session is a
 * background one whose transfers run in bgrund; NULL otherwise. */
BgrunDbusBroker       *bgrun_url_session_remote_broker_for (BgrunUrlSession *session,
                                                            BgrunScheduler  *scheduler);

/* Opens @session's identifier in bgrund (org.bgrun.Transfers1), unless
 * not @open_now, and puts mirrors of its tasks in @tasks; its events wait
 * for bgrun_url_session_remote_deliver_events(). @session owns the
 * remote. */
BgrunUrlSessionRemote *bgrun_url_session_remote_new        (BgrunUrlSession       *session,
                                                            BgrunDbusBroker       *broker,
                                                            GListStore            *tasks,
                                                            gboolean               open_now);
/* The opening, from the main loop: @task (made by the caller, consumed)
 * gets whether the session was opened. */
void                   bgrun_url_session_remote_open_async (BgrunUrlSessionRemote *self,
                                                            GTask                 *task);
/* Closes the session in bgrund: its tasks go on there. */
void                   bgrun_url_session_remote_free       (BgrunUrlSessionRemote *self);
/* Delivers the events bgrund kept, in order, and from now on each one as
 * it comes. */
void                   bgrun_url_session_remote_deliver_events (BgrunUrlSessionRemote *self);

/* New tasks, as mirrors put in the session's tasks (transfer full). */
BgrunUrlSessionTask   *bgrun_url_session_remote_download    (BgrunUrlSessionRemote *self,
                                                             const char            *uri,
                                                             GError               **error);
/* The same from the main loop: @request (consumed) from the function
 * below; the mirror is returned through @task, which the caller made. */
GVariant              *bgrun_url_session_remote_download_request (const char *uri);
void                   bgrun_url_session_remote_create_async (BgrunUrlSessionRemote *self,
                                                              GVariant              *request,
                                                              GTask                 *task);
BgrunUrlSessionTask   *bgrun_url_session_remote_resume_download (BgrunUrlSessionRemote *self,
                                                                 GBytes                *resume_data,
                                                                 GError               **error);
BgrunUrlSessionTask   *bgrun_url_session_remote_upload      (BgrunUrlSessionRemote *self,
                                                             const char            *uri,
                                                             GFile                 *file,
                                                             const char            *method,
                                                             gboolean               resumable,
                                                             GError               **error);

/* What the app does to a mirror, done in bgrund; a failure is logged. */
void                   bgrun_url_session_remote_control     (BgrunUrlSessionRemote *self,
                                                             guint64                task_id,
                                                             const char            *action);
void                   bgrun_url_session_remote_update      (BgrunUrlSessionRemote *self,
                                                             guint64                task_id,
                                                             const char            *key,
                                                             GVariant              *value);
void                   bgrun_url_session_remote_cancel_with_resume_data_async (BgrunUrlSessionRemote *self,
                                                                              guint64                task_id,
                                                                              GTask                 *task);
/* bgrun_url_session_remote_control() from the main loop; a failure is
 * @task's error (@task, made by the caller, is consumed). */
void                   bgrun_url_session_remote_control_async (BgrunUrlSessionRemote *self,
                                                              guint64                task_id,
                                                              const char            *action,
                                                              GTask                 *task);
void                   bgrun_url_session_remote_invalidate  (BgrunUrlSessionRemote *self,
                                                             gboolean               cancel);

G_END_DECLS
