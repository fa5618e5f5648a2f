/* bgrun-notification-bridge-private.h: bgrund shows the apps'
 * GNotifications, and starts an app whose notification button is pressed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_NOTIFICATION_BRIDGE (bgrun_notification_bridge_get_type ())

G_DECLARE_FINAL_TYPE (BgrunNotificationBridge, bgrun_notification_bridge,
                      BGRUN, NOTIFICATION_BRIDGE, GObject)

/* On a desktop whose shell does not serve org.gtk.Notifications (GNOME
 * Shell does), GLib shows an app's GNotifications through
 * org.freedesktop.Notifications from the app's own process, and a button
 * pressed once the app has gone reaches nobody. This bridge serves
 * org.gtk.Notifications on @connection, as GNOME Shell does: GLib then
 * hands the apps' notifications to bgrund, which shows them through
 * org.freedesktop.Notifications and, when a button (or the notification
 * itself) is pressed, runs the app's action with
 * org.freedesktop.Application.ActivateAction, which starts an app that
 * does not run without a window (D-Bus activation). The app's scheduler
 * turns that into an intent-did-run task with the usual deadline
 * (bgrun-intent-watch.c).
 *
 * It exports /org/gtk/Notifications and asks for the name; when another
 * process owns it, bgrund leaves it to that one.
 *
 * Property "busy" (notify): a notification with actions is shown, so
 * bgrund must not exit and forget it. */
BgrunNotificationBridge *bgrun_notification_bridge_new      (GDBusConnection          *connection,
                                                             GError                  **error);
gboolean                 bgrun_notification_bridge_get_busy (BgrunNotificationBridge  *self);

G_END_DECLS
