/* bgrun-scheduler.h: the app's handle on background work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-clock.h"
#include "bgrun-conditions.h"
#include "bgrun-explanation.h"
#include "bgrun-task.h"
#include "bgrun-task-request.h"

G_BEGIN_DECLS

/**
 * BgrunBackend:
 * @BGRUN_BACKEND_LOCAL: the engine runs inside the app (embedded)
 * @BGRUN_BACKEND_DAEMON: the engine is the `bgrund` session daemon
 *
 * Where a [class@Bgrun.Scheduler]'s engine runs.
 */
typedef enum {
  BGRUN_BACKEND_LOCAL,
  BGRUN_BACKEND_DAEMON,
} BgrunBackend;

#define BGRUN_TYPE_SCHEDULER (bgrun_scheduler_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunScheduler, bgrun_scheduler, BGRUN, SCHEDULER, GObject)

/**
 * BgrunTaskHandler:
 * @scheduler: the scheduler running the task
 * @task: the task to run; call [method@Bgrun.Task.set_task_completed] when
 *   done
 * @user_data: the data given to [method@Bgrun.Scheduler.register]
 *
 * Runs a task. The handler may return at once and finish the work
 * asynchronously; the task runs until it is completed or expires.
 */
typedef void (*BgrunTaskHandler) (BgrunScheduler *scheduler,
                                  BgrunTask      *task,
                                  gpointer        user_data);

BGRUN_AVAILABLE_IN_ALL
BgrunScheduler *bgrun_scheduler_new                  (const char        *app_id);
BGRUN_AVAILABLE_IN_ALL
BgrunScheduler *bgrun_scheduler_new_for_application  (GApplication      *application);
BGRUN_AVAILABLE_IN_ALL
BgrunScheduler *bgrun_scheduler_get_default          (void);

BGRUN_AVAILABLE_IN_ALL
const char      *bgrun_scheduler_get_app_id          (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
GApplication    *bgrun_scheduler_get_application     (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
BgrunBackend     bgrun_scheduler_get_backend         (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
BgrunClock      *bgrun_scheduler_get_clock           (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
BgrunConditions *bgrun_scheduler_get_conditions      (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_scheduler_get_frontmost       (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_scheduler_set_frontmost       (BgrunScheduler    *self,
                                                      gboolean           frontmost);

BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_scheduler_register            (BgrunScheduler    *self,
                                                      const char        *identifier,
                                                      BgrunTaskHandler   handler,
                                                      gpointer           user_data,
                                                      GDestroyNotify     destroy,
                                                      GError           **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_scheduler_submit              (BgrunScheduler    *self,
                                                      BgrunTaskRequest  *request,
                                                      GError           **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_scheduler_schedule_refresh    (BgrunScheduler    *self,
                                                      GDateTime         *preferred_date,
                                                      GVariant          *user_info,
                                                      GError           **error);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_scheduler_cancel              (BgrunScheduler    *self,
                                                      const char        *identifier);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_scheduler_cancel_all          (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_scheduler_cancel_by_tag       (BgrunScheduler    *self,
                                                      const char        *tag);
BGRUN_AVAILABLE_IN_ALL
GListModel      *bgrun_scheduler_get_pending_requests_by_tag (BgrunScheduler *self,
                                                              const char     *tag);

BGRUN_AVAILABLE_IN_ALL
GListModel      *bgrun_scheduler_get_pending_requests (BgrunScheduler   *self);
BGRUN_AVAILABLE_IN_ALL
GListModel      *bgrun_scheduler_get_running_tasks   (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
GListModel      *bgrun_scheduler_get_history         (BgrunScheduler    *self);
BGRUN_AVAILABLE_IN_ALL
BgrunExplanation *bgrun_scheduler_explain            (BgrunScheduler    *self,
                                                      const char        *identifier,
                                                      GError           **error);
BGRUN_AVAILABLE_IN_ALL
GListModel      *bgrun_scheduler_explain_by_tag      (BgrunScheduler    *self,
                                                      const char        *tag,
                                                      GError           **error);

G_END_DECLS
