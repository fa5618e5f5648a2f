/* bgrun-work-policy.h: what a request asks of the scheduler beyond when it
 * runs: what a second submit does, and how a failed attempt is retried
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunExistingRequestPolicy:
 * @BGRUN_EXISTING_REQUEST_POLICY_REPLACE: the new request takes the place
 *   of the pending one (the default)
 * @BGRUN_EXISTING_REQUEST_POLICY_KEEP: while a request or a task of the
 *   same identifier is pending or running, the new request is dropped
 *   and the submit succeeds; its history entry says so
 *
 * What [method@Bgrun.Scheduler.submit] does with a request whose
 * identifier is already pending (or, for
 * %BGRUN_EXISTING_REQUEST_POLICY_KEEP, running), as Android's
 * `ExistingWorkPolicy` does. See
 * [property@Bgrun.TaskRequest:existing-policy].
 */
typedef enum {
  BGRUN_EXISTING_REQUEST_POLICY_REPLACE,
  BGRUN_EXISTING_REQUEST_POLICY_KEEP,
} BgrunExistingRequestPolicy;

/**
 * BgrunBackoffPolicy:
 * @BGRUN_BACKOFF_POLICY_NONE: a task that asks for a retry is not retried:
 *   it fails (the default)
 * @BGRUN_BACKOFF_POLICY_LINEAR: the n-th attempt that asks for a retry
 *   waits [property@Bgrun.TaskRequest:backoff-delay] × n
 * @BGRUN_BACKOFF_POLICY_EXPONENTIAL: the n-th attempt that asks for a
 *   retry waits [property@Bgrun.TaskRequest:backoff-delay] × 2^(n−1)
 *
 * How long a request waits before its next attempt after its task called
 * [method@Bgrun.Task.set_task_completed_with_retry]. Either wait is capped
 * at %BGRUN_MAX_BACKOFF_DELAY seconds, without jitter.
 */
typedef enum {
  BGRUN_BACKOFF_POLICY_NONE,
  BGRUN_BACKOFF_POLICY_LINEAR,
  BGRUN_BACKOFF_POLICY_EXPONENTIAL,
} BgrunBackoffPolicy;

/**
 * BGRUN_MIN_BACKOFF_DELAY:
 *
 * The shortest [property@Bgrun.TaskRequest:backoff-delay], in seconds.
 */
#define BGRUN_MIN_BACKOFF_DELAY 10

/**
 * BGRUN_MAX_BACKOFF_DELAY:
 *
 * The longest wait before a retry, in seconds (five hours): a longer
 * backoff is cut to it.
 */
#define BGRUN_MAX_BACKOFF_DELAY 18000

/**
 * BGRUN_MAX_TAGS:
 *
 * The most tags ([property@Bgrun.TaskRequest:tags]) and the most
 * prerequisites ([property@Bgrun.TaskRequest:prerequisites]) a request
 * may have, each.
 */
#define BGRUN_MAX_TAGS 16

G_END_DECLS
