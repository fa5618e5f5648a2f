/* bgrun-workout-timeline.c: the samples and events of one workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <gio/gio.h>

#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"
#include "bgrun-statistics-private.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-error.h"
#include "bgrun-workout-timeline-private.h"

typedef struct {
  BgrunWorkoutEventType type;
  gint64                at;
  double                duration;
} Event;

struct _BgrunWorkoutTimeline
{
  gatomicrefcount ref_count;
  gint64          begin;
  gint64          end;
  GArray         *samples[BGRUN_N_QUANTITY_TYPES]; /* of BgrunWorkoutSample */
  GArray         *events;                          /* of Event */
  GArray         *route;                           /* of BgrunWorkoutRoutePoint */
  gboolean        user_paused;
  gboolean        motion_paused;
};

static const gboolean cumulative[BGRUN_N_QUANTITY_TYPES] = {
  [BGRUN_QUANTITY_TYPE_DISTANCE] = TRUE,
  [BGRUN_QUANTITY_TYPE_ACTIVE_ENERGY] = TRUE,
  [BGRUN_QUANTITY_TYPE_STEP_COUNT] = TRUE,
};

BgrunWorkoutTimeline *
bgrun_workout_timeline_new (void)
{
  BgrunWorkoutTimeline *self = g_new0 (BgrunWorkoutTimeline, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->begin = BGRUN_WORKOUT_UNSET;
  self->end = BGRUN_WORKOUT_UNSET;
  for (guint i = 0; i < BGRUN_N_QUANTITY_TYPES; i++)
    self->samples[i] = g_array_new (FALSE, FALSE, sizeof (BgrunWorkoutSample));
  self->events = g_array_new (FALSE, FALSE, sizeof (Event));
  self->route = g_array_new (FALSE, FALSE, sizeof (BgrunWorkoutRoutePoint));
  return self;
}

BgrunWorkoutTimeline *
bgrun_workout_timeline_ref (BgrunWorkoutTimeline *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
bgrun_workout_timeline_unref (BgrunWorkoutTimeline *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < BGRUN_N_QUANTITY_TYPES; i++)
    g_array_unref (self->samples[i]);
  g_array_unref (self->events);
  g_array_unref (self->route);
  g_free (self);
}

/* "2030-01-01T12:00:00.000000Z", for messages. */
static char *
format_usec (gint64 at)
{
  g_autoptr(GDateTime) date = bgrun_time_from_usec (at);

  return g_date_time_format_iso8601 (date);
}

static const char *
nick (GType type, int value)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  GEnumValue *enum_value = g_enum_get_value (klass, value);

  return enum_value != NULL ? enum_value->value_nick : "?";
}

gboolean
bgrun_workout_timeline_begin (BgrunWorkoutTimeline  *self,
                              gint64                 at,
                              GError               **error)
{
  if (self->begin != BGRUN_WORKOUT_UNSET)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
                   _("Collection of this workout already began; a builder collects once."));
      return FALSE;
    }
  self->begin = at;
  return TRUE;
}

gboolean
bgrun_workout_timeline_end (BgrunWorkoutTimeline  *self,
                            gint64                 at,
                            GError               **error)
{
  if (self->begin == BGRUN_WORKOUT_UNSET || self->end != BGRUN_WORKOUT_UNSET)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
                   self->begin == BGRUN_WORKOUT_UNSET
                   ? _("Cannot end the collection of a workout that did not begin: call begin_collection() first.")
                   : _("The collection of this workout already ended."));
      return FALSE;
    }
  if (at < self->begin)
    {
      g_autofree char *when = format_usec (at);
      g_autofree char *begin = format_usec (self->begin);

      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_OUT_OF_ORDER,
                   _("Cannot end the collection at %s, before it began (%s)."), when, begin);
      return FALSE;
    }
  self->end = at;
  return TRUE;
}

static gboolean
check_collecting (BgrunWorkoutTimeline  *self,
                  const char            *what,
                  GError               **error)
{
  if (self->begin == BGRUN_WORKOUT_UNSET)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
                   _("Cannot add a %s sample: collection has not begun. Call begin_collection() first."),
                   what);
      return FALSE;
    }
  if (self->end != BGRUN_WORKOUT_UNSET)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
                   _("Cannot add a %s sample: collection has ended."), what);
      return FALSE;
    }
  return TRUE;
}

