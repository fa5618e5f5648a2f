/* bgrun-scheduler-private.h: what the test driver needs of the scheduler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-broker-private.h"
#include "bgrun-history-entry.h"
#include "bgrun-scheduler.h"

typedef struct _BgrunPlacement BgrunPlacement;

G_BEGIN_DECLS

BgrunBroker *bgrun_scheduler_get_broker (BgrunScheduler *self);

/* A scheduler on @broker, with @broker's clock and @conditions. */
BgrunScheduler *bgrun_scheduler_new_with_broker (BgrunBroker     *broker,
                                                 BgrunConditions *conditions);

/* What features are handed of this scheduler (bgrun-placement-private.h). */
BgrunPlacement *bgrun_scheduler_get_placement (BgrunScheduler *self);

/* Adds an entry to the app's history, as the engine records its own: in
 * the store (embedded placement) and in bgrun_scheduler_get_history().
 * With the daemon, which has no call for it, only in this process's
 * history list. */
void bgrun_scheduler_record_history (BgrunScheduler    *self,
                                     const char        *identifier,
                                     BgrunHistoryEvent  event,
                                     const char        *message);

G_END_DECLS
