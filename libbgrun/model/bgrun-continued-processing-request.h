/* bgrun-continued-processing-request.h: work the user started and watches
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-task-request.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunSubmissionStrategy:
 * @BGRUN_SUBMISSION_STRATEGY_FAIL: if the work cannot start at once,
 *   submitting fails with %BGRUN_SCHEDULER_ERROR_IMMEDIATE_RUN_INELIGIBLE
 * @BGRUN_SUBMISSION_STRATEGY_QUEUE: if the work cannot start at once, it
 *   waits in the pending requests until it can
 *
 * What submitting a [class@Bgrun.ContinuedProcessingRequest] does when the
 * app already runs as many continued-processing tasks as it may.
 */
typedef enum {
  BGRUN_SUBMISSION_STRATEGY_FAIL,
  BGRUN_SUBMISSION_STRATEGY_QUEUE,
} BgrunSubmissionStrategy;

#define BGRUN_TYPE_CONTINUED_PROCESSING_REQUEST (bgrun_continued_processing_request_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunContinuedProcessingRequest, bgrun_continued_processing_request, BGRUN, CONTINUED_PROCESSING_REQUEST, BgrunTaskRequest)

BGRUN_AVAILABLE_IN_ALL
BgrunContinuedProcessingRequest *bgrun_continued_processing_request_new          (const char                      *identifier,
                                                                                  const char                      *title,
                                                                                  const char                      *subtitle);
BGRUN_AVAILABLE_IN_ALL
const char                      *bgrun_continued_processing_request_get_title    (BgrunContinuedProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                             bgrun_continued_processing_request_set_title    (BgrunContinuedProcessingRequest *self,
                                                                                  const char                      *title);
BGRUN_AVAILABLE_IN_ALL
const char                      *bgrun_continued_processing_request_get_subtitle (BgrunContinuedProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                             bgrun_continued_processing_request_set_subtitle (BgrunContinuedProcessingRequest *self,
                                                                                  const char                      *subtitle);
BGRUN_AVAILABLE_IN_ALL
BgrunSubmissionStrategy          bgrun_continued_processing_request_get_strategy (BgrunContinuedProcessingRequest *self);
BGRUN_AVAILABLE_IN_ALL
void                             bgrun_continued_processing_request_set_strategy (BgrunContinuedProcessingRequest *self,
                                                                                  BgrunSubmissionStrategy          strategy);

G_END_DECLS
