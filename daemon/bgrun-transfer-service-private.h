/* bgrun-transfer-service-private.h: hosted URL sessions exported on D-Bus
 * as org.bgrun.Transfers1
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-broker-service-private.h"
#include "bgrun-transfer-host-private.h"

G_BEGIN_DECLS

#define BGRUN_TRANSFERS_INTERFACE "org.bgrun.Transfers1"

#define BGRUN_TYPE_TRANSFER_SERVICE (bgrun_transfer_service_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTransferService, bgrun_transfer_service, BGRUN, TRANSFER_SERVICE, GObject)

/* Exports @host at /org/bgrun/Broker1 on @connection as
 * org.bgrun.Transfers1 (data/org.bgrun.Transfers1.xml), until disposed.
 * A caller acts as the app id its connection attached with on @broker's
 * org.bgrun.Broker1; a connection that did not attach gets
 * org.bgrun.Error.NotPermitted. Each owner in @host is a caller's unique
 * bus name: the sessions it opened close when it leaves the bus. */
BgrunTransferService *bgrun_transfer_service_new (BgrunTransferHost   *host,
                                                  BgrunBrokerService  *broker,
                                                  GDBusConnection     *connection,
                                                  GError             **error);

G_END_DECLS
