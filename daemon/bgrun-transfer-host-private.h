/* bgrun-transfer-host-private.h: background URL sessions run by bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-clock.h"
#include "bgrun-conditions.h"
#include "bgrun-url-session.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_TRANSFER_HOST (bgrun_transfer_host_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTransferHost, bgrun_transfer_host, BGRUN, TRANSFER_HOST, GObject)

/* The daemon placement's background URL sessions: BgrunUrlSessions that
 * bgrund runs for its apps (bgrun_url_session_new_hosted()), each keyed by
 * (app id, session identifier), with the app's state directory
 * <base_directory>/<app id>/ as an app's own session would have it.
 *
 * An app opens a session for an "owner" (org.bgrun.Transfers1 passes the
 * caller's unique bus name; the host knows nothing of D-Bus), which gets
 * its changes and completions until it closes it or goes away; a session
 * opened by another owner of the same app is taken over.
 *
 * Completions are recorded in the app's transfers.db as events before
 * anyone is told, and kept until acknowledged. A download's file is moved
 * to <app directory>/transfers/events/ for the event, and removed when
 * the event is acknowledged.
 *
 * Signals:
 *  - "task-changed" (owner s, identifier s, task a{sv}): a task of a
 *    session @owner has open changed; at most once per task per main-loop
 *    turn (the task itself notifies progress at most ten times a second).
 *  - "task-event" (owner s, identifier s, sequence t, event a{sv}): a
 *    task of a session @owner has open completed; recorded already.
 *  - "launch-needed" (app id s, identifier s): a task of a session that
 *    no owner has open and whose configuration sends launch events
 *    completed: the app should be launched to take the event.
 *
 * Property "busy" (notify): some hosted task is running or waiting.
 *
 * A session that no owner has open and that has no tasks left is
 * dropped; its events stay in the store for the next OpenSession. */

BgrunTransferHost *bgrun_transfer_host_new           (const char         *base_directory,
                                                      BgrunClock         *clock,
                                                      BgrunConditions    *conditions);
gboolean           bgrun_transfer_host_get_busy      (BgrunTransferHost  *self);

/* Opens the hosted session of every <base_directory>/<app id>/transfers.db
 * that has a recorded configuration and tasks, which takes up the tasks
 * that were running: what bgrund does when it starts. For a session with
 * no tasks but events waiting whose configuration sends launch events,
 * "launch-needed" follows from the main loop. */
void               bgrun_transfer_host_reload        (BgrunTransferHost  *self);

/* OpenSession: creates or takes up the session, applies @configuration
 * (an a{sv}, see bgrun_url_session_configuration_apply_variant()) and
 * records it, and gives it to @owner. *@tasks gets the views of its tasks
 * (aa{sv}) and *@events its recorded events (a(ta{sv})). */
BgrunUrlSession   *bgrun_transfer_host_open_session  (BgrunTransferHost  *self,
                                                      const char         *app_id,
                                                      const char         *identifier,
                                                      GVariant           *configuration,
                                                      const char         *owner,
                                                      GVariant          **tasks,
                                                      GVariant          **events,
                                                      GError            **error);
/* The session @identifier of @app_id that @owner has open, or NULL with
 * BGRUN_URL_SESSION_ERROR_NOT_ALLOWED naming it. */
BgrunUrlSession   *bgrun_transfer_host_lookup        (BgrunTransferHost  *self,
                                                      const char         *app_id,
                                                      const char         *identifier,
                                                      const char         *owner,
                                                      GError            **error);
/* @owner no longer has the session open (when it does): its tasks go on. */
void               bgrun_transfer_host_close_session (BgrunTransferHost  *self,
                                                      const char         *app_id,
                                                      const char         *identifier,
                                                      const char         *owner);
/* @owner went away: every session it had open is closed. */
void               bgrun_transfer_host_close_owner   (BgrunTransferHost  *self,
                                                      const char         *owner);
/* Invalidates the session @owner has open, as the app's session would
 * (cancelling its tasks when @cancel); the next OpenSession once its
 * tasks are done gets a new session. */
gboolean           bgrun_transfer_host_invalidate    (BgrunTransferHost  *self,
                                                      const char         *app_id,
                                                      const char         *identifier,
                                                      const char         *owner,
                                                      gboolean            cancel,
                                                      GError            **error);
/* Deletes the events of the session @owner has open numbered @up_to or
 * less, and what is left of their downloaded files. */
gboolean           bgrun_transfer_host_acknowledge   (BgrunTransferHost  *self,
                                                      const char         *app_id,
                                                      const char         *identifier,
                                                      const char         *owner,
                                                      guint64             up_to,
                                                      GError            **error);

G_END_DECLS
