/* bgrun-connectivity-refresh-task.c: the network came back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-connectivity-refresh-task.h"
#include "bgrun-task-triggers-private.h"

/**
 * BgrunConnectivityRefreshTask:
 *
 * The network is fully back: the device reaches the internet again after
 * an outage (no network, or only a local network, a captive portal or a
 * limited connection), as NetworkManager reports it through
 * [iface@Gio.NetworkMonitor]'s `connectivity`. Apps that subscribed with
 * [func@Bgrun.ConnectivityRefreshTask.subscribe] get one, with about 30
 * seconds to send what waited for the network, and complete it with
 * [method@Bgrun.Task.set_task_completed].
 *
 * It is the Linux reading of WatchKit's watch-connectivity task: there,
 * the companion phone's link came back with data; here, the link to
 * everything else did.
 *
 * Its identifier is `<app-id>.connectivity`: register a handler for it with
 * [method@Bgrun.Scheduler.register], or take it in
 * [signal@Bgrun.Scheduler::handle-task]. An outage that ends while a task
 * of it is pending gives no second one.
 *
 * With the `bgrund` daemon, the daemon watches the network for every
 * subscribed app, and starts an app that is not running for the task;
 * embedded, the app watches it while it runs.
 */

struct _BgrunConnectivityRefreshTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunConnectivityRefreshTask, bgrun_connectivity_refresh_task, BGRUN_TYPE_TASK)

static void
bgrun_connectivity_refresh_task_class_init (BgrunConnectivityRefreshTaskClass *klass)
{
}

static void
bgrun_connectivity_refresh_task_init (BgrunConnectivityRefreshTask *self)
{
}

/**
 * bgrun_connectivity_refresh_task_subscribe:
 * @scheduler: the app's scheduler
 * @subscribed: whether the app wants connectivity tasks
 * @error: return location for an error
 *
 * Asks for a [class@Bgrun.ConnectivityRefreshTask] each time the network
 * is fully back after an outage, or, with @subscribed %FALSE, stops
 * asking. With the `bgrund` daemon the subscription is kept by the daemon
 * across the app's restarts, and a task starts the app when it does not
 * run; embedded, it lasts while the scheduler does, so call it at every
 * start.
 *
 * Returns: %TRUE when done; %FALSE with @error set when the daemon could
 *   not be told
 */
gboolean
bgrun_connectivity_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                           gboolean         subscribed,
                                           GError         **error)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bgrun_task_triggers_subscribe (scheduler, BGRUN_REQUEST_KIND_CONNECTIVITY, subscribed, error);
}
