/* bgrun-workout-recovery-task-private.h: the request kind that starts an
 * app to recover its workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-engine-private.h"
#include "bgrun-workout-recovery-task.h"

G_BEGIN_DECLS

/* The request kind bgrund submits when the process of an app with an
 * active workout session went: it starts the app, which recovers the
 * session in the task. Its tasks are BgrunWorkoutRecoveryTask. */
#define BGRUN_REQUEST_KIND_WORKOUT_RECOVERY "workout-recovery"

/* Registers the kind (bgrun-features.c). */
void     bgrun_workout_recovery_kind_register   (void);

/* In bgrund: submits the workout-recovery request for @app_id (once while
 * one is pending), which makes it due and has bgrund start the app. */
gboolean bgrun_engine_submit_workout_recovery   (BgrunEngine  *engine,
                                                 const char   *app_id,
                                                 GError      **error);

G_END_DECLS
