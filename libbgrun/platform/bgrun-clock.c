/* bgrun-clock.c: the time source and alarms every libbgrun part uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-clock.h"
#include "bgrun-enum-types.h"
#include "bgrun-time-private.h"

/**
 * BgrunClock:
 *
 * The source of wall-clock time and alarms for the scheduler and sessions.
 *
 * All of libbgrun reads the time through a `BgrunClock`, so a test can swap
 * the real [class@Bgrun.SystemClock] for a [class@Bgrun.TestClock] that only
 * moves when told. Times are wall-clock times in UTC, because deadlines and
 * begin dates are dates a user can read, and because the monotonic clock
 * stops while the machine is suspended.
 *
 * Alarms are one-shot callbacks for a wall-clock time. They fire in time
 * order (alarms for the same time in the order they were added) on the main
 * context that was the thread-default when the clock was created. An alarm
 * whose time has already passed fires at the next dispatch.
 *
 * Subclasses implement `get_now` and `arm`, and call
 * [method@Bgrun.Clock.fire_due_alarms] when the armed time arrives and
 * [method@Bgrun.Clock.time_changed] when the wall clock jumps.
 */

typedef struct
{
  guint           id;
  gint64          due;
  BgrunAlarmFunc  func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  GSequenceIter  *iter;
} Alarm;

typedef struct
{
  GSequence  *alarms;     /* of Alarm, by (due, id) */
  GHashTable *by_id;      /* id → Alarm */
  guint       last_id;
  gint64      armed;      /* what arm() was last given; G_MAXINT64: nothing */
  guint       dispatching;  /* depth of nested fire_due_alarms() calls */
} BgrunClockPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (BgrunClock, bgrun_clock, G_TYPE_OBJECT)

enum {
  SIG_TIME_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
alarm_free (gpointer data)
{
  Alarm *alarm = data;

  if (alarm->destroy != NULL)
    alarm->destroy (alarm->user_data);
  g_free (alarm);
}

static int
alarm_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Alarm *x = a;
  const Alarm *y = b;

