/* bgrun-ongoing-registry-private.h: what an app's ongoing sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-keep-alive-private.h"
#include "bgrun-ongoing-session.h"
#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* The app action the notification's Stop buttons activate, with the
 * session's id as a string target ("app.bgrun-ongoing-stop::3"). */
#define BGRUN_ONGOING_STOP_ACTION "bgrun-ongoing-stop"
/* The id of the app's one ongoing-session notification. */
#define BGRUN_ONGOING_NOTIFICATION_ID "bgrun-ongoing"
/* The record of the running sessions, in the app's state directory. */
#define BGRUN_ONGOING_RECORD "ongoing-sessions.gvariant"

#define BGRUN_TYPE_ONGOING_REGISTRY (bgrun_ongoing_registry_get_type ())

G_DECLARE_FINAL_TYPE (BgrunOngoingRegistry, bgrun_ongoing_registry,
                      BGRUN, ONGOING_REGISTRY, GObject)

/* One registry per scheduler (so per app). It lists the running sessions
 * (not owned: a session leaves the list when it ends or is disposed),
 * leases for them from the keep-alive the app's extended runtime sessions
 * use (so the Background portal's status line and the application hold
 * are the app's, whichever session asks), shows the one notification that
 * lists them, installs the Stop action while one runs, ends them all with
 * DENIED when the Background portal refuses, and keeps a record of them
 * in the state directory.
 *
 * The record (BGRUN_ONGOING_RECORD: a serialized a(xus): the process id,
 * the session id and the title of every running session, rewritten at
 * every start and end) is how a crash is noticed: when the registry is
 * made, the sessions the record lists for a process that no longer runs
 * were left running by a process that died; each gets a history entry
 * (BGRUN_HISTORY_EVENT_APP_EXITED), the notification such a process left
 * is withdrawn, and the record is cleared of them. That is the embedded
 * placement; in the daemon placement the registry reports its sessions to
 * bgrund instead (Broker1.SetSessions), which records APP_EXITED when
 * the app's connection goes with sessions still reported. */

/* The placement hook (bgrun_features_ensure()). Runs after the extended
 * runtime registry's, whose keep-alive it shares. */
void                  bgrun_ongoing_registry_attach         (BgrunPlacement       *placement);

/* @scheduler's registry. */
BgrunOngoingRegistry *bgrun_ongoing_registry_get            (BgrunScheduler       *scheduler);

BgrunKeepAlive       *bgrun_ongoing_registry_get_keep_alive (BgrunOngoingRegistry *self);

/* The running sessions, oldest first (transfer none, element-type
 * BgrunOngoingSession). */
GPtrArray            *bgrun_ongoing_registry_get_running    (BgrunOngoingRegistry *self);

/* A new session id, unique in this process's registry. */
guint                 bgrun_ongoing_registry_new_id         (BgrunOngoingRegistry *self);

/* @session (which has its id) starts running: it is listed, shown and
 * recorded. */
void                  bgrun_ongoing_registry_add            (BgrunOngoingRegistry *self,
                                                             BgrunOngoingSession  *session);

/* @session no longer runs: it leaves the list, the notification and the
 * record. Nothing happens when it is not listed. */
void                  bgrun_ongoing_registry_remove         (BgrunOngoingRegistry *self,
                                                             BgrunOngoingSession  *session);

/* For starting sessions without blocking on bgrund
 * (bgrun-session-start-async.c): while reports are deferred, changes are
 * not reported to bgrund; report_async() then reports the sessions as
 * they are, from the main loop, and completes when bgrund answered (a
 * failure is logged, as the synchronous report logs it). Without a
 * daemon it completes at once. */
void                  bgrun_ongoing_registry_defer_reports  (BgrunOngoingRegistry *self,
                                                             gboolean              deferred);
void                  bgrun_ongoing_registry_report_async   (BgrunOngoingRegistry *self,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean              bgrun_ongoing_registry_report_finish  (BgrunOngoingRegistry *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);

/* @session's title or status changed: the notification follows, no more
 * often than BGRUN_ONGOING_STATUS_MIN_INTERVAL. */
void                  bgrun_ongoing_registry_changed        (BgrunOngoingRegistry *self,
                                                             BgrunOngoingSession  *session);

/* Ends the running session @id as the user's Stop does. FALSE when no
 * running session has that id. */
gboolean              bgrun_ongoing_registry_stop_by_user   (BgrunOngoingRegistry *self,
                                                             guint                 id);

G_END_DECLS
