/* test-clock.c: alarms on the test clock and the system clock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-time-private.h"

typedef struct
{
  BgrunClock *clock;
  GDateTime  *start;
  GArray     *fired;   /* of gint64: microseconds after start, as read by the alarm */
  GPtrArray  *labels;  /* of const char *: which alarm fired */
} Fixture;

typedef struct
{
  Fixture    *fixture;
  const char *label;
} Shot;

static void
never_called (BgrunClock *clock,
              gpointer    user_data)
{
  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->start = g_date_time_new_utc (2030, 1, 1, 12, 0, 0);
  f->clock = bgrun_test_clock_new (f->start);
  f->fired = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->labels = g_ptr_array_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->clock);
  g_date_time_unref (f->start);
  g_array_unref (f->fired);
  g_ptr_array_unref (f->labels);
}

static void
record (BgrunClock *clock,
        gpointer    user_data)
{
  Shot *shot = user_data;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  gint64 offset = g_date_time_difference (now, shot->fixture->start);

  g_array_append_val (shot->fixture->fired, offset);
  g_ptr_array_add (shot->fixture->labels, (gpointer) shot->label);
}

static guint
add_shot (Fixture    *f,
          double      seconds,
          const char *label)
{
  g_autoptr(GDateTime) when = g_date_time_add (f->start, (GTimeSpan) (seconds * G_USEC_PER_SEC));
  Shot *shot = g_new0 (Shot, 1);

  shot->fixture = f;
  shot->label = label;
  return bgrun_clock_add_alarm (f->clock, when, record, shot, g_free);
}

static gint64
fired_at (Fixture *f,
          guint    i)
{
  return g_array_index (f->fired, gint64, i);
}

static void
test_advance_fires_in_order (Fixture       *f,
                             gconstpointer  data)
{
  add_shot (f, 30, "c");
  add_shot (f, 10, "a");
  add_shot (f, 20, "b");
  add_shot (f, 90, "late");

  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), 60);

  g_assert_cmpuint (f->fired->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->labels, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (f->labels, 1), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (f->labels, 2), ==, "c");
  /* Each alarm sees the clock at its own due time. */
  g_assert_cmpint (fired_at (f, 0), ==, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (fired_at (f, 1), ==, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (fired_at (f, 2), ==, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 1);

  {
    g_autoptr(GDateTime) now = bgrun_clock_get_now (f->clock);
    g_assert_cmpint (g_date_time_difference (now, f->start), ==, 60 * G_USEC_PER_SEC);
  }
}

static void
test_same_time_in_insertion_order (Fixture       *f,
                                   gconstpointer  data)
{
  add_shot (f, 5, "first");
  add_shot (f, 5, "second");
  add_shot (f, 5, "third");

  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), 5);

  g_assert_cmpuint (f->labels->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->labels, 0), ==, "first");
  g_assert_cmpstr (g_ptr_array_index (f->labels, 1), ==, "second");
  g_assert_cmpstr (g_ptr_array_index (f->labels, 2), ==, "third");
}

static void
test_remove_alarm (Fixture       *f,
                   gconstpointer  data)
{
  guint keep = add_shot (f, 1, "kept");
  guint drop = add_shot (f, 2, "removed");

  g_assert_cmpuint (keep, !=, 0);
  g_assert_cmpuint (drop, !=, keep);
  bgrun_clock_remove_alarm (f->clock, drop);
  bgrun_clock_remove_alarm (f->clock, drop);  /* twice is harmless */

  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), 10);

  g_assert_cmpuint (f->labels->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->labels, 0), ==, "kept");
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);
}

static void
chain (BgrunClock *clock,
       gpointer    user_data)
{
  Fixture *f = user_data;

  record (clock, &(Shot) { f, "chain" });
  if (f->fired->len < 5)
    {
      g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
      g_autoptr(GDateTime) next = g_date_time_add_seconds (now, 2);
      bgrun_clock_add_alarm (clock, next, chain, f, NULL);
    }
}

static void
test_alarms_added_while_firing (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GDateTime) first = g_date_time_add_seconds (f->start, 1);

  bgrun_clock_add_alarm (f->clock, first, chain, f, NULL);
  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), 6);

  /* 1, 3 and 5 s fall within the step; 7 s does not. */
  g_assert_cmpuint (f->fired->len, ==, 3);
  g_assert_cmpint (fired_at (f, 2), ==, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 1);
}

static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 gpointer         user_data)
{
  Fixture *f = user_data;

  /* The signal comes before the alarms that the jump made due. */
  g_assert_cmpuint (f->fired->len, ==, 0);
  g_assert_cmpint (change, ==, BGRUN_TIME_CHANGE_SET);
  g_ptr_array_add (f->labels, (gpointer) "time-changed");
}

