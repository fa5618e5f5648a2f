/* bgrun-ongoing-session-private.h: what the registry may do to an ongoing
 * session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-ongoing-session.h"

G_BEGIN_DECLS

/* The session's number in its app, unique for the app's process (0 until
 * it starts): what the Stop button and bgrunctl name it by. */
guint bgrun_ongoing_session_get_id (BgrunOngoingSession   *self);

/* Ends a running session for @reason, with @message (NULL for none) as
 * its end-message: the state turns ENDED and ::ended is emitted while the
 * app is still held and the notification still lists the session; then
 * everything the session held is released. Does nothing when the session
 * is not running. */
void  bgrun_ongoing_session_end    (BgrunOngoingSession   *self,
                                    BgrunOngoingEndReason  reason,
                                    const char            *message);

G_END_DECLS
