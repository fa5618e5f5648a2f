/* bgrun-scheduler-private.h: what the test driver needs of the scheduler
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-broker-private.h"
#include "bgrun-scheduler.h"

G_BEGIN_DECLS

BgrunBroker *bgrun_scheduler_get_broker (BgrunScheduler *self);

G_END_DECLS
