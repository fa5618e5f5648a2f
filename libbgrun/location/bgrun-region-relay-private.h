/* bgrun-region-relay-private.h: an app's regions, watched by bgrund while
 * the app does not run, and the events it saw then
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-engine-private.h"
#include "bgrun-location-session.h"
#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* The request kind bgrund submits when it saw a region event of an app
 * that is not running: it starts the app, whose relay then takes the
 * journaled events. Its tasks are BgrunRegionEventsTask. */
#define BGRUN_REQUEST_KIND_LOCATION_REGION "location-region"
/* The identifier of that request; apps cannot use it for theirs. */
#define BGRUN_LOCATION_REGION_IDENTIFIER   "org.bgrun.location-region"

#define BGRUN_TYPE_REGION_EVENTS_TASK (bgrun_region_events_task_get_type ())
G_DECLARE_FINAL_TYPE (BgrunRegionEventsTask, bgrun_region_events_task,
                      BGRUN, REGION_EVENTS_TASK, BgrunTask)

/* Registers the kind (bgrun-features.c). */
void     bgrun_region_relay_kind_register      (void);

/* In bgrund: submits the location-region request for @app_id (once while
 * one is pending), which makes it due and has bgrund start it. */
gboolean bgrun_engine_submit_location_region   (BgrunEngine           *engine,
                                                const char            *app_id,
                                                GError               **error);

/* The placement hook (bgrun-features.c). In the daemon placement only:
 * hands the app's regions and their states to bgrund (Broker1
 * SetRegions) now and whenever they change, takes the events bgrund
 * journaled while the app was not running (when it attaches, and when a
 * location-region task starts), and delivers them, in order, as
 * region-event of the app's location sessions (those that exist, else the
 * next one created), acknowledging them once delivered so they are never
 * delivered again. Each event also sets the device's state in that region
 * in the app's own regions file, so the app's next session does not
 * report it a second time. */
void     bgrun_region_relay_attach             (BgrunPlacement        *placement);

/* The session calls it when constructed: what bgrund journaled is taken
 * and delivered to it from the main loop, once the app had the chance to
 * connect to region-event and location-updated. */
void     bgrun_region_relay_session_created    (BgrunLocationSession  *session);

/* The session calls it when it starts (@running) and when it stops: while
 * one of the app's sessions runs, the app watches its regions itself, and
 * bgrund is told to leave them to it; otherwise bgrund watches them for
 * the app, attached or not. bgrund is also told whether one of the
 * running sessions allows background updates (Broker1
 * SetLocationUpdates), so that it hosts them if the process goes, and,
 * when a session starts, what bgrund journaled meanwhile is delivered
 * before this returns, ahead of the session's own fixes. */
void     bgrun_region_relay_session_running    (BgrunLocationSession  *session,
                                                gboolean               running);

/* The relay calls it (bgrun-location-session-run.c) for a location
 * bgrund journaled for the app: @session delivers it as its own, without
 * the distance filter, pausing or regions bgrund applied already. */
void     bgrun_location_session_deliver        (BgrunLocationSession  *session,
                                                BgrunLocation         *fix);

G_END_DECLS
