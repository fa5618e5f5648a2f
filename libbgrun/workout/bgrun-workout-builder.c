/* bgrun-workout-builder.c: collecting a workout's samples and events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-builder-private.h"
#include "bgrun-workout-error.h"
#include "bgrun-workout-private.h"
#include "bgrun-workout-session-private.h"

/**
 * BgrunWorkoutBuilder:
 *
 * Collects what a [class@Bgrun.WorkoutSession] records, and makes the
 * finished [class@Bgrun.Workout]. Get it with
 * [method@Bgrun.WorkoutSession.get_builder].
 *
 * Collection runs from [method@Bgrun.WorkoutBuilder.begin_collection] to
 * [method@Bgrun.WorkoutBuilder.end_collection]. In between, the app (or a
 * data source) adds samples with [method@Bgrun.WorkoutBuilder.add_sample],
 * each of a [enum@Bgrun.QuantityType] at a date, in date order per type;
 * and laps, markers, segments and motion pauses with
 * [method@Bgrun.WorkoutBuilder.add_event]. The session adds its pauses
 * and resumes itself. A bad sample or event fails with a
 * [error@Bgrun.WorkoutError] and changes nothing.
 *
 * While collecting, [method@Bgrun.WorkoutBuilder.get_statistics] gives
 * the figures of a quantity so far and
 * [property@Bgrun.WorkoutBuilder:elapsed-time] the time spent, pauses
 * excluded. Once collection ended,
 * [method@Bgrun.WorkoutBuilder.finish_workout_async] makes the workout,
 * or [method@Bgrun.WorkoutBuilder.discard_workout] throws it away; either
 * deletes the session's crash journal, and the builder takes nothing more.
 */
struct _BgrunWorkoutBuilder
{
  GObject parent_instance;

  BgrunWorkoutSession       *session;  /* weak: it owns the builder */
  BgrunWorkoutConfiguration *configuration;
  BgrunClock                *clock;
  BgrunWorkoutTimeline      *timeline;
  GListStore                *events;
  gboolean                   finished; /* finished or discarded */
  double                     replayed_route[2]; /* latitude, longitude of a point being replayed */
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutBuilder, bgrun_workout_builder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ELAPSED_TIME,
  PROP_START_DATE,
  PROP_END_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_workout_builder_dispose (GObject *object)
{
  BgrunWorkoutBuilder *self = BGRUN_WORKOUT_BUILDER (object);

  g_clear_weak_pointer (&self->session);

  G_OBJECT_CLASS (bgrun_workout_builder_parent_class)->dispose (object);
}

static void
bgrun_workout_builder_finalize (GObject *object)
{
  BgrunWorkoutBuilder *self = BGRUN_WORKOUT_BUILDER (object);

  g_clear_object (&self->configuration);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->timeline, bgrun_workout_timeline_unref);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (bgrun_workout_builder_parent_class)->finalize (object);
}

