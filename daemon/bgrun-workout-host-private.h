/* bgrun-workout-host-private.h: bgrund starts an app again to recover its
 * workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bgrun-broker-service-private.h"
#include "bgrun-engine-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_WORKOUT_HOST (bgrun_workout_host_get_type ())

G_DECLARE_FINAL_TYPE (BgrunWorkoutHost, bgrun_workout_host, BGRUN, WORKOUT_HOST, GObject)

/* The apps in the daemon placement that have an active workout session,
 * as they report it (Broker1 SetWorkout). When the last process of such
 * an app leaves the bus (it crashed or was killed, or quit without ending
 * the workout), a "workout-recovery" system request is submitted for it,
 * which starts the app as a due task does; the app recovers the session
 * in that task and reports it active again. An app that leaves again
 * before reporting it is not started again, so that one that dies at
 * every start is not started for ever. */
BgrunWorkoutHost *bgrun_workout_host_new (BgrunEngine        *engine,
                                          BgrunBrokerService *service);

G_END_DECLS
