/* bgrun-workout-source-replay.c: samples replayed from a file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-session-private.h"
#include "bgrun-workout-source-private.h"

typedef struct {
  gint64            offset;  /* microseconds after the session's start */
  BgrunQuantityType type;
  double            value;
} Line;

#define BGRUN_TYPE_WORKOUT_SOURCE_REPLAY (bgrun_workout_source_replay_get_type ())
G_DECLARE_FINAL_TYPE (BgrunWorkoutSourceReplay, bgrun_workout_source_replay,
                      BGRUN, WORKOUT_SOURCE_REPLAY, GObject)

struct _BgrunWorkoutSourceReplay
{
  GObject parent_instance;

  BgrunWorkoutSession *session;   /* weak */
  BgrunClock          *clock;
  GArray              *lines;     /* of Line, in time order */
  guint                next;      /* the next line to deliver */
  guint                alarm;
  gulong               start_handler;
};

static void source_iface_init (BgrunWorkoutSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunWorkoutSourceReplay, bgrun_workout_source_replay, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_WORKOUT_SOURCE, source_iface_init))

static void schedule (BgrunWorkoutSourceReplay *self);

static void
deliver_due (BgrunClock *clock,
             gpointer    user_data)
{
  BgrunWorkoutSourceReplay *self = user_data;
  GDateTime *start;

  self->alarm = 0;
  if (self->session == NULL || (start = bgrun_workout_session_get_start_date (self->session)) == NULL)
    return;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);
  gint64 elapsed = bgrun_time_to_usec (now) - bgrun_time_to_usec (start);

  while (self->next < self->lines->len)
    {
      Line *line = &g_array_index (self->lines, Line, self->next);
      g_autoptr(GDateTime) date = NULL;

      if (line->offset > elapsed)
        break;
      date = bgrun_time_from_usec (bgrun_time_to_usec (start) + line->offset);
      self->next++;
      bgrun_workout_session_deliver_sample (self->session, line->type, line->value, date);
      if (self->session == NULL)
        return;
    }
  schedule (self);
}

static void
schedule (BgrunWorkoutSourceReplay *self)
{
  GDateTime *start = self->session != NULL ? bgrun_workout_session_get_start_date (self->session) : NULL;
  g_autoptr(GDateTime) when = NULL;

  if (self->alarm != 0 || start == NULL || self->next >= self->lines->len)
    return;
  when = bgrun_time_from_usec (bgrun_time_to_usec (start) +
                               g_array_index (self->lines, Line, self->next).offset);
  self->alarm = bgrun_clock_add_alarm (self->clock, when, deliver_due, self, NULL);
}

static void
on_start_date (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  schedule (user_data);
}

static void
replay_start (BgrunWorkoutSource *source)
{
  BgrunWorkoutSourceReplay *self = BGRUN_WORKOUT_SOURCE_REPLAY (source);

  if (self->session == NULL)
    return;
  if (self->start_handler == 0)
    self->start_handler = g_signal_connect (self->session, "notify::start-date",
                                            G_CALLBACK (on_start_date), self);
  schedule (self);
}

static void
replay_stop (BgrunWorkoutSource *source)
{
  BgrunWorkoutSourceReplay *self = BGRUN_WORKOUT_SOURCE_REPLAY (source);

  if (self->alarm != 0)
    bgrun_clock_remove_alarm (self->clock, self->alarm);
  self->alarm = 0;
  if (self->start_handler != 0 && self->session != NULL)
    g_signal_handler_disconnect (self->session, self->start_handler);
  self->start_handler = 0;
}

static void
source_iface_init (BgrunWorkoutSourceInterface *iface)
{
  iface->start = replay_start;
  iface->stop = replay_stop;
}

static void
bgrun_workout_source_replay_dispose (GObject *object)
{
  BgrunWorkoutSourceReplay *self = BGRUN_WORKOUT_SOURCE_REPLAY (object);

  replay_stop (BGRUN_WORKOUT_SOURCE (self));
  g_clear_weak_pointer (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bgrun_workout_source_replay_parent_class)->dispose (object);
}

static void
bgrun_workout_source_replay_finalize (GObject *object)
{
  BgrunWorkoutSourceReplay *self = BGRUN_WORKOUT_SOURCE_REPLAY (object);

  g_array_unref (self->lines);

  G_OBJECT_CLASS (bgrun_workout_source_replay_parent_class)->finalize (object);
}

static void
bgrun_workout_source_replay_class_init (BgrunWorkoutSourceReplayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_workout_source_replay_dispose;
  object_class->finalize = bgrun_workout_source_replay_finalize;
}

static void
bgrun_workout_source_replay_init (BgrunWorkoutSourceReplay *self)
{
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));
}

static gboolean
parse_line (const char  *name,
            guint        number,
            const char  *text,
            GArray      *lines,
            GError     **error)
{
  g_autoptr(GEnumClass) types = g_type_class_ref (BGRUN_TYPE_QUANTITY_TYPE);
  g_auto(GStrv) fields = NULL;
  GEnumValue *type;
  Line line;
  char *end;
  double seconds;

  fields = g_strsplit_set (g_strstrip ((char *) text), " \t", -1);
  /* g_strsplit_set keeps empty fields between runs of blanks: drop them. */
  {
    guint kept = 0;
    for (guint i = 0; fields[i] != NULL; i++)
      if (*fields[i] != '\0')
        fields[kept++] = fields[i];
      else
        g_free (fields[i]);
    fields[kept] = NULL;
  }
  if (g_strv_length (fields) != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s, line %u: expected “<seconds> <quantity type> <value>”."), name, number);
      return FALSE;
    }
  seconds = g_ascii_strtod (fields[0], &end);
  if (*end != '\0' || !isfinite (seconds) || seconds < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s, line %u: “%s” is not a number of seconds."), name, number, fields[0]);
      return FALSE;
    }
  type = g_enum_get_value_by_nick (types, fields[1]);
  if (type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s, line %u: “%s” is not a quantity type (heart-rate, distance, speed, active-energy, cadence, step-count)."),
                   name, number, fields[1]);
      return FALSE;
    }
  line.offset = (gint64) llround (seconds * G_USEC_PER_SEC);
  line.type = type->value;
  line.value = g_ascii_strtod (fields[2], &end);
  if (*end != '\0' || !isfinite (line.value) || line.value < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s, line %u: “%s” is not a value (a number, not negative)."), name, number, fields[2]);
      return FALSE;
    }
  if (lines->len > 0 && line.offset < g_array_index (lines, Line, lines->len - 1).offset)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s, line %u: the time goes back; lines come in time order."), name, number);
      return FALSE;
    }
  g_array_append_val (lines, line);
  return TRUE;
}

BgrunWorkoutSource *
bgrun_workout_source_replay_new (BgrunWorkoutSession  *session,
                                 const char           *name,
                                 const char           *contents,
                                 GError              **error)
{
  g_autoptr(BgrunWorkoutSourceReplay) self = g_object_new (BGRUN_TYPE_WORKOUT_SOURCE_REPLAY, NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *comment = strchr (lines[i], '#');

      if (comment != NULL)
        *comment = '\0';
      g_strstrip (lines[i]);
      if (*lines[i] == '\0')
        continue;
      if (!parse_line (name, i + 1, lines[i], self->lines, error))
        return NULL;
    }
  g_set_weak_pointer (&self->session, session);
  self->clock = g_object_ref (bgrun_scheduler_get_clock (bgrun_workout_session_get_scheduler (session)));
  return BGRUN_WORKOUT_SOURCE (g_steal_pointer (&self));
}
