/* bgrun-progress-presenter-private.h: shows continued-processing progress
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-continued-processing-task.h"

G_BEGIN_DECLS

/* The name of the application action that the notification's Cancel
 * button activates, with the task identifier as its string parameter. */
#define BGRUN_CANCEL_TASK_ACTION "bgrun-cancel-task"

/* The most updates a second the presenter sends for one task. */
#define BGRUN_PROGRESS_UPDATES_PER_SECOND 4

#define BGRUN_TYPE_PROGRESS_PRESENTER (bgrun_progress_presenter_get_type ())

G_DECLARE_FINAL_TYPE (BgrunProgressPresenter, bgrun_progress_presenter,
                      BGRUN, PROGRESS_PRESENTER, GObject)

BgrunProgressPresenter *bgrun_progress_presenter_new     (const char                   *app_id,
                                                          GApplication                 *application);
void                    bgrun_progress_presenter_show    (BgrunProgressPresenter       *self,
                                                          BgrunContinuedProcessingTask *task);
void                    bgrun_progress_presenter_hide    (BgrunProgressPresenter       *self,
                                                          BgrunContinuedProcessingTask *task);

G_END_DECLS
