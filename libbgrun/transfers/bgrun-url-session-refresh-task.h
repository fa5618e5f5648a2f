/* bgrun-url-session-refresh-task.h: the app was started for a URL session's events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-task.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_URL_SESSION_REFRESH_TASK (bgrun_url_session_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunUrlSessionRefreshTask, bgrun_url_session_refresh_task, BGRUN, URL_SESSION_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_url_session_refresh_task_get_session_identifier (BgrunUrlSessionRefreshTask *self);

G_END_DECLS
