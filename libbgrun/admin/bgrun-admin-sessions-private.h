/* bgrun-admin-sessions-private.h: an app's running sessions, for bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-scheduler.h"

G_BEGIN_DECLS

/* What Admin1.ListSessions answers for the app of @scheduler: an aa{sv},
 * one dictionary per running session, oldest first, the extended runtime
 * session (at most one) before the ongoing ones: "app-id" s, "kind" s
 * ("extended-runtime" or "ongoing"), "title" s (for an extended runtime
 * session, its type's name); for an ongoing session "id" u, "status" s
 * (when set) and "prevents-sleep" b; for an extended runtime session
 * "expiration-date" x (µs since the epoch); then the process's audio
 * session while it is active, as bgrun_audio_session_describe() says,
 * with "app-id". */
GVariant *bgrun_admin_sessions_list (BgrunScheduler  *scheduler);

/* Ends the running session called @title ("" when the app runs exactly
 * one), as the user's Stop does: an ongoing session with
 * BGRUN_ONGOING_END_REASON_USER_STOPPED, an extended runtime session is
 * invalidated. With several ongoing sessions of that title, the oldest.
 * Fails with BGRUN_SCHEDULER_ERROR_INVALID_REQUEST, naming what runs, when
 * nothing or more than one thing matches. */
gboolean  bgrun_admin_sessions_stop (BgrunScheduler  *scheduler,
                                     const char      *title,
                                     GError         **error);

G_END_DECLS
