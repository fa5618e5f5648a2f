/* bgrun-local-broker-private.h: the broker for the embedded engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-broker-private.h"
#include "bgrun-engine-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_LOCAL_BROKER (bgrun_local_broker_get_type ())

G_DECLARE_FINAL_TYPE (BgrunLocalBroker, bgrun_local_broker, BGRUN, LOCAL_BROKER, GObject)

BgrunLocalBroker *bgrun_local_broker_new        (BgrunEngine      *engine,
                                                 const char       *app_id);
BgrunEngine      *bgrun_local_broker_get_engine (BgrunLocalBroker *self);

G_END_DECLS
