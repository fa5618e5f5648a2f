/* bgrun-transfer-event-private.h: a background session's completion,
 * recorded until the app has taken it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-store-private.h"
#include "bgrun-url-session-task.h"

G_BEGIN_DECLS

/* Both placements of a background session record each completion as an
 * event in the session's store (bgrun-transfer-store-private.h): bgrund
 * for the sessions it hosts, the app itself in the embedded placement.
 * An event is an `a{sv}`: "task", the task's view
 * (bgrun-url-session-view-private.h); "location", the path of the
 * downloaded file, kept in `transfers/events/` of the app's state
 * directory until the event is forgotten; "resume-data" (ay) when a
 * failed download kept what it received.
 *
 * keep_file() moves @download there and returns its new path, or NULL
 * with a BGRUN_URL_SESSION_ERROR_FILE. new() returns a floating event for
 * @task, which completed with @error, whose file (if any) was kept at
 * @location. forget() removes the events of @identifier numbered @up_to
 * or less, then what is left of their files, and the events directory
 * once it is empty. */

char     *bgrun_transfer_event_keep_file (const char           *app_directory,
                                          GFile                *download,
                                          GError              **error);
GVariant *bgrun_transfer_event_new       (BgrunUrlSessionTask  *task,
                                          const char           *location,
                                          const GError         *error);
gboolean  bgrun_transfer_event_forget    (BgrunStore           *store,
                                          const char           *identifier,
                                          guint64               up_to,
                                          GError              **error);

G_END_DECLS
