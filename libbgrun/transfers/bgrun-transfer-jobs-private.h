/* bgrun-transfer-jobs-private.h: background transfers in Plasma's job tracker
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Shows each unfinished task of a background URL session (a GListModel of
 * BgrunUrlSessionTask) as a job in KDE Plasma's job tracker
 * (bgrun-job-view-private.h), while the app runs: its URI, bytes done of
 * bytes in all, percentage and speed, paused while the task is suspended,
 * ended with the task (with its error, if it failed). Plasma's Cancel,
 * Pause and Resume cancel, suspend and resume the task. The session owns
 * the reporter; free it before the model. */

typedef struct _BgrunTransferJobs BgrunTransferJobs;

BgrunTransferJobs *bgrun_transfer_jobs_new  (GListModel        *tasks,
                                             const char        *app_id);
void               bgrun_transfer_jobs_free (BgrunTransferJobs *self);

G_END_DECLS
