/* bgrun-policy-private.h: when a request may run, and why not
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-conditions.h"
#include "bgrun-explanation.h"
#include "bgrun-request-dict-private.h"

G_BEGIN_DECLS

/* What the policy looks at besides the request itself. */
typedef struct
{
  BgrunConditions *conditions;
  gint64           now;               /* µs since the epoch */
  gboolean         registered;        /* a handler exists in the app */
  gboolean         already_running;   /* a task of this identifier runs */
  guint            continued_running; /* the app's running continued tasks */
  gint64           budget_ready_at;   /* when a refresh may start (µs) */
  const char      *prerequisite;      /* one it waits for, or NULL */
} BgrunPolicyContext;

/* Filled by bgrun_policy_evaluate() when given: each reason with its
 * translated message. */
typedef struct
{
  GArray    *reasons;   /* of BgrunWaitReason */
  GPtrArray *messages;  /* of char * */
} BgrunPolicyVerdict;

/* Returned when a request waits for a condition, not for a time. */
#define BGRUN_POLICY_NEVER G_MAXINT64

gint64   bgrun_policy_evaluate            (const BgrunPolicyContext *context,
                                           const BgrunRequestFacts  *request,
                                           BgrunPolicyVerdict       *verdict);
gboolean bgrun_policy_requirements_hold   (BgrunConditions          *conditions,
                                           GVariant                 *request,
                                           char                    **why);
gint64   bgrun_policy_backoff             (guint                     attempts);
gint64   bgrun_policy_retry_delay         (GVariant                 *request,
                                           guint                     attempt);

void     bgrun_policy_verdict_init        (BgrunPolicyVerdict       *verdict);
void     bgrun_policy_verdict_clear       (BgrunPolicyVerdict       *verdict);

G_END_DECLS
