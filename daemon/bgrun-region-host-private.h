/* bgrun-region-host-private.h: bgrund watches the regions of apps that are
 * not running
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bgrun-broker-service-private.h"
#include "bgrun-clock.h"
#include "bgrun-engine-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_REGION_HOST (bgrun_region_host_get_type ())

G_DECLARE_FINAL_TYPE (BgrunRegionHost, bgrun_region_host, BGRUN, REGION_HOST, GObject)

/* The regions apps in the daemon placement handed over (Broker1
 * SetRegions), kept in <base>/daemon/regions/<app-id>.gvariant, and
 * watched with bgrund's own location provider (the one
 * BGRUN_LOCATION_PROVIDER or BGRUN_LOCATION_REPLAY chooses, as for an
 * app) while no process of the app is attached or the attached one runs
 * no location session (SetRegions' watching). An entry or exit is
 * journaled in <base>/daemon/location.db (the store's events, keyed by
 * app id) and submitted as a "location-region" system request, which
 * starts the app; it takes the events (TakeRegionEvents) and
 * acknowledges them once delivered.
 *
 * The same journal holds the fixes of a location session that allows
 * background updates (Broker1 SetLocationUpdates) while no process of
 * the app runs a session: bgrun-hosted-updates.c.
 *
 * Property "busy": an app has regions or hosted updates, so the provider
 * runs (fixes go to the apps that are not attached) and bgrund must not
 * exit. */
BgrunRegionHost *bgrun_region_host_new      (const char          *base,
                                             BgrunEngine         *engine,
                                             BgrunBrokerService  *service,
                                             BgrunClock          *clock,
                                             GError             **error);
gboolean         bgrun_region_host_get_busy (BgrunRegionHost     *self);

G_END_DECLS
