/* bgrun-workout-session.c: a workout the app records in the background
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-builder-private.h"
#include "bgrun-workout-error.h"
#include "bgrun-workout-registry-private.h"
#include "bgrun-workout-session-private.h"
#include "bgrun-workout-source-private.h"

/**
 * BgrunWorkoutSession:
 *
 * A workout the user records: a run, a ride, a walk. While it is active
 * (from [method@Bgrun.WorkoutSession.prepare] or
 * [method@Bgrun.WorkoutSession.start_activity] until
 * [method@Bgrun.WorkoutSession.end]) the app keeps running in the
 * background: it is held (closing its last window does not quit it), the
 * machine does not suspend, and the Background portal shows "Workout in
 * progress".
 *
 * The session moves through the states of
 * [enum@Bgrun.WorkoutSessionState]; every other move fails with
 * %BGRUN_SESSION_ERROR_INVALID_STATE and leaves the state as it was.
 * [signal@Bgrun.WorkoutSession::state-changed] reports each move with its
 * date. An app has one workout session at a time: preparing or starting a
 * second one while the first is active fails with
 * %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS.
 *
 * The session's [class@Bgrun.WorkoutBuilder]
 * ([method@Bgrun.WorkoutSession.get_builder]) collects the samples and
 * events, and makes the finished [class@Bgrun.Workout].
 *
 * Everything that happens is written to a journal in the app's state
 * directory as it arrives. If the app is killed, the next run gets the
 * session back, in its state and with its samples, from
 * [func@Bgrun.WorkoutSession.recover_async]. The journal is deleted when
 * the builder finishes or discards the workout; dropping a session that
 * was not finished keeps it, so that workout can still be recovered. The
 * app has one journal: the first move of a new session starts it afresh,
 * so recover before starting a new workout.
 *
 * Dates come from the scheduler's [property@Bgrun.Scheduler:clock], so
 * tests drive sessions with [class@Bgrun.TestDriver]. Signals are emitted
 * on the main context of the thread the session was made on.
 */
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

G_DEFINE_FINAL_TYPE (BgrunWorkoutSession, bgrun_workout_session, G_TYPE_OBJECT)

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

static GParamSpec *properties[N_PROPS];

