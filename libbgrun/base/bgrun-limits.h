/* bgrun-limits.h: the documented numbers of the scheduler's policy
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_MAX_PENDING_REQUESTS:
 *
 * How many requests one app may have pending: 10,000. Submitting more
 * fails with %BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS.
 *
 * Each pending request costs the process that keeps it (the app when its
 * engine is embedded, else bgrund) about 2 KiB of memory, and its row in
 * the store; the pending list model keeps up with the limit (see
 * bench/README.md).
 */
#define BGRUN_MAX_PENDING_REQUESTS 10000

/**
 * BGRUN_APP_REFRESH_DURATION:
 *
 * How long, in seconds, an app-refresh task may run before it expires.
 */
#define BGRUN_APP_REFRESH_DURATION 30

/**
 * BGRUN_URL_SESSION_REFRESH_DURATION:
 *
 * How long, in seconds, a [class@Bgrun.UrlSessionRefreshTask] may run
 * before it expires: as long as an app refresh, time enough to create the
 * session again and receive its events (Apple's watchOS gives a URL
 * session refresh task seconds, like its other refresh tasks).
 */
#define BGRUN_URL_SESSION_REFRESH_DURATION 30

/**
 * BGRUN_PROCESSING_DURATION:
 *
 * How long, in seconds, a processing task may run before it expires.
 */
#define BGRUN_PROCESSING_DURATION 600

/**
 * BGRUN_CONTINUED_PROCESSING_STALL:
 *
 * How long, in seconds, a continued-processing task may go without
 * reporting progress before it expires. It has no other time limit.
 */
#define BGRUN_CONTINUED_PROCESSING_STALL 600

/**
 * BGRUN_TASK_GRACE_PERIOD:
 *
 * Seconds between a task's [signal@Bgrun.Task::expired] signal and the
 * moment it is ended as %BGRUN_TASK_STATE_EXPIRED: the time a handler has
 * to save its work and call [method@Bgrun.Task.set_task_completed].
 */
#define BGRUN_TASK_GRACE_PERIOD 5

/**
 * BGRUN_MAX_CONTINUED_TASKS:
 *
 * How many continued-processing tasks of one app run at once. Further
 * requests queue, or fail with
 * %BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE under the fail strategy.
 */
#define BGRUN_MAX_CONTINUED_TASKS 4

/**
 * BGRUN_REFRESH_BUDGET:
 *
 * The app-refresh budget: an app may start this many refresh tasks in a
 * row, and earns them back at this many per hour. Over budget, refresh
 * requests wait; they are never dropped.
 */
#define BGRUN_REFRESH_BUDGET 4

/**
 * BGRUN_BATTERY_LOW_LEVEL:
 *
 * Below this battery level, in percent, the battery counts as low for
 * requests that require a battery that is not low.
 */
#define BGRUN_BATTERY_LOW_LEVEL 20

/**
 * BGRUN_BACKOFF_INITIAL:
 *
 * Seconds a processing request waits after its first interruption (its
 * conditions stopped holding while it ran). Each further interruption
 * doubles the wait, up to %BGRUN_BACKOFF_MAX.
 */
#define BGRUN_BACKOFF_INITIAL 30

/**
 * BGRUN_BACKOFF_MAX:
 *
 * The longest wait, in seconds, between attempts of an interrupted
 * processing request: five hours.
 */
#define BGRUN_BACKOFF_MAX (5 * 3600)

/**
 * BGRUN_LAUNCH_REGISTRATION_TIMEOUT:
 *
 * Seconds an app started by the `bgrund` daemon for its due work has to
 * register the handler for that work with
 * [method@Bgrun.Scheduler.register]. Past it, the daemon records the task
 * as %BGRUN_HISTORY_EVENT_FAILED and the request stays pending; the app
 * lets go of the hold it took for the launch.
 */
#define BGRUN_LAUNCH_REGISTRATION_TIMEOUT 30

/**
 * BGRUN_URL_SESSION_MAX_CONNECTIONS:
 *
 * How many transfers of one [class@Bgrun.UrlSession] run at once at most,
 * whatever their hosts (each host is further limited by
 * [property@Bgrun.UrlSessionConfiguration:max-connections-per-host]).
 * Further tasks wait, %BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT, in
 * the order of their [property@Bgrun.UrlSessionTask:priority].
 */
#define BGRUN_URL_SESSION_MAX_CONNECTIONS 16

/**
 * BGRUN_URL_SESSION_RETRY_BASE:
 *
 * Seconds a background transfer waits before it is tried again after its
 * first transient failure. Each further failure multiplies the wait by
 * %BGRUN_URL_SESSION_RETRY_FACTOR, up to %BGRUN_URL_SESSION_RETRY_CAP; the
 * actual wait is drawn at random from the upper half of that (jitter).
 */
#define BGRUN_URL_SESSION_RETRY_BASE 1

/**
 * BGRUN_URL_SESSION_RETRY_FACTOR:
 *
 * How much longer each wait before a retry is than the one before; see
 * %BGRUN_URL_SESSION_RETRY_BASE.
 */
#define BGRUN_URL_SESSION_RETRY_FACTOR 2

/**
 * BGRUN_URL_SESSION_RETRY_CAP:
 *
 * The longest wait, in seconds, before a background transfer is tried
 * again (unless the server's `Retry-After` asks for longer); see
 * %BGRUN_URL_SESSION_RETRY_BASE.
 */
#define BGRUN_URL_SESSION_RETRY_CAP 300

/**
 * BGRUN_URL_SESSION_PARTIAL_LIFETIME:
 *
 * Seconds, seven days, that the received part of a download is kept once
 * no task refers to it: how long resume data from
 * [method@Bgrun.UrlSessionTask.get_resume_data] or
 * [method@Bgrun.UrlSessionTask.cancel_with_resume_data_finish] stays
 * usable after its download last received bytes. When a background
 * [class@Bgrun.UrlSession] opens, partial files of the app that no
 * recorded task refers to and that were not modified for this long are
 * removed, as are files bgrund kept for events no recorded event refers
 * to; resume data naming a removed file fails with
 * %BGRUN_URL_SESSION_ERROR_RESUME_FAILED. Ages are measured on the wall
 * clock, from the files' modification times, never on a
 * [class@Bgrun.TestClock].
 */
#define BGRUN_URL_SESSION_PARTIAL_LIFETIME (7 * 24 * 3600)

G_END_DECLS
