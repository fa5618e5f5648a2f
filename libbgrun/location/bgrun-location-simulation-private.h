/* bgrun-location-simulation-private.h: a route the user told an app's
 * sessions to follow (bgrunctl simulate-location)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-location-provider-private.h"
#include "bgrun-location-session.h"
#include "bgrun-placement-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_LOCATION_SIMULATION (bgrun_location_simulation_get_type ())

G_DECLARE_FINAL_TYPE (BgrunLocationSimulation, bgrun_location_simulation,
                      BGRUN, LOCATION_SIMULATION, GObject)

/* One per scheduler, attached to its placement. Until the user asks for a
 * simulation it does nothing. Once asked (Admin1.SimulateLocation on the
 * app's own export, or bgrund's Broker1 SimulateLocation signal in the
 * daemon placement), every session of the app replays that track: the
 * running ones switch to it at once, keeping their regions, pause state
 * and keep-alive, and the ones started later start with it, whatever
 * provider they asked for. It lasts until the process exits. */

/* The placement hook (bgrun_features_ensure()). */
void                     bgrun_location_simulation_attach  (BgrunPlacement           *placement);

/* The simulation of @scheduler's app, or NULL when the scheduler was made
 * before the hook was registered (never in practice). */
BgrunLocationSimulation *bgrun_location_simulation_get     (BgrunScheduler           *scheduler);

/* Loads @file (a GPX or NMEA track) and makes every session of the app
 * replay it at @speed (> 0). Fails, changing nothing, with
 * BGRUN_LOCATION_ERROR_REPLAY_FILE when the file cannot be read or does
 * not parse, and BGRUN_LOCATION_ERROR_INVALID_STATE for a speed that is
 * not above 0. */
gboolean                 bgrun_location_simulation_start   (BgrunLocationSimulation  *self,
                                                            GFile                    *file,
                                                            double                    speed,
                                                            GError                  **error);

/* While a simulation is on: a new replay backend of its track, timed by
 * @clock. NULL when none is on. */
BgrunLocationBackend    *bgrun_location_simulation_new_backend (BgrunLocationSimulation *self,
                                                                BgrunClock              *clock);

/* Running sessions register so a simulation asked later reaches them
 * (bgrun_location_session_switch_backend()). */
void                     bgrun_location_simulation_add     (BgrunLocationSimulation  *self,
                                                            BgrunLocationSession     *session);
void                     bgrun_location_simulation_remove  (BgrunLocationSimulation  *self,
                                                            BgrunLocationSession     *session);

/* bgrun-location-session-run.c: replaces the running @session's backend
 * with @backend (taken), announcing the new active provider; regions,
 * pause state and keep-alive carry on. */
void                     bgrun_location_session_switch_backend (BgrunLocationSession  *session,
                                                                BgrunLocationBackend  *backend);

G_END_DECLS
