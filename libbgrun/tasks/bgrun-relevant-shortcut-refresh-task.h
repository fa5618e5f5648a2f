/* bgrun-relevant-shortcut-refresh-task.h: a daily chance to update the
 * app's desktop actions
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

/**
 * BGRUN_RELEVANT_SHORTCUT_INTERVAL:
 *
 * Seconds from the start of one [class@Bgrun.RelevantShortcutRefreshTask]
 * to the earliest start of the next: a day.
 */
#define BGRUN_RELEVANT_SHORTCUT_INTERVAL (24 * 3600)

#define BGRUN_TYPE_RELEVANT_SHORTCUT_REFRESH_TASK (bgrun_relevant_shortcut_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunRelevantShortcutRefreshTask, bgrun_relevant_shortcut_refresh_task,
                      BGRUN, RELEVANT_SHORTCUT_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_relevant_shortcut_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                                         gboolean         subscribed,
                                                         GError         **error);

G_END_DECLS
