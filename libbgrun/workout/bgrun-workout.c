/* bgrun-workout.c: a finished workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-private.h"

/**
 * BgrunWorkout:
 *
 * A finished workout, as [method@Bgrun.WorkoutBuilder.finish_workout_async]
 * gives it: what kind it was, when it began and ended, how long it lasted
 * without its pauses, its events and the statistics of every quantity. It
 * never changes.
 */
struct _BgrunWorkout
{
  GObject parent_instance;

  BgrunWorkoutConfiguration *configuration;
  BgrunWorkoutTimeline      *timeline;
  GDateTime                 *start_date;
  GDateTime                 *end_date;
  GListModel                *events;
};

G_DEFINE_FINAL_TYPE (BgrunWorkout, bgrun_workout, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVITY_TYPE,
  PROP_LOCATION_TYPE,
  PROP_START_DATE,
  PROP_END_DATE,
  PROP_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_workout_finalize (GObject *object)
{
  BgrunWorkout *self = BGRUN_WORKOUT (object);

  g_clear_object (&self->configuration);
  g_clear_pointer (&self->timeline, bgrun_workout_timeline_unref);
  g_clear_pointer (&self->start_date, g_date_time_unref);
  g_clear_pointer (&self->end_date, g_date_time_unref);
  g_clear_object (&self->events);

  G_OBJECT_CLASS (bgrun_workout_parent_class)->finalize (object);
}

static void
bgrun_workout_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BgrunWorkout *self = BGRUN_WORKOUT (object);

  switch (prop_id)
    {
    case PROP_ACTIVITY_TYPE:
      g_value_set_enum (value, bgrun_workout_get_activity_type (self));
      break;
    case PROP_LOCATION_TYPE:
      g_value_set_enum (value, bgrun_workout_get_location_type (self));
      break;
    case PROP_START_DATE:
      g_value_set_boxed (value, self->start_date);
      break;
    case PROP_END_DATE:
      g_value_set_boxed (value, self->end_date);
      break;
    case PROP_DURATION:
      g_value_set_double (value, bgrun_workout_get_duration (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_class_init (BgrunWorkoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_workout_finalize;
  object_class->get_property = bgrun_workout_get_property;

  /**
   * BgrunWorkout:activity-type:
   *
   * The activity the workout recorded.
   */
  properties[PROP_ACTIVITY_TYPE] =
    g_param_spec_enum ("activity-type", NULL, NULL, BGRUN_TYPE_WORKOUT_ACTIVITY_TYPE,
                       BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER, flags);

  /**
   * BgrunWorkout:location-type:
   *
   * Whether it took place indoors or outdoors.
   */
  properties[PROP_LOCATION_TYPE] =
    g_param_spec_enum ("location-type", NULL, NULL, BGRUN_TYPE_WORKOUT_LOCATION_TYPE,
                       BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR, flags);

  /**
   * BgrunWorkout:start-date:
   *
   * When collection began.
   */
  properties[PROP_START_DATE] =
    g_param_spec_boxed ("start-date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * BgrunWorkout:end-date:
   *
   * When collection ended.
   */
  properties[PROP_END_DATE] =
    g_param_spec_boxed ("end-date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * BgrunWorkout:duration:
   *
   * How long it lasted, in seconds, pauses excluded.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_workout_init (BgrunWorkout *self)
{
}

BgrunWorkout *
bgrun_workout_new (BgrunWorkoutConfiguration *configuration,
                   BgrunWorkoutTimeline      *timeline)
{
  BgrunWorkout *self = g_object_new (BGRUN_TYPE_WORKOUT, NULL);

  self->configuration = g_object_ref (configuration);
  self->timeline = bgrun_workout_timeline_ref (timeline);
  self->start_date = bgrun_time_from_usec (bgrun_workout_timeline_get_begin (timeline));
  self->end_date = bgrun_time_from_usec (bgrun_workout_timeline_get_end (timeline));
  self->events = bgrun_workout_timeline_list_events (timeline);
  return self;
}

BgrunWorkoutTimeline *
bgrun_workout_get_timeline (BgrunWorkout *self)
{
  return self->timeline;
}

/**
 * bgrun_workout_get_activity_type:
 * @self: a workout
 *
 * Gets [property@Bgrun.Workout:activity-type].
 *
 * Returns: the activity the workout recorded
 */
BgrunWorkoutActivityType
bgrun_workout_get_activity_type (BgrunWorkout *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER);

  return bgrun_workout_configuration_get_activity_type (self->configuration);
}

/**
 * bgrun_workout_get_location_type:
 * @self: a workout
 *
 * Gets [property@Bgrun.Workout:location-type].
 *
 * Returns: whether it took place indoors or outdoors
 */
BgrunWorkoutLocationType
bgrun_workout_get_location_type (BgrunWorkout *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR);

  return bgrun_workout_configuration_get_location_type (self->configuration);
}

/**
 * bgrun_workout_get_start_date:
 * @self: a workout
 *
 * Gets [property@Bgrun.Workout:start-date].
 *
 * Returns: (transfer none): when collection began
 */
GDateTime *
bgrun_workout_get_start_date (BgrunWorkout *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), NULL);

  return self->start_date;
}

/**
 * bgrun_workout_get_end_date:
 * @self: a workout
 *
 * Gets [property@Bgrun.Workout:end-date].
 *
 * Returns: (transfer none): when collection ended
 */
GDateTime *
bgrun_workout_get_end_date (BgrunWorkout *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), NULL);

  return self->end_date;
}

/**
 * bgrun_workout_get_duration:
 * @self: a workout
 *
 * Gets [property@Bgrun.Workout:duration].
 *
 * Returns: the seconds from start to end, pauses excluded
 */
double
bgrun_workout_get_duration (BgrunWorkout *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), 0);

  return bgrun_workout_timeline_elapsed (self->timeline, bgrun_workout_timeline_get_end (self->timeline));
}

/**
 * bgrun_workout_get_statistics:
 * @self: a workout
 * @quantity_type: a quantity
 *
 * Gets the figures of @quantity_type over the whole workout (see
 * [enum@Bgrun.QuantityType] for which apply).
 *
 * Returns: (transfer full): the statistics; all NaN (a sum of 0) when
 *   the workout has no sample of @quantity_type
 */
BgrunStatistics *
bgrun_workout_get_statistics (BgrunWorkout      *self,
                              BgrunQuantityType  quantity_type)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), NULL);
  g_return_val_if_fail ((guint) quantity_type < BGRUN_N_QUANTITY_TYPES, NULL);

  return bgrun_workout_timeline_statistics (self->timeline, quantity_type,
                                            bgrun_workout_timeline_get_end (self->timeline));
}

/**
 * bgrun_workout_get_events:
 * @self: a workout
 *
 * Gets the workout's events, in date order.
 *
 * Returns: (transfer none): a list of [class@Bgrun.WorkoutEvent]
 */
GListModel *
bgrun_workout_get_events (BgrunWorkout *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT (self), NULL);

  return self->events;
}