static void
test_set_now_is_a_jump (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) later = g_date_time_add_hours (f->start, 1);
  g_autoptr(GDateTime) next = NULL;

  add_shot (f, 60, "overdue");
  add_shot (f, 7200, "future");
  g_signal_connect (f->clock, "time-changed", G_CALLBACK (on_time_changed), f);

  bgrun_test_clock_set_now (BGRUN_TEST_CLOCK (f->clock), later);

  g_assert_cmpuint (f->labels->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->labels, 0), ==, "time-changed");
  g_assert_cmpstr (g_ptr_array_index (f->labels, 1), ==, "overdue");
  /* After a jump, an overdue alarm sees the new time: it fires late. */
  g_assert_cmpint (fired_at (f, 0), ==, G_TIME_SPAN_HOUR);

  next = bgrun_clock_get_next_alarm (f->clock);
  g_assert_nonnull (next);
  g_assert_cmpint (g_date_time_difference (next, f->start), ==, 2 * G_TIME_SPAN_HOUR);
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_destroy_notify_on_finalize (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_days (start, 1);
  BgrunClock *clock = bgrun_test_clock_new (start);
  gboolean destroyed = FALSE;

  bgrun_clock_add_alarm (clock, when, never_called,
                         &destroyed, set_flag);
  g_object_unref (clock);
  g_assert_true (destroyed);
}

static void
test_destroy_notify_on_remove (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_days (start, 1);
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (start);
  gboolean destroyed = FALSE;
  guint id;

  id = bgrun_clock_add_alarm (clock, when, never_called,
                              &destroyed, set_flag);
  g_assert_false (destroyed);
  bgrun_clock_remove_alarm (clock, id);
  g_assert_true (destroyed);
}

static void
quit_loop (BgrunClock *clock,
           gpointer    user_data)
{
  g_main_loop_quit (user_data);
}

static gboolean
give_up (gpointer user_data)
{
  g_error ("the system clock's alarm did not fire within 5 s");
  return G_SOURCE_REMOVE;
}

static void
test_system_clock_alarm_fires (void)
{
  g_autoptr(BgrunClock) clock = bgrun_system_clock_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  g_autoptr(GDateTime) soon = g_date_time_add (now, 50 * G_TIME_SPAN_MILLISECOND);
  g_autoptr(GDateTime) far = g_date_time_add_years (now, 5);
  g_autoptr(GDateTime) after = NULL;
  guint guard;

  bgrun_clock_add_alarm (clock, far, never_called, NULL, NULL);
  bgrun_clock_add_alarm (clock, soon, quit_loop, loop, NULL);
  guard = g_timeout_add_seconds (5, give_up, NULL);
  g_main_loop_run (loop);
  g_source_remove (guard);

  /* It fired no earlier than asked, and the far alarm is still armed. */
  after = bgrun_clock_get_now (clock);
  g_assert_cmpint (g_date_time_compare (after, soon), >=, 0);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (clock), ==, 1);
}

static void
test_system_clock_reads_real_time (void)
{
  g_autoptr(BgrunClock) clock = bgrun_system_clock_new ();
  gint64 before = g_get_real_time ();
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  gint64 after = g_get_real_time ();

  g_assert_cmpint (bgrun_time_to_usec (now), >=, before);
  g_assert_cmpint (bgrun_time_to_usec (now), <=, after);
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 0);
}

static void
test_time_conversions (void)
{
  gint64 samples[] = { 0, 1, -1, 1999999, -1000001, 1893456000123456 };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GDateTime) dt = bgrun_time_from_usec (samples[i]);
      g_assert_cmpint (bgrun_time_to_usec (dt), ==, samples[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  FIXTURE_TEST ("/clock/test/advance-fires-in-order", test_advance_fires_in_order);
  FIXTURE_TEST ("/clock/test/same-time-in-insertion-order", test_same_time_in_insertion_order);
  FIXTURE_TEST ("/clock/test/remove-alarm", test_remove_alarm);
  FIXTURE_TEST ("/clock/test/alarms-added-while-firing", test_alarms_added_while_firing);
  FIXTURE_TEST ("/clock/test/set-now-is-a-jump", test_set_now_is_a_jump);
  g_test_add_func ("/clock/destroy-notify-on-finalize", test_destroy_notify_on_finalize);
  g_test_add_func ("/clock/destroy-notify-on-remove", test_destroy_notify_on_remove);
  g_test_add_func ("/clock/system/alarm-fires", test_system_clock_alarm_fires);
  g_test_add_func ("/clock/system/reads-real-time", test_system_clock_reads_real_time);
  g_test_add_func ("/clock/time-conversions", test_time_conversions);

  return g_test_run ();
}
