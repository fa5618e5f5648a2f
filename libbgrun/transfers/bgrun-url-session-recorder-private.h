/* bgrun-url-session-recorder-private.h: the embedded placement's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-store-private.h"
#include "bgrun-url-session-private.h"

G_BEGIN_DECLS

/* In the embedded placement a background session records its own
 * completions as events (bgrun-transfer-event-private.h), as bgrund does
 * in the daemon placement, so an app killed while its handlers run gets
 * the completion, and the file, again from its next session.
 *
 * new() queues the events left in @store for @session's identifier; they
 * wait for bgrun_url_session_recorder_deliver_events(). record() takes a
 * task that ended: it keeps @download (when set) under the events
 * directory of @app_directory, records the event and deletes the task's
 * record in one transaction, and delivers it (at once, unless events
 * still wait). When the event cannot be recorded, it says so with a
 * g_warning and delivers the completion anyway. @session owns the
 * recorder. */

typedef struct _BgrunUrlSessionRecorder BgrunUrlSessionRecorder;

BgrunUrlSessionRecorder *bgrun_url_session_recorder_new            (BgrunUrlSession         *session,
                                                                    BgrunStore              *store,
                                                                    const char              *app_directory,
                                                                    GListStore              *tasks);
void                     bgrun_url_session_recorder_free           (BgrunUrlSessionRecorder *self);
void                     bgrun_url_session_recorder_record         (BgrunUrlSessionRecorder *self,
                                                                    BgrunUrlSessionTask     *task,
                                                                    GFile                   *download);
void                     bgrun_url_session_recorder_deliver_events (BgrunUrlSessionRecorder *self);

G_END_DECLS
