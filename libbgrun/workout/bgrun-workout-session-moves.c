/* bgrun-workout-session-moves.c: a workout session's moves between
 * states, and what they start and stop
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-builder-private.h"
#include "bgrun-workout-session-internal-private.h"
#include "bgrun-workout-source-private.h"

/* ---- data sources run while the session is active ------------------- */

void
bgrun_workout_session_start_sources (BgrunWorkoutSession *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    bgrun_workout_source_start (g_ptr_array_index (self->sources, i));
}

void
bgrun_workout_session_stop_sources (BgrunWorkoutSession *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    bgrun_workout_source_stop (g_ptr_array_index (self->sources, i));
}

/* ---- keeping the app running ------------------------------------------ */

void
bgrun_workout_session_acquire_keep_alive (BgrunWorkoutSession *self)
{
  BgrunKeepAlive *keep_alive = bgrun_workout_registry_get_keep_alive (self->registry);

  if (self->lease != 0)
    return;
  self->lease = bgrun_keep_alive_acquire (keep_alive,
                                          BGRUN_KEEP_ALIVE_HOLD_APPLICATION |
                                          BGRUN_KEEP_ALIVE_BACKGROUND |
                                          BGRUN_KEEP_ALIVE_INHIBIT_SUSPEND,
                                          _("Workout in progress"));
  bgrun_keep_alive_set_status (keep_alive, self->lease, _("Workout in progress"));
}

void
bgrun_workout_session_release_keep_alive (BgrunWorkoutSession *self)
{
  if (self->lease == 0)
    return;
  bgrun_keep_alive_release (bgrun_workout_registry_get_keep_alive (self->registry), self->lease);
  self->lease = 0;
}

/* ---- journal ---------------------------------------------------------- */

GDateTime *
bgrun_workout_session_now (BgrunWorkoutSession *self)
{
  return bgrun_clock_get_now (self->clock);
}

static void
journal_failed (BgrunWorkoutSession *self,
                GError              *error)
{
  g_clear_pointer (&self->journal, bgrun_workout_journal_free);
  g_signal_emit (self, bgrun_workout_session_signals[SIG_FAILED], 0, error);
}

void
bgrun_workout_session_journal (BgrunWorkoutSession      *self,
                               const BgrunJournalRecord *record)
{
  g_autoptr(GError) error = NULL;

  if (self->journal == NULL)
    return;
  if (!bgrun_workout_journal_append (self->journal, record, &error))
    journal_failed (self, error);
}

void
bgrun_workout_session_drop_journal (BgrunWorkoutSession *self)
{
  if (self->journal != NULL)
    bgrun_workout_journal_delete (g_steal_pointer (&self->journal));
}

static void
start_journal (BgrunWorkoutSession *self)
{
  g_autoptr(GError) error = NULL;
  BgrunJournalRecord config = {
    .kind = BGRUN_JOURNAL_CONFIG,
    .arg = bgrun_workout_configuration_get_activity_type (self->configuration),
    .value = bgrun_workout_configuration_get_location_type (self->configuration),
  };

  self->journal = bgrun_workout_journal_create (bgrun_workout_registry_get_journal (self->registry), &error);
  if (self->journal == NULL)
    {
      g_signal_emit (self, bgrun_workout_session_signals[SIG_FAILED], 0, error);
      return;
    }
  bgrun_workout_session_journal (self, &config);
}

/* ---- data sources ----------------------------------------------------- */

void
bgrun_workout_session_deliver_sample (BgrunWorkoutSession *self,
                                      BgrunQuantityType    type,
                                      double               value,
                                      GDateTime           *date)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_workout_builder_add_sample (self->builder, type, value, date, &error))
    g_debug ("libbgrun: a data source's sample is not recorded: %s", error->message);
}

void
bgrun_workout_session_add_source (BgrunWorkoutSession *self,
                                  gpointer             source)
{
  g_ptr_array_add (self->sources, source);
  if ((1u << self->state) & BGRUN_WORKOUT_ACTIVE_STATES)
    bgrun_workout_source_start (source);
}

/* ---- states ----------------------------------------------------------- */

static const char *
state_name (BgrunWorkoutSessionState state)
{
  switch (state)
    {
    case BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED: return _("not started");
    case BGRUN_WORKOUT_SESSION_STATE_PREPARED: return _("prepared");
    case BGRUN_WORKOUT_SESSION_STATE_RUNNING: return _("running");
    case BGRUN_WORKOUT_SESSION_STATE_PAUSED: return _("paused");
    case BGRUN_WORKOUT_SESSION_STATE_STOPPED: return _("stopped");
    case BGRUN_WORKOUT_SESSION_STATE_ENDED: return _("ended");
    default: return "?";
    }
}

