/* bgrun-background-portal-private.h: telling the Background portal why the
 * app runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_BACKGROUND_PORTAL (bgrun_background_portal_get_type ())

G_DECLARE_FINAL_TYPE (BgrunBackgroundPortal, bgrun_background_portal,
                      BGRUN, BACKGROUND_PORTAL, GObject)

/* Whether this process should talk to the Background portal at all: when
 * $BGRUN_BACKGROUND_PORTAL is "1" (forced) or, unless it is "0", when the
 * app runs sandboxed (/.flatpak-info exists). Host apps have no use for it:
 * the portal only tracks sandboxed apps. */
gboolean               bgrun_background_portal_is_wanted  (void);

/* Connects to the session bus and reads the portal's version, without
 * blocking; calls made meanwhile are queued and sent in order once that is
 * done. If the bus or the portal is missing, or a call fails, it logs one
 * g_debug (per object) and drops what it was asked for: never an error.
 *
 * From then on it also watches the permission store's "background" table
 * for @app_id (the id the portal knows the app by: its Flatpak id): when
 * the user takes the permission back later (the store's Changed signal
 * gives the app's entry as "no"), it emits ::denied too, since
 * xdg-desktop-portal will kill an app that runs in the background without
 * the permission. */
BgrunBackgroundPortal *bgrun_background_portal_new        (const char *app_id);

/* RequestBackground(parent_window "", {reason, autostart false,
 * dbus-activatable false, handle_token}). The portal's answer, which may
 * come much later (the user may be asked), is not waited for; when it is
 * a refusal (a Response other than 0, or "background" false), the object
 * emits ::denied (no arguments, on the main context it was created on),
 * once per refused request. A portal that is missing or fails is not a
 * refusal: the app may still run, it is only not listed. */
void                   bgrun_background_portal_request    (BgrunBackgroundPortal *self,
                                                           const char            *reason);

/* Makes @message ("" for none) the app's status line with SetStatus, where
 * the portal's version (2 and later) has it; does nothing when the status
 * line already says @message. */
void                   bgrun_background_portal_set_status (BgrunBackgroundPortal *self,
                                                           const char            *message);

G_END_DECLS
