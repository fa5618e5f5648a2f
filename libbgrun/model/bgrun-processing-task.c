/* bgrun-processing-task.c: longer work while the device is idle
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-processing-task.h"

/**
 * BgrunProcessingTask:
 *
 * A processing task: the handler has about 10 minutes (see
 * [property@Bgrun.Task:expiration-date]) for deferrable maintenance, and
 * completes it with [method@Bgrun.Task.set_task_completed].
 *
 * The scheduler creates it for a [class@Bgrun.ProcessingRequest] once the
 * request's conditions hold. When one of them stops holding while the task
 * runs, the task expires early ([signal@Bgrun.Task::expired]) and the
 * request is tried again later.
 */

struct _BgrunProcessingTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunProcessingTask, bgrun_processing_task, BGRUN_TYPE_TASK)

static void
bgrun_processing_task_class_init (BgrunProcessingTaskClass *klass)
{
}

static void
bgrun_processing_task_init (BgrunProcessingTask *self)
{
}
