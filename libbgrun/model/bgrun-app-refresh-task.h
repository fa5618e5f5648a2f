/* bgrun-app-refresh-task.h: a short run that refreshes the app's content
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

#define BGRUN_TYPE_APP_REFRESH_TASK (bgrun_app_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunAppRefreshTask, bgrun_app_refresh_task, BGRUN, APP_REFRESH_TASK, BgrunTask)

G_END_DECLS
