/* bgrun-app-refresh-request.h: a request to refresh the app's content
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-task-request.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_MINIMUM_REPEAT_INTERVAL:
 *
 * The shortest [property@Bgrun.AppRefreshRequest:repeat-interval], in
 * seconds (15 minutes). A request that repeats more often fails to submit
 * with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST.
 */
#define BGRUN_MINIMUM_REPEAT_INTERVAL 900

/**
 * BGRUN_MAXIMUM_REPEAT_INTERVAL:
 *
 * The longest [property@Bgrun.AppRefreshRequest:repeat-interval], in
 * seconds (366 days). A request that repeats less often fails to submit
 * with %BGRUN_SCHEDULER_ERROR_INVALID_REQUEST: submit it again when it
 * runs instead.
 */
#define BGRUN_MAXIMUM_REPEAT_INTERVAL (366 * 24 * 3600)

#define BGRUN_TYPE_APP_REFRESH_REQUEST (bgrun_app_refresh_request_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunAppRefreshRequest, bgrun_app_refresh_request, BGRUN, APP_REFRESH_REQUEST, BgrunTaskRequest)

BGRUN_AVAILABLE_IN_ALL
BgrunAppRefreshRequest *bgrun_app_refresh_request_new                 (const char             *identifier);
BGRUN_AVAILABLE_IN_ALL
double                  bgrun_app_refresh_request_get_repeat_interval (BgrunAppRefreshRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                    bgrun_app_refresh_request_set_repeat_interval (BgrunAppRefreshRequest *self,
                                                                       double                  interval);

G_END_DECLS
