/* bgrun-snapshot-refresh-task.h: a chance to bring what the app shows up
 * to date before the user sees it again
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
 * BgrunSnapshotReason:
 * @BGRUN_SNAPSHOT_REASON_APP_SCHEDULED: the app asked for it, with
 *   [func@Bgrun.SnapshotRefreshTask.schedule] or an estimated expiration
 * @BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE: the app has been in the
 *   background for %BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY seconds: show
 *   its default view next time
 * @BGRUN_SNAPSHOT_REASON_COMPLICATION_UPDATE: what the app shows outside
 *   its window changed (WatchKit's complication; not started on Linux
 *   yet, kept so the values match the model)
 * @BGRUN_SNAPSHOT_REASON_PRELAUNCH: the app was started in the background,
 *   for a task, before the user opened it
 * @BGRUN_SNAPSHOT_REASON_APP_BACKGROUNDED: the app just left the
 *   foreground: the last window of its `GtkApplication` was hidden or
 *   minimised (for other apps: its scheduler's
 *   [property@Bgrun.Scheduler:frontmost] turned %FALSE)
 *
 * Why a [class@Bgrun.SnapshotRefreshTask] runs.
 */
typedef enum {
  BGRUN_SNAPSHOT_REASON_APP_SCHEDULED,
  BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE,
  BGRUN_SNAPSHOT_REASON_COMPLICATION_UPDATE,
  BGRUN_SNAPSHOT_REASON_PRELAUNCH,
  BGRUN_SNAPSHOT_REASON_APP_BACKGROUNDED,
} BgrunSnapshotReason;

/**
 * BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY:
 *
 * Seconds an app stays in the background (not frontmost) before it gets
 * a snapshot task with %BGRUN_SNAPSHOT_REASON_RETURN_TO_DEFAULT_STATE:
 * eight minutes, watchOS's longer "return to clock" setting.
 */
#define BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY 480

#define BGRUN_TYPE_SNAPSHOT_REFRESH_TASK (bgrun_snapshot_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunSnapshotRefreshTask, bgrun_snapshot_refresh_task,
                      BGRUN, SNAPSHOT_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
BgrunSnapshotReason bgrun_snapshot_refresh_task_get_reason (BgrunSnapshotRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
void       bgrun_snapshot_refresh_task_set_task_completed_with_snapshot (BgrunSnapshotRefreshTask *self,
                                                                         gboolean                  restored_default_state,
                                                                         GDateTime                *estimated_expiration,
                                                                         GVariant                 *user_info);
BGRUN_AVAILABLE_IN_ALL
gboolean   bgrun_snapshot_refresh_task_get_restored_default_state (BgrunSnapshotRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime *bgrun_snapshot_refresh_task_get_estimated_expiration   (BgrunSnapshotRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
GVariant  *bgrun_snapshot_refresh_task_get_snapshot_user_info     (BgrunSnapshotRefreshTask *self);

BGRUN_AVAILABLE_IN_ALL
gboolean   bgrun_snapshot_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                                  gboolean         subscribed,
                                                  GError         **error);
BGRUN_AVAILABLE_IN_ALL
gboolean   bgrun_snapshot_refresh_task_schedule (BgrunScheduler  *scheduler,
                                                 GDateTime       *preferred_date,
                                                 GVariant        *user_info,
                                                 GError         **error);

G_END_DECLS
