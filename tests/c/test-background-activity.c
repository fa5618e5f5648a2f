/* test-background-activity.c: keeping the app alive after the user leaves
 *
 * The hold is checked the way a user notices it: g_application_run() with
 * no window keeps running while an activity is active and returns when the
 * last one ended. Each test is a list of steps: the first runs when the
 * application is activated, each later one from an idle of the
 * application's main loop, so the loop is still running when a step starts
 * only if something held the application after the previous one. Time
 * moves on a BgrunTestClock; nothing sleeps.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>
#include <gio/gio.h>

#define USEC(seconds) ((gint64) ((seconds) * G_USEC_PER_SEC))

typedef struct _Fixture Fixture;
typedef void (*Step) (Fixture *f);

struct _Fixture
{
  GApplication            *app;
  BgrunClock              *clock;
  GDateTime               *start;
  BgrunBackgroundActivity *activity;
  BgrunBackgroundActivity *other;

  /* What the signal handlers saw. */
  guint   n_expiring;
  gint64  expiring_at;          /* µs after start, as read in the handler */
  gboolean active_when_expiring;
  guint   n_active_notify;
  guint   n_expiration_notify;
  gboolean end_in_expiring;

  /* The run of the application. */
  const Step *steps;
  guint       n_steps_run;
  guint       idle_id;
  gboolean    gave_up;
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("org.example.BgrunTest.Activity%u", ++serial);

  g_assert_null (g_application_get_default ());
  f->app = g_application_new (id, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_get_default () == f->app);
  f->start = g_date_time_new_utc (2030, 1, 1, 12, 0, 0);
  f->clock = bgrun_test_clock_new (f->start);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->activity);
  g_clear_object (&f->other);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);
  g_clear_object (&f->clock);
  g_date_time_unref (f->start);
  /* Nothing, in particular no activity, may keep the application. */
  g_assert_finalize_object (f->app);
  g_assert_null (g_application_get_default ());
}

static void
advance (Fixture *f,
         double   seconds)
{
  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), seconds);
}

static gint64
now_offset (Fixture *f)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (f->clock);

  return g_date_time_difference (now, f->start);
}

static void
on_expiring (BgrunBackgroundActivity *activity,
             gpointer                 user_data)
{
  Fixture *f = user_data;

  f->n_expiring++;
  f->expiring_at = now_offset (f);
  f->active_when_expiring = bgrun_background_activity_get_active (activity);
  if (f->end_in_expiring)
    bgrun_background_activity_end (activity);
}

static void
on_notify_active (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  Fixture *f = user_data;

  f->n_active_notify++;
}

static void
on_notify_expiration (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  Fixture *f = user_data;

  f->n_expiration_notify++;
}

/* Begins an activity on the test clock and watches it. */
static BgrunBackgroundActivity *
begin (Fixture    *f,
       const char *reason)
{
  g_autoptr(GError) error = NULL;
  BgrunBackgroundActivity *activity;

  activity = bgrun_background_activity_begin_with_clock (f->clock, reason, &error);
  g_assert_no_error (error);
  g_assert_nonnull (activity);
  g_assert_true (bgrun_background_activity_get_active (activity));
  g_signal_connect (activity, "expiring", G_CALLBACK (on_expiring), f);
  g_signal_connect (activity, "notify::active", G_CALLBACK (on_notify_active), f);
  g_signal_connect (activity, "notify::expiration-date", G_CALLBACK (on_notify_expiration), f);
  return activity;
}

static gboolean
run_next_step (gpointer user_data)
{
  Fixture *f = user_data;

  f->idle_id = 0;
  f->steps[f->n_steps_run++] (f);
  if (f->steps[f->n_steps_run] != NULL)
    f->idle_id = g_idle_add (run_next_step, f);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app,
             gpointer      user_data)
{
  run_next_step (user_data);
}

static gboolean
give_up (gpointer user_data)
{
  Fixture *f = user_data;

  f->gave_up = TRUE;
  g_application_quit (f->app);
  return G_SOURCE_REMOVE;
}

/* Runs the application, whose activation runs steps[0]; returns when
 * g_application_run() returned, after checking it did so because the
 * application was released after the last step, not earlier. */
