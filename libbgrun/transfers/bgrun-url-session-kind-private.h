/* bgrun-url-session-kind-private.h: the request kind that delivers a
 * background URL session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-engine-private.h"

G_BEGIN_DECLS

/* Adds the kind "url-session" (BGRUN_REQUEST_KIND_URL_SESSION) to the
 * engine's kind table: bgrund's own request for a background URL session
 * of an app that has events while no process of the app has it open. Its
 * tasks are BgrunUrlSessionRefreshTasks, which wait for the session to be
 * created again (bgrun-url-session-readiness.c). Called once, by
 * bgrun_features_ensure(). */
void     bgrun_url_session_kind_register        (void);

/* Submits that request for @app_id's session @session_identifier
 * (bgrun_engine_submit_system_request()). */
gboolean bgrun_engine_submit_url_session_events (BgrunEngine  *self,
                                                 const char   *app_id,
                                                 const char   *session_identifier,
                                                 GError      **error);

G_END_DECLS
