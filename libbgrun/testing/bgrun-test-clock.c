/* bgrun-test-clock.c: a clock that moves only when told
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-test-clock.h"
#include "bgrun-time-private.h"

/**
 * BgrunTestClock:
 *
 * A [class@Bgrun.Clock] whose time stands still until the test moves it.
 *
 * Scheduling tests use it instead of sleeping: they arm alarms, then call
 * [method@Bgrun.TestClock.advance], which fires every alarm that falls in
 * the step in time order, each seeing [method@Bgrun.Clock.get_now] equal to
 * its own due time, exactly as if the time had passed for real.
 * [method@Bgrun.TestClock.set_now] simulates the wall clock being set.
 *
 * ```python
 * clock = Bgrun.TestClock.new(None)
 * clock.add_alarm(clock.get_now().add_seconds(60), lambda c: print(c.get_now()))
 * clock.advance(120)   # prints a time 60 s after the start
 * ```
 */

struct _BgrunTestClock
{
  BgrunClock parent_instance;

  gint64 now;
};

G_DEFINE_FINAL_TYPE (BgrunTestClock, bgrun_test_clock, BGRUN_TYPE_CLOCK)

static GDateTime *
bgrun_test_clock_get_now (BgrunClock *clock)
{
  return bgrun_time_from_usec (BGRUN_TEST_CLOCK (clock)->now);
}

static void
bgrun_test_clock_arm (BgrunClock *clock,
                      GDateTime  *when)
{
  /* Nothing to arm: time moves, and alarms fire, only in advance(). */
}

static void
bgrun_test_clock_class_init (BgrunTestClockClass *klass)
{
  BgrunClockClass *clock_class = BGRUN_CLOCK_CLASS (klass);

  clock_class->get_now = bgrun_test_clock_get_now;
  clock_class->arm = bgrun_test_clock_arm;
}

static void
bgrun_test_clock_init (BgrunTestClock *self)
{
  self->now = g_get_real_time ();
}

/**
 * bgrun_test_clock_new:
 * @now: (nullable): the time the clock starts at, or %NULL for the current
 *   real time
 *
 * Creates a clock that stands at @now until it is advanced or set.
 *
 * Returns: (transfer full): a new test clock
 */
BgrunClock *
bgrun_test_clock_new (GDateTime *now)
{
  BgrunTestClock *self = g_object_new (BGRUN_TYPE_TEST_CLOCK, NULL);

  if (now != NULL)
    self->now = bgrun_time_to_usec (now);
  return BGRUN_CLOCK (self);
}

/**
 * bgrun_test_clock_set_now:
 * @self: a test clock
 * @now: the new time
 *
 * Sets the clock to @now, forwards or backwards, as when the wall clock of
 * a machine is set: [signal@Bgrun.Clock::time-changed] is emitted with
 * %BGRUN_TIME_CHANGE_SET, then the alarms that became due fire, all seeing
 * the new time.
 */
void
bgrun_test_clock_set_now (BgrunTestClock *self,
                          GDateTime      *now)
{
  g_return_if_fail (BGRUN_IS_TEST_CLOCK (self));
  g_return_if_fail (now != NULL);

  self->now = bgrun_time_to_usec (now);
  bgrun_clock_time_changed (BGRUN_CLOCK (self), BGRUN_TIME_CHANGE_SET);
}

/**
 * bgrun_test_clock_advance:
 * @self: a test clock
 * @seconds: how far to move the clock forward, at least 0
 *
 * Lets @seconds pass. Every alarm due within that time fires in time order
 * while the clock reads the alarm's own due time; alarms those callbacks
 * add within the step fire too. At the end the clock reads the start time
 * plus @seconds.
 *
 * It may be called from an alarm callback, as a simulated task that takes
 * time would: the alarms within the nested step fire then, in order.
 */
void
bgrun_test_clock_advance (BgrunTestClock *self,
                          double          seconds)
{
  gint64 target;

  g_return_if_fail (BGRUN_IS_TEST_CLOCK (self));
  g_return_if_fail (seconds >= 0);

  target = bgrun_time_add_usec (self->now, bgrun_time_usec_from_seconds (seconds));

  for (;;)
    {
      g_autoptr(GDateTime) next = bgrun_clock_get_next_alarm (BGRUN_CLOCK (self));
      gint64 due;

      if (next == NULL)
        break;
      due = bgrun_time_to_usec (next);
      if (due > target)
        break;
      self->now = MAX (self->now, due);
      bgrun_clock_fire_due_alarms (BGRUN_CLOCK (self));
    }
  self->now = target;
}
