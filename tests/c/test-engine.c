/* test-engine.c: one engine serving several apps, as bgrund's does
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The engine evaluates only the apps that changed (and all of them when
 * the conditions or the clock change); these tests pin down that no app's
 * due work is forgotten because another app changed, or stayed quiet.
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-engine-private.h"
#include "bgrun-task-request-private.h"

#define NEWS "org.example.News"
#define MAIL "org.example.Mail"

typedef struct
{
  char            *dir;      /* removed by tests/isolate */
  BgrunClock      *clock;
  BgrunConditions *conditions;
  BgrunEngine     *engine;
  GPtrArray       *started;  /* of "app-id identifier" */
} Fixture;

static void
on_run_task (BgrunEngine *engine,
             const char  *app_id,
             GVariant    *task,
             Fixture     *f)
{
  const char *identifier = NULL;
  guint64 task_id = 0;

  g_variant_lookup (task, "identifier", "&s", &identifier);
  g_variant_lookup (task, "task-id", "t", &task_id);
  g_ptr_array_add (f->started, g_strdup_printf ("%s %s", app_id, identifier));
  bgrun_engine_complete_task (engine, app_id, task_id, TRUE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("test-engine-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "tasks.db", NULL);
  f->clock = bgrun_test_clock_new (NULL);
  f->conditions = bgrun_conditions_new_simulated (f->clock);
  f->engine = bgrun_engine_new (path, f->clock, f->conditions);
  f->started = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (f->engine, "run-task", G_CALLBACK (on_run_task), f);

  g_assert_true (bgrun_engine_register (f->engine, NEWS, NEWS ".*", &error));
  g_assert_no_error (error);
  g_assert_true (bgrun_engine_register (f->engine, MAIL, MAIL ".*", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->conditions);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->started, g_ptr_array_unref);
  g_clear_pointer (&f->dir, g_free);
}

/* Submits a processing request of @app due @seconds from now. */
static void
submit (Fixture    *f,
        const char *app,
        const char *identifier,
        int         seconds,
        gboolean    needs_network)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (identifier);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (f->clock);
  g_autoptr(GDateTime) due = g_date_time_add_seconds (now, seconds);
  g_autoptr(GVariant) dict = NULL;
  g_autoptr(GError) error = NULL;

  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), due);
  bgrun_processing_request_set_requires_network_connectivity (request, needs_network);
  dict = bgrun_task_request_to_variant (BGRUN_TASK_REQUEST (request));
  g_assert_true (bgrun_engine_submit (f->engine, app, dict, FALSE, &error));
  g_assert_no_error (error);
}

/* A network or none; external power, nothing else in the way. */
static void
set_network (Fixture  *f,
             gboolean  available)
{
  bgrun_conditions_simulate (f->conditions, available, FALSE, FALSE, 100, FALSE, FALSE);
}

/* Advances the test clock and lets the engine do what it does next. */
static void
advance (Fixture *f,
         int      seconds)
{
  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), seconds);
  bgrun_engine_flush (f->engine);
}

static void
assert_started (Fixture     *f,
                const char  *first,
                ...)
{
  va_list args;
  guint n = 0;

  va_start (args, first);
  for (const char *expected = first; expected != NULL; expected = va_arg (args, const char *))
    {
      g_assert_cmpuint (n, <, f->started->len);
      g_assert_cmpstr (g_ptr_array_index (f->started, n), ==, expected);
      n++;
    }
  va_end (args);
  g_assert_cmpuint (f->started->len, ==, n);
}

/* Each app's work runs at its own time, whichever app was evaluated last. */
static void
test_apps_run_at_their_own_times (Fixture       *f,
                                  gconstpointer  data)
{
  submit (f, MAIL, MAIL ".sync", 600, FALSE);
  submit (f, NEWS, NEWS ".fetch", 300, FALSE);
  bgrun_engine_flush (f->engine);
  assert_started (f, NULL);

  advance (f, 300);
  assert_started (f, NEWS " " NEWS ".fetch", NULL);
  advance (f, 300);
  assert_started (f, NEWS " " NEWS ".fetch", MAIL " " MAIL ".sync", NULL);
}

/* A change to one app leaves the others' alarms in place. */
static void
test_another_apps_change_keeps_a_due_time (Fixture       *f,
                                           gconstpointer  data)
{
  submit (f, NEWS, NEWS ".fetch", 60, FALSE);
  bgrun_engine_flush (f->engine);
  advance (f, 30);
  submit (f, MAIL, MAIL ".later", 3600, FALSE);
  bgrun_engine_cancel (f->engine, MAIL, MAIL ".later");
  bgrun_engine_flush (f->engine);
  assert_started (f, NULL);

  advance (f, 30);
  assert_started (f, NEWS " " NEWS ".fetch", NULL);
}

