/* bgrun-workout-session-private.h: what the builder, recovery and data
 * sources use of a workout session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-workout-event.h"
#include "bgrun-workout-journal-private.h"
#include "bgrun-workout-session.h"

G_BEGIN_DECLS

/* The scheduler's clock's now (transfer full). */
GDateTime *bgrun_workout_session_now          (BgrunWorkoutSession      *self);

/* Writes @record to the session's journal, if it keeps one (from its
 * first move out of NOT_STARTED until the workout is finished or
 * discarded). The first failure is emitted as ::failed and stops the
 * journal; the workout goes on, unprotected. */
void       bgrun_workout_session_journal      (BgrunWorkoutSession      *self,
                                               const BgrunJournalRecord *record);

/* The workout was finished or discarded: it needs no recovery, the
 * journal is deleted. */
void       bgrun_workout_session_drop_journal (BgrunWorkoutSession      *self);

/* An event of the session or of a data source (pause, resume, sensor
 * lost and found): recorded by the builder (without the checks meant for
 * the app's own events; refused only once collection ended or the
 * workout was finished) and emitted as ::event in any case. */
void       bgrun_workout_session_emit_event   (BgrunWorkoutSession      *self,
                                               BgrunWorkoutEventType     type,
                                               GDateTime                *date);

/* A data source's sample, dated @date: given to the builder if it is
 * collecting (else dropped: a sensor warming up in the prepared state). */
void       bgrun_workout_session_deliver_sample (BgrunWorkoutSession    *self,
                                                 BgrunQuantityType       type,
                                                 double                  value,
                                                 GDateTime              *date);

/* Adds @source (transfer full) to the session's sources: started now if
 * the session is active, else when it becomes active; stopped when it
 * ends or goes. */
void       bgrun_workout_session_add_source     (BgrunWorkoutSession    *self,
                                                 gpointer                source);

/* Makes the session an earlier run of the app journaled: @records are
 * replayed into a new session and its builder, without signals; the
 * session becomes the app's active one (unless it had ended) and keeps
 * writing the journal at @path from @length on. */
BgrunWorkoutSession *bgrun_workout_session_new_recovered (BgrunScheduler  *scheduler,
                                                          GArray          *records,
                                                          const char      *path,
                                                          goffset          length,
                                                          GError         **error);

G_END_DECLS
