/* bgrun-workout-event.c: something that happened during a workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-workout-event.h"

/**
 * BgrunWorkoutEvent:
 *
 * Something that happened during a workout, at a date: a pause or resume,
 * the user stopping and moving again, a lap, a marker, the end of a
 * segment, a sensor lost and found. Laps and segments have a duration.
 *
 * [signal@Bgrun.WorkoutSession::event] announces the events of the
 * session and of its data sources; apps add laps, markers and segments
 * with [method@Bgrun.WorkoutBuilder.add_event]. An event cannot change
 * once made.
 */
struct _BgrunWorkoutEvent
{
  GObject parent_instance;

  BgrunWorkoutEventType event_type;
  GDateTime            *date;
  double                duration;
};

G_DEFINE_FINAL_TYPE (BgrunWorkoutEvent, bgrun_workout_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EVENT_TYPE,
  PROP_DATE,
  PROP_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bgrun_workout_event_finalize (GObject *object)
{
  BgrunWorkoutEvent *self = BGRUN_WORKOUT_EVENT (object);

  g_clear_pointer (&self->date, g_date_time_unref);

  G_OBJECT_CLASS (bgrun_workout_event_parent_class)->finalize (object);
}

static void
bgrun_workout_event_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BgrunWorkoutEvent *self = BGRUN_WORKOUT_EVENT (object);

  switch (prop_id)
    {
    case PROP_EVENT_TYPE:
      g_value_set_enum (value, self->event_type);
      break;
    case PROP_DATE:
      g_value_set_boxed (value, self->date);
      break;
    case PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_event_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BgrunWorkoutEvent *self = BGRUN_WORKOUT_EVENT (object);

  switch (prop_id)
    {
    case PROP_EVENT_TYPE:
      self->event_type = g_value_get_enum (value);
      break;
    case PROP_DATE:
      self->date = g_value_dup_boxed (value);
      break;
    case PROP_DURATION:
      self->duration = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_workout_event_class_init (BgrunWorkoutEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_workout_event_finalize;
  object_class->get_property = bgrun_workout_event_get_property;
  object_class->set_property = bgrun_workout_event_set_property;

  /**
   * BgrunWorkoutEvent:event-type:
   *
   * What happened.
   */
  properties[PROP_EVENT_TYPE] =
    g_param_spec_enum ("event-type", NULL, NULL, BGRUN_TYPE_WORKOUT_EVENT_TYPE,
                       BGRUN_WORKOUT_EVENT_TYPE_MARKER, flags);

  /**
   * BgrunWorkoutEvent:date:
   *
   * When it happened (for a lap or segment: when it ended).
   */
  properties[PROP_DATE] =
    g_param_spec_boxed ("date", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * BgrunWorkoutEvent:duration:
   *
   * How long a lap or segment lasted, in seconds; 0 for other events.
   */
  properties[PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_workout_event_init (BgrunWorkoutEvent *self)
{
}

/**
 * bgrun_workout_event_new:
 * @event_type: what happened
 * @date: when it happened
 * @duration: for a lap or segment, how long it lasted in seconds (not
 *   negative); else 0
 *
 * Makes an event, for [method@Bgrun.WorkoutBuilder.add_event].
 *
 * Returns: (transfer full): a new event
 */
BgrunWorkoutEvent *
bgrun_workout_event_new (BgrunWorkoutEventType  event_type,
                         GDateTime             *date,
                         double                 duration)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (duration >= 0, NULL);

  return g_object_new (BGRUN_TYPE_WORKOUT_EVENT,
                       "event-type", event_type,
                       "date", date,
                       "duration", duration,
                       NULL);
}

/**
 * bgrun_workout_event_get_event_type:
 * @self: an event
 *
 * Gets [property@Bgrun.WorkoutEvent:event-type].
 *
 * Returns: what happened
 */
BgrunWorkoutEventType
bgrun_workout_event_get_event_type (BgrunWorkoutEvent *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_EVENT (self), BGRUN_WORKOUT_EVENT_TYPE_MARKER);

  return self->event_type;
}

/**
 * bgrun_workout_event_get_date:
 * @self: an event
 *
 * Gets [property@Bgrun.WorkoutEvent:date].
 *
 * Returns: (transfer none): when it happened
 */
GDateTime *
bgrun_workout_event_get_date (BgrunWorkoutEvent *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_EVENT (self), NULL);

  return self->date;
}

/**
 * bgrun_workout_event_get_duration:
 * @self: an event
 *
 * Gets [property@Bgrun.WorkoutEvent:duration].
 *
 * Returns: the lap's or segment's duration in seconds, else 0
 */
double
bgrun_workout_event_get_duration (BgrunWorkoutEvent *self)
{
  g_return_val_if_fail (BGRUN_IS_WORKOUT_EVENT (self), 0);

  return self->duration;
}
