/* bgrun-errors.h: the error domains of libbgrun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_SCHEDULER_ERROR:
 *
 * The error domain of [class@Bgrun.Scheduler]: errors from registering and
 * submitting background work. Codes are [error@Bgrun.SchedulerError].
 */
#define BGRUN_SCHEDULER_ERROR (bgrun_scheduler_error_quark ())

/**
 * BgrunSchedulerError:
 * @BGRUN_SCHEDULER_ERROR_UNAVAILABLE: background work cannot be scheduled
 *   now: the store cannot be written, or the daemon cannot be reached. The
 *   message names what failed.
 * @BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS: the app has as many
 *   pending requests as it may have; cancel some or wait for them to run.
 * @BGRUN_SCHEDULER_ERROR_NOT_PERMITTED: the request is not allowed: its
 *   identifier matches no registered handler, or it needs the app to be in
 *   the foreground and it is not.
 * @BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE: a continued-processing
 *   request with the fail strategy could not start at once.
 * @BGRUN_SCHEDULER_ERROR_INVALID_REQUEST: an identifier or a request
 *   property is malformed or out of range; the message says which.
 *
 * Errors of the [error@Bgrun.SchedulerError] domain.
 */
typedef enum {
  BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
  BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS,
  BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
  BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE,
  BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
} BgrunSchedulerError;

BGRUN_AVAILABLE_IN_ALL
GQuark bgrun_scheduler_error_quark (void);

/**
 * BGRUN_SESSION_ERROR:
 *
 * The error domain of [class@Bgrun.ExtendedRuntimeSession] and
 * [class@Bgrun.OngoingSession]: errors from starting, scheduling and using
 * a session. Codes are
 * [error@Bgrun.SessionError].
 */
#define BGRUN_SESSION_ERROR (bgrun_session_error_quark ())

/**
 * BgrunSessionError:
 * @BGRUN_SESSION_ERROR_SCHEDULED_TOO_FAR_IN_ADVANCE: a smart alarm was
 *   scheduled more than %BGRUN_SMART_ALARM_MAX_ADVANCE seconds ahead;
 *   schedule it closer to the time it should start.
 * @BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE: a session was
 *   started or scheduled while the app was not frontmost; start it from a
 *   user action in the app's window (see
 *   [property@Bgrun.Scheduler:frontmost]).
 * @BGRUN_SESSION_ERROR_NOT_YET_STARTED: the session was asked for
 *   something only a running session can do (such as notifying the user)
 *   before it started.
 * @BGRUN_SESSION_ERROR_INVALID_STATE: the session cannot do this in its
 *   current state: it was already started or scheduled, or it is invalid
 *   (sessions are not reusable: create a new one).
 * @BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS: the app already has a running
 *   session, or a scheduled smart alarm; the new session was invalidated
 *   and the other one left alone.
 * @BGRUN_SESSION_ERROR_NOT_SUPPORTED: the session's type does not support
 *   this, such as scheduling a type other than a smart alarm.
 *
 * Errors of the [error@Bgrun.SessionError] domain.
 */
typedef enum {
  BGRUN_SESSION_ERROR_SCHEDULED_TOO_FAR_IN_ADVANCE,
  BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE,
  BGRUN_SESSION_ERROR_NOT_YET_STARTED,
  BGRUN_SESSION_ERROR_INVALID_STATE,
  BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
  BGRUN_SESSION_ERROR_NOT_SUPPORTED,
} BgrunSessionError;

BGRUN_AVAILABLE_IN_ALL
GQuark bgrun_session_error_quark (void);

G_END_DECLS
