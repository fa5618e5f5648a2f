/* bgrun-push-distributor-watch-private.h: UnifiedPush distributors
 * starting and stopping on the session bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* The prefix of every distributor's bus name (UnifiedPush's D-Bus
 * specification). */
#define BGRUN_PUSH_DISTRIBUTOR_PREFIX "org.unifiedpush.Distributor."

/* Called with the bus name of a distributor that got an owner (@appeared)
 * or lost it. */
typedef void (*BgrunPushDistributorChanged) (const char *name,
                                             gboolean    appeared,
                                             gpointer    user_data);

/* Follows the owners of every name under org.unifiedpush.Distributor. on
 * @connection (NameOwnerChanged, matched with arg0namespace, so the bus
 * sends only those); returns the subscription, for
 * g_dbus_connection_signal_unsubscribe(). Subscribing before asking the
 * bus for its names leaves no gap: the bus handles the match first. */
guint bgrun_push_watch_distributors (GDBusConnection             *connection,
                                     BgrunPushDistributorChanged  changed,
                                     gpointer                     user_data);

G_END_DECLS
