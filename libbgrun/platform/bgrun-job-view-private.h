/* bgrun-job-view-private.h: a job in KDE Plasma's job tracker
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* A job shown by Plasma's job tracker (the notification area's list of
 * file copies and downloads): org.kde.JobViewServer.requestView on
 * org.kde.kuiserver, then org.kde.JobViewV2 calls on the view it returns.
 * Where no job tracker runs on the session bus (any other desktop), the
 * job view does nothing, quietly.
 *
 * The setters only record the job's state: changes are sent together,
 * at most BGRUN_JOB_VIEW_UPDATES_PER_SECOND times a second, once the view
 * exists. bgrun_job_view_finish() ends the view (with an error message,
 * or none for success); nothing is sent after it. The user's Cancel,
 * Pause and Resume in Plasma arrive as the "cancel-requested",
 * "suspend-requested" and "resume-requested" signals, in the thread-
 * default main context of the creator. */

#define BGRUN_JOB_VIEW_UPDATES_PER_SECOND 4

typedef enum {
  BGRUN_JOB_VIEW_KILLABLE    = 1 << 0,
  BGRUN_JOB_VIEW_SUSPENDABLE = 1 << 1,
} BgrunJobViewCapabilities;

#define BGRUN_TYPE_JOB_VIEW (bgrun_job_view_get_type ())

G_DECLARE_FINAL_TYPE (BgrunJobView, bgrun_job_view, BGRUN, JOB_VIEW, GObject)

BgrunJobView *bgrun_job_view_new           (const char               *app_id,
                                            BgrunJobViewCapabilities  capabilities);
void          bgrun_job_view_set_title     (BgrunJobView             *self,
                                            const char               *title);
void          bgrun_job_view_set_detail    (BgrunJobView             *self,
                                            const char               *label,
                                            const char               *value);
void          bgrun_job_view_set_percent   (BgrunJobView             *self,
                                            guint                     percent);
void          bgrun_job_view_set_amounts   (BgrunJobView             *self,
                                            guint64                   processed,
                                            guint64                   total);
void          bgrun_job_view_set_speed     (BgrunJobView             *self,
                                            guint64                   bytes_per_second);
void          bgrun_job_view_set_suspended (BgrunJobView             *self,
                                            gboolean                  suspended);
void          bgrun_job_view_finish        (BgrunJobView             *self,
                                            const char               *error_message);

G_END_DECLS
