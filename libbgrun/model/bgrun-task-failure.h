/* bgrun-task-failure.h: a task that failed, and why
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-task.h"

G_BEGIN_DECLS

BGRUN_AVAILABLE_IN_ALL
void        bgrun_task_set_task_failed     (BgrunTask  *self,
                                            const char *message);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_task_get_failure_message (BgrunTask  *self);

G_END_DECLS
