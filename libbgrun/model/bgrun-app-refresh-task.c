/* bgrun-app-refresh-task.c: a short run that refreshes the app's content
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-app-refresh-task.h"

/**
 * BgrunAppRefreshTask:
 *
 * An app-refresh task: the handler has about 30 seconds (see
 * [property@Bgrun.Task:expiration-date]) to bring the app's content up to
 * date, then completes it with [method@Bgrun.Task.set_task_completed].
 *
 * The scheduler creates it for a [class@Bgrun.AppRefreshRequest], and for
 * [method@Bgrun.Scheduler.schedule_refresh].
 */

struct _BgrunAppRefreshTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunAppRefreshTask, bgrun_app_refresh_task, BGRUN_TYPE_TASK)

static void
bgrun_app_refresh_task_class_init (BgrunAppRefreshTaskClass *klass)
{
}

static void
bgrun_app_refresh_task_init (BgrunAppRefreshTask *self)
{
}