/* A condition that changes reaches every app, not only the last changed. */
static void
test_conditions_reach_every_app (Fixture       *f,
                                 gconstpointer  data)
{
  set_network (f, FALSE);
  submit (f, NEWS, NEWS ".fetch", 0, TRUE);
  submit (f, MAIL, MAIL ".sync", 0, TRUE);
  advance (f, 60);
  assert_started (f, NULL);

  set_network (f, TRUE);
  bgrun_engine_flush (f->engine);
  g_assert_cmpuint (f->started->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (f->started, NEWS " " NEWS ".fetch", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (f->started, MAIL " " MAIL ".sync", g_str_equal, NULL));
}

/* ---- bgrund's launch mode ---------------------------------------------- */

static void
on_app_due (BgrunEngine        *engine,
            const char         *app_id,
            const char * const *identifiers,
            GPtrArray          *due)
{
  g_autofree char *joined = g_strjoinv (",", (char **) identifiers);

  g_ptr_array_add (due, g_strdup_printf ("%s %s", app_id, joined));
}

static gint64
seconds_from_now (Fixture *f,
                  int      seconds)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (f->clock);

  return g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now) +
         (gint64) seconds * G_USEC_PER_SEC;
}

/* In bgrund, work no process of its app has registered is due at its
 * time all the same: the engine says so (app-due) and wakes for it. */
static void
test_launch_mode_announces_due_work_of_absent_apps (Fixture       *f,
                                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (f->engine, "app-due", G_CALLBACK (on_app_due), due);
  bgrun_engine_set_launches_apps (f->engine, TRUE);
  submit (f, NEWS, NEWS ".fetch", 300, FALSE);
  bgrun_engine_unregister_all (f->engine, NEWS);
  bgrun_engine_flush (f->engine);
  g_assert_cmpint (bgrun_engine_get_next_wake (f->engine), ==, seconds_from_now (f, 300));
  g_assert_cmpuint (due->len, ==, 0);

  advance (f, 300);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (due, 0), ==, NEWS " " NEWS ".fetch");
  assert_started (f, NULL);

  /* The app, started, registers: its task runs. */
  g_assert_true (bgrun_engine_register (f->engine, NEWS, NEWS ".*", NULL));
  bgrun_engine_flush (f->engine);
  assert_started (f, NEWS " " NEWS ".fetch", NULL);
}

/* An app's own engine does not wait for identifiers it has not registered. */
static void
test_without_launch_mode_unregistered_work_waits (Fixture       *f,
                                                  gconstpointer  data)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (f->engine, "app-due", G_CALLBACK (on_app_due), due);
  submit (f, NEWS, NEWS ".fetch", 300, FALSE);
  bgrun_engine_unregister_all (f->engine, NEWS);
  advance (f, 600);
  g_assert_cmpuint (due->len, ==, 0);
  g_assert_cmpint (bgrun_engine_get_next_wake (f->engine), ==, G_MAXINT64);
}

/* bgrund started by its timer knows every app's due work before any app
 * calls it. */
static void
test_stored_apps_are_loaded_at_startup (Fixture       *f,
                                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "tasks.db", NULL);
  g_autoptr(BgrunEngine) restarted = NULL;
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);

  submit (f, MAIL, MAIL ".sync", 600, FALSE);
  g_clear_object (&f->engine);

  restarted = bgrun_engine_new (path, f->clock, f->conditions);
  g_signal_connect (restarted, "app-due", G_CALLBACK (on_app_due), due);
  bgrun_engine_set_launches_apps (restarted, TRUE);
  bgrun_engine_load_stored_apps (restarted);
  bgrun_engine_flush (restarted);
  g_assert_cmpint (bgrun_engine_get_next_wake (restarted), ==, seconds_from_now (f, 600));

  bgrun_test_clock_advance (BGRUN_TEST_CLOCK (f->clock), 600);
  bgrun_engine_flush (restarted);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (due, 0), ==, MAIL " " MAIL ".sync");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/engine/apps/own-times", Fixture, NULL,
              fixture_set_up, test_apps_run_at_their_own_times, fixture_tear_down);
  g_test_add ("/engine/apps/another-apps-change", Fixture, NULL,
              fixture_set_up, test_another_apps_change_keeps_a_due_time, fixture_tear_down);
  g_test_add ("/engine/apps/conditions", Fixture, NULL,
              fixture_set_up, test_conditions_reach_every_app, fixture_tear_down);
  g_test_add ("/engine/launch/due-without-handler", Fixture, NULL,
              fixture_set_up, test_launch_mode_announces_due_work_of_absent_apps, fixture_tear_down);
  g_test_add ("/engine/launch/off-in-apps", Fixture, NULL,
              fixture_set_up, test_without_launch_mode_unregistered_work_waits, fixture_tear_down);
  g_test_add ("/engine/launch/stored-apps", Fixture, NULL,
              fixture_set_up, test_stored_apps_are_loaded_at_startup, fixture_tear_down);
  return g_test_run ();
}