/* @message has one %s, the current state's name. */
static gboolean
check_state (BgrunWorkoutSession  *self,
             guint                 allowed,
             const char           *message,
             GError              **error)
{
  if (allowed & (1u << self->state))
    return TRUE;
  g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_INVALID_STATE,
               message, state_name (self->state));
  return FALSE;
}

/* The first move out of NOT_STARTED: the app's one active session starts
 * keeping the app running and journaling. */
static gboolean
activate (BgrunWorkoutSession  *self,
          GError              **error)
{
  if (self->state != BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED)
    return TRUE;
  if (!bgrun_workout_registry_set_active (self->registry, self, error))
    return FALSE;
  bgrun_workout_session_acquire_keep_alive (self);
  start_journal (self);
  bgrun_workout_session_start_sources (self);
  return TRUE;
}

void
bgrun_workout_session_set_date (GDateTime **slot,
                                GDateTime  *date)
{
  g_clear_pointer (slot, g_date_time_unref);
  *slot = g_date_time_ref (date);
}

static void
move_to (BgrunWorkoutSession      *self,
         BgrunWorkoutSessionState  state,
         GDateTime                *date)
{
  BgrunWorkoutSessionState from = self->state;
  BgrunJournalRecord record = { .kind = BGRUN_JOURNAL_STATE, .arg = state, .at = bgrun_time_to_usec (date) };

  self->state = state;
  bgrun_workout_session_journal (self, &record);
  if (state == BGRUN_WORKOUT_SESSION_STATE_ENDED)
    {
      bgrun_workout_session_stop_sources (self);
      bgrun_workout_session_release_keep_alive (self);
      bgrun_workout_registry_end (self->registry, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_workout_session_properties[PROP_STATE]);
  g_signal_emit (self, bgrun_workout_session_signals[SIG_STATE_CHANGED], 0, state, from, date);
}

void
bgrun_workout_session_emit_event (BgrunWorkoutSession   *self,
                                  BgrunWorkoutEventType  type,
                                  GDateTime             *date)
{
  g_autoptr(BgrunWorkoutEvent) event = bgrun_workout_event_new (type, date, 0);

  /* Announced whether or not the builder still takes it (its collection
   * may have ended): the app hears of a sensor lost all the same. */
  bgrun_workout_builder_add_session_event (self->builder, type, bgrun_time_to_usec (date));
  g_signal_emit (self, bgrun_workout_session_signals[SIG_EVENT], 0, event);
}

/**
 * bgrun_workout_session_prepare:
 * @self: a session that has not started
 * @error: return location for a #GError
 *
 * Gets ready for the workout: the app may run in the background from now
 * on and data sources warm up (a heart-rate sensor connects), but nothing
 * is collected yet. Moves from not started to prepared.
 *
 * Returns: %TRUE, or %FALSE with @error set (the state is unchanged):
 *   %BGRUN_SESSION_ERROR_INVALID_STATE if the session was already
 *   prepared or started, %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS if
 *   another workout session of the app is active
 */
gboolean
bgrun_workout_session_prepare (BgrunWorkoutSession  *self,
                               GError              **error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (self, 1 << BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED,
                    _("Cannot prepare the workout session: it is %s; only a session that has not started can be prepared."),
                    error) ||
      !activate (self, error))
    return FALSE;
  now = bgrun_workout_session_now (self);
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_PREPARED, now);
  return TRUE;
}

/**
 * bgrun_workout_session_start_activity:
 * @self: a session not started or prepared
 * @date: (nullable): when the activity started; %NULL for now
 * @error: return location for a #GError
 *
 * Starts the workout: moves to running, from not started or prepared. The
 * builder collects from [method@Bgrun.WorkoutBuilder.begin_collection],
 * usually called right after with the same date.
 *
 * Returns: %TRUE, or %FALSE with @error set (the state is unchanged):
 *   %BGRUN_SESSION_ERROR_INVALID_STATE if the session already started,
 *   %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS if another workout session
 *   of the app is active
 */
gboolean
bgrun_workout_session_start_activity (BgrunWorkoutSession  *self,
                                      GDateTime            *date,
                                      GError              **error)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (self, 1 << BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED | 1 << BGRUN_WORKOUT_SESSION_STATE_PREPARED,
                    _("Cannot start the workout session: it is %s; only a session that is not started or prepared can start."),
                    error) ||
      !activate (self, error))
    return FALSE;
  when = date != NULL ? g_date_time_ref (date) : bgrun_workout_session_now (self);
  bgrun_workout_session_set_date (&self->start_date, when);
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_workout_session_properties[PROP_START_DATE]);
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_RUNNING, when);
  return TRUE;
}

