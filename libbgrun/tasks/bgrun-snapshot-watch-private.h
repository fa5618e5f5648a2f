/* bgrun-snapshot-watch-private.h: when the app gets its snapshot tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"
#include "bgrun-snapshot-refresh-task.h"

G_BEGIN_DECLS

/* The placement hook (bgrun-features.c), in both placements: for an app
 * that subscribed (bgrun_snapshot_refresh_task_subscribe()), a snapshot
 * task when the app leaves the front (APP_BACKGROUNDED): a GtkApplication
 * when its last window is hidden or minimised (bgrun-app-windows-private.h),
 * any other when its scheduler stops being frontmost; when it stayed away
 * for BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY on the
 * placement's clock (RETURN_TO_DEFAULT_STATE), and when the first task of
 * a process whose GApplication was never activated starts (PRELAUNCH). */
void     bgrun_snapshot_watch_attach   (BgrunPlacement       *placement);

/* Starts (embedded) or reports to bgrund a snapshot task of @placement's
 * app for @reason, not before @begin (µs; 0: now), with @user_info's
 * entries (an a{sv}, floating or not, or NULL) in its user info. */
gboolean bgrun_snapshot_watch_schedule (BgrunPlacement       *placement,
                                        BgrunSnapshotReason   reason,
                                        gint64                begin,
                                        GVariant             *user_info,
                                        GError              **error);

/* The snapshot @task (which started in a placement) said it expires at
 * @when: an APP_SCHEDULED one with @user_info is scheduled then. */
void     bgrun_snapshot_watch_expires  (BgrunTask            *task,
                                        GDateTime            *when,
                                        GVariant             *user_info);

G_END_DECLS
