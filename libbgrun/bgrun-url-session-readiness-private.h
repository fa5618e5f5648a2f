/* bgrun-url-session-readiness-private.h: refresh tasks that end with their session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-url-session-refresh-task.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_URL_SESSION_READINESS (bgrun_url_session_readiness_get_type ())

G_DECLARE_FINAL_TYPE (BgrunUrlSessionReadiness, bgrun_url_session_readiness, BGRUN, URL_SESSION_READINESS, GObject)

/* A scheduler's record of which of its app's background URL sessions have
 * delivered their events (emitted events-finished), and of its running
 * URL-session refresh tasks: a task whose session is ready completes,
 * successfully, from the main context the readiness was made on. */
BgrunUrlSessionReadiness *bgrun_url_session_readiness_new       (void);
void                      bgrun_url_session_readiness_set_ready (BgrunUrlSessionReadiness   *self,
                                                                 const char                 *session_identifier,
                                                                 gboolean                    ready);
void                      bgrun_url_session_readiness_add_task  (BgrunUrlSessionReadiness   *self,
                                                                 BgrunUrlSessionRefreshTask *task);

G_END_DECLS
