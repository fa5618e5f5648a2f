/* bgrun-testing-service-private.h: the clock and conditions of a bgrund in
 * test mode, exported as org.bgrun.Testing1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-dbus-broker-private.h"
#include "bgrun-engine-private.h"

#include "bgrun-broker-service-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_TESTING_SERVICE (bgrun_testing_service_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTestingService, bgrun_testing_service, BGRUN, TESTING_SERVICE, GObject)

GDBusInterfaceInfo  *bgrun_testing_get_interface_info (void);

/* Exports org.bgrun.Testing1 for @engine, which must run on a
 * BgrunTestClock and simulated conditions, at /org/bgrun/Broker1 on
 * @connection until disposed (bgrund --test-mode); its calls are served
 * in turns with @broker's. */
BgrunTestingService *bgrun_testing_service_new (BgrunEngine         *engine,
                                                BgrunBrokerService  *broker,
                                                GDBusConnection     *connection,
                                                GError             **error);

G_END_DECLS
