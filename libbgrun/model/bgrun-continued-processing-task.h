/* bgrun-continued-processing-task.h: user-started work and its progress
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

#define BGRUN_TYPE_CONTINUED_PROCESSING_TASK (bgrun_continued_processing_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunContinuedProcessingTask, bgrun_continued_processing_task, BGRUN, CONTINUED_PROCESSING_TASK, BgrunTask)

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_continued_processing_task_get_title           (BgrunContinuedProcessingTask *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_continued_processing_task_get_subtitle        (BgrunContinuedProcessingTask *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_continued_processing_task_update_title        (BgrunContinuedProcessingTask *self,
                                                                 const char                   *title,
                                                                 const char                   *subtitle);
BGRUN_AVAILABLE_IN_ALL
gint64      bgrun_continued_processing_task_get_total_units     (BgrunContinuedProcessingTask *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_continued_processing_task_set_total_units     (BgrunContinuedProcessingTask *self,
                                                                 gint64                        total_units);
BGRUN_AVAILABLE_IN_ALL
gint64      bgrun_continued_processing_task_get_completed_units (BgrunContinuedProcessingTask *self);
BGRUN_AVAILABLE_IN_ALL
void        bgrun_continued_processing_task_set_completed_units (BgrunContinuedProcessingTask *self,
                                                                 gint64                        completed_units);
BGRUN_AVAILABLE_IN_ALL
double      bgrun_continued_processing_task_get_fraction        (BgrunContinuedProcessingTask *self);

G_END_DECLS