static void
bgrun_workout_builder_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  BgrunWorkoutBuilder *self = BGRUN_WORKOUT_BUILDER (object);

  switch (prop_id)
    {
    case PROP_ELAPSED_TIME:
      g_value_set_double (value, bgrun_workout_builder_get_elapsed_time (self));
      break;
    case PROP_START_DATE:
      g_value_take_boxed (value, bgrun_workout_builder_get_start_date (self));
      break;
    case PROP_END_DATE:
      g_value_take_boxed (value, bgrun_workout_builder_get_end_date (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_builder_class_init (BgrunWorkoutBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = bgrun_workout_builder_dispose;
  object_class->finalize = bgrun_workout_builder_finalize;
  object_class->get_property = bgrun_workout_builder_get_property;

  /**
   * BgrunWorkoutBuilder:elapsed-time:
   *
   * Seconds of the workout so far: from the beginning of collection to
   * now (or to its end), pauses and motion pauses excluded. It grows with
   * the clock without being notified; it is notified when it starts or
   * stops growing (collection begins or ends, a pause, a resume), so an
   * app that shows it reads it on a timer of its own.
   */
  properties[PROP_ELAPSED_TIME] =
    g_param_spec_double ("elapsed-time", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  /**
   * BgrunWorkoutBuilder:start-date:
   *
   * When collection began, or %NULL before.
   */
  properties[PROP_START_DATE] =
    g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * BgrunWorkoutBuilder:end-date:
   *
   * When collection ended, or %NULL before.
   */
  properties[PROP_END_DATE] =
    g_param_spec_boxed ("end-date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_workout_builder_init (BgrunWorkoutBuilder *self)
{
  self->timeline = bgrun_workout_timeline_new ();
  self->events = g_list_store_new (BGRUN_TYPE_WORKOUT_EVENT);
}

BgrunWorkoutBuilder *
bgrun_workout_builder_new (BgrunWorkoutSession       *session,
                           BgrunWorkoutConfiguration *configuration)
{
  BgrunWorkoutBuilder *self = g_object_new (BGRUN_TYPE_WORKOUT_BUILDER, NULL);

  g_set_weak_pointer (&self->session, session);
  self->configuration = g_object_ref (configuration);
  self->clock = g_object_ref (bgrun_scheduler_get_clock (bgrun_workout_session_get_scheduler (session)));
  return self;
}

BgrunWorkoutTimeline *
bgrun_workout_builder_get_timeline (BgrunWorkoutBuilder *self)
{
  return self->timeline;
}

static gint64
now_usec (BgrunWorkoutBuilder *self)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  return bgrun_time_to_usec (now);
}

static gboolean
check_open (BgrunWorkoutBuilder  *self,
            GError              **error)
{
  if (!self->finished)
    return TRUE;
  g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_FINISHED,
               _("This workout builder already finished or discarded its workout; a session records one workout."));
  return FALSE;
}

static void
journal (BgrunWorkoutBuilder *self,
         BgrunJournalKind     kind,
         int                  arg,
         gint64               at,
         double               value)
{
  BgrunJournalRecord record = { .kind = kind, .arg = arg, .at = at, .value = value };

  if (self->session != NULL)
    bgrun_workout_session_journal (self->session, &record);
}

static void
append_event (BgrunWorkoutBuilder   *self,
              BgrunWorkoutEventType  type,
              gint64                 at,
              double                 duration)
{
  g_autoptr(GDateTime) date = bgrun_time_from_usec (at);
  g_autoptr(BgrunWorkoutEvent) event = bgrun_workout_event_new (type, date, duration);

  g_list_store_append (self->events, event);
  if (type <= BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED_TIME]);
}

/**
 * bgrun_workout_builder_begin_collection:
 * @self: a builder
 * @date: (nullable): when collection begins (usually the date given to
 *   [method@Bgrun.WorkoutSession.start_activity]); %NULL for now
 * @error: return location for a #GError
 *
 * Begins collecting: samples and events dated from @date on are taken.
 *
 * Returns: %TRUE, or %FALSE with @error set:
 *   %BGRUN_WORKOUT_ERROR_NOT_COLLECTING when collection already began,
 *   %BGRUN_WORKOUT_ERROR_FINISHED when the workout was finished or
 *   discarded
 */
gboolean
bgrun_workout_builder_begin_collection (BgrunWorkoutBuilder  *self,
                                        GDateTime            *date,
                                        GError              **error)
{
  gint64 at;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  at = date != NULL ? bgrun_time_to_usec (date) : now_usec (self);
  if (!check_open (self, error) || !bgrun_workout_timeline_begin (self->timeline, at, error))
    return FALSE;
  journal (self, BGRUN_JOURNAL_BEGIN, 0, at, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_DATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED_TIME]);
  return TRUE;
}

/**
 * bgrun_workout_builder_add_sample:
 * @self: a collecting builder
 * @quantity_type: what the sample measures
 * @value: the value, in the unit of @quantity_type (finite, not negative)
 * @date: (nullable): when it was measured; %NULL for now
 * @error: return location for a #GError
 *
 * Adds a sample, and writes it to the crash journal at once. Samples of
 * one type come in date order; samples of different types may
 * interleave.
 *
 * Returns: %TRUE, or %FALSE with @error set (nothing is added):
 *   %BGRUN_WORKOUT_ERROR_INVALID_SAMPLE for a bad value or type,
 *   %BGRUN_WORKOUT_ERROR_OUT_OF_ORDER for a date before collection began
 *   or before the previous sample of the type,
 *   %BGRUN_WORKOUT_ERROR_NOT_COLLECTING outside collection,
 *   %BGRUN_WORKOUT_ERROR_FINISHED once the workout was finished
 */
gboolean
bgrun_workout_builder_add_sample (BgrunWorkoutBuilder  *self,
                                  BgrunQuantityType     quantity_type,
                                  double                value,
                                  GDateTime            *date,
                                  GError              **error)
{
  gint64 at;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  at = date != NULL ? bgrun_time_to_usec (date) : now_usec (self);
  if (!check_open (self, error) ||
      !bgrun_workout_timeline_add_sample (self->timeline, quantity_type, value, at, error))
    return FALSE;
  journal (self, BGRUN_JOURNAL_SAMPLE, quantity_type, at, value);
  return TRUE;
}

/**
 * bgrun_workout_builder_add_route_point:
 * @self: a collecting builder
 * @latitude: degrees north, within ±90
 * @longitude: degrees east, within ±180
 * @altitude: metres above sea level, or NaN when unknown
 * @date: (nullable): when the position was taken; %NULL for now
 * @error: return location for a #GError
 *
 * Adds a point of the workout's route (an outdoor workout's positions,
 * from a location session), journaled at once. Points come in date order.
 * Exports ([method@Bgrun.Workout.export_gpx]) give each point the heart
 * rate and cadence of that moment.
 *
 * Returns: %TRUE, or %FALSE with @error set (nothing is added):
 *   %BGRUN_WORKOUT_ERROR_INVALID_SAMPLE for a position out of range,
 *   %BGRUN_WORKOUT_ERROR_OUT_OF_ORDER, %BGRUN_WORKOUT_ERROR_NOT_COLLECTING
 *   or %BGRUN_WORKOUT_ERROR_FINISHED
 */
gboolean
bgrun_workout_builder_add_route_point (BgrunWorkoutBuilder  *self,
                                       double                latitude,
                                       double                longitude,
                                       double                altitude,
                                       GDateTime            *date,
                                       GError              **error)
{
  gint64 at;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  at = date != NULL ? bgrun_time_to_usec (date) : now_usec (self);
  if (!check_open (self, error) ||
      !bgrun_workout_timeline_add_route_point (self->timeline, latitude, longitude, altitude, at, error))
    return FALSE;
  journal (self, BGRUN_JOURNAL_ROUTE, 0, at, latitude);
  journal (self, BGRUN_JOURNAL_ROUTE, 1, at, longitude);
  journal (self, BGRUN_JOURNAL_ROUTE, 2, at, altitude);
  return TRUE;
}

/**
 * bgrun_workout_builder_add_event:
 * @self: a builder
 * @event: a lap, marker, segment, motion pause or motion resume
 * @error: return location for a #GError
 *
 * Adds an event of the app's. Pauses and resumes come from the session
 * ([method@Bgrun.WorkoutSession.pause]); motion paused and motion resumed
 * alternate and stop the time counting as a pause does. Events come in
 * date order; they may come before collection begins, not after it
 * ended.
 *
 * Returns: %TRUE, or %FALSE with @error set (nothing is added):
 *   %BGRUN_WORKOUT_ERROR_INVALID_EVENT, %BGRUN_WORKOUT_ERROR_OUT_OF_ORDER,
 *   %BGRUN_WORKOUT_ERROR_NOT_COLLECTING or %BGRUN_WORKOUT_ERROR_FINISHED
 */
gboolean
bgrun_workout_builder_add_event (BgrunWorkoutBuilder  *self,
                                 BgrunWorkoutEvent    *event,
                                 GError              **error)
{
  BgrunWorkoutEventType type;
  gint64 at;
  double duration;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_WORKOUT_EVENT (event), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  type = bgrun_workout_event_get_event_type (event);
  at = bgrun_time_to_usec (bgrun_workout_event_get_date (event));
  duration = bgrun_workout_event_get_duration (event);
  if (!check_open (self, error) ||
      !bgrun_workout_timeline_add_event (self->timeline, type, at, duration, FALSE, error))
    return FALSE;
  journal (self, BGRUN_JOURNAL_EVENT, type, at, duration);
  append_event (self, type, at, duration);
  return TRUE;
}

gboolean
bgrun_workout_builder_add_session_event (BgrunWorkoutBuilder   *self,
                                         BgrunWorkoutEventType  type,
                                         gint64                 at)
{
  g_autoptr(GError) error = NULL;

  if (self->finished || !bgrun_workout_timeline_add_event (self->timeline, type, at, 0, TRUE, &error))
    {
      if (error != NULL)
        g_debug ("libbgrun: the workout builder does not record a session event: %s", error->message);
      return FALSE;
    }
  journal (self, BGRUN_JOURNAL_EVENT, type, at, 0);
  append_event (self, type, at, 0);
  return TRUE;
}

/**
 * bgrun_workout_builder_end_collection:
 * @self: a collecting builder
 * @date: (nullable): when collection ends (usually the date given to
 *   [method@Bgrun.WorkoutSession.stop_activity]); %NULL for now
 * @error: return location for a #GError
 *
 * Ends collecting: nothing more is added; the workout can be finished.
 *
 * Returns: %TRUE, or %FALSE with @error set:
 *   %BGRUN_WORKOUT_ERROR_NOT_COLLECTING when collection has not begun or
 *   already ended, %BGRUN_WORKOUT_ERROR_OUT_OF_ORDER when @date is before
 *   it began, %BGRUN_WORKOUT_ERROR_FINISHED once the workout was finished
 */
gboolean
bgrun_workout_builder_end_collection (BgrunWorkoutBuilder  *self,
                                      GDateTime            *date,
                                      GError              **error)
{
  gint64 at;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  at = date != NULL ? bgrun_time_to_usec (date) : now_usec (self);
  if (!check_open (self, error) || !bgrun_workout_timeline_end (self->timeline, at, error))
    return FALSE;
  journal (self, BGRUN_JOURNAL_END, 0, at, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_DATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ELAPSED_TIME]);
  return TRUE;
}

gboolean
bgrun_workout_builder_replay (BgrunWorkoutBuilder      *self,
                              const BgrunJournalRecord *record)
{
  switch (record->kind)
    {
    case BGRUN_JOURNAL_BEGIN:
      return bgrun_workout_timeline_begin (self->timeline, record->at, NULL);
    case BGRUN_JOURNAL_END:
      return bgrun_workout_timeline_end (self->timeline, record->at, NULL);
    case BGRUN_JOURNAL_SAMPLE:
      return bgrun_workout_timeline_add_sample (self->timeline, record->arg, record->value, record->at, NULL);
    case BGRUN_JOURNAL_ROUTE:
      if (record->arg == 0 || record->arg == 1)
        {
          self->replayed_route[record->arg] = record->value;
          return TRUE;
        }
      return bgrun_workout_timeline_add_route_point (self->timeline, self->replayed_route[0],
                                                     self->replayed_route[1], record->value,
                                                     record->at, NULL);
    case BGRUN_JOURNAL_EVENT:
      if (!bgrun_workout_timeline_add_event (self->timeline, record->arg, record->at, record->value, TRUE, NULL))
        return FALSE;
      append_event (self, record->arg, record->at, record->value);
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * bgrun_workout_builder_finish_workout_async:
 * @self: a builder whose collection ended
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the workout
 * @user_data: data for @callback
 *
 * Makes the finished [class@Bgrun.Workout] of what was collected and
 * deletes the crash journal: the workout needs no recovery any more.
 */
void
bgrun_workout_builder_finish_workout_async (BgrunWorkoutBuilder *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (BGRUN_IS_WORKOUT_BUILDER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_workout_builder_finish_workout_async);

  if (!check_open (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (bgrun_workout_timeline_get_begin (self->timeline) == BGRUN_WORKOUT_UNSET)
    {
      g_task_return_new_error (task, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
                               _("Cannot finish a workout whose collection never began: call begin_collection(), then end_collection()."));
      return;
    }
  if (bgrun_workout_timeline_get_end (self->timeline) == BGRUN_WORKOUT_UNSET)
    {
      g_task_return_new_error (task, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_COLLECTION_NOT_ENDED,
                               _("Cannot finish the workout while it is still collecting: call end_collection() first."));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  self->finished = TRUE;
  if (self->session != NULL)
    bgrun_workout_session_drop_journal (self->session);
  g_task_return_pointer (task, bgrun_workout_new (self->configuration, self->timeline), g_object_unref);
}

/**
 * bgrun_workout_builder_finish_workout_finish:
 * @self: a builder
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Bgrun.WorkoutBuilder.finish_workout_async].
 *
 * Returns: (transfer full): the workout, or %NULL with @error set:
 *   %BGRUN_WORKOUT_ERROR_NOT_COLLECTING when collection never began,
 *   %BGRUN_WORKOUT_ERROR_COLLECTION_NOT_ENDED while it has not ended,
 *   %BGRUN_WORKOUT_ERROR_FINISHED when the workout was already finished
 *   or discarded, %G_IO_ERROR_CANCELLED
 */
BgrunWorkout *
bgrun_workout_builder_finish_workout_finish (BgrunWorkoutBuilder  *self,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bgrun_workout_builder_discard_workout:
 * @self: a builder
 *
 * Throws the workout away: the builder takes nothing more, and the crash
 * journal is deleted so the workout is not recovered either. Does nothing
 * if the workout was already finished or discarded.
 */
void
bgrun_workout_builder_discard_workout (BgrunWorkoutBuilder *self)
{
  g_return_if_fail (BGRUN_IS_WORKOUT_BUILDER (self));

  if (self->finished)
    return;
  self->finished = TRUE;
  if (self->session != NULL)
    bgrun_workout_session_drop_journal (self->session);
}

/**
 * bgrun_workout_builder_get_statistics:
 * @self: a builder
 * @quantity_type: a quantity
 *
 * Gets the figures of @quantity_type so far (see
 * [enum@Bgrun.QuantityType] for which figures apply to it). A discrete
 * quantity's latest reading counts in the average until now.
 *
 * Returns: (transfer full): the statistics
 */
BgrunStatistics *
bgrun_workout_builder_get_statistics (BgrunWorkoutBuilder *self,
                                      BgrunQuantityType    quantity_type)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), NULL);
  g_return_val_if_fail ((guint) quantity_type < BGRUN_N_QUANTITY_TYPES, NULL);

  return bgrun_workout_timeline_statistics (self->timeline, quantity_type, now_usec (self));
}

/**
 * bgrun_workout_builder_get_elapsed_time:
 * @self: a builder
 *
 * Gets [property@Bgrun.WorkoutBuilder:elapsed-time].
 *
 * Returns: seconds of workout so far, pauses excluded
 */
double
bgrun_workout_builder_get_elapsed_time (BgrunWorkoutBuilder *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), 0);

  return bgrun_workout_timeline_elapsed (self->timeline, now_usec (self));
}

/**
 * bgrun_workout_builder_get_start_date:
 * @self: a builder
 *
 * Gets [property@Bgrun.WorkoutBuilder:start-date].
 *
 * Returns: (transfer full) (nullable): when collection began
 */
GDateTime *
bgrun_workout_builder_get_start_date (BgrunWorkoutBuilder *self)
{
  gint64 begin;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), NULL);

  begin = bgrun_workout_timeline_get_begin (self->timeline);
  return begin == BGRUN_WORKOUT_UNSET ? NULL : bgrun_time_from_usec (begin);
}

/**
 * bgrun_workout_builder_get_end_date:
 * @self: a builder
 *
 * Gets [property@Bgrun.WorkoutBuilder:end-date].
 *
 * Returns: (transfer full) (nullable): when collection ended
 */
GDateTime *
bgrun_workout_builder_get_end_date (BgrunWorkoutBuilder *self)
{
  gint64 end;

  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), NULL);

  end = bgrun_workout_timeline_get_end (self->timeline);
  return end == BGRUN_WORKOUT_UNSET ? NULL : bgrun_time_from_usec (end);
}

/**
 * bgrun_workout_builder_get_events:
 * @self: a builder
 *
 * Gets the events collected so far, in date order: the session's pauses
 * and resumes, the app's laps, markers, segments and motion pauses, the
 * data sources' sensor events. The list grows as events arrive.
 *
 * Returns: (transfer none): a list of [class@Bgrun.WorkoutEvent]
 */
GListModel *
bgrun_workout_builder_get_events (BgrunWorkoutBuilder *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_BUILDER (self), NULL);

  return G_LIST_MODEL (self->events);
}
