/* bgrun-ongoing-session.h: work the user started and can see, with no
 * time limit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-scheduler.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunOngoingState:
 * @BGRUN_ONGOING_STATE_NOT_STARTED: created, not started yet
 * @BGRUN_ONGOING_STATE_RUNNING: running: the app is held, the user sees
 *   the session's notification
 * @BGRUN_ONGOING_STATE_ENDED: over, for the reason in
 *   [property@Bgrun.OngoingSession:end-reason]; a session is never reused
 *
 * Where a [class@Bgrun.OngoingSession] is in its life. States only move
 * forward.
 */
typedef enum {
  BGRUN_ONGOING_STATE_NOT_STARTED,
  BGRUN_ONGOING_STATE_RUNNING,
  BGRUN_ONGOING_STATE_ENDED,
} BgrunOngoingState;

/**
 * BgrunOngoingEndReason:
 * @BGRUN_ONGOING_END_REASON_NONE: the session has not ended, or the app
 *   ended it with [method@Bgrun.OngoingSession.stop]
 * @BGRUN_ONGOING_END_REASON_USER_STOPPED: the user pressed Stop on the
 *   session's notification, or stopped it with `bgrunctl stop`
 * @BGRUN_ONGOING_END_REASON_DENIED: the desktop refused to let the app run
 *   in the background (the Background portal answered no);
 *   [property@Bgrun.OngoingSession:end-message] says where the user allows
 *   it
 * @BGRUN_ONGOING_END_REASON_APP_EXITED: the app quit while the session ran
 *   (its [class@Gio.Application] shut down): the session ended with it,
 *   and a history entry says so. A crash ends no session in the process;
 *   it is recorded in the history by the next run of the app, or by
 *   bgrund
 *
 * Why a [class@Bgrun.OngoingSession] ended.
 */
typedef enum {
  BGRUN_ONGOING_END_REASON_NONE,
  BGRUN_ONGOING_END_REASON_USER_STOPPED,
  BGRUN_ONGOING_END_REASON_DENIED,
  BGRUN_ONGOING_END_REASON_APP_EXITED,
} BgrunOngoingEndReason;

/**
 * BGRUN_ONGOING_STATUS_MIN_INTERVAL:
 *
 * The shortest time, in seconds of real time, between two updates of an
 * app's ongoing-session notification for a change of
 * [property@Bgrun.OngoingSession:status] or
 * [property@Bgrun.OngoingSession:title].
 *
 * Notification servers redraw (and some re-announce) a notification on
 * every update, and GNOME Shell and Plasma both drop or queue updates that
 * come faster than a few a second; one every two seconds is what a user
 * can read anyway. Changes that come faster are merged: the notification
 * shows the latest status at most this long after it was set, always. A
 * session starting or ending updates the notification at once (within a quarter
 * of a second).
 */
#define BGRUN_ONGOING_STATUS_MIN_INTERVAL 2

#define BGRUN_TYPE_ONGOING_SESSION (bgrun_ongoing_session_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunOngoingSession, bgrun_ongoing_session, BGRUN, ONGOING_SESSION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunOngoingSession   *bgrun_ongoing_session_new                (BgrunScheduler       *scheduler,
                                                                 const char           *title);

BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_ongoing_session_start              (BgrunOngoingSession  *self,
                                                                 GError              **error);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_ongoing_session_start_async        (BgrunOngoingSession  *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_ongoing_session_start_finish       (BgrunOngoingSession  *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_ongoing_session_stop               (BgrunOngoingSession  *self);

BGRUN_AVAILABLE_IN_ALL
BgrunScheduler        *bgrun_ongoing_session_get_scheduler      (BgrunOngoingSession  *self);
BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_ongoing_session_get_title          (BgrunOngoingSession  *self);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_ongoing_session_set_title          (BgrunOngoingSession  *self,
                                                                 const char           *title);
BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_ongoing_session_get_status         (BgrunOngoingSession  *self);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_ongoing_session_set_status         (BgrunOngoingSession  *self,
                                                                 const char           *status);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_ongoing_session_get_prevents_sleep (BgrunOngoingSession  *self);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_ongoing_session_set_prevents_sleep (BgrunOngoingSession  *self,
                                                                 gboolean              prevents_sleep);
BGRUN_AVAILABLE_IN_ALL
BgrunOngoingState      bgrun_ongoing_session_get_state          (BgrunOngoingSession  *self);
BGRUN_AVAILABLE_IN_ALL
BgrunOngoingEndReason  bgrun_ongoing_session_get_end_reason     (BgrunOngoingSession  *self);
BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_ongoing_session_get_end_message    (BgrunOngoingSession  *self);

G_END_DECLS
