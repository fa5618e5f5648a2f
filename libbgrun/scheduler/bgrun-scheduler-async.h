/* bgrun-scheduler-async.h: the scheduler's calls that may wait on bgrund,
 * without blocking
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-scheduler.h"

G_BEGIN_DECLS

BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_submit_async                (BgrunScheduler       *self,
                                                               BgrunTaskRequest     *request,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean          bgrun_scheduler_submit_finish               (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_schedule_refresh_async      (BgrunScheduler       *self,
                                                               GDateTime            *preferred_date,
                                                               GVariant             *user_info,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean          bgrun_scheduler_schedule_refresh_finish     (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_cancel_async                (BgrunScheduler       *self,
                                                               const char           *identifier,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean          bgrun_scheduler_cancel_finish               (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_cancel_all_async            (BgrunScheduler       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean          bgrun_scheduler_cancel_all_finish           (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_explain_async               (BgrunScheduler       *self,
                                                               const char           *identifier,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
BgrunExplanation *bgrun_scheduler_explain_finish              (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_explain_by_tag_async        (BgrunScheduler       *self,
                                                               const char           *tag,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
GListModel       *bgrun_scheduler_explain_by_tag_finish       (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_get_pending_requests_async  (BgrunScheduler       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
GListModel       *bgrun_scheduler_get_pending_requests_finish (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
void              bgrun_scheduler_get_history_async           (BgrunScheduler       *self,
                                                               GCancellable         *cancellable,
                                                               GAsyncReadyCallback   callback,
                                                               gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
GListModel       *bgrun_scheduler_get_history_finish          (BgrunScheduler       *self,
                                                               GAsyncResult         *result,
                                                               GError              **error);

G_END_DECLS
