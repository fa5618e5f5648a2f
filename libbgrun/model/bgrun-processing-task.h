/* bgrun-processing-task.h: longer work while the device is idle
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

#define BGRUN_TYPE_PROCESSING_TASK (bgrun_processing_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunProcessingTask, bgrun_processing_task, BGRUN, PROCESSING_TASK, BgrunTask)

G_END_DECLS
