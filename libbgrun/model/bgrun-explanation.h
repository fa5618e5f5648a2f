/* bgrun-explanation.h: why a request has not run yet
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunWaitReason:
 * @BGRUN_WAIT_REASON_EARLIEST_BEGIN_DATE: the request's earliest begin date
 *   is still ahead
 * @BGRUN_WAIT_REASON_BACKOFF: the request was interrupted and waits before
 *   it is tried again
 * @BGRUN_WAIT_REASON_NO_NETWORK: the request needs a network and there is
 *   none
 * @BGRUN_WAIT_REASON_METERED_NETWORK: the request needs an unmetered
 *   network and the network is metered
 * @BGRUN_WAIT_REASON_ON_BATTERY: the request needs external power and the
 *   device runs on battery
 * @BGRUN_WAIT_REASON_BATTERY_LOW: the request needs a battery that is not
 *   low and it is below 20 %
 * @BGRUN_WAIT_REASON_POWER_SAVER: power-saver mode defers refresh and
 *   processing work
 * @BGRUN_WAIT_REASON_LOW_MEMORY: the system warned of low memory, which
 *   defers processing work
 * @BGRUN_WAIT_REASON_BUDGET_EXHAUSTED: the app used its refresh budget and
 *   waits for it to refill
 * @BGRUN_WAIT_REASON_CONTINUED_SLOTS_FULL: as many continued-processing
 *   tasks of the app run as may run at once
 * @BGRUN_WAIT_REASON_NOT_REGISTERED: no handler for the identifier is
 *   registered in this process (for the events of a background URL
 *   session: no process of the app is running); with the engine in
 *   bgrund, the app is not running, and bgrund starts it when nothing
 *   else holds the request back
 * @BGRUN_WAIT_REASON_ALREADY_RUNNING: a task with the same identifier is
 *   running; the request waits for it to end
 * @BGRUN_WAIT_REASON_PREREQUISITE: one of its
 *   [property@Bgrun.TaskRequest:prerequisites] is pending or running; it
 *   waits for it to complete successfully
 * @BGRUN_WAIT_REASON_STORAGE_LOW: the request needs storage that is not
 *   low and the filesystem of libbgrun's state directory is nearly full
 *   ([property@Bgrun.Conditions:storage-low])
 * @BGRUN_WAIT_REASON_DEVICE_NOT_IDLE: the request needs an idle device
 *   and the user's session is not idle, or its idle state is unknown
 *   ([property@Bgrun.Conditions:device-idle])
 *
 * Why a pending request does not run now. A request may wait for several
 * reasons at once; [method@Bgrun.Scheduler.explain] lists them all.
 */
typedef enum {
  BGRUN_WAIT_REASON_EARLIEST_BEGIN_DATE,
  BGRUN_WAIT_REASON_BACKOFF,
  BGRUN_WAIT_REASON_NO_NETWORK,
  BGRUN_WAIT_REASON_METERED_NETWORK,
  BGRUN_WAIT_REASON_ON_BATTERY,
  BGRUN_WAIT_REASON_BATTERY_LOW,
  BGRUN_WAIT_REASON_POWER_SAVER,
  BGRUN_WAIT_REASON_LOW_MEMORY,
  BGRUN_WAIT_REASON_BUDGET_EXHAUSTED,
  BGRUN_WAIT_REASON_CONTINUED_SLOTS_FULL,
  BGRUN_WAIT_REASON_NOT_REGISTERED,
  BGRUN_WAIT_REASON_ALREADY_RUNNING,
  BGRUN_WAIT_REASON_PREREQUISITE,
  BGRUN_WAIT_REASON_STORAGE_LOW,
  BGRUN_WAIT_REASON_DEVICE_NOT_IDLE,
} BgrunWaitReason;

#define BGRUN_TYPE_EXPLANATION (bgrun_explanation_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunExplanation, bgrun_explanation, BGRUN, EXPLANATION, GObject)

BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_explanation_get_identifier    (BgrunExplanation *self);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_explanation_get_running       (BgrunExplanation *self);
BGRUN_AVAILABLE_IN_ALL
const BgrunWaitReason *bgrun_explanation_get_reasons       (BgrunExplanation *self,
                                                            gsize            *n_reasons);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_explanation_has_reason        (BgrunExplanation *self,
                                                            BgrunWaitReason   reason);
BGRUN_AVAILABLE_IN_ALL
const char * const    *bgrun_explanation_get_messages      (BgrunExplanation *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime             *bgrun_explanation_get_earliest_date (BgrunExplanation *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime             *bgrun_explanation_get_deadline      (BgrunExplanation *self);
BGRUN_AVAILABLE_IN_ALL
char                  *bgrun_explanation_to_string         (BgrunExplanation *self);

G_END_DECLS
