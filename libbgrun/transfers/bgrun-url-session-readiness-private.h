/* bgrun-url-session-readiness-private.h: refresh tasks that end with their session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"
#include "bgrun-url-session-refresh-task.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_URL_SESSION_READINESS (bgrun_url_session_readiness_get_type ())

G_DECLARE_FINAL_TYPE (BgrunUrlSessionReadiness, bgrun_url_session_readiness, BGRUN, URL_SESSION_READINESS, GObject)

/* A scheduler's record of which of its app's background URL sessions have
 * delivered their events (emitted events-finished), and of its running
 * URL-session refresh tasks: a task whose session is ready completes,
 * successfully: at once when its session becomes ready, and from the main
 * context the readiness was made on when it arrives for a ready one. */
BgrunUrlSessionReadiness *bgrun_url_session_readiness_new       (void);
void                      bgrun_url_session_readiness_set_ready (BgrunUrlSessionReadiness   *self,
                                                                 const char                 *session_identifier,
                                                                 gboolean                    ready);
void                      bgrun_url_session_readiness_add_task  (BgrunUrlSessionReadiness   *self,
                                                                 BgrunUrlSessionRefreshTask *task);

/* The placement hook (bgrun_features_ensure()): gives every scheduler a
 * readiness that takes its URL-session refresh tasks as they start. */
void                      bgrun_url_session_readiness_attach    (BgrunPlacement             *placement);

/* bgrun_url_session_readiness_set_ready() on @scheduler's readiness:
 * whether its background URL session @session_identifier has emitted
 * events-finished (TRUE), or went away (FALSE). */
void                      bgrun_url_session_readiness_set_ready_in (BgrunScheduler          *scheduler,
                                                                    const char              *session_identifier,
                                                                    gboolean                 ready);

G_END_DECLS