enum {
  SIG_STATE_CHANGED,
  SIG_EVENT,
  SIG_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define ACTIVE_STATES (1 << BGRUN_WORKOUT_SESSION_STATE_PREPARED | 1 << BGRUN_WORKOUT_SESSION_STATE_RUNNING | \
                       1 << BGRUN_WORKOUT_SESSION_STATE_PAUSED | 1 << BGRUN_WORKOUT_SESSION_STATE_STOPPED)

/* ---- data sources run while the session is active ------------------- */

static void
start_sources (BgrunWorkoutSession *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    bgrun_workout_source_start (g_ptr_array_index (self->sources, i));
}

static void
stop_sources (BgrunWorkoutSession *self)
{
  for (guint i = 0; i < self->sources->len; i++)
    bgrun_workout_source_stop (g_ptr_array_index (self->sources, i));
}

/* ---- keeping the app running ------------------------------------------ */

static void
acquire_keep_alive (BgrunWorkoutSession *self)
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

static void
release_keep_alive (BgrunWorkoutSession *self)
{
  if (self->lease == 0)
    return;
  bgrun_keep_alive_release (bgrun_workout_registry_get_keep_alive (self->registry), self->lease);
  self->lease = 0;
}

/* ---- object ----------------------------------------------------------- */

static void
bgrun_workout_session_constructed (GObject *object)
{
  BgrunWorkoutSession *self = BGRUN_WORKOUT_SESSION (object);

  G_OBJECT_CLASS (bgrun_workout_session_parent_class)->constructed (object);

  self->registry = g_object_ref (bgrun_workout_registry_get (self->scheduler));
  self->clock = g_object_ref (bgrun_scheduler_get_clock (self->scheduler));
  self->builder = bgrun_workout_builder_new (self, self->configuration);
}

static void
bgrun_workout_session_dispose (GObject *object)
{
  BgrunWorkoutSession *self = BGRUN_WORKOUT_SESSION (object);

  /* Dropped while active: what a crash does, less the crash. The journal
   * stays on disk so the workout can be recovered. */
  if (self->sources != NULL)
    {
      stop_sources (self);
      g_clear_pointer (&self->sources, g_ptr_array_unref);
    }
  if (self->registry != NULL)
    {
      release_keep_alive (self);
      bgrun_workout_registry_forget (self->registry, self);
    }
  g_clear_pointer (&self->journal, bgrun_workout_journal_free);
  g_clear_object (&self->builder);
  g_clear_object (&self->registry);
  g_clear_object (&self->clock);
  g_clear_object (&self->scheduler);

  G_OBJECT_CLASS (bgrun_workout_session_parent_class)->dispose (object);
}

static void
bgrun_workout_session_finalize (GObject *object)
{
  BgrunWorkoutSession *self = BGRUN_WORKOUT_SESSION (object);

  g_clear_object (&self->configuration);
  g_clear_pointer (&self->start_date, g_date_time_unref);
  g_clear_pointer (&self->end_date, g_date_time_unref);

  G_OBJECT_CLASS (bgrun_workout_session_parent_class)->finalize (object);
}

static void
bgrun_workout_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BgrunWorkoutSession *self = BGRUN_WORKOUT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_CONFIGURATION:
      g_value_set_object (value, self->configuration);
      break;
    case PROP_BUILDER:
      g_value_set_object (value, self->builder);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_START_DATE:
      g_value_set_boxed (value, self->start_date);
      break;
    case PROP_END_DATE:
      g_value_set_boxed (value, self->end_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  BgrunWorkoutSession *self = BGRUN_WORKOUT_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    case PROP_CONFIGURATION:
      self->configuration = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_session_class_init (BgrunWorkoutSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags read_only = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_workout_session_constructed;
  object_class->dispose = bgrun_workout_session_dispose;
  object_class->finalize = bgrun_workout_session_finalize;
  object_class->get_property = bgrun_workout_session_get_property;
  object_class->set_property = bgrun_workout_session_set_property;

  /**
   * BgrunWorkoutSession:scheduler:
   *
   * The scheduler of the app that records the workout. Its clock dates
   * the session's moves and its state directory keeps the journal.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER, construct);

  /**
   * BgrunWorkoutSession:configuration:
   *
   * What kind of workout the session records.
   */
  properties[PROP_CONFIGURATION] =
    g_param_spec_object ("configuration", NULL, NULL, BGRUN_TYPE_WORKOUT_CONFIGURATION, construct);

  /**
   * BgrunWorkoutSession:builder:
   *
   * The builder that collects the workout's samples and events.
   */
  properties[PROP_BUILDER] =
    g_param_spec_object ("builder", NULL, NULL, BGRUN_TYPE_WORKOUT_BUILDER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunWorkoutSession:state:
   *
   * Where the session is in its life; notified on every move, before
   * [signal@Bgrun.WorkoutSession::state-changed].
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_WORKOUT_SESSION_STATE,
                       BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED, read_only);

  /**
   * BgrunWorkoutSession:start-date:
   *
   * When the activity started ([method@Bgrun.WorkoutSession.start_activity]),
   * or %NULL before.
   */
  properties[PROP_START_DATE] =
    g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  /**
   * BgrunWorkoutSession:end-date:
   *
   * When the activity stopped ([method@Bgrun.WorkoutSession.stop_activity],
   * or the end of a session that was not stopped first), or %NULL before.
   */
  properties[PROP_END_DATE] =
    g_param_spec_boxed ("end-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunWorkoutSession::state-changed:
   * @self: the session
   * @to: the new state
   * @from: the state before
   * @date: when the move happened
   *
   * Emitted on every move between states, after
   * [property@Bgrun.WorkoutSession:state] changed.
   */
  signals[SIG_STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  BGRUN_TYPE_WORKOUT_SESSION_STATE, BGRUN_TYPE_WORKOUT_SESSION_STATE,
                  G_TYPE_DATE_TIME);

  /**
   * BgrunWorkoutSession::event:
   * @self: the session
   * @event: what happened
   *
   * Emitted for the events the session and its data sources make: a pause
   * or resume (after the state changed), a sensor lost or found. While
   * the builder collects, it has recorded the event when this is emitted;
   * after its collection ended the event is only announced.
   */
  signals[SIG_EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, BGRUN_TYPE_WORKOUT_EVENT);

  /**
   * BgrunWorkoutSession::failed:
   * @self: the session
   * @error: what went wrong
   *
   * Emitted when something goes wrong that the session survives but the
   * app should know about: the journal cannot be written
   * (%BGRUN_WORKOUT_ERROR_JOURNAL), so the workout would not survive a
   * crash. Emitted at most once per cause.
   */
  signals[SIG_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bgrun_workout_session_init (BgrunWorkoutSession *self)
{
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * bgrun_workout_session_new:
 * @scheduler: the app's scheduler
 * @configuration: what kind of workout to record
 * @error: return location for a #GError
 *
 * Makes a workout session, not started yet. It fails with
 * %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS when the app already has an
 * active workout session (an app has one at a time).
 *
 * Returns: (transfer full): a new session, or %NULL with @error set
 */
BgrunWorkoutSession *
bgrun_workout_session_new (BgrunScheduler             *scheduler,
                           BgrunWorkoutConfiguration  *configuration,
                           GError                    **error)
{
  BgrunWorkoutRegistry *registry;

  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);
  g_return_val_if_fail (BGRUN_IS_WORKOUT_CONFIGURATION (configuration), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  registry = bgrun_workout_registry_get (scheduler);
  if (bgrun_workout_registry_get_active (registry) != NULL)
    {
      g_set_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
                   _("The app %s already has a workout session in progress: end it before making another one."),
                   bgrun_scheduler_get_app_id (scheduler));
      return NULL;
    }
  return g_object_new (BGRUN_TYPE_WORKOUT_SESSION,
                       "scheduler", scheduler,
                       "configuration", configuration,
                       NULL);
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
  g_signal_emit (self, signals[SIG_FAILED], 0, error);
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
      g_signal_emit (self, signals[SIG_FAILED], 0, error);
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
  if ((1u << self->state) & ACTIVE_STATES)
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
  acquire_keep_alive (self);
  start_journal (self);
  start_sources (self);
  return TRUE;
}

static void
set_date (GDateTime **slot,
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
      stop_sources (self);
      release_keep_alive (self);
      bgrun_workout_registry_forget (self->registry, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_signal_emit (self, signals[SIG_STATE_CHANGED], 0, state, from, date);
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
  g_signal_emit (self, signals[SIG_EVENT], 0, event);
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
  set_date (&self->start_date, when);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_DATE]);
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
  set_date (&self->end_date, when);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_DATE]);
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

  if (!check_state (self, ACTIVE_STATES,
                    _("Cannot end the workout session: it is %s; only a prepared, running, paused or stopped session can end."),
                    error))
    return FALSE;
  now = bgrun_workout_session_now (self);
  if (self->end_date == NULL && self->start_date != NULL)
    {
      set_date (&self->end_date, now);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_DATE]);
    }
  move_to (self, BGRUN_WORKOUT_SESSION_STATE_ENDED, now);
  return TRUE;
}

