/* bgrun-task.h: background work while it runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunTaskState:
 * @BGRUN_TASK_STATE_RUNNING: the handler is doing the work
 * @BGRUN_TASK_STATE_COMPLETED: the app called
 *   bgrun_task_set_task_completed() with success
 * @BGRUN_TASK_STATE_FAILED: the app called bgrun_task_set_task_completed()
 *   without success, or no handler took the task
 * @BGRUN_TASK_STATE_EXPIRED: the task's time ran out (or the user, or a
 *   condition that stopped holding, ended it) before it was completed
 * @BGRUN_TASK_STATE_CANCELLED: the work was cancelled while it ran
 *
 * Where a [class@Bgrun.Task] is in its life. A task starts
 * %BGRUN_TASK_STATE_RUNNING and changes state once, to one of the others.
 */
typedef enum {
  BGRUN_TASK_STATE_RUNNING,
  BGRUN_TASK_STATE_COMPLETED,
  BGRUN_TASK_STATE_FAILED,
  BGRUN_TASK_STATE_EXPIRED,
  BGRUN_TASK_STATE_CANCELLED,
} BgrunTaskState;

#define BGRUN_TYPE_TASK (bgrun_task_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (BgrunTask, bgrun_task, BGRUN, TASK, GObject)

/**
 * BgrunTaskClass:
 * @parent_class: the parent class
 *
 * The class of tasks. Apps do not subclass it: the scheduler creates the
 * subclass that matches the request, such as [class@Bgrun.AppRefreshTask].
 */
struct _BgrunTaskClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[8];
};

BGRUN_AVAILABLE_IN_ALL
const char     *bgrun_task_get_identifier      (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
GVariant       *bgrun_task_get_user_info       (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime      *bgrun_task_get_expiration_date (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
BgrunTaskState  bgrun_task_get_state           (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
GCancellable   *bgrun_task_get_cancellable     (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
void            bgrun_task_set_task_completed  (BgrunTask *self,
                                                gboolean   success);
BGRUN_AVAILABLE_IN_ALL
void            bgrun_task_set_task_completed_with_retry (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
guint           bgrun_task_get_attempt         (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
gboolean        bgrun_task_set_progress        (BgrunTask  *self,
                                                double      fraction,
                                                GVariant   *details,
                                                GError    **error);
BGRUN_AVAILABLE_IN_ALL
double          bgrun_task_get_progress        (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
GVariant       *bgrun_task_get_progress_details (BgrunTask *self);
BGRUN_AVAILABLE_IN_ALL
gboolean        bgrun_task_set_output          (BgrunTask  *self,
                                                GVariant   *output,
                                                GError    **error);
BGRUN_AVAILABLE_IN_ALL
GVariant       *bgrun_task_get_output          (BgrunTask *self);

G_END_DECLS
