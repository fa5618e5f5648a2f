/* bgrun-relevant-shortcut-refresh-task.c: a daily chance to update the
 * app's desktop actions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-relevant-shortcut-refresh-task.h"
#include "bgrun-shortcut-watch-private.h"
#include "bgrun-scheduler-private.h"

/**
 * BgrunRelevantShortcutRefreshTask:
 *
 * The app's daily chance to update its desktop actions: on watchOS, the
 * relevant shortcuts the Siri watch face suggests; on a desktop, the
 * actions a launcher or the dock shows in the app's menu (the
 * `Actions=` of its desktop file, or those it offers through its
 * [class@Gio.Application]: the next meeting to join, the playlist of the
 * day).
 *
 * An app that subscribed with
 * [func@Bgrun.RelevantShortcutRefreshTask.subscribe] gets one at most
 * once every %BGRUN_RELEVANT_SHORTCUT_INTERVAL seconds, within its refresh
 * budget (%BGRUN_REFRESH_BUDGET): it spends a token as an app refresh
 * does, and waits for one when none is left. It has about 30 seconds.
 * With the `bgrund` daemon, it starts the app when it does not run.
 *
 * Its identifier is `<app-id>.shortcut`.
 */

struct _BgrunRelevantShortcutRefreshTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunRelevantShortcutRefreshTask, bgrun_relevant_shortcut_refresh_task, BGRUN_TYPE_TASK)

static void
bgrun_relevant_shortcut_refresh_task_class_init (BgrunRelevantShortcutRefreshTaskClass *klass)
{
}

static void
bgrun_relevant_shortcut_refresh_task_init (BgrunRelevantShortcutRefreshTask *self)
{
}

/**
 * bgrun_relevant_shortcut_refresh_task_subscribe:
 * @scheduler: the app's scheduler
 * @subscribed: whether the app wants its daily shortcut task
 * @error: return location for an error
 *
 * Asks for a [class@Bgrun.RelevantShortcutRefreshTask] now (within the
 * budget) and then every day, or, with @subscribed %FALSE, withdraws the
 * one that waits. The next one is asked for when each starts, so with the
 * `bgrund` daemon the app need not run to keep getting them.
 *
 * Returns: %TRUE when done; %FALSE with @error set when the daemon could
 *   not be told
 */
gboolean
bgrun_relevant_shortcut_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                                gboolean         subscribed,
                                                GError         **error)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bgrun_shortcut_watch_request (bgrun_scheduler_get_placement (scheduler), subscribed, 0, error);
}
