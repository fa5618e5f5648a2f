/* bgrun-trigger-host-private.h: bgrund starts the tasks of what happens
 * outside the apps
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-broker-service-private.h"
#include "bgrun-engine-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_TRIGGER_HOST (bgrun_trigger_host_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTriggerHost, bgrun_trigger_host, BGRUN, TRIGGER_HOST, GObject)

/* Serves Broker1's Subscribe and ReportTrigger for @service's apps.
 * Subscriptions are kept in <base>/daemon/triggers.ini, one group per
 * app, so they outlast the app's process and bgrund's. Each trigger that
 * bgrund watches (the default GNetworkMonitor's connectivity coming back,
 * a BlueZ GATT characteristic notifying: one BgrunGattWatch for all the
 * apps that follow it) starts a task for every subscribed app (bgrun_task_trigger_fire()),
 * which bgrund's launcher starts the app for when it does not run.
 *
 * Property "busy" (notify): an app subscribed to something bgrund
 * watches, so bgrund must not exit. */
BgrunTriggerHost *bgrun_trigger_host_new      (const char          *base,
                                               BgrunEngine         *engine,
                                               BgrunBrokerService  *service);
gboolean          bgrun_trigger_host_get_busy (BgrunTriggerHost    *self);

G_END_DECLS
