/* bgrun-workout-session.c: a workout the app records in the background
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-workout-builder-private.h"
#include "bgrun-workout-session-internal-private.h"
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
G_DEFINE_FINAL_TYPE (BgrunWorkoutSession, bgrun_workout_session, G_TYPE_OBJECT)

GParamSpec *bgrun_workout_session_properties[N_PROPS];

guint bgrun_workout_session_signals[N_SIGNALS];

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
      bgrun_workout_session_stop_sources (self);
      g_clear_pointer (&self->sources, g_ptr_array_unref);
    }
  if (self->registry != NULL)
    {
      bgrun_workout_session_release_keep_alive (self);
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
  bgrun_workout_session_properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER, construct);

  /**
   * BgrunWorkoutSession:configuration:
   *
   * What kind of workout the session records.
   */
  bgrun_workout_session_properties[PROP_CONFIGURATION] =
    g_param_spec_object ("configuration", NULL, NULL, BGRUN_TYPE_WORKOUT_CONFIGURATION, construct);

  /**
   * BgrunWorkoutSession:builder:
   *
   * The builder that collects the workout's samples and events.
   */
  bgrun_workout_session_properties[PROP_BUILDER] =
    g_param_spec_object ("builder", NULL, NULL, BGRUN_TYPE_WORKOUT_BUILDER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunWorkoutSession:state:
   *
   * Where the session is in its life; notified on every move, before
   * [signal@Bgrun.WorkoutSession::state-changed].
   */
  bgrun_workout_session_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_WORKOUT_SESSION_STATE,
                       BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED, read_only);

  /**
   * BgrunWorkoutSession:start-date:
   *
   * When the activity started ([method@Bgrun.WorkoutSession.start_activity]),
   * or %NULL before.
   */
  bgrun_workout_session_properties[PROP_START_DATE] =
    g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  /**
   * BgrunWorkoutSession:end-date:
   *
   * When the activity stopped ([method@Bgrun.WorkoutSession.stop_activity],
   * or the end of a session that was not stopped first), or %NULL before.
   */
  bgrun_workout_session_properties[PROP_END_DATE] =
    g_param_spec_boxed ("end-date", NULL, NULL, G_TYPE_DATE_TIME, read_only);

  g_object_class_install_properties (object_class, N_PROPS, bgrun_workout_session_properties);

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
  bgrun_workout_session_signals[SIG_STATE_CHANGED] =
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
  bgrun_workout_session_signals[SIG_EVENT] =
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
  bgrun_workout_session_signals[SIG_FAILED] =
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