static void
run_app (Fixture    *f,
         const Step *steps)
{
  guint n_steps = 0;
  guint guard;
  int status;

  while (steps[n_steps] != NULL)
    n_steps++;

  f->steps = steps;
  g_signal_connect (f->app, "activate", G_CALLBACK (on_activate), f);
  guard = g_timeout_add_seconds (10, give_up, f);
  status = g_application_run (f->app, 0, NULL);

  g_assert_false (f->gave_up);
  g_source_remove (guard);
  g_clear_handle_id (&f->idle_id, g_source_remove);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (f->n_steps_run, ==, n_steps);
}

/* expiring 5 s before the end, then the automatic release */

static void
step_begin (Fixture *f)
{
  f->activity = begin (f, "Saving the document");
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->activity), ==, 30.0);
}

static void
step_advance_to_warning (Fixture *f)
{
  advance (f, 24.999);
  g_assert_cmpuint (f->n_expiring, ==, 0);

  advance (f, 0.001);
  g_assert_cmpuint (f->n_expiring, ==, 1);
  g_assert_cmpint (f->expiring_at, ==, USEC (BGRUN_BACKGROUND_ACTIVITY_ALLOWANCE -
                                             BGRUN_BACKGROUND_ACTIVITY_WARNING));
  g_assert_true (f->active_when_expiring);
  g_assert_true (bgrun_background_activity_get_active (f->activity));
  g_assert_cmpuint (f->n_active_notify, ==, 0);
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->activity), ==, 5.0);
}

static void
step_advance_to_end (Fixture *f)
{
  advance (f, 4.999);
  g_assert_true (bgrun_background_activity_get_active (f->activity));

  advance (f, 0.001);
  g_assert_false (bgrun_background_activity_get_active (f->activity));
  g_assert_cmpuint (f->n_active_notify, ==, 1);
  g_assert_cmpuint (f->n_expiring, ==, 1);
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->activity), ==, 0.0);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);
}

static void
test_expiring_then_release (Fixture       *f,
                            gconstpointer  data)
{
  static const Step steps[] = {
    step_begin, step_advance_to_warning, step_advance_to_end, NULL
  };

  run_app (f, steps);

  /* Ending after the automatic release does nothing. */
  bgrun_background_activity_end (f->activity);
  advance (f, 60);
  g_assert_cmpuint (f->n_active_notify, ==, 1);
  g_assert_cmpuint (f->n_expiring, ==, 1);
}

/* end() before the allowance runs out */

static void
step_end_early (Fixture *f)
{
  advance (f, 10);
  bgrun_background_activity_end (f->activity);

  g_assert_false (bgrun_background_activity_get_active (f->activity));
  g_assert_cmpuint (f->n_active_notify, ==, 1);
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->activity), ==, 0.0);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);

  bgrun_background_activity_end (f->activity);
  g_assert_cmpuint (f->n_active_notify, ==, 1);
}

static void
test_end_early (Fixture       *f,
                gconstpointer  data)
{
  static const Step steps[] = { step_begin, step_end_early, NULL };
  g_autoptr(GDateTime) expected = g_date_time_add_seconds (f->start, 30);

  run_app (f, steps);

  advance (f, 60);
  g_assert_cmpuint (f->n_expiring, ==, 0);
  g_assert_cmpuint (f->n_active_notify, ==, 1);
  /* The date it would have ended at stays. */
  g_assert_true (g_date_time_equal (bgrun_background_activity_get_expiration_date (f->activity),
                                    expected));
}

/* two activities hold twice */

static void
step_begin_other_later (Fixture *f)
{
  advance (f, 10);
  f->other = begin (f, "Sending the message");
}

static void
step_first_runs_out (Fixture *f)
{
  advance (f, 20);
  g_assert_false (bgrun_background_activity_get_active (f->activity));
  g_assert_true (bgrun_background_activity_get_active (f->other));
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->other), ==, 10.0);
  /* The loop must go on to the next step: the other one still holds. */
}

static void
step_second_runs_out (Fixture *f)
{
  advance (f, 10);
  g_assert_false (bgrun_background_activity_get_active (f->other));
  g_assert_cmpuint (f->n_expiring, ==, 2);
  g_assert_cmpuint (f->n_active_notify, ==, 2);
}

static void
test_two_activities_counted (Fixture       *f,
                             gconstpointer  data)
{
  static const Step steps[] = {
    step_begin, step_begin_other_later, step_first_runs_out, step_second_runs_out, NULL
  };

  run_app (f, steps);
}

