/* bgrun-workout-source-location.c: a location session's route, distance
 * and speed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-location-session.h"
#include "bgrun-workout-builder-private.h"
#include "bgrun-workout-session-private.h"
#include "bgrun-workout-source-private.h"

/* Each fix the location session delivers while the workout runs becomes a
 * route point and, from the second fix on, a distance sample (the metres
 * from the fix before, bgrun_location_distance_to()) and a speed sample
 * (the fix's own speed, or else the distance over the time between the
 * two fixes' own timestamps: the runner's speed, whatever the replay
 * speed). Everything is dated when the fix arrives, on the scheduler's
 * clock, the one time line of the workout: dates never go back (a
 * receiver's timestamps may, when AUTO switches provider) and a replayed
 * track lands inside the collection whatever its recorded dates.
 *
 * While the workout is paused (by the user, or in motion pause) fixes are
 * dropped and the previous one forgotten, so the way covered during the
 * pause is not counted. The location session's own automatic pause
 * delivers no fixes at all; it becomes a motion pause of the workout, and
 * the fix that resumes it counts from where the runner stopped (they did
 * walk those metres). */

#define BGRUN_TYPE_WORKOUT_SOURCE_LOCATION (bgrun_workout_source_location_get_type ())
G_DECLARE_FINAL_TYPE (BgrunWorkoutSourceLocation, bgrun_workout_source_location,
                      BGRUN, WORKOUT_SOURCE_LOCATION, GObject)

struct _BgrunWorkoutSourceLocation
{
  GObject parent_instance;

  BgrunWorkoutSession  *session;   /* weak */
  BgrunLocationSession *location;
  BgrunLocation        *previous;  /* the last fix counted, or NULL */
  gboolean              motion_paused;  /* we emitted MOTION_PAUSED */
  gulong                location_handler;
  gulong                paused_handler;
  gulong                resumed_handler;
};

static void source_iface_init (BgrunWorkoutSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunWorkoutSourceLocation, bgrun_workout_source_location, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_WORKOUT_SOURCE, source_iface_init))

/* Whether the workout counts what happens now: running, collecting and
 * not in a (motion) pause. */
static gboolean
counting (BgrunWorkoutSourceLocation *self)
{
  BgrunWorkoutBuilder *builder;
  BgrunWorkoutTimeline *timeline;

  if (bgrun_workout_session_get_state (self->session) != BGRUN_WORKOUT_SESSION_STATE_RUNNING)
    return FALSE;
  builder = bgrun_workout_session_get_builder (self->session);
  timeline = bgrun_workout_builder_get_timeline (builder);
  return bgrun_workout_timeline_get_begin (timeline) != BGRUN_WORKOUT_UNSET &&
         bgrun_workout_timeline_get_end (timeline) == BGRUN_WORKOUT_UNSET &&
         !bgrun_workout_timeline_is_paused (timeline);
}

static void
on_location_updated (BgrunLocationSession *location,
                     BgrunLocation        *fix,
                     gpointer              user_data)
{
  BgrunWorkoutSourceLocation *self = user_data;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) guard = NULL;
  double speed;

  if (self->session == NULL)
    return;
  if (!counting (self))
    {
      g_clear_pointer (&self->previous, bgrun_location_unref);
      return;
    }

  guard = g_object_ref (G_OBJECT (self));
  now = bgrun_workout_session_now (self->session);
  if (!bgrun_workout_builder_add_route_point (bgrun_workout_session_get_builder (self->session),
                                              bgrun_location_get_latitude (fix),
                                              bgrun_location_get_longitude (fix),
                                              bgrun_location_get_altitude (fix),
                                              now, &error))
    {
      g_debug ("libbgrun: a location is not added to the workout's route: %s", error->message);
      return;
    }

  speed = bgrun_location_get_speed (fix);
  if (self->previous != NULL)
    {
      double metres = bgrun_location_distance_to (self->previous, fix);
      GTimeSpan span = g_date_time_difference (bgrun_location_get_timestamp (fix),
                                               bgrun_location_get_timestamp (self->previous));

      bgrun_workout_session_deliver_sample (self->session, BGRUN_QUANTITY_TYPE_DISTANCE, metres, now);
      if (self->session == NULL)
        return;
      if (speed < 0 && span > 0)
        speed = metres / ((double) span / G_USEC_PER_SEC);
    }
  if (speed >= 0)
    {
      bgrun_workout_session_deliver_sample (self->session, BGRUN_QUANTITY_TYPE_SPEED, speed, now);
      if (self->session == NULL)
        return;
    }
  g_clear_pointer (&self->previous, bgrun_location_unref);
  self->previous = bgrun_location_ref (fix);
}