/**
 * bgrun_workout_session_pause:
 * @self: a running session
 * @error: return location for a #GError
 *
 * Pauses the workout, now: time stops counting in the builder's
 * [property@Bgrun.WorkoutBuilder:elapsed-time] and in time-weighted
 * averages. Emits [signal@Bgrun.WorkoutSession::state-changed], then
 * [signal@Bgrun.WorkoutSession::event] with a pause event.
 *
 * Returns: %TRUE, or %FALSE with %BGRUN_SESSION_ERROR_INVALID_STATE when
 *   the session is not running (the state is unchanged)
 */
gboolean
bgrun_workout_session_pause (BgrunWorkoutSession  *self,
                             GError              **error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (self, 1 << BGRUN_WORKOUT_SESSION_STATE_RUNNING,
                    _("Cannot pause the workout session: it is %s; only a running session can pause."),
                    error))
    return FALSE;
  now = bgrun_workout_session_now (self);
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_PAUSED, now);
  bgrun_workout_session_emit_event (self, BGRUN_WORKOUT_EVENT_TYPE_PAUSE, now);
  return TRUE;
}

/**
 * bgrun_workout_session_resume:
 * @self: a paused session
 * @error: return location for a #GError
 *
 * Resumes a paused workout, now. Emits
 * [signal@Bgrun.WorkoutSession::state-changed], then
 * [signal@Bgrun.WorkoutSession::event] with a resume event.
 *
 * Returns: %TRUE, or %FALSE with %BGRUN_SESSION_ERROR_INVALID_STATE when
 *   the session is not paused (the state is unchanged)
 */
gboolean
bgrun_workout_session_resume (BgrunWorkoutSession  *self,
                              GError              **error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (self, 1 << BGRUN_WORKOUT_SESSION_STATE_PAUSED,
                    _("Cannot resume the workout session: it is %s; only a paused session can resume."),
                    error))
    return FALSE;
  now = bgrun_workout_session_now (self);
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_RUNNING, now);
  bgrun_workout_session_emit_event (self, BGRUN_WORKOUT_EVENT_TYPE_RESUME, now);
  return TRUE;
}

/**
 * bgrun_workout_session_stop_activity:
 * @self: a running or paused session
 * @date: (nullable): when the activity stopped; %NULL for now
 * @error: return location for a #GError
 *
 * Stops the activity: it cannot restart, but the app still runs so it can
 * save the workout (end the builder's collection, finish the workout),
 * then [method@Bgrun.WorkoutSession.end] the session.
 *
 * Returns: %TRUE, or %FALSE with %BGRUN_SESSION_ERROR_INVALID_STATE when
 *   the session is neither running nor paused (the state is unchanged)
 */
gboolean
bgrun_workout_session_stop_activity (BgrunWorkoutSession  *self,
                                     GDateTime            *date,
                                     GError              **error)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (self, 1 << BGRUN_WORKOUT_SESSION_STATE_RUNNING | 1 << BGRUN_WORKOUT_SESSION_STATE_PAUSED,
                    _("Cannot stop the workout session: it is %s; only a running or paused session can stop."),
                    error))
    return FALSE;
  when = date != NULL ? g_date_time_ref (date) : bgrun_workout_session_now (self);
  bgrun_workout_session_set_date (&self->end_date, when);
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_workout_session_properties[PROP_END_DATE]);
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_STOPPED, when);
  return TRUE;
}

/**
 * bgrun_workout_session_end:
 * @self: a prepared, running, paused or stopped session
 * @error: return location for a #GError
 *
 * Ends the session, now: the app is no longer kept running for it, and
 * another workout session may start. A session that was running or paused
 * stops on the way (its [property@Bgrun.WorkoutSession:end-date] is set).
 * The builder keeps what it collected until it finishes or discards the
 * workout.
 *
 * Returns: %TRUE, or %FALSE with %BGRUN_SESSION_ERROR_INVALID_STATE when
 *   the session is not started or already ended (the state is unchanged)
 */
gboolean
bgrun_workout_session_end (BgrunWorkoutSession  *self,
                           GError              **error)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_state (self, BGRUN_WORKOUT_ACTIVE_STATES,
                    _("Cannot end the workout session: it is %s; only a prepared, running, paused or stopped session can end."),
                    error))
    return FALSE;
  now = bgrun_workout_session_now (self);
  if (self->end_date == NULL && self->start_date != NULL)
    {
      bgrun_workout_session_set_date (&self->end_date, now);
      g_object_notify_by_pspec (G_OBJECT (self), bgrun_workout_session_properties[PROP_END_DATE]);
    }
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_ENDED, now);
  return TRUE;
}
