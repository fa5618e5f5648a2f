/* bgrun-task-private.h: what the scheduler does to a task
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-task.h"

G_BEGIN_DECLS

/* The engine's number of the run @self stands for (0: none yet). */
void    bgrun_task_set_run_id          (BgrunTask      *self,
                                        guint64         run_id);
guint64 bgrun_task_get_run_id          (BgrunTask      *self);
void    bgrun_task_set_expiration_date (BgrunTask      *self,
                                        GDateTime      *date);
void    bgrun_task_emit_expired        (BgrunTask      *self);
void    bgrun_task_finish              (BgrunTask      *self,
                                        BgrunTaskState  state);
gboolean bgrun_task_get_retry_requested (BgrunTask     *self);
void    bgrun_task_set_attempt         (BgrunTask      *self,
                                        guint           attempt);

G_END_DECLS