  if (x->due != y->due)
    return x->due < y->due ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static Alarm *
peek_first (BgrunClockPrivate *priv)
{
  GSequenceIter *first = g_sequence_get_begin_iter (priv->alarms);

  return g_sequence_iter_is_end (first) ? NULL : g_sequence_get (first);
}

/* Tells the subclass about the earliest alarm, only when that changed. */
static void
rearm (BgrunClock *self,
       gboolean    force)
{
  BgrunClockPrivate *priv = bgrun_clock_get_instance_private (self);
  Alarm *first = peek_first (priv);
  gint64 due = first != NULL ? first->due : G_MAXINT64;
  g_autoptr(GDateTime) when = NULL;

  if (!force && due == priv->armed)
    return;
  priv->armed = due;
  if (first != NULL)
    when = bgrun_time_from_usec (due);
  BGRUN_CLOCK_GET_CLASS (self)->arm (self, when);
}

static void
bgrun_clock_finalize (GObject *object)
{
  BgrunClockPrivate *priv = bgrun_clock_get_instance_private (BGRUN_CLOCK (object));

  g_clear_pointer (&priv->alarms, g_sequence_free);
  g_clear_pointer (&priv->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (bgrun_clock_parent_class)->finalize (object);
}

static void
bgrun_clock_class_init (BgrunClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_clock_finalize;

  /**
   * BgrunClock::time-changed:
   * @self: the clock
   * @change: why the time changed
   *
   * Emitted when the wall clock moved other than by the passing of time:
   * it was set, or the machine resumed from suspend. Anything that computed
   * a time from the clock should compute it again. When the clock was set,
   * alarms that became due through the change fire right after this
   * signal; after a resume the kernel may already have fired them.
   *
   * Emitted on the clock's main context.
   */
  signals[SIG_TIME_CHANGED] =
    g_signal_new ("time-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, BGRUN_TYPE_TIME_CHANGE);
}

static void
bgrun_clock_init (BgrunClock *self)
{
  BgrunClockPrivate *priv = bgrun_clock_get_instance_private (self);

  /* The table owns the alarms; the sequence only orders them. */
  priv->alarms = g_sequence_new (NULL);
  priv->by_id = g_hash_table_new_full (NULL, NULL, NULL, alarm_free);
  priv->armed = G_MAXINT64;
}

/**
 * bgrun_clock_get_now:
 * @self: a clock
 *
 * Reads the current wall-clock time.
 *
 * Returns: (transfer full): the current time, in UTC
 */
GDateTime *
bgrun_clock_get_now (BgrunClock *self)
{
  g_return_val_if_fail (BGRUN_IS_CLOCK (self), NULL);

  return BGRUN_CLOCK_GET_CLASS (self)->get_now (self);
}

/**
 * bgrun_clock_add_alarm:
 * @self: a clock
 * @when: the wall-clock time at which to call @func
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   function to call once when @when has come
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data after @func ran or the alarm was
 *   removed
 *
 * Arms a one-shot alarm. It fires on the clock's main context when the
 * clock reads @when or later: after a suspend or a jump of the wall clock
 * it fires as soon as the clock notices, late rather than never.
 *
 * Returns: the alarm's id (never 0), for bgrun_clock_remove_alarm()
 */
guint
bgrun_clock_add_alarm (BgrunClock     *self,
                       GDateTime      *when,
                       BgrunAlarmFunc  func,
                       gpointer        user_data,
                       GDestroyNotify  destroy)
{
  BgrunClockPrivate *priv;
  Alarm *alarm;

  g_return_val_if_fail (BGRUN_IS_CLOCK (self), 0);
  g_return_val_if_fail (when != NULL, 0);
  g_return_val_if_fail (func != NULL, 0);

  priv = bgrun_clock_get_instance_private (self);
  alarm = g_new0 (Alarm, 1);
  alarm->id = ++priv->last_id;
  alarm->due = bgrun_time_to_usec (when);
  alarm->func = func;
  alarm->user_data = user_data;
  alarm->destroy = destroy;
  alarm->iter = g_sequence_insert_sorted (priv->alarms, alarm, alarm_compare, NULL);
  g_hash_table_insert (priv->by_id, GUINT_TO_POINTER (alarm->id), alarm);

  if (!priv->dispatching)
    rearm (self, FALSE);

  return alarm->id;
}

/**
 * bgrun_clock_remove_alarm:
 * @self: a clock
 * @alarm_id: an id from bgrun_clock_add_alarm()
 *
 * Removes an alarm that has not fired yet, calling its destroy function.
 * Removing an alarm that already fired or was removed does nothing.
 */
void
bgrun_clock_remove_alarm (BgrunClock *self,
                          guint       alarm_id)
{
  BgrunClockPrivate *priv;
  Alarm *alarm;

  g_return_if_fail (BGRUN_IS_CLOCK (self));

  priv = bgrun_clock_get_instance_private (self);
  alarm = g_hash_table_lookup (priv->by_id, GUINT_TO_POINTER (alarm_id));
  if (alarm == NULL)
    return;

  g_sequence_remove (alarm->iter);
  g_hash_table_remove (priv->by_id, GUINT_TO_POINTER (alarm_id));

  if (!priv->dispatching)
    rearm (self, FALSE);
}

/**
 * bgrun_clock_get_next_alarm:
 * @self: a clock
 *
 * Gets the time of the earliest alarm that has not fired yet.
 *
 * Returns: (transfer full) (nullable): the earliest alarm's time, or %NULL
 *   when no alarm is armed
 */
GDateTime *
bgrun_clock_get_next_alarm (BgrunClock *self)
{
  BgrunClockPrivate *priv;
  Alarm *first;

  g_return_val_if_fail (BGRUN_IS_CLOCK (self), NULL);

  priv = bgrun_clock_get_instance_private (self);
  first = peek_first (priv);
  return first != NULL ? bgrun_time_from_usec (first->due) : NULL;
}

/**
 * bgrun_clock_get_n_alarms:
 * @self: a clock
 *
 * Counts the alarms that have not fired yet.
 *
 * Returns: the number of armed alarms
 */
guint
bgrun_clock_get_n_alarms (BgrunClock *self)
{
  BgrunClockPrivate *priv;

  g_return_val_if_fail (BGRUN_IS_CLOCK (self), 0);

  priv = bgrun_clock_get_instance_private (self);
  return g_hash_table_size (priv->by_id);
}

/**
 * bgrun_clock_fire_due_alarms:
 * @self: a clock
 *
 * Fires, in time order, every alarm whose time is not after
 * [method@Bgrun.Clock.get_now], including alarms that the callbacks add for
 * such times, then arms the subclass for the next one.
 *
 * Subclasses call this when the time they were armed for has come; apps
 * never need to.
 */
void
bgrun_clock_fire_due_alarms (BgrunClock *self)
{
  BgrunClockPrivate *priv;
  g_autoptr(GObject) keep = NULL;

  g_return_if_fail (BGRUN_IS_CLOCK (self));

  priv = bgrun_clock_get_instance_private (self);
  keep = g_object_ref (G_OBJECT (self));

  /* A callback may fire alarms itself (a test clock advanced from inside
   * one): the nested call fires what is due, and only the outermost call
   * arms the subclass. */
  priv->dispatching++;
  for (;;)
    {
      g_autoptr(GDateTime) now = bgrun_clock_get_now (self);
      Alarm *first = peek_first (priv);

      if (first == NULL || first->due > bgrun_time_to_usec (now))
        break;

      /* Unlink before the call, so the callback may add or remove alarms
       * freely; the destroy notify runs after the callback. */
      g_sequence_remove (first->iter);
      g_hash_table_steal (priv->by_id, GUINT_TO_POINTER (first->id));
      first->func (self, first->user_data);
      alarm_free (first);
    }
  if (--priv->dispatching == 0)
    rearm (self, FALSE);
}

/**
 * bgrun_clock_time_changed:
 * @self: a clock
 * @change: why the time changed
 *
 * Announces a discontinuity of the wall clock: emits
 * [signal@Bgrun.Clock::time-changed], fires the alarms that became due and
 * arms the subclass again.
 *
 * Subclasses call this; apps never need to.
 */
void
bgrun_clock_time_changed (BgrunClock      *self,
                          BgrunTimeChange  change)
{
  g_return_if_fail (BGRUN_IS_CLOCK (self));

  g_signal_emit (self, signals[SIG_TIME_CHANGED], 0, change);
  bgrun_clock_fire_due_alarms (self);
  rearm (self, TRUE);
}

