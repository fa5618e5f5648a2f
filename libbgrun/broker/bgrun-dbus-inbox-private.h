/* bgrun-dbus-inbox-private.h: a D-Bus peer's signals, delivered in order
 * and at once after each call to it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _BgrunDbusInbox BgrunDbusInbox;

typedef void (*BgrunDbusInboxFunc) (const char *sender,
                                    const char *signal_name,
                                    GVariant   *parameters,
                                    gpointer    user_data);

/* Takes the signals of @interface at @path arriving on @connection (no
 * other subscriber sees them) and calls @func for each, in order, on the
 * thread-default main context: from an idle, or earlier, from
 * bgrun_dbus_inbox_deliver(), up to the first signal named in @from_idle. */
BgrunDbusInbox *bgrun_dbus_inbox_new     (GDBusConnection    *connection,
                                          const char         *path,
                                          const char         *interface,
                                          const char * const *from_idle,
                                          BgrunDbusInboxFunc  func,
                                          gpointer            user_data);
void            bgrun_dbus_inbox_deliver (BgrunDbusInbox     *self);
void            bgrun_dbus_inbox_free    (BgrunDbusInbox     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunDbusInbox, bgrun_dbus_inbox_free)

G_END_DECLS
