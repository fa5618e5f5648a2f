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

G_END_DECLS
