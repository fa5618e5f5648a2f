/* bgrun-test-daemon-private.h: the test driver's end of bgrund's test mode
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-conditions.h"
#include "bgrun-scheduler.h"
#include "bgrun-test-clock.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_TEST_DAEMON (bgrun_test_daemon_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTestDaemon, bgrun_test_daemon, BGRUN, TEST_DAEMON, GObject)

/* A bgrund in test mode (org.bgrun.Testing1) on the session bus, whose
 * clock @clock mirrors: its time and its alarms (as many, at the time of
 * the next), after every call. Setting @clock (a wall-clock jump) sets
 * the daemon's. Fails with UNAVAILABLE when no such daemon answers. */
BgrunTestDaemon *bgrun_test_daemon_new            (BgrunTestClock  *clock,
                                                   GError         **error);
BgrunScheduler  *bgrun_test_daemon_open_scheduler (BgrunTestDaemon *self,
                                                   const char      *app_id,
                                                   BgrunConditions *conditions);
void             bgrun_test_daemon_settle         (BgrunTestDaemon *self);
void             bgrun_test_daemon_advance        (BgrunTestDaemon *self,
                                                   double           seconds);
void             bgrun_test_daemon_set_conditions (BgrunTestDaemon *self,
                                                   BgrunConditions *conditions);
void             bgrun_test_daemon_set_budgets_enabled (BgrunTestDaemon *self,
                                                        gboolean         enabled);

G_END_DECLS
