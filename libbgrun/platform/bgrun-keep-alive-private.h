/* bgrun-keep-alive-private.h: keeping the app and the machine running while
 * a session needs it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* What a lease keeps going. */
typedef enum {
  /* g_application_hold(): closing the last window does not quit the app. */
  BGRUN_KEEP_ALIVE_HOLD_APPLICATION = 1 << 0,
  /* Tell the Background portal the app runs in the background, and keep
   * its status line (sandboxed apps, or BGRUN_BACKGROUND_PORTAL=1). */
  BGRUN_KEEP_ALIVE_BACKGROUND       = 1 << 1,
  /* Keep the session from going idle: for sessions the user watches. */
  BGRUN_KEEP_ALIVE_INHIBIT_IDLE     = 1 << 2,
  /* Keep the machine from suspending: for background sessions. */
  BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND  = 1 << 3,
} BgrunKeepAliveFlags;

#define BGRUN_TYPE_KEEP_ALIVE (bgrun_keep_alive_get_type ())

G_DECLARE_FINAL_TYPE (BgrunKeepAlive, bgrun_keep_alive, BGRUN, KEEP_ALIVE, GObject)

/* One keep-alive serves one app and hands out any number of leases; each
 * lease keeps what its flags say going until it is released, and releases
 * it exactly then. The inhibitor (Inhibit portal or logind, see
 * bgrun-inhibitor-private.h) and the Background portal are reached without
 * blocking: acquiring returns at once, and the inhibitor is in place when
 * its service answered (:inhibited turns TRUE). A lease released before
 * that answer still releases: the inhibitor is dropped the moment the
 * answer arrives.
 *
 * Whatever is missing (system or session bus, logind, a portal) costs one
 * g_debug per mechanism and per keep-alive and nothing else: the lease
 * still holds the application. Never an error, never a warning.
 *
 * Disposing the keep-alive releases every lease still outstanding. At
 * process exit nothing needs doing: the kernel closes logind's descriptors,
 * and the portals drop the requests of a peer that left the bus, so no
 * atexit handler is installed.
 *
 * Properties (read-only, notified only on change, on the main context the
 * keep-alive was created on): n-held (guint), inhibited (gboolean).
 *
 * Signal ::background-denied (no arguments, on that same main context):
 * while a BACKGROUND lease is held, the Background portal refused its
 * request (the user or the desktop's settings do not let the app run in
 * the background), or the user took the permission back later (the
 * permission store changed the app's "background" entry to "no"; see
 * bgrun-background-portal-private.h). The leases are left as they are:
 * what to end is the sessions' choice. */

/* @application: the application leases hold, or NULL for the default
 *   application at the time of each acquire (none: nothing is held)
 * @app_id: who inhibits, as logind shows it; NULL for @application's id,
 *   else the program name */
BgrunKeepAlive *bgrun_keep_alive_new           (GApplication        *application,
                                                const char          *app_id);

/* Starts keeping @flags going, for @reason (shown by logind and the
 * portals, such as "Mindfulness session"; must not be empty). Returns the
 * lease: a non-zero id, unique in this keep-alive. */
guint           bgrun_keep_alive_acquire       (BgrunKeepAlive      *self,
                                                BgrunKeepAliveFlags  flags,
                                                const char          *reason);

/* Releases everything @lease holds: the application hold and the inhibitor
 * now (or the inhibitor when its service answers, if it has not yet); the
 * status line is the next lease's, or cleared. An unknown or already
 * released lease is a programmer error (g_critical). */
void            bgrun_keep_alive_release       (BgrunKeepAlive      *self,
                                                guint                lease);

/* Sets @lease's status line, such as "Mindfulness session, 8 min left";
 * NULL or "" for none. For a BACKGROUND lease, the Background portal shows
 * the status of the newest such lease that has one (SetStatus, portal
 * version 2 and later); for other leases it is only remembered. */
void            bgrun_keep_alive_set_status    (BgrunKeepAlive      *self,
                                                guint                lease,
                                                const char          *status);

/* How many leases are acquired and not released. */
guint           bgrun_keep_alive_get_n_held    (BgrunKeepAlive      *self);

/* Whether at least one lease's inhibitor is in place (the service answered
 * and the lease is not released). */
gboolean        bgrun_keep_alive_get_inhibited (BgrunKeepAlive      *self);

/* For tests: how many inhibitor requests are still waiting for their
 * answer, those of released leases included. Once it is 0, everything
 * released was released at its service too (as far as this process goes:
 * the descriptor closed, the Close call sent). */
guint           bgrun_keep_alive_get_n_pending (BgrunKeepAlive      *self);

G_END_DECLS
