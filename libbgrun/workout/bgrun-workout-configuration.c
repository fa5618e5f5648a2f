/* bgrun-workout-configuration.c: what kind of workout a session records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-workout-configuration.h"

/**
 * BgrunWorkoutConfiguration:
 *
 * The kind of workout a [class@Bgrun.WorkoutSession] records: its
 * activity (running, cycling, …) and whether it takes place indoors or
 * outdoors. It cannot change once made.
 */
struct _BgrunWorkoutConfiguration
{
  GObject parent_instance;

  BgrunWorkoutActivityType activity_type;
  BgrunWorkoutLocationType location_type;
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutConfiguration, bgrun_workout_configuration, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTIVITY_TYPE,
  PROP_LOCATION_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_workout_configuration_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  BgrunWorkoutConfiguration *self = BGRUN_WORKOUT_CONFIGURATION (object);

  switch (prop_id)
    {
    case PROP_ACTIVITY_TYPE:
      g_value_set_enum (value, self->activity_type);
      break;
    case PROP_LOCATION_TYPE:
      g_value_set_enum (value, self->location_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_configuration_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  BgrunWorkoutConfiguration *self = BGRUN_WORKOUT_CONFIGURATION (object);

  switch (prop_id)
    {
    case PROP_ACTIVITY_TYPE:
      self->activity_type = g_value_get_enum (value);
      break;
    case PROP_LOCATION_TYPE:
      self->location_type = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_configuration_class_init (BgrunWorkoutConfigurationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = bgrun_workout_configuration_get_property;
  object_class->set_property = bgrun_workout_configuration_set_property;

  /**
   * BgrunWorkoutConfiguration:activity-type:
   *
   * The activity the workout records.
   */
  properties[PROP_ACTIVITY_TYPE] =
    g_param_spec_enum ("activity-type", NULL, NULL, BGRUN_TYPE_WORKOUT_ACTIVITY_TYPE,
                       BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER, flags);

  /**
   * BgrunWorkoutConfiguration:location-type:
   *
   * Whether the workout takes place indoors or outdoors.
   */
  properties[PROP_LOCATION_TYPE] =
    g_param_spec_enum ("location-type", NULL, NULL, BGRUN_TYPE_WORKOUT_LOCATION_TYPE,
                       BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_workout_configuration_init (BgrunWorkoutConfiguration *self)
{
}

/**
 * bgrun_workout_configuration_new:
 * @activity_type: the activity the workout records
 * @location_type: whether it takes place indoors or outdoors
 *
 * Describes a workout, for [ctor@Bgrun.WorkoutSession.new].
 *
 * Returns: (transfer full): a new configuration
 */
BgrunWorkoutConfiguration *
bgrun_workout_configuration_new (BgrunWorkoutActivityType activity_type,
                                 BgrunWorkoutLocationType location_type)
{
  return g_object_new (BGRUN_TYPE_WORKOUT_CONFIGURATION,
                       "activity-type", activity_type,
                       "location-type", location_type,
                       NULL);
}

/**
 * bgrun_workout_configuration_get_activity_type:
 * @self: a configuration
 *
 * Gets [property@Bgrun.WorkoutConfiguration:activity-type].
 *
 * Returns: the activity the workout records
 */
BgrunWorkoutActivityType
bgrun_workout_configuration_get_activity_type (BgrunWorkoutConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_CONFIGURATION (self), BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER);

  return self->activity_type;
}

/**
 * bgrun_workout_configuration_get_location_type:
 * @self: a configuration
 *
 * Gets [property@Bgrun.WorkoutConfiguration:location-type].
 *
 * Returns: whether the workout takes place indoors or outdoors
 */
BgrunWorkoutLocationType
bgrun_workout_configuration_get_location_type (BgrunWorkoutConfiguration *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_CONFIGURATION (self), BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR);

  return self->location_type;
}
