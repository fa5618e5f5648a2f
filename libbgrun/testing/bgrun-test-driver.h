/* bgrun-test-driver.h: drive the scheduler from an app's own tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-scheduler.h"
#include "bgrun-test-clock.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_TEST_DRIVER (bgrun_test_driver_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunTestDriver, bgrun_test_driver, BGRUN, TEST_DRIVER, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunTestDriver *bgrun_test_driver_new                 (const char      *app_id);
BGRUN_AVAILABLE_IN_ALL
BgrunTestDriver *bgrun_test_driver_new_for_daemon      (const char      *app_id,
                                                        GError         **error);
BGRUN_AVAILABLE_IN_ALL
BgrunScheduler  *bgrun_test_driver_get_scheduler       (BgrunTestDriver *self);
BGRUN_AVAILABLE_IN_ALL
BgrunScheduler  *bgrun_test_driver_open_scheduler      (BgrunTestDriver *self);
BGRUN_AVAILABLE_IN_ALL
BgrunTestClock  *bgrun_test_driver_get_clock           (BgrunTestDriver *self);
BGRUN_AVAILABLE_IN_ALL
const char      *bgrun_test_driver_get_state_directory (BgrunTestDriver *self);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_advance             (BgrunTestDriver *self,
                                                        double           seconds);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_set_conditions      (BgrunTestDriver *self,
                                                        gboolean         network_available,
                                                        gboolean         network_metered,
                                                        gboolean         on_battery,
                                                        int              battery_level,
                                                        gboolean         power_saver);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_set_low_memory      (BgrunTestDriver *self,
                                                        gboolean         low_memory);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_set_storage_low     (BgrunTestDriver *self,
                                                        gboolean         storage_low);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_set_device_idle     (BgrunTestDriver *self,
                                                        gboolean         device_idle);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_set_frontmost       (BgrunTestDriver *self,
                                                        gboolean         frontmost);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_test_driver_set_budgets_enabled (BgrunTestDriver *self,
                                                        gboolean         enabled);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_test_driver_run_task_now        (BgrunTestDriver *self,
                                                        const char      *identifier,
                                                        GError         **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_test_driver_expire_task         (BgrunTestDriver *self,
                                                        const char      *identifier,
                                                        GError         **error);

G_END_DECLS