gboolean
bgrun_workout_timeline_add_sample (BgrunWorkoutTimeline  *self,
                                   BgrunQuantityType      type,
                                   double                 value,
                                   gint64                 at,
                                   GError               **error)
{
  BgrunWorkoutSample sample = { at, value };
  const char *what;
  GArray *samples;

  if ((guint) type >= BGRUN_N_QUANTITY_TYPES)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_SAMPLE,
                   _("%d is not a quantity type: use a value of BgrunQuantityType."), (int) type);
      return FALSE;
    }
  what = nick (BGRUN_TYPE_QUANTITY_TYPE, type);
  if (!isfinite (value) || value < 0)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_SAMPLE,
                   _("A %s sample of %g is not valid: values are finite and not negative."),
                   what, value);
      return FALSE;
    }
  if (!check_collecting (self, what, error))
    return FALSE;
  samples = self->samples[type];
  if (at < self->begin || (samples->len > 0 && at < g_array_index (samples, BgrunWorkoutSample, samples->len - 1).at))
    {
      g_autofree char *when = format_usec (at);
      g_autofree char *after = format_usec (samples->len > 0 ? g_array_index (samples, BgrunWorkoutSample, samples->len - 1).at
                                                             : self->begin);

      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_OUT_OF_ORDER,
                   _("A %s sample dated %s comes before %s: add samples of a type in date order, after collection began."),
                   what, when, after);
      return FALSE;
    }
  g_array_append_val (samples, sample);
  return TRUE;
}

gboolean
bgrun_workout_timeline_add_event (BgrunWorkoutTimeline  *self,
                                  BgrunWorkoutEventType  type,
                                  gint64                 at,
                                  double                 duration,
                                  gboolean               from_session,
                                  GError               **error)
{
  Event event = { type, at, duration };
  const char *what = nick (BGRUN_TYPE_WORKOUT_EVENT_TYPE, type);
  gboolean *flag = NULL;
  gboolean pausing = FALSE;

  switch (type)
    {
    case BGRUN_WORKOUT_EVENT_TYPE_PAUSE:
    case BGRUN_WORKOUT_EVENT_TYPE_RESUME:
      if (!from_session)
        {
          g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_EVENT,
                       _("A %s event comes from the workout session: call its pause() or resume() instead."),
                       what);
          return FALSE;
        }
      flag = &self->user_paused;
      pausing = type == BGRUN_WORKOUT_EVENT_TYPE_PAUSE;
      break;
    case BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED:
    case BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED:
      flag = &self->motion_paused;
      pausing = type == BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED;
      break;
    case BGRUN_WORKOUT_EVENT_TYPE_LAP:
    case BGRUN_WORKOUT_EVENT_TYPE_MARKER:
    case BGRUN_WORKOUT_EVENT_TYPE_SEGMENT:
    case BGRUN_WORKOUT_EVENT_TYPE_SENSOR_DISCONNECTED:
    case BGRUN_WORKOUT_EVENT_TYPE_SENSOR_CONNECTED:
      break;
    default:
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_EVENT,
                   _("%d is not a workout event type: use a value of BgrunWorkoutEventType."), (int) type);
      return FALSE;
    }
  if (!isfinite (duration) || duration < 0)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_EVENT,
                   _("A %s event cannot last %g seconds: durations are finite and not negative."),
                   what, duration);
      return FALSE;
    }
  if (flag != NULL && *flag == pausing)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_EVENT,
                   pausing ? _("A %s event while already paused: pauses and resumes alternate.")
                           : _("A %s event while not paused: pauses and resumes alternate."),
                   what);
      return FALSE;
    }
  if (self->end != BGRUN_WORKOUT_UNSET)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOT_COLLECTING,
                   _("Cannot add a %s event: collection has ended."), what);
      return FALSE;
    }
  if (self->events->len > 0 && at < g_array_index (self->events, Event, self->events->len - 1).at)
    {
      g_autofree char *when = format_usec (at);
      g_autofree char *after = format_usec (g_array_index (self->events, Event, self->events->len - 1).at);

      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_OUT_OF_ORDER,
                   _("A %s event dated %s comes before the previous event (%s): add events in date order."),
                   what, when, after);
      return FALSE;
    }
  if (flag != NULL)
    *flag = pausing;
  g_array_append_val (self->events, event);
  return TRUE;
}

