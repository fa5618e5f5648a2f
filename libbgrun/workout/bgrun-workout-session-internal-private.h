/* bgrun-workout-session-internal-private.h: what the files of
 * BgrunWorkoutSession share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-workout-registry-private.h"
#include "bgrun-workout-session-private.h"

G_BEGIN_DECLS

/* The object and its getters are in bgrun-workout-session.c, the moves
 * between states with what they start and stop (keep-alive, journal,
 * data sources) in bgrun-workout-session-moves.c, the public functions
 * that add sources in bgrun-workout-session-sources.c, and recovery in
 * bgrun-workout-recovery.c. */

struct _BgrunWorkoutSession
{
  GObject parent_instance;

  BgrunScheduler            *scheduler;
  BgrunWorkoutConfiguration *configuration;
  BgrunWorkoutRegistry      *registry;
  BgrunClock                *clock;
  BgrunWorkoutBuilder       *builder;
  BgrunWorkoutJournal       *journal;
  BgrunWorkoutSessionState   state;
  GDateTime                 *start_date;
  GDateTime                 *end_date;
  guint                      lease;
  GPtrArray                 *sources;  /* of BgrunWorkoutSource */
};

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_CONFIGURATION,
  PROP_BUILDER,
  PROP_STATE,
  PROP_START_DATE,
  PROP_END_DATE,
  N_PROPS
};

extern GParamSpec *bgrun_workout_session_properties[N_PROPS];

enum {
  SIG_STATE_CHANGED,
  SIG_EVENT,
  SIG_FAILED,
  N_SIGNALS
};

extern guint bgrun_workout_session_signals[N_SIGNALS];

/* The states in which a session is the app's active one. */
#define BGRUN_WORKOUT_ACTIVE_STATES (1 << BGRUN_WORKOUT_SESSION_STATE_PREPARED | \
                                     1 << BGRUN_WORKOUT_SESSION_STATE_RUNNING |  \
                                     1 << BGRUN_WORKOUT_SESSION_STATE_PAUSED |   \
                                     1 << BGRUN_WORKOUT_SESSION_STATE_STOPPED)

/* Takes (once) or releases the lease that holds the app and shows
 * "Workout in progress". */
void bgrun_workout_session_acquire_keep_alive (BgrunWorkoutSession *self);
void bgrun_workout_session_release_keep_alive (BgrunWorkoutSession *self);

/* Starts or stops every data source of the session. */
void bgrun_workout_session_start_sources      (BgrunWorkoutSession *self);
void bgrun_workout_session_stop_sources       (BgrunWorkoutSession *self);

/* Replaces the date in @slot with @date. */
void bgrun_workout_session_set_date           (GDateTime          **slot,
                                               GDateTime           *date);

G_END_DECLS
