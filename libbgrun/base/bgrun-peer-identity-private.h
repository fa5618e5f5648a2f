/* bgrun-peer-identity-private.h: which app a D-Bus caller runs as
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* A process in a Flatpak sandbox sees the file /.flatpak-info, whose
 * [Application] name= is its app id; the daemon reads it through
 * /proc/<pid>/root. A process without that file runs on the host.
 *
 * The /proc of these functions is $BGRUN_TEST_PROC_ROOT when set (tests
 * point it at a fake tree; nothing else should), else /proc.
 *
 * bgrun_peer_identity_read() reads the identity of process @pid: TRUE
 * with *@sandbox_app_id set to the Flatpak app id (free it), or to NULL
 * for a host process; FALSE with BGRUN_SCHEDULER_ERROR_NOT_PERMITTED when
 * the process cannot be looked at or its sandbox names no valid app id.
 * Callers refuse a peer they cannot identify.
 *
 * bgrun_peer_identity_lookup() does the same for the sender @name of a
 * message bus @connection, asking the bus for its process id (a blocking
 * call to the bus).
 *
 * bgrun_peer_identity_may_serve() is TRUE when the sender @name may act
 * for @app_id: a host process may act for any app, a sandboxed one for
 * its own only (else NOT_PERMITTED, naming both). */
gboolean bgrun_peer_identity_read   (guint32           pid,
                                     char            **sandbox_app_id,
                                     GError          **error);
gboolean bgrun_peer_identity_lookup (GDBusConnection  *connection,
                                     const char       *name,
                                     char            **sandbox_app_id,
                                     GError          **error);
gboolean bgrun_peer_identity_may_serve (GDBusConnection *connection,
                                        const char      *name,
                                        const char      *app_id,
                                        GError         **error);

G_END_DECLS
