/* bgrun-connectivity-refresh-task.h: the network came back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-scheduler.h"
#include "bgrun-task.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_CONNECTIVITY_REFRESH_TASK (bgrun_connectivity_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunConnectivityRefreshTask, bgrun_connectivity_refresh_task,
                      BGRUN, CONNECTIVITY_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_connectivity_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                                    gboolean         subscribed,
                                                    GError         **error);

G_END_DECLS
