/* bgrun-request-work-private.h: the fields of a request that say how it
 * is scheduled like WorkManager's work: tags, existing policy, backoff and
 * prerequisites
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-task-request.h"
#include "bgrun-work-policy.h"

G_BEGIN_DECLS

/* The default of BgrunTaskRequest:backoff-delay, as WorkManager's. */
#define BGRUN_DEFAULT_BACKOFF_DELAY 30.0

typedef struct
{
  GStrv                      tags;           /* NULL: none */
  BgrunExistingRequestPolicy existing_policy;
  BgrunBackoffPolicy         backoff_policy;
  double                     backoff_delay;  /* seconds */
  guint                      max_attempts;   /* 0: no limit */
  GStrv                      prerequisites;  /* NULL: none */
} BgrunRequestWork;

/* In a request's a{sv}: "tags" as, "existing-policy" s, "backoff-policy"
 * s (the enums' nicks), "backoff-delay" d, "max-attempts" u and
 * "prerequisites" as; each left out while it has its default. */
void     bgrun_request_work_init        (BgrunRequestWork  *work);
void     bgrun_request_work_clear       (BgrunRequestWork  *work);
void     bgrun_request_work_serialize   (const BgrunRequestWork *work,
                                         GVariantDict      *dict);
gboolean bgrun_request_work_deserialize (BgrunRequestWork  *work,
                                         BgrunTaskRequest  *request,
                                         GVariant          *dict,
                                         GError           **error);
gboolean bgrun_request_work_validate    (const BgrunRequestWork *work,
                                         const char        *identifier,
                                         GError           **error);

G_END_DECLS
