/* bgrun-errors.c: the error domains of libbgrun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"

/**
 * bgrun_scheduler_error_quark:
 *
 * Gets the error domain of [error@Bgrun.SchedulerError], the quark that
 * %BGRUN_SCHEDULER_ERROR stands for.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (bgrun-scheduler-error-quark, bgrun_scheduler_error)

/**
 * bgrun_session_error_quark:
 *
 * Gets the error domain of [error@Bgrun.SessionError], the quark that
 * %BGRUN_SESSION_ERROR stands for.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (bgrun-session-error-quark, bgrun_session_error)
