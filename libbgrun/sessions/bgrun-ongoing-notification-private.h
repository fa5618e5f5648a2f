/* bgrun-ongoing-notification-private.h: the one notification that lists an
 * app's ongoing sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_ONGOING_NOTIFICATION (bgrun_ongoing_notification_get_type ())

G_DECLARE_FINAL_TYPE (BgrunOngoingNotification, bgrun_ongoing_notification,
                      BGRUN, ONGOING_NOTIFICATION, GObject)

/* Shows @sessions (a GPtrArray of BgrunOngoingSession, shared with the
 * registry, which keeps it current) as one notification of @application
 * (nothing is shown when it is NULL or not registered): with one session,
 * its title, its status as the body, and a Stop button; with several, a
 * count as the title, one "title — status" line each, and a Stop button
 * each. The buttons activate app.bgrun-ongoing-stop with the session's id.
 * Through GApplication, so GIO picks the backend: the portal when
 * sandboxed, org.gtk.Notifications when the session has it (GNOME),
 * org.freedesktop.Notifications otherwise.
 *
 * Real time, not the scheduler's clock: what is limited is what a
 * notification server is sent. */
BgrunOngoingNotification *bgrun_ongoing_notification_new     (GApplication             *application,
                                                              GPtrArray                *sessions);

/* The list changed (a session started or ended): shows it now, or
 * withdraws the notification when the list is empty; when the last update
 * is less than a quarter of a second old, as soon as that much has passed
 * (see LIST_CHANGE_GAP for why). */
void                      bgrun_ongoing_notification_update  (BgrunOngoingNotification *self);

/* A title or status changed: shows it now if the last update is at least
 * BGRUN_ONGOING_STATUS_MIN_INTERVAL seconds old, else once that much has
 * passed (one deferred update carries every change made meanwhile).
 *
 * While an update is deferred the application is held, so an app whose
 * last session just ended does not quit before its notification is
 * withdrawn or shows its last status. */
void                      bgrun_ongoing_notification_refresh (BgrunOngoingNotification *self);

/* The app is shutting down: withdraws the notification now, if shown
 * (nothing later would: the main loop is over). */
void                      bgrun_ongoing_notification_withdraw_now (BgrunOngoingNotification *self);

/* For tests: how many times the notification was sent or withdrawn. */
guint                     bgrun_ongoing_notification_get_n_sent (BgrunOngoingNotification *self);

G_END_DECLS
