/* bgrun-extended-runtime-session.h: sessions that keep the app running
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-haptic-type.h"
#include "bgrun-scheduler.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunExtendedRuntimeType:
 * @BGRUN_EXTENDED_RUNTIME_TYPE_SELF_CARE: a short self-care activity such
 *   as brushing teeth; runs while the app is frontmost, for at most
 *   %BGRUN_SELF_CARE_DURATION seconds (10 minutes)
 * @BGRUN_EXTENDED_RUNTIME_TYPE_MINDFULNESS: a meditation or breathing
 *   exercise; runs while the app is frontmost, for at most
 *   %BGRUN_MINDFULNESS_DURATION seconds (1 hour)
 * @BGRUN_EXTENDED_RUNTIME_TYPE_PHYSICAL_THERAPY: exercises the user does
 *   away from the screen; runs in the background, for at most
 *   %BGRUN_PHYSICAL_THERAPY_DURATION seconds (1 hour)
 * @BGRUN_EXTENDED_RUNTIME_TYPE_SMART_ALARM: wakes the user at a good
 *   moment; runs in the background, for at most
 *   %BGRUN_SMART_ALARM_DURATION seconds (30 minutes), and is the only type
 *   that can be scheduled with
 *   [method@Bgrun.ExtendedRuntimeSession.start_at]
 *
 * What an [class@Bgrun.ExtendedRuntimeSession] is for. The type decides
 * how long the session may run and whether it keeps running when the user
 * leaves the app.
 */
typedef enum {
  BGRUN_EXTENDED_RUNTIME_TYPE_SELF_CARE,
  BGRUN_EXTENDED_RUNTIME_TYPE_MINDFULNESS,
  BGRUN_EXTENDED_RUNTIME_TYPE_PHYSICAL_THERAPY,
  BGRUN_EXTENDED_RUNTIME_TYPE_SMART_ALARM,
} BgrunExtendedRuntimeType;

/**
 * BgrunExtendedRuntimeState:
 * @BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED: created, neither started nor
 *   scheduled
 * @BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED: a smart alarm waiting for its
 *   start date
 * @BGRUN_EXTENDED_RUNTIME_STATE_RUNNING: running: the app is kept alive
 *   until [property@Bgrun.ExtendedRuntimeSession:expiration-date]
 * @BGRUN_EXTENDED_RUNTIME_STATE_INVALID: over, for the reason in
 *   [property@Bgrun.ExtendedRuntimeSession:invalidation-reason]; a session
 *   is never reused
 *
 * Where an [class@Bgrun.ExtendedRuntimeSession] is in its life. States only
 * move forward: not started, (scheduled,) running, invalid.
 */
typedef enum {
  BGRUN_EXTENDED_RUNTIME_STATE_NOT_STARTED,
  BGRUN_EXTENDED_RUNTIME_STATE_SCHEDULED,
  BGRUN_EXTENDED_RUNTIME_STATE_RUNNING,
  BGRUN_EXTENDED_RUNTIME_STATE_INVALID,
} BgrunExtendedRuntimeState;

/**
 * BgrunInvalidationReason:
 * @BGRUN_INVALIDATION_REASON_NONE: the app ended the session with
 *   [method@Bgrun.ExtendedRuntimeSession.invalidate] (or the user stopped a
 *   smart alarm from its notification)
 * @BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS: the app already had a
 *   running session (or a scheduled smart alarm) when this one was to
 *   start or be scheduled
 * @BGRUN_INVALIDATION_REASON_EXPIRED: the session ran for as long as its
 *   type allows, or a smart alarm's window closed before it could start
 *   (the machine was suspended through all of it)
 * @BGRUN_INVALIDATION_REASON_RESIGNED_FRONTMOST: a self-care or
 *   mindfulness session ended because the app stayed out of the foreground
 *   longer than %BGRUN_EXTENDED_RUNTIME_RESIGN_GRACE seconds
 * @BGRUN_INVALIDATION_REASON_SUPPRESSED_BY_SYSTEM: the system stopped the
 *   session: the machine suspended while it was running
 * @BGRUN_INVALIDATION_REASON_ERROR: the session could not go on; the error
 *   given with [signal@Bgrun.ExtendedRuntimeSession::invalidated] says why
 *
 * Why an [class@Bgrun.ExtendedRuntimeSession] became invalid.
 */
typedef enum {
  BGRUN_INVALIDATION_REASON_NONE,
  BGRUN_INVALIDATION_REASON_SESSION_IN_PROGRESS,
  BGRUN_INVALIDATION_REASON_EXPIRED,
  BGRUN_INVALIDATION_REASON_RESIGNED_FRONTMOST,
  BGRUN_INVALIDATION_REASON_SUPPRESSED_BY_SYSTEM,
  BGRUN_INVALIDATION_REASON_ERROR,
} BgrunInvalidationReason;

/**
 * BGRUN_SELF_CARE_DURATION:
 *
 * How long, in seconds, a self-care session may run.
 */
#define BGRUN_SELF_CARE_DURATION 600

/**
 * BGRUN_MINDFULNESS_DURATION:
 *
 * How long, in seconds, a mindfulness session may run.
 */
#define BGRUN_MINDFULNESS_DURATION 3600

/**
 * BGRUN_PHYSICAL_THERAPY_DURATION:
 *
 * How long, in seconds, a physical-therapy session may run.
 */
#define BGRUN_PHYSICAL_THERAPY_DURATION 3600

