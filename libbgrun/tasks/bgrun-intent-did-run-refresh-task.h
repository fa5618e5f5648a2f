/* bgrun-intent-did-run-refresh-task.h: an app action run from outside the
 * app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-task.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_INTENT_DID_RUN_REFRESH_TASK (bgrun_intent_did_run_refresh_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunIntentDidRunRefreshTask, bgrun_intent_did_run_refresh_task,
                      BGRUN, INTENT_DID_RUN_REFRESH_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_intent_did_run_refresh_task_get_action_name (BgrunIntentDidRunRefreshTask *self);
BGRUN_AVAILABLE_IN_ALL
GVariant   *bgrun_intent_did_run_refresh_task_get_parameter   (BgrunIntentDidRunRefreshTask *self);

G_END_DECLS
