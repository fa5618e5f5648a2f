/* bgrun-url-session-lock-private.h: one process at a time runs a
 * background session's tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Takes the lock of the background session @identifier recorded in
 * @app_directory: an exclusive flock() on
 * `<app_directory>/url-sessions/<identifier>.lock`, held until the
 * returned descriptor is closed, or the process ends however it ends.
 * Returns the descriptor, or -1 with @error set: G_IO_ERROR_BUSY when
 * another process holds the lock, another G_IO_ERROR when the file cannot
 * be made. */
int bgrun_url_session_lock_take (const char  *app_directory,
                                 const char  *identifier,
                                 GError     **error);

G_END_DECLS
