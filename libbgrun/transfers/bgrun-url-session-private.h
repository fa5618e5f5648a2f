/* bgrun-url-session-private.h: what URL sessions and their tasks share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-resume-data-private.h"
#include "bgrun-transfer-engine-private.h"
#include "bgrun-transfer-queue-private.h"
#include "bgrun-upload-private.h"
#include "bgrun-url-session.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-task.h"

G_BEGIN_DECLS

/* A copy with the same values, which later changes to @self do not reach. */
BgrunUrlSessionConfiguration *bgrun_url_session_configuration_copy (BgrunUrlSessionConfiguration *self);
/* The configuration as org.bgrun.Transfers1's OpenSession carries it: an
 * a{sv} of every property but the identifier, by property name (a new
 * floating variant); and back onto @self: unknown keys are ignored, a
 * known key of another type or out of the property's range fails with
 * G_DBUS_ERROR_INVALID_ARGS naming it, and then nothing is changed. */
GVariant *bgrun_url_session_configuration_to_variant    (BgrunUrlSessionConfiguration  *self);
gboolean  bgrun_url_session_configuration_apply_variant (BgrunUrlSessionConfiguration  *self,
                                                         GVariant                      *dict,
                                                         GError                       **error);

/* A background session run by bgrund for the app whose state directory is
 * @app_directory (its transfers.db and transfers/ are there), waiting on
 * the daemon's @clock and @conditions. Everything else is what the app's
 * own session does. */
BgrunUrlSession *bgrun_url_session_new_hosted (BgrunUrlSessionConfiguration *config,
                                               const char                   *app_directory,
                                               BgrunClock                   *clock,
                                               BgrunConditions              *conditions);

/* The session's side, for its tasks. */
BgrunTransferEngine *bgrun_url_session_get_engine (BgrunUrlSession     *self);
BgrunTransferQueue  *bgrun_url_session_get_queue  (BgrunUrlSession     *self);
/* Records @task's state and progress (background sessions only). */
void                 bgrun_url_session_save_task  (BgrunUrlSession     *self,
                                                   BgrunUrlSessionTask *task);
/* @task completed: an embedded background session records the completion
 * as an event and delivers that (bgrun-url-session-recorder-private.h);
 * any other delivers it at once, then forgets the task's record. */
void                 bgrun_url_session_task_ended (BgrunUrlSession     *self,
                                                   BgrunUrlSessionTask *task,
                                                   GFile               *download);
/* Delivers a completion: emits ::download-finished (when @download is
 * set), removes @download, emits ::task-completed and drops @task from
 * the list. */
void                 bgrun_url_session_deliver_completion (BgrunUrlSession     *self,
                                                           BgrunUrlSessionTask *task,
                                                           GFile               *download);

/* The task's side, for its session. A task keeps a pointer to its session
 * until bgrun_url_session_task_detach(): the session detaches every task
 * when it goes away, which stops their transfers without touching their
 * records, so a later session with the same identifier takes them up. */
BgrunUrlSessionTask *bgrun_url_session_task_new       (BgrunUrlSession         *session,
                                                       guint64                  task_identifier,
                                                       BgrunUrlSessionTaskKind  kind,
                                                       BgrunResumeData         *point);
/* An upload task, taking @upload. */
BgrunUrlSessionTask *bgrun_url_session_task_new_upload (BgrunUrlSession        *session,
                                                        guint64                 task_identifier,
                                                        BgrunUploadPoint       *upload);
BgrunUrlSessionTask *bgrun_url_session_task_new_from_record (BgrunUrlSession   *session,
                                                             GVariant          *record,
                                                             gboolean          *was_running);
GVariant            *bgrun_url_session_task_to_record (BgrunUrlSessionTask     *self);
void                 bgrun_url_session_task_detach    (BgrunUrlSessionTask     *self);

/* The daemon placement: the session's link to bgrund, or NULL when its
 * tasks run here. */
typedef struct _BgrunUrlSessionRemote BgrunUrlSessionRemote;
BgrunUrlSessionRemote *bgrun_url_session_get_remote (BgrunUrlSession *self);

/* A mirror task shows one that runs in bgrund, from its view (see
 * bgrun-url-session-view-private.h), and sends what the app does to it
 * there. NULL when @view lacks "id", "kind" or "uri". */
BgrunUrlSessionTask *bgrun_url_session_task_new_mirror (BgrunUrlSession     *session,
                                                        GVariant            *view);
/* Shows @view, notifying what changed; the settings the app may change
 * (priority, description...) only @with_settings. */
void                 bgrun_url_session_task_apply_view (BgrunUrlSessionTask *self,
                                                        GVariant            *view,
                                                        gboolean             with_settings);
void                 bgrun_url_session_task_set_mirror_resume_data (BgrunUrlSessionTask *self,
                                                                    GBytes              *resume_data);

/* The task's side, for its session's BgrunTransferQueue: run now, wait
 * for @reason, stop running to wait for @reason (keeping what it has), or
 * fail with @error (taken) without running. */
void                 bgrun_url_session_task_admit     (BgrunUrlSessionTask       *self);
void                 bgrun_url_session_task_wait      (BgrunUrlSessionTask       *self,
                                                       BgrunUrlSessionWaitReason  reason);
void                 bgrun_url_session_task_hold_back (BgrunUrlSessionTask       *self,
                                                       BgrunUrlSessionWaitReason  reason);
void                 bgrun_url_session_task_fail      (BgrunUrlSessionTask       *self,
                                                       GError                    *error);
/* When the task runs out of timeout-for-resource, on the session's clock;
 * 0 when it never does (a default session, no limit, never resumed). */
gint64               bgrun_url_session_task_get_resource_deadline_usec (BgrunUrlSessionTask *self);

G_END_DECLS