gboolean
bgrun_workout_timeline_add_route_point (BgrunWorkoutTimeline  *self,
                                        double                 latitude,
                                        double                 longitude,
                                        double                 altitude,
                                        gint64                 at,
                                        GError               **error)
{
  BgrunWorkoutRoutePoint point = { at, latitude, longitude, altitude };

  if (!isfinite (latitude) || latitude < -90 || latitude > 90 ||
      !isfinite (longitude) || longitude < -180 || longitude > 180 || isinf (altitude))
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_INVALID_SAMPLE,
                   _("A route point at latitude %g, longitude %g, altitude %g is not valid: latitudes are within ±90, longitudes within ±180, altitudes finite (or NaN when unknown)."),
                   latitude, longitude, altitude);
      return FALSE;
    }
  if (!check_collecting (self, _("route"), error))
    return FALSE;
  if (at < self->begin ||
      (self->route->len > 0 && at < g_array_index (self->route, BgrunWorkoutRoutePoint, self->route->len - 1).at))
    {
      g_autofree char *when = format_usec (at);

      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_OUT_OF_ORDER,
                   _("A route point dated %s comes before collection began or before the previous point: add points in date order."),
                   when);
      return FALSE;
    }
  g_array_append_val (self->route, point);
  return TRUE;
}

const BgrunWorkoutRoutePoint *
bgrun_workout_timeline_get_route (BgrunWorkoutTimeline *self,
                                  guint                *n_points)
{
  *n_points = self->route->len;
  return (const BgrunWorkoutRoutePoint *) self->route->data;
}

/* The index of the last sample of @samples dated at or before @at, or -1
 * (a binary search: exports ask for every point of a long workout). */
static int
last_at_or_before (GArray *samples,
                   gint64  at)
{
  int low = 0, high = (int) samples->len - 1, found = -1;

  while (low <= high)
    {
      int middle = low + (high - low) / 2;

      if (g_array_index (samples, BgrunWorkoutSample, middle).at <= at)
        {
          found = middle;
          low = middle + 1;
        }
      else
        high = middle - 1;
    }
  return found;
}

double
bgrun_workout_timeline_value_at (BgrunWorkoutTimeline *self,
                                 BgrunQuantityType     type,
                                 gint64                at,
                                 gint64                max_age)
{
  GArray *samples = self->samples[type];
  int i = last_at_or_before (samples, at);

  if (i < 0 || at - g_array_index (samples, BgrunWorkoutSample, i).at > max_age)
    return NAN;
  return g_array_index (samples, BgrunWorkoutSample, i).value;
}

guint
bgrun_workout_timeline_get_n_events (BgrunWorkoutTimeline *self)
{
  return self->events->len;
}

void
bgrun_workout_timeline_get_event (BgrunWorkoutTimeline  *self,
                                  guint                  index,
                                  BgrunWorkoutEventType *type,
                                  gint64                *at,
                                  double                *duration)
{
  Event *event = &g_array_index (self->events, Event, index);

  *type = event->type;
  *at = event->at;
  *duration = event->duration;
}

gint64
bgrun_workout_timeline_get_begin (BgrunWorkoutTimeline *self)
{
  return self->begin;
}

gint64
bgrun_workout_timeline_get_end (BgrunWorkoutTimeline *self)
{
  return self->end;
}

gboolean
bgrun_workout_timeline_is_paused (BgrunWorkoutTimeline *self)
{
  return self->user_paused || self->motion_paused;
}

/* Microseconds of [from, to) inside pauses: a pause runs from the event
 * that made the workout paused (a pause or a motion pause, whichever
 * came first) to the event that left it unpaused. */