static void
on_updates_paused (BgrunLocationSession *location,
                   gpointer              user_data)
{
  BgrunWorkoutSourceLocation *self = user_data;
  g_autoptr(GDateTime) now = NULL;

  if (self->session == NULL || self->motion_paused)
    return;
  self->motion_paused = TRUE;
  now = bgrun_workout_session_now (self->session);
  bgrun_workout_session_emit_event (self->session, BGRUN_WORKOUT_EVENT_TYPE_MOTION_PAUSED, now);
}

static void
on_updates_resumed (BgrunLocationSession *location,
                    gpointer              user_data)
{
  BgrunWorkoutSourceLocation *self = user_data;
  g_autoptr(GDateTime) now = NULL;

  /* Only a pause this source reported is resumed: a location session
   * that was already paused when the source started never told it. */
  if (self->session == NULL || !self->motion_paused)
    return;
  self->motion_paused = FALSE;
  now = bgrun_workout_session_now (self->session);
  bgrun_workout_session_emit_event (self->session, BGRUN_WORKOUT_EVENT_TYPE_MOTION_RESUMED, now);
}

static void
location_start (BgrunWorkoutSource *source)
{
  BgrunWorkoutSourceLocation *self = BGRUN_WORKOUT_SOURCE_LOCATION (source);

  if (self->session == NULL || self->location_handler != 0)
    return;
  self->location_handler = g_signal_connect (self->location, "location-updated",
                                             G_CALLBACK (on_location_updated), self);
  self->paused_handler = g_signal_connect (self->location, "updates-paused",
                                           G_CALLBACK (on_updates_paused), self);
  self->resumed_handler = g_signal_connect (self->location, "updates-resumed",
                                            G_CALLBACK (on_updates_resumed), self);
}

static void
location_stop (BgrunWorkoutSource *source)
{
  BgrunWorkoutSourceLocation *self = BGRUN_WORKOUT_SOURCE_LOCATION (source);

  g_clear_signal_handler (&self->location_handler, self->location);
  g_clear_signal_handler (&self->paused_handler, self->location);
  g_clear_signal_handler (&self->resumed_handler, self->location);
  g_clear_pointer (&self->previous, bgrun_location_unref);
  self->motion_paused = FALSE;
}

static void
source_iface_init (BgrunWorkoutSourceInterface *iface)
{
  iface->start = location_start;
  iface->stop = location_stop;
}

static void
bgrun_workout_source_location_dispose (GObject *object)
{
  BgrunWorkoutSourceLocation *self = BGRUN_WORKOUT_SOURCE_LOCATION (object);

  if (self->location != NULL)
    location_stop (BGRUN_WORKOUT_SOURCE (self));
  g_clear_object (&self->location);
  g_clear_weak_pointer (&self->session);

  G_OBJECT_CLASS (bgrun_workout_source_location_parent_class)->dispose (object);
}

static void
bgrun_workout_source_location_class_init (BgrunWorkoutSourceLocationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_workout_source_location_dispose;
}

static void
bgrun_workout_source_location_init (BgrunWorkoutSourceLocation *self)
{
}

BgrunWorkoutSource *
bgrun_workout_source_location_new (BgrunWorkoutSession  *session,
                                   BgrunLocationSession *location)
{
  BgrunWorkoutSourceLocation *self = g_object_new (BGRUN_TYPE_WORKOUT_SOURCE_LOCATION, NULL);

  g_set_weak_pointer (&self->session, session);
  self->location = g_object_ref (location);
  return BGRUN_WORKOUT_SOURCE (self);
}

BgrunLocationSession *
bgrun_workout_source_location_get_location (BgrunWorkoutSource *source)
{
  if (!BGRUN_IS_WORKOUT_SOURCE_LOCATION (source))
    return NULL;
  return BGRUN_WORKOUT_SOURCE_LOCATION (source)->location;
}