/* ---- getters ---------------------------------------------------------- */

/**
 * bgrun_workout_session_get_scheduler:
 * @self: a session
 *
 * Gets [property@Bgrun.WorkoutSession:scheduler].
 *
 * Returns: (transfer none): the app's scheduler
 */
BgrunScheduler *
bgrun_workout_session_get_scheduler (BgrunWorkoutSession *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), NULL);

  return self->scheduler;
}

/**
 * bgrun_workout_session_get_configuration:
 * @self: a session
 *
 * Gets [property@Bgrun.WorkoutSession:configuration].
 *
 * Returns: (transfer none): what kind of workout the session records
 */
BgrunWorkoutConfiguration *
bgrun_workout_session_get_configuration (BgrunWorkoutSession *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), NULL);

  return self->configuration;
}

/**
 * bgrun_workout_session_get_builder:
 * @self: a session
 *
 * Gets the session's builder, which collects the workout's samples and
 * events and makes the finished workout.
 *
 * Returns: (transfer none): the builder
 */
BgrunWorkoutBuilder *
bgrun_workout_session_get_builder (BgrunWorkoutSession *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), NULL);

  return self->builder;
}

/**
 * bgrun_workout_session_get_state:
 * @self: a session
 *
 * Gets [property@Bgrun.WorkoutSession:state].
 *
 * Returns: where the session is in its life
 */
