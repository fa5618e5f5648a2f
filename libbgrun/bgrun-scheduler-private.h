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

typedef struct _BgrunExtendedRuntimeRegistry BgrunExtendedRuntimeRegistry;

G_BEGIN_DECLS

BgrunBroker *bgrun_scheduler_get_broker (BgrunScheduler *self);

/* A scheduler on @broker, with @broker's clock and @conditions. */
BgrunScheduler *bgrun_scheduler_new_with_broker (BgrunBroker     *broker,
                                                 BgrunConditions *conditions);

/* The extended runtime sessions of the scheduler's app. */
BgrunExtendedRuntimeRegistry *bgrun_scheduler_get_session_registry (BgrunScheduler *self);

/* Adds an entry to the app's history, as the engine records its own: in
 * the store (embedded placement) and in bgrun_scheduler_get_history().
 * With the daemon, which has no call for it, only in this process's
 * history list. */
void bgrun_scheduler_record_history (BgrunScheduler    *self,
                                     const char        *identifier,
                                     BgrunHistoryEvent  event,
                                     const char        *message);

/* Whether the background URL session @session_identifier of this process
 * has emitted events-finished (TRUE), or went away (FALSE): running
 * URL-session refresh tasks for a ready session complete successfully,
 * from the main loop, now or when they arrive. */
void bgrun_scheduler_set_url_session_ready (BgrunScheduler *self,
                                            const char     *session_identifier,
                                            gboolean        ready);

G_END_DECLS