static void
step_end_first_twice (Fixture *f)
{
  f->other = begin (f, "Sending the message");
  advance (f, 1);
  bgrun_background_activity_end (f->activity);
  bgrun_background_activity_end (f->activity);
  g_assert_true (bgrun_background_activity_get_active (f->other));
}

static void
step_end_second (Fixture *f)
{
  bgrun_background_activity_end (f->other);
  g_assert_cmpuint (f->n_active_notify, ==, 2);
}

static void
test_end_twice_releases_once (Fixture       *f,
                              gconstpointer  data)
{
  static const Step steps[] = { step_begin, step_end_first_twice, step_end_second, NULL };

  run_app (f, steps);
}

/* dropping an active activity */

static void
step_drop (Fixture *f)
{
  BgrunBackgroundActivity *activity = f->activity;

  advance (f, 10);
  g_object_add_weak_pointer (G_OBJECT (activity), (gpointer *) &activity);
  g_clear_object (&f->activity);
  g_assert_null (activity);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);
}

static void
test_finalize_releases (Fixture       *f,
                        gconstpointer  data)
{
  static const Step steps[] = { step_begin, step_drop, NULL };

  run_app (f, steps);

  advance (f, 60);
  g_assert_cmpuint (f->n_expiring, ==, 0);
}

/* bad requests */

static void
test_no_default_application (void)
{
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (NULL);
  g_autoptr(BgrunBackgroundActivity) activity = NULL;
  g_autoptr(BgrunBackgroundActivity) with_clock = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error_with_clock = NULL;

  g_assert_null (g_application_get_default ());

  activity = bgrun_background_activity_begin ("Saving the document", &error);
  g_assert_null (activity);
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "GApplication must exist"));
  g_assert_nonnull (strstr (error->message, "Saving the document"));

  with_clock = bgrun_background_activity_begin_with_clock (clock, "Saving the document",
                                                           &error_with_clock);
  g_assert_null (with_clock);
  g_assert_error (error_with_clock, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (clock), ==, 0);
}

static void
step_begin_without_reason (Fixture *f)
{
  const char *reasons[] = { NULL, "" };

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BgrunBackgroundActivity) activity = NULL;

      activity = bgrun_background_activity_begin_with_clock (f->clock, reasons[i], &error);
      g_assert_null (activity);
      g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
      g_assert_nonnull (strstr (error->message, "reason"));
    }
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);
}

static void
test_empty_reason (Fixture       *f,
                   gconstpointer  data)
{
  /* No hold was taken: the application returns at once. */
  static const Step steps[] = { step_begin_without_reason, NULL };

  run_app (f, steps);
}

/* the properties, read from the clock */

static void
test_time_remaining (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) expected = g_date_time_add_seconds (f->start, 30);
  g_autoptr(GDateTime) expiration = NULL;
  g_autofree char *reason = NULL;
  gboolean active;
  double remaining;

  f->activity = begin (f, "Saving the document");
  g_object_get (f->activity,
                "reason", &reason,
                "active", &active,
                "time-remaining", &remaining,
                "expiration-date", &expiration,
                NULL);
  g_assert_cmpstr (reason, ==, "Saving the document");
  g_assert_cmpstr (bgrun_background_activity_get_reason (f->activity), ==, "Saving the document");
  g_assert_true (active);
  g_assert_cmpfloat (remaining, ==, 30.0);
  g_assert_true (g_date_time_equal (expiration, expected));

  advance (f, 10.5);
  g_object_get (f->activity, "time-remaining", &remaining, NULL);
  g_assert_cmpfloat (remaining, ==, 19.5);

  advance (f, 19);
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->activity), ==, 0.5);

  advance (f, 0.5);
  g_object_get (f->activity, "time-remaining", &remaining, "active", &active, NULL);
  g_assert_cmpfloat (remaining, ==, 0.0);
  g_assert_false (active);
  g_assert_true (g_date_time_equal (bgrun_background_activity_get_expiration_date (f->activity),
                                    expected));
}

static void
test_system_clock (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) after = NULL;
  GDateTime *expiration;
  double remaining;

  f->activity = bgrun_background_activity_begin ("Saving the document", &error);
  g_assert_no_error (error);
  after = g_date_time_new_now_utc ();

  remaining = bgrun_background_activity_get_time_remaining (f->activity);
  g_assert_cmpfloat (remaining, >, 25.0);
  g_assert_cmpfloat (remaining, <=, 30.0);
  expiration = bgrun_background_activity_get_expiration_date (f->activity);
  g_assert_cmpint (g_date_time_difference (expiration, before), >=, USEC (30));
  g_assert_cmpint (g_date_time_difference (expiration, after), <=, USEC (30));

  bgrun_background_activity_end (f->activity);
  g_assert_false (bgrun_background_activity_get_active (f->activity));
}