/**
 * BGRUN_SMART_ALARM_DURATION:
 *
 * How long, in seconds, a smart alarm may run: its window opens at its
 * start date and closes this long after it, however late it started.
 */
#define BGRUN_SMART_ALARM_DURATION 1800

/**
 * BGRUN_SMART_ALARM_MAX_ADVANCE:
 *
 * How far ahead, in seconds, a smart alarm may be scheduled (36 hours).
 */
#define BGRUN_SMART_ALARM_MAX_ADVANCE 129600

/**
 * BGRUN_SMART_ALARM_SNOOZE:
 *
 * How long, in seconds, the Snooze button of a smart alarm's notification
 * silences it (9 minutes).
 */
#define BGRUN_SMART_ALARM_SNOOZE 540

/**
 * BGRUN_EXTENDED_RUNTIME_WILL_EXPIRE_WARNING:
 *
 * How long, in seconds, before a session's expiration date
 * [signal@Bgrun.ExtendedRuntimeSession::will-expire] is emitted.
 */
#define BGRUN_EXTENDED_RUNTIME_WILL_EXPIRE_WARNING 30

/**
 * BGRUN_EXTENDED_RUNTIME_RESIGN_GRACE:
 *
 * How long, in seconds, a self-care or mindfulness session survives the
 * app leaving the foreground: a quick look at another window does not end
 * it, staying away does.
 */
#define BGRUN_EXTENDED_RUNTIME_RESIGN_GRACE 5

/**
 * BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_DEFAULT:
 *
 * The usual interval, in seconds, for
 * [method@Bgrun.ExtendedRuntimeSession.notify_user_repeating].
 */
#define BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_DEFAULT 3.0

/**
 * BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX:
 *
 * The longest interval, in seconds, that
 * [method@Bgrun.ExtendedRuntimeSession.notify_user_repeating] accepts.
 */
#define BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX 60.0

#define BGRUN_TYPE_EXTENDED_RUNTIME_SESSION (bgrun_extended_runtime_session_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunExtendedRuntimeSession, bgrun_extended_runtime_session,
                      BGRUN, EXTENDED_RUNTIME_SESSION, GObject)

/**
 * BgrunNotifyRepeatFunc:
 * @session: the session notifying the user
 * @type: the feedback about to be given again
 * @user_data: the data given to
 *   [method@Bgrun.ExtendedRuntimeSession.notify_user_repeating]
 *
 * Called before each repetition of the feedback.
 *
 * Returns: %TRUE to give the feedback and keep repeating, %FALSE to stop
 */
typedef gboolean (*BgrunNotifyRepeatFunc) (BgrunExtendedRuntimeSession *session,
                                           BgrunHapticType              type,
                                           gpointer                     user_data);

BGRUN_AVAILABLE_IN_ALL
BgrunExtendedRuntimeSession *bgrun_extended_runtime_session_get_scheduled (BgrunScheduler *scheduler);
BGRUN_AVAILABLE_IN_ALL
BgrunExtendedRuntimeSession *bgrun_extended_runtime_session_new (BgrunScheduler           *scheduler,
                                                                 BgrunExtendedRuntimeType  session_type);

BGRUN_AVAILABLE_IN_ALL
BgrunScheduler            *bgrun_extended_runtime_session_get_scheduler           (BgrunExtendedRuntimeSession *self);
BGRUN_AVAILABLE_IN_ALL
BgrunExtendedRuntimeType   bgrun_extended_runtime_session_get_session_type        (BgrunExtendedRuntimeSession *self);
BGRUN_AVAILABLE_IN_ALL
BgrunExtendedRuntimeState  bgrun_extended_runtime_session_get_state               (BgrunExtendedRuntimeSession *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime                 *bgrun_extended_runtime_session_get_start_date          (BgrunExtendedRuntimeSession *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime                 *bgrun_extended_runtime_session_get_expiration_date     (BgrunExtendedRuntimeSession *self);
BGRUN_AVAILABLE_IN_ALL
BgrunInvalidationReason    bgrun_extended_runtime_session_get_invalidation_reason (BgrunExtendedRuntimeSession *self);

BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_extended_runtime_session_start                 (BgrunExtendedRuntimeSession  *self,
                                                               GError                      **error);
BGRUN_AVAILABLE_IN_ALL
void     bgrun_extended_runtime_session_start_async           (BgrunExtendedRuntimeSession  *self,
                                                               GCancellable                 *cancellable,
                                                               GAsyncReadyCallback           callback,
                                                               gpointer                      user_data);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_extended_runtime_session_start_finish          (BgrunExtendedRuntimeSession  *self,
                                                               GAsyncResult                 *result,
                                                               GError                      **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_extended_runtime_session_start_at              (BgrunExtendedRuntimeSession  *self,
                                                               GDateTime                    *date,
                                                               GError                      **error);
BGRUN_AVAILABLE_IN_ALL
void     bgrun_extended_runtime_session_invalidate            (BgrunExtendedRuntimeSession  *self);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_extended_runtime_session_notify_user           (BgrunExtendedRuntimeSession  *self,
                                                               BgrunHapticType               type,
                                                               GError                      **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_extended_runtime_session_notify_user_repeating (BgrunExtendedRuntimeSession  *self,
                                                               BgrunHapticType               type,
                                                               double                        interval,
                                                               BgrunNotifyRepeatFunc         func,
                                                               gpointer                      user_data,
                                                               GDestroyNotify                destroy,
                                                               GError                      **error);

G_END_DECLS
