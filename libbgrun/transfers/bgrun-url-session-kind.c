/* bgrun-url-session-kind.c: the request kind that delivers a background
 * URL session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-limits.h"
#include "bgrun-request-dict-private.h"
#include "bgrun-url-session-kind-private.h"
#include "bgrun-url-session-refresh-task.h"

/* The transfers already ran: delivering their outcome waits for no
 * condition and no budget, only for the app. */
static const BgrunKind url_session_kind = {
  .name = BGRUN_REQUEST_KIND_URL_SESSION,
  .task_type = bgrun_url_session_refresh_task_get_type,
  .duration = BGRUN_URL_SESSION_REFRESH_DURATION,
  .flags = BGRUN_KIND_SYSTEM,
  .identifier_alias = "session-identifier",
  .waits_for_app = N_("The app is not running; bgrund starts it to deliver the events of its background URL session."),
  .cannot_run_now = N_("Cannot run “%s” now: it delivers a URL session’s events, and no process of %s is running to receive them. Start the app; the task runs when it connects."),
  .identifier_taken = N_("Cannot submit “%s”: a background URL session with that identifier has events waiting for the app, and its task would be replaced. Give the request an identifier no URL session uses."),
  .identifier_used = N_("Cannot start %s for the events of its URL session “%s”: the app has a pending task request with the same identifier. Give the session’s configuration an identifier that no task request uses."),
};

void
bgrun_url_session_kind_register (void)
{
  bgrun_kind_register (&url_session_kind);
}

gboolean
bgrun_engine_submit_url_session_events (BgrunEngine  *self,
                                        const char   *app_id,
                                        const char   *session_identifier,
                                        GError      **error)
{
  return bgrun_engine_submit_system_request (self, app_id, BGRUN_REQUEST_KIND_URL_SESSION,
                                             session_identifier, error);
}