/* wall-clock jumps */

static void
test_clock_set_back (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) back = g_date_time_add_hours (f->start, -1);
  g_autoptr(GDateTime) expected = g_date_time_add_seconds (back, 30);

  f->activity = begin (f, "Saving the document");
  advance (f, 10);

  /* An hour back: the app must not be held for an hour and 20 s. */
  bgrun_test_clock_set_now (BGRUN_TEST_CLOCK (f->clock), back);
  g_assert_cmpuint (f->n_expiration_notify, ==, 1);
  g_assert_true (g_date_time_equal (bgrun_background_activity_get_expiration_date (f->activity),
                                    expected));
  g_assert_cmpfloat (bgrun_background_activity_get_time_remaining (f->activity), ==, 30.0);

  advance (f, 25);
  g_assert_cmpuint (f->n_expiring, ==, 1);
  advance (f, 5);
  g_assert_false (bgrun_background_activity_get_active (f->activity));
  g_assert_cmpuint (f->n_expiring, ==, 1);
}

static void
test_clock_set_forward_past_end (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GDateTime) later = g_date_time_add_minutes (f->start, 10);

  f->activity = begin (f, "Saving the document");

  /* As after a suspend: late rather than never, and in order. */
  bgrun_test_clock_set_now (BGRUN_TEST_CLOCK (f->clock), later);
  g_assert_cmpuint (f->n_expiring, ==, 1);
  g_assert_true (f->active_when_expiring);
  g_assert_false (bgrun_background_activity_get_active (f->activity));
  g_assert_cmpuint (f->n_active_notify, ==, 1);
  g_assert_cmpuint (f->n_expiration_notify, ==, 0);
}

/* ending from the expiring handler */

static void
test_end_while_expiring (Fixture       *f,
                         gconstpointer  data)
{
  f->end_in_expiring = TRUE;
  f->activity = begin (f, "Saving the document");

  advance (f, 25);
  g_assert_cmpuint (f->n_expiring, ==, 1);
  g_assert_false (bgrun_background_activity_get_active (f->activity));
  g_assert_cmpuint (f->n_active_notify, ==, 1);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);

  advance (f, 60);
  g_assert_cmpuint (f->n_active_notify, ==, 1);
}

static void
drop_activity (BgrunBackgroundActivity *activity,
               gpointer                 user_data)
{
  Fixture *f = user_data;

  g_clear_object (&f->activity);
}

static void
test_drop_while_expiring (Fixture       *f,
                          gconstpointer  data)
{
  f->activity = begin (f, "Saving the document");
  g_signal_connect (f->activity, "expiring", G_CALLBACK (drop_activity), f);

  advance (f, 25);
  g_assert_null (f->activity);
  g_assert_cmpuint (bgrun_clock_get_n_alarms (f->clock), ==, 0);
  advance (f, 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  FIXTURE_TEST ("/background-activity/expiring-then-release", test_expiring_then_release);
  FIXTURE_TEST ("/background-activity/end-early", test_end_early);
  FIXTURE_TEST ("/background-activity/two-activities-counted", test_two_activities_counted);
  FIXTURE_TEST ("/background-activity/end-twice-releases-once", test_end_twice_releases_once);
  FIXTURE_TEST ("/background-activity/finalize-releases", test_finalize_releases);
  g_test_add_func ("/background-activity/no-default-application", test_no_default_application);
  FIXTURE_TEST ("/background-activity/empty-reason", test_empty_reason);
  FIXTURE_TEST ("/background-activity/time-remaining", test_time_remaining);
  FIXTURE_TEST ("/background-activity/system-clock", test_system_clock);
  FIXTURE_TEST ("/background-activity/clock-set-back", test_clock_set_back);
  FIXTURE_TEST ("/background-activity/clock-set-forward-past-end", test_clock_set_forward_past_end);
  FIXTURE_TEST ("/background-activity/end-while-expiring", test_end_while_expiring);
  FIXTURE_TEST ("/background-activity/drop-while-expiring", test_drop_while_expiring);

  return g_test_run ();
}
