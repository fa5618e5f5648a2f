/* bgrun-url-session-wait-reason.h: why a URL session task waits
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
 * BgrunUrlSessionWaitReason:
 * @BGRUN_URL_SESSION_WAIT_REASON_NONE: the task does not wait
 * @BGRUN_URL_SESSION_WAIT_REASON_EARLIEST_BEGIN_DATE: its
 *   [property@Bgrun.UrlSessionTask:earliest-begin-date] is still ahead
 * @BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK: there is no network
 * @BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK: the network is metered,
 *   and the session does not allow that
 *   ([property@Bgrun.UrlSessionConfiguration:allows-metered-network] is
 *   %FALSE, or the session is
 *   [property@Bgrun.UrlSessionConfiguration:discretionary])
 * @BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER: power saving is on, and
 *   [property@Bgrun.UrlSessionConfiguration:allows-constrained-network] is
 *   %FALSE
 * @BGRUN_URL_SESSION_WAIT_REASON_BATTERY_LOW: a
 *   [property@Bgrun.UrlSessionConfiguration:discretionary] session waits
 *   for external power or a battery that is not low, and the device runs
 *   on a battery below %BGRUN_BATTERY_LOW_LEVEL percent
 * @BGRUN_URL_SESSION_WAIT_REASON_RETRY: the last attempt failed in a way
 *   that may pass (the network, a timeout, a busy server); the task is
 *   tried again after a backoff, or after the server's `Retry-After`
 * @BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT: as many transfers run
 *   as the session allows, to the task's host
 *   ([property@Bgrun.UrlSessionConfiguration:max-connections-per-host]) or
 *   in all (%BGRUN_URL_SESSION_MAX_CONNECTIONS); waiting tasks start in
 *   the order of their [property@Bgrun.UrlSessionTask:priority]
 *
 * Why a [class@Bgrun.UrlSessionTask] is
 * %BGRUN_URL_SESSION_TASK_STATE_WAITING: its
 * [property@Bgrun.UrlSessionTask:waiting-reason]. The task starts by
 * itself when the reason is gone.
 */
typedef enum {
  BGRUN_URL_SESSION_WAIT_REASON_NONE,
  BGRUN_URL_SESSION_WAIT_REASON_EARLIEST_BEGIN_DATE,
  BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK,
  BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK,
  BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER,
  BGRUN_URL_SESSION_WAIT_REASON_BATTERY_LOW,
  BGRUN_URL_SESSION_WAIT_REASON_RETRY,
  BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT,
} BgrunUrlSessionWaitReason;

G_END_DECLS
