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
#include "bgrun-upload-private.h"
#include "bgrun-url-session.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-task.h"

G_BEGIN_DECLS

/* A copy with the same values, which later changes to @self do not reach. */
BgrunUrlSessionConfiguration *bgrun_url_session_configuration_copy (BgrunUrlSessionConfiguration *self);

/* The session's side, for its tasks. */
BgrunTransferEngine *bgrun_url_session_get_engine (BgrunUrlSession     *self);
/* Records @task's state and progress (background sessions only). */
void                 bgrun_url_session_save_task  (BgrunUrlSession     *self,
                                                   BgrunUrlSessionTask *task);
/* @task completed: emits ::download-finished (when @download is set) and
 * ::task-completed, forgets the task's record and drops it from the list. */
void                 bgrun_url_session_task_ended (BgrunUrlSession     *self,
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

G_END_DECLS
