/* bgrun-bluetooth-alert-refresh-task.h: a Bluetooth LE accessory has news
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

#define BGRUN_TYPE_BLUETOOTH_ALERT_REFRESH_TASK (bgrun_bluetooth_alert_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunBluetoothAlertRefreshTask, bgrun_bluetooth_alert_refresh_task,
                      BGRUN, BLUETOOTH_ALERT_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_bluetooth_alert_refresh_task_get_device_address      (BgrunBluetoothAlertRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_bluetooth_alert_refresh_task_get_characteristic_uuid (BgrunBluetoothAlertRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
GBytes     *bgrun_bluetooth_alert_refresh_task_get_value               (BgrunBluetoothAlertRefreshTask *self);

BGRUN_AVAILABLE_IN_ALL
gboolean    bgrun_bluetooth_alert_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                                          const char      *device_address,
                                                          const char      *characteristic_uuid,
                                                          gboolean         subscribed,
                                                          GError         **error);

G_END_DECLS
