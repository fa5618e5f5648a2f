/* bgrun-app-windows-private.h: whether a GTK application shows a window
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_APP_WINDOWS (bgrun_app_windows_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAppWindows, bgrun_app_windows, BGRUN, APP_WINDOWS, GObject)

/* Follows the windows of @application when it is a GtkApplication (GTK 4
 * or GTK 3, whichever the process loaded; libbgrun links neither): its
 * windows come and go with `window-added` and `window-removed`, each is
 * shown or hidden (`visible`) and minimised or not (the state of its
 * GdkToplevel in GTK 4, of its GdkWindow in GTK 3). NULL for any other
 * application, or when the process's GTK does not offer the few
 * functions it looks up by name. */
BgrunAppWindows *bgrun_app_windows_new       (GApplication    *application);

/* Whether one of the application's windows is visible and not minimised
 * (BgrunAppWindows:shown, notified when it changes). */
gboolean         bgrun_app_windows_get_shown (BgrunAppWindows *self);

G_END_DECLS
