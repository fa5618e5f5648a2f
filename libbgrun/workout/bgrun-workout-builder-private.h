/* bgrun-workout-builder-private.h: the builder a session makes
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-workout-builder.h"
#include "bgrun-workout-journal-private.h"
#include "bgrun-workout-session.h"
#include "bgrun-workout-timeline-private.h"

G_BEGIN_DECLS

/* The builder of @session, which owns it; the builder points back weakly
 * (journal, clock) and keeps working, unjournaled, if the session goes. */
BgrunWorkoutBuilder  *bgrun_workout_builder_new            (BgrunWorkoutSession       *session,
                                                            BgrunWorkoutConfiguration *configuration);
BgrunWorkoutTimeline *bgrun_workout_builder_get_timeline   (BgrunWorkoutBuilder       *self);

/* Records an event of the session or a data source (see
 * bgrun_workout_session_emit_event()); FALSE if the timeline refused it. */
gboolean              bgrun_workout_builder_add_session_event (BgrunWorkoutBuilder    *self,
                                                               BgrunWorkoutEventType   type,
                                                               gint64                  at);

/* Replays one journal record (recovery): no journaling, no signals.
 * FALSE for a record the timeline refuses (which a journal this builder
 * wrote never holds). */
gboolean              bgrun_workout_builder_replay         (BgrunWorkoutBuilder       *self,
                                                            const BgrunJournalRecord  *record);

G_END_DECLS
