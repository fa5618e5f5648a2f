/* bgrun-workout-registry-private.h: what an app's workout sessions share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-keep-alive-private.h"
#include "bgrun-placement-private.h"
#include "bgrun-workout-session.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_WORKOUT_REGISTRY (bgrun_workout_registry_get_type ())

G_DECLARE_FINAL_TYPE (BgrunWorkoutRegistry, bgrun_workout_registry, BGRUN, WORKOUT_REGISTRY, GObject)

/* One registry per scheduler (so per app): it holds the one active
 * workout session (prepared to stopped; not owned: the session empties
 * the slot when it ends or is disposed), the keep-alive the session
 * leases from, and the path of the app's workout journal,
 * "<state directory>/workout.journal". In the daemon placement it tells
 * bgrund whether a session is active (Broker1 SetWorkout): from the
 * session's first move, or its recovery, until it ends; one that is
 * dropped while active stays so, since its journal waits to be
 * recovered. */

/* The placement hook (bgrun_features_ensure()). */
void                  bgrun_workout_registry_attach         (BgrunPlacement       *placement);
BgrunWorkoutRegistry *bgrun_workout_registry_get            (BgrunScheduler       *scheduler);

BgrunKeepAlive       *bgrun_workout_registry_get_keep_alive (BgrunWorkoutRegistry *self);
const char           *bgrun_workout_registry_get_journal    (BgrunWorkoutRegistry *self);
BgrunWorkoutSession  *bgrun_workout_registry_get_active     (BgrunWorkoutRegistry *self);
/* Fills the active slot; fails with BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS
 * when another session holds it. */
gboolean              bgrun_workout_registry_set_active     (BgrunWorkoutRegistry *self,
                                                             BgrunWorkoutSession  *session,
                                                             GError              **error);
/* Empties the slot if @session holds it: the session was dropped, or
 * could not be recovered. */
void                  bgrun_workout_registry_forget         (BgrunWorkoutRegistry *self,
                                                             BgrunWorkoutSession  *session);
/* Empties the slot if @session holds it, for good: the session ended,
 * and bgrund no longer starts the app to recover it. */
void                  bgrun_workout_registry_end            (BgrunWorkoutRegistry *self,
                                                             BgrunWorkoutSession  *session);
/* recover_async answered: completes the workout recovery task that runs
 * in this process, if the app has not. */
void                  bgrun_workout_registry_recovered      (BgrunWorkoutRegistry *self);

G_END_DECLS
