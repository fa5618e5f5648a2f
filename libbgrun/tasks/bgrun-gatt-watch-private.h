/* bgrun-gatt-watch-private.h: one BlueZ GATT characteristic's
 * notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_GATT_WATCH (bgrun_gatt_watch_get_type ())

G_DECLARE_FINAL_TYPE (BgrunGattWatch, bgrun_gatt_watch, BGRUN, GATT_WATCH, GObject)

/* Follows the characteristic @uuid (lower case, 128-bit form) of the
 * device @address on BlueZ (org.bluez on the system bus, its object
 * manager): once the characteristic appears (the device is connected and
 * its services resolved), asks for its notifications (StartNotify) and
 * emits "notified" (GBytes *value) for each new Value. It finds it again
 * when the device reconnects or BlueZ restarts; it does not connect the
 * device itself (the system keeps bonded devices connected). */
BgrunGattWatch *bgrun_gatt_watch_new (const char *address,
                                      const char *uuid);

G_END_DECLS
