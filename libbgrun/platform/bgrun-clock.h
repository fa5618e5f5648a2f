/* bgrun-clock.h: the time source and alarms every libbgrun part uses
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunTimeChange:
 * @BGRUN_TIME_CHANGE_SET: the wall clock was set (by NTP, the user or, for
 *   a #BgrunTestClock, bgrun_test_clock_set_now())
 * @BGRUN_TIME_CHANGE_RESUMED: the machine resumed from suspend
 *
 * Why a clock emitted [signal@Bgrun.Clock::time-changed].
 */
typedef enum {
  BGRUN_TIME_CHANGE_SET,
  BGRUN_TIME_CHANGE_RESUMED,
} BgrunTimeChange;

#define BGRUN_TYPE_CLOCK (bgrun_clock_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (BgrunClock, bgrun_clock, BGRUN, CLOCK, GObject)

/**
 * BgrunAlarmFunc:
 * @clock: the clock whose alarm is due
 * @user_data: the data passed to bgrun_clock_add_alarm()
 *
 * Called once when an alarm added with bgrun_clock_add_alarm() is due.
 */
typedef void (*BgrunAlarmFunc) (BgrunClock *clock,
                                gpointer    user_data);

/**
 * BgrunClockClass:
 * @parent_class: the parent class
 * @get_now: returns the current wall-clock time in UTC
 * @arm: asks the clock to call bgrun_clock_fire_due_alarms() at @when (or
 *   never, when @when is %NULL); called whenever the earliest alarm changes
 *
 * The class of clocks. Subclasses implement @get_now and @arm; everything
 * else (ordering, adding and removing alarms, firing them) is done here.
 */
struct _BgrunClockClass
{
  GObjectClass parent_class;

  GDateTime *(*get_now) (BgrunClock *self);
  void       (*arm)     (BgrunClock *self,
                         GDateTime  *when);

  /*< private >*/
  gpointer padding[8];
};

BGRUN_AVAILABLE_IN_ALL
GDateTime *bgrun_clock_get_now          (BgrunClock     *self);
BGRUN_AVAILABLE_IN_ALL
guint      bgrun_clock_add_alarm        (BgrunClock     *self,
                                         GDateTime      *when,
                                         BgrunAlarmFunc  func,
                                         gpointer        user_data,
                                         GDestroyNotify  destroy);
BGRUN_AVAILABLE_IN_ALL
void       bgrun_clock_remove_alarm     (BgrunClock     *self,
                                         guint           alarm_id);
BGRUN_AVAILABLE_IN_ALL
GDateTime *bgrun_clock_get_next_alarm   (BgrunClock     *self);
BGRUN_AVAILABLE_IN_ALL
guint      bgrun_clock_get_n_alarms     (BgrunClock     *self);
BGRUN_AVAILABLE_IN_ALL
void       bgrun_clock_fire_due_alarms  (BgrunClock     *self);
BGRUN_AVAILABLE_IN_ALL
void       bgrun_clock_time_changed     (BgrunClock     *self,
                                         BgrunTimeChange change);

G_END_DECLS