static gint64
paused_usec (BgrunWorkoutTimeline *self,
             gint64                from,
             gint64                to)
{
  gboolean user = FALSE, motion = FALSE;
  gint64 pause_start = 0, total = 0;

  for (guint i = 0; i <= self->events->len; i++)
    {
      gboolean was_paused = user || motion;
      gint64 at;

      if (i == self->events->len)
        {
          if (was_paused && pause_start < to)
            total += to - MAX (pause_start, from);
          break;
        }
      Event *event = &g_array_index (self->events, Event, i);
      at = event->at;
      switch (event->type)
        {
        case BGRUN_WORKOUT_EVENT_TYPE_PAUSE: user = TRUE; break;
        case BGRUN_WORKOUT_EVENT_TYPE_RESUME: user = FALSE; break;
        case BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED: motion = TRUE; break;
        case BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED: motion = FALSE; break;
        default: break;
        }
      if (!was_paused && (user || motion))
        pause_start = at;
      else if (was_paused && !(user || motion))
        {
          gint64 start = MAX (pause_start, from), stop = MIN (at, to);

          if (stop > start)
            total += stop - start;
        }
    }
  return total;
}

double
bgrun_workout_timeline_active (BgrunWorkoutTimeline *self,
                               gint64                from,
                               gint64                to)
{
  if (to <= from)
    return 0;
  return (double) ((to - from) - paused_usec (self, from, to)) / G_USEC_PER_SEC;
}

double
bgrun_workout_timeline_elapsed (BgrunWorkoutTimeline *self,
                                gint64                now)
{
  if (self->begin == BGRUN_WORKOUT_UNSET)
    return 0;
  if (self->end != BGRUN_WORKOUT_UNSET)
    now = MIN (now, self->end);
  return bgrun_workout_timeline_active (self, self->begin, now);
}

BgrunStatistics *
bgrun_workout_timeline_statistics (BgrunWorkoutTimeline *self,
                                   BgrunQuantityType     type,
                                   gint64                now)
{
  GArray *samples;
  g_autoptr(GDateTime) recent_date = NULL;
  BgrunWorkoutSample *last;
  double minimum = INFINITY, maximum = -INFINITY, sum = 0, weighted = 0, weight = 0;
  gint64 until;

  g_return_val_if_fail ((guint) type < BGRUN_N_QUANTITY_TYPES, NULL);

  samples = self->samples[type];
  if (samples->len == 0)
    return bgrun_statistics_new (type, 0, NAN, NAN, NAN, cumulative[type] ? 0 : NAN, NAN, NULL);

  last = &g_array_index (samples, BgrunWorkoutSample, samples->len - 1);
  recent_date = bgrun_time_from_usec (last->at);
  until = self->end != BGRUN_WORKOUT_UNSET ? self->end : MAX (now, last->at);
  for (guint i = 0; i < samples->len; i++)
    {
      BgrunWorkoutSample *sample = &g_array_index (samples, BgrunWorkoutSample, i);
      gint64 next = i + 1 < samples->len ? g_array_index (samples, BgrunWorkoutSample, i + 1).at : until;
      double seconds = bgrun_workout_timeline_active (self, sample->at, next);

      minimum = MIN (minimum, sample->value);
      maximum = MAX (maximum, sample->value);
      sum += sample->value;
      weighted += sample->value * seconds;
      weight += seconds;
    }
  if (cumulative[type])
    return bgrun_statistics_new (type, samples->len, NAN, NAN, NAN, sum, last->value, recent_date);
  return bgrun_statistics_new (type, samples->len, minimum, maximum,
                               weight > 0 ? weighted / weight : sum / samples->len,
                               NAN, last->value, recent_date);
}

const BgrunWorkoutSample *
bgrun_workout_timeline_get_samples (BgrunWorkoutTimeline *self,
                                    BgrunQuantityType     type,
                                    guint                *n_samples)
{
  g_return_val_if_fail ((guint) type < BGRUN_N_QUANTITY_TYPES, NULL);

  *n_samples = self->samples[type]->len;
  return (const BgrunWorkoutSample *) self->samples[type]->data;
}

GListModel *
bgrun_workout_timeline_list_events (BgrunWorkoutTimeline *self)
{
  GListStore *store = g_list_store_new (BGRUN_TYPE_WORKOUT_EVENT);

  for (guint i = 0; i < self->events->len; i++)
    {
      Event *event = &g_array_index (self->events, Event, i);
      g_autoptr(GDateTime) date = bgrun_time_from_usec (event->at);
      g_autoptr(BgrunWorkoutEvent) item = bgrun_workout_event_new (event->type, date, event->duration);

      g_list_store_append (store, item);
    }
  return G_LIST_MODEL (store);
}
