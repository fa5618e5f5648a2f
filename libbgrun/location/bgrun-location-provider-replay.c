/* bgrun-location-provider-replay.c: fixes from a recorded track
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-location-provider-private.h"

/* Each point is delivered when the scheduler's clock reaches the start of
 * the replay plus the point's offset in the track divided by the speed.
 * Going through the clock, not a GLib timeout, lets a test clock replay an
 * hour-long track in no time, and computing every due time from the start
 * (not from the point before) keeps rounding from drifting. Fixes keep the
 * track's own times: a replay at ten times the speed still pauses after
 * the track's three stationary minutes, not the wall clock's. After the
 * last point the backend delivers nothing more. */

struct _BgrunLocationBackendReplay
{
  GObject parent_instance;

  BgrunClock *clock;
  GPtrArray  *track;
  double      speed;
  guint       next;       /* index of the next point to deliver */
  guint       alarm;
  GDateTime  *start;      /* clock time of the first point */
};

#define BGRUN_TYPE_LOCATION_BACKEND_REPLAY (bgrun_location_backend_replay_get_type ())
G_DECLARE_FINAL_TYPE (BgrunLocationBackendReplay, bgrun_location_backend_replay,
                      BGRUN, LOCATION_BACKEND_REPLAY, GObject)

static void backend_iface_init (BgrunLocationBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunLocationBackendReplay, bgrun_location_backend_replay, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_LOCATION_BACKEND, backend_iface_init))

static void arm (BgrunLocationBackendReplay *self);

static void
on_alarm (BgrunClock *clock,
          gpointer    user_data)
{
  BgrunLocationBackendReplay *self = user_data;
  BgrunLocation *point = g_ptr_array_index (self->track, self->next);

  self->alarm = 0;
  self->next++;
  /* Arm the next one first: a handler may stop the backend. */
  g_object_ref (self);
  arm (self);
  bgrun_location_backend_emit_location (BGRUN_LOCATION_BACKEND (self), point);
  g_object_unref (self);
}

static void
arm (BgrunLocationBackendReplay *self)
{
  BgrunLocation *first, *point;
  GTimeSpan offset;
  g_autoptr(GDateTime) due = NULL;

  if (self->next >= self->track->len)
    return;
  first = g_ptr_array_index (self->track, 0);
  point = g_ptr_array_index (self->track, self->next);
  offset = g_date_time_difference (bgrun_location_get_timestamp (point),
                                   bgrun_location_get_timestamp (first));
  due = g_date_time_add (self->start, (GTimeSpan) (offset / self->speed));
  self->alarm = bgrun_clock_add_alarm (self->clock, due, on_alarm, self, NULL);
}

static const char *
replay_get_name (BgrunLocationBackend *backend)
{
  return "replay";
}

static void
replay_start (BgrunLocationBackend *backend)
{
  BgrunLocationBackendReplay *self = BGRUN_LOCATION_BACKEND_REPLAY (backend);

  g_return_if_fail (self->start == NULL);

  self->start = bgrun_clock_get_now (self->clock);
  arm (self);
}

static void
replay_stop (BgrunLocationBackend *backend)
{
  BgrunLocationBackendReplay *self = BGRUN_LOCATION_BACKEND_REPLAY (backend);

  if (self->alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->alarm);
  self->alarm = 0;
  self->next = self->track->len;
}

static void
backend_iface_init (BgrunLocationBackendInterface *iface)
{
  iface->get_name = replay_get_name;
  iface->start = replay_start;
  iface->stop = replay_stop;
}

static void
bgrun_location_backend_replay_dispose (GObject *object)
{
  BgrunLocationBackendReplay *self = BGRUN_LOCATION_BACKEND_REPLAY (object);

  if (self->track != NULL)
    replay_stop (BGRUN_LOCATION_BACKEND (self));
  g_clear_object (&self->clock);
  g_clear_pointer (&self->track, g_ptr_array_unref);
  g_clear_pointer (&self->start, g_date_time_unref);

  G_OBJECT_CLASS (bgrun_location_backend_replay_parent_class)->dispose (object);
}

static void
bgrun_location_backend_replay_class_init (BgrunLocationBackendReplayClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_location_backend_replay_dispose;
}

static void
bgrun_location_backend_replay_init (BgrunLocationBackendReplay *self)
{
}

BgrunLocationBackend *
bgrun_location_backend_replay_new (BgrunClock *clock,
                                   GPtrArray  *track,
                                   double      speed)
{
  BgrunLocationBackendReplay *self;

  g_return_val_if_fail (BGRUN_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (track != NULL && track->len > 0, NULL);
  g_return_val_if_fail (speed > 0, NULL);

  self = g_object_new (BGRUN_TYPE_LOCATION_BACKEND_REPLAY, NULL);
  self->clock = g_object_ref (clock);
  self->track = g_ptr_array_ref (track);
  self->speed = speed;
  return BGRUN_LOCATION_BACKEND (self);
}
