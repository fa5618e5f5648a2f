/* bgrun-push-refresh-task.h: a push message for the app (UnifiedPush)
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

#define BGRUN_TYPE_PUSH_REFRESH_TASK (bgrun_push_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunPushRefreshTask, bgrun_push_refresh_task,
                      BGRUN, PUSH_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
GBytes     *bgrun_push_refresh_task_get_message    (BgrunPushRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_push_refresh_task_get_message_id (BgrunPushRefreshTask *self);

G_END_DECLS