BgrunWorkoutSessionState
bgrun_workout_session_get_state (BgrunWorkoutSession *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), BGRUN_WORKOUT_SESSION_STATE_ENDED);

  return self->state;
}

/**
 * bgrun_workout_session_get_start_date:
 * @self: a session
 *
 * Gets [property@Bgrun.WorkoutSession:start-date].
 *
 * Returns: (transfer none) (nullable): when the activity started
 */
GDateTime *
bgrun_workout_session_get_start_date (BgrunWorkoutSession *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), NULL);

  return self->start_date;
}

/**
 * bgrun_workout_session_get_end_date:
 * @self: a session
 *
 * Gets [property@Bgrun.WorkoutSession:end-date].
 *
 * Returns: (transfer none) (nullable): when the activity stopped
 */
GDateTime *
bgrun_workout_session_get_end_date (BgrunWorkoutSession *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_SESSION (self), NULL);

  return self->end_date;
}

/* ---- recovery --------------------------------------------------------- */

BgrunWorkoutSession *
bgrun_workout_session_new_recovered (BgrunScheduler  *scheduler,
                                     GArray          *records,
                                     const char      *path,
                                     goffset          length,
                                     GError         **error)
{
  g_autoptr(BgrunWorkoutConfiguration) configuration = NULL;
  g_autoptr(BgrunWorkoutSession) self = NULL;
  BgrunJournalRecord *first;

  if (records->len == 0 || (first = &g_array_index (records, BgrunJournalRecord, 0))->kind != BGRUN_JOURNAL_CONFIG)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                   _("The workout journal “%s” holds no workout; remove it to start afresh."), path);
      return NULL;
    }
  configuration = bgrun_workout_configuration_new (first->arg, (int) first->value);
  self = g_object_new (BGRUN_TYPE_WORKOUT_SESSION, "scheduler", scheduler, "configuration", configuration, NULL);

  for (guint i = 1; i < records->len; i++)
    {
      BgrunJournalRecord *record = &g_array_index (records, BgrunJournalRecord, i);

      if (record->kind == BGRUN_JOURNAL_STATE)
        {
          g_autoptr(GDateTime) date = bgrun_time_from_usec (record->at);

          if (record->arg == BGRUN_WORKOUT_SESSION_STATE_RUNNING && self->start_date == NULL)
            set_date (&self->start_date, date);
          else if ((record->arg == BGRUN_WORKOUT_SESSION_STATE_STOPPED ||
                    record->arg == BGRUN_WORKOUT_SESSION_STATE_ENDED) &&
                   self->end_date == NULL && self->start_date != NULL)
            set_date (&self->end_date, date);
          self->state = CLAMP (record->arg, BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED,
                               BGRUN_WORKOUT_SESSION_STATE_ENDED);
        }
      else if (!bgrun_workout_builder_replay (self->builder, record))
        g_debug ("libbgrun: %s: skipping a record of kind %c that does not fit", path, record->kind);
    }

  if (self->state != BGRUN_WORKOUT_SESSION_STATE_ENDED)
    {
      if (!bgrun_workout_registry_set_active (self->registry, self, error))
        return NULL;
      acquire_keep_alive (self);
    }
  self->journal = bgrun_workout_journal_reopen (path, length, error);
  if (self->journal == NULL)
    {
      bgrun_workout_registry_forget (self->registry, self);
      release_keep_alive (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}
