/* test-scheduler.c: the scheduler as a C app developer uses it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The first test is the GTest example of docs/testing.md, copied so the
 * guide's code is proven to compile and pass. The others are what an app
 * written in C relies on: handler data freed with the scheduler, handlers
 * that finish later from the main loop, the default scheduler, where the
 * store lives, binding `frontmost`, and a critical for a bad app id.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <bgrun.h>

/* ---- helpers ----------------------------------------------------------- */

static BgrunHistoryEvent
last_event (BgrunScheduler *scheduler)
{
  GListModel *history = bgrun_scheduler_get_history (scheduler);
  guint n = g_list_model_get_n_items (history);
  g_autoptr(BgrunHistoryEntry) entry = NULL;

  g_assert_cmpuint (n, >, 0);
  entry = g_list_model_get_item (history, n - 1);
  return bgrun_history_entry_get_event (entry);
}

static void
complete_at_once (BgrunScheduler *scheduler,
                  BgrunTask      *task,
                  gpointer        data)
{
  bgrun_task_set_task_completed (task, TRUE);
}

/* A processing request (no refresh budget) due in @seconds of the
 * scheduler's clock. */
static BgrunTaskRequest *
processing_request_in (BgrunScheduler *scheduler,
                       const char     *identifier,
                       double          seconds)
{
  BgrunTaskRequest *request = BGRUN_TASK_REQUEST (bgrun_processing_request_new (identifier));
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, seconds);

  bgrun_task_request_set_earliest_begin_date (request, when);
  return request;
}

/* ---- docs/testing.md, “A GTest in C” ----------------------------------- */

static void
count_and_complete (BgrunScheduler *scheduler, BgrunTask *task, gpointer data)
{
  (*(int *) data)++;
  bgrun_task_set_task_completed (task, TRUE);
}

static void
test_refresh_waits_for_its_date (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.News");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunAppRefreshRequest) request = NULL;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 15);
  g_autoptr(GError) error = NULL;
  int runs = 0;

  bgrun_scheduler_register (scheduler, "org.example.News.refresh",
                            count_and_complete, &runs, NULL, &error);
  g_assert_no_error (error);
  request = bgrun_app_refresh_request_new ("org.example.News.refresh");
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), later);
  bgrun_scheduler_submit (scheduler, BGRUN_TASK_REQUEST (request), &error);
  g_assert_no_error (error);

  bgrun_test_driver_advance (driver, 14 * 60);
  g_assert_cmpint (runs, ==, 0);
  bgrun_test_driver_advance (driver, 60);
  g_assert_cmpint (runs, ==, 1);
}

/* cancel() has no error to return: an identifier no request can have
 * (it used to cancel nothing, silently) is a warning that says why, and
 * what is pending stays. */
static void
test_cancel_of_a_malformed_identifier_says_why (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.News");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new ("org.example.News.refresh");
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_minutes (now, 15);
  g_autoptr(GError) error = NULL;
  const char *malformed[] = { "", "org.example.News.has space", "org..News", "org.example.News.re\xc3\xa9" };

  bgrun_scheduler_register (scheduler, "org.example.News.refresh", count_and_complete, NULL, NULL, &error);
  g_assert_no_error (error);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), later);
  g_assert_true (bgrun_scheduler_submit (scheduler, BGRUN_TASK_REQUEST (request), &error));

  for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING, "*nothing to cancel*identifier*");
      bgrun_scheduler_cancel (scheduler, malformed[i]);
      g_test_assert_expected_messages ();
    }
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_pending_requests (scheduler)), ==, 1);
}

/* ---- registration ------------------------------------------------------ */

typedef struct {
  guint destroyed;
} Data;

static void
data_destroy (gpointer user_data)
{
  ((Data *) user_data)->destroyed++;
}

/* The user data of a registration lives as long as the scheduler: freed
 * once, when the scheduler goes, not before. */
static void
test_register_destroy_notify (void)
{
  BgrunTestDriver *driver = bgrun_test_driver_new ("org.example.Notes");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunTaskRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  Data data = { 0 };

  g_object_add_weak_pointer (G_OBJECT (scheduler), (gpointer *) &scheduler);
  g_assert_true (bgrun_scheduler_register (scheduler, "org.example.Notes.sync",
                                           complete_at_once, &data, data_destroy, &error));
  g_assert_no_error (error);

  /* Running a task does not free the data. */
  request = processing_request_in (scheduler, "org.example.Notes.sync", 0);
  g_assert_true (bgrun_scheduler_submit (scheduler, request, &error));
  g_assert_no_error (error);
  bgrun_test_driver_advance (driver, 1);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);
  g_assert_cmpuint (data.destroyed, ==, 0);

  g_object_unref (driver);
  g_assert_null (scheduler);
  g_assert_cmpuint (data.destroyed, ==, 1);
}

/* A registration that fails frees the data at once: the scheduler never
 * owned it. */
static void
test_register_failure_frees_data (void)
{
  /* Declared first: the driver, cleaned up when the function returns,
   * frees &first, which must still be in scope then (clang's ASan says
   * so when it comes after). */
  Data first = { 0 }, twice = { 0 }, malformed = { 0 };
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.Notes");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_scheduler_register (scheduler, "org.example.Notes.sync",
                                           complete_at_once, &first, data_destroy, &error));
  g_assert_no_error (error);

  g_assert_false (bgrun_scheduler_register (scheduler, "org.example.Notes.sync",
                                            complete_at_once, &twice, data_destroy, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "org.example.Notes.sync"));
  g_assert_cmpuint (twice.destroyed, ==, 1);
  g_clear_error (&error);

  g_assert_false (bgrun_scheduler_register (scheduler, "no-dots",
                                            complete_at_once, &malformed, data_destroy, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (malformed.destroyed, ==, 1);

  g_assert_cmpuint (first.destroyed, ==, 0);
}

/* ---- handlers that finish later ---------------------------------------- */

typedef struct {
  BgrunScheduler *scheduler;
  BgrunTask      *task;
  gboolean        handler_returned;
  gboolean        idle_ran;
} Later;

static gboolean
complete_from_idle (gpointer user_data)
{
  Later *later = user_data;

  /* The handler returned long ago; the task kept running until now. */
  g_assert_true (later->handler_returned);
  g_assert_cmpint (bgrun_task_get_state (later->task), ==, BGRUN_TASK_STATE_RUNNING);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_running_tasks (later->scheduler)), ==, 1);
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (later->task)));

  bgrun_task_set_task_completed (later->task, TRUE);
  later->idle_ran = TRUE;
  return G_SOURCE_REMOVE;
}

static void
start_and_return (BgrunScheduler *scheduler,
                  BgrunTask      *task,
                  gpointer        user_data)
{
  Later *later = user_data;

  g_assert_null (later->task);
  later->task = g_object_ref (task);
  g_idle_add (complete_from_idle, later);
  later->handler_returned = TRUE;
}

static void
test_handler_completes_from_idle (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.Photos");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunTaskRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  Later later = { scheduler, NULL, FALSE, FALSE };

  bgrun_scheduler_register (scheduler, "org.example.Photos.thumbnails",
                            start_and_return, &later, NULL, &error);
  g_assert_no_error (error);
  request = processing_request_in (scheduler, "org.example.Photos.thumbnails", 60);
  bgrun_scheduler_submit (scheduler, request, &error);
  g_assert_no_error (error);

  bgrun_test_driver_advance (driver, 59);
  g_assert_null (later.task);

  /* The driver runs the app's idles too, as the main loop would. */
  bgrun_test_driver_advance (driver, 1);
  g_assert_nonnull (later.task);
  g_assert_true (later.idle_ran);
  g_assert_cmpint (bgrun_task_get_state (later.task), ==, BGRUN_TASK_STATE_COMPLETED);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_running_tasks (scheduler)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_pending_requests (scheduler)), ==, 0);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);

  /* Long after, nothing expires: completion really ended the task. */
  bgrun_test_driver_advance (driver, BGRUN_PROCESSING_DURATION + BGRUN_TASK_GRACE_PERIOD + 1);
  g_assert_cmpint (bgrun_task_get_state (later.task), ==, BGRUN_TASK_STATE_COMPLETED);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);
  g_clear_object (&later.task);
}

/* ---- the default scheduler --------------------------------------------- */

static void
test_default_without_application (void)
{
  g_assert_null (g_application_get_default ());
  g_assert_null (bgrun_scheduler_get_default ());
}

static void
test_default_with_application (void)
{
  g_autoptr(GApplication) application = NULL;
  BgrunScheduler *first, *second;

  /* In a child: the default application is process-wide. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  application = g_application_new ("org.example.BgrunTest.DefaultScheduler", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_get_default () == application);

  first = bgrun_scheduler_get_default ();
  second = bgrun_scheduler_get_default ();
  g_assert_true (BGRUN_IS_SCHEDULER (first));
  g_assert_true (first == second);
  g_assert_cmpstr (bgrun_scheduler_get_app_id (first), ==, "org.example.BgrunTest.DefaultScheduler");
  g_assert_true (bgrun_scheduler_get_application (first) == application);
}

/* ---- where the store lives --------------------------------------------- */

static gboolean
is_regular_file (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static void
submit_far_future (BgrunScheduler *scheduler,
                   const char     *identifier)
{
  g_autoptr(BgrunTaskRequest) request = processing_request_in (scheduler, identifier, 24 * 3600);
  g_autoptr(GError) error = NULL;

  bgrun_scheduler_register (scheduler, identifier, complete_at_once, NULL, NULL, &error);
  g_assert_no_error (error);
  bgrun_scheduler_submit (scheduler, request, &error);
  g_assert_no_error (error);
}

static void
test_store_under_xdg_state_home (void)
{
  const char *app_id = "org.example.BgrunTest.Store";
  g_autofree char *path = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunScheduler) restarted = NULL;

  /* tests/isolate gives every test its own XDG_STATE_HOME; run directly,
   * this test would write to the real one. */
  if (g_getenv ("XDG_STATE_HOME") == NULL || g_getenv ("BGRUN_STATE_DIR") != NULL)
    {
      g_test_skip ("needs a temporary XDG_STATE_HOME and no BGRUN_STATE_DIR: run it with meson test");
      return;
    }

  path = g_build_filename (g_get_user_state_dir (), "bgrun", app_id, "tasks.db", NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  scheduler = bgrun_scheduler_new (app_id);
  g_assert_cmpstr (bgrun_scheduler_get_app_id (scheduler), ==, app_id);
  g_assert_cmpint (bgrun_scheduler_get_backend (scheduler), ==, BGRUN_BACKEND_LOCAL);
  g_assert_true (BGRUN_IS_SYSTEM_CLOCK (bgrun_scheduler_get_clock (scheduler)));
  submit_far_future (scheduler, "org.example.BgrunTest.Store.sync");
  g_assert_true (is_regular_file (path));
  g_clear_object (&scheduler);

  /* The next start of the app finds the request there. */
  restarted = bgrun_scheduler_new (app_id);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_pending_requests (restarted)), ==, 1);
}

static void
test_store_state_dir_override (void)
{
  const char *app_id = "org.example.BgrunTest.Override";
  g_autofree char *base = NULL;
  g_autofree char *other = NULL;
  g_autofree char *path = NULL;
  g_autofree char *xdg_path = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunScheduler) by_property = NULL;
  g_autoptr(GError) error = NULL;

  /* In a child: the environment is process-wide. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  base = g_dir_make_tmp ("bgrun-state-XXXXXX", &error);
  g_assert_no_error (error);
  other = g_dir_make_tmp ("bgrun-state-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (base, app_id, "tasks.db", NULL);
  other_path = g_build_filename (other, app_id, "tasks.db", NULL);
  xdg_path = g_build_filename (g_get_user_state_dir (), "bgrun", app_id, "tasks.db", NULL);

  g_setenv ("BGRUN_STATE_DIR", base, TRUE);
  scheduler = bgrun_scheduler_new (app_id);
  submit_far_future (scheduler, "org.example.BgrunTest.Override.sync");
  g_assert_true (is_regular_file (path));
  g_assert_false (g_file_test (xdg_path, G_FILE_TEST_EXISTS));

  /* The state-directory property wins over the environment. */
  by_property = g_object_new (BGRUN_TYPE_SCHEDULER,
                              "app-id", app_id,
                              "state-directory", other,
                              NULL);
  submit_far_future (by_property, "org.example.BgrunTest.Override.sync");
  g_assert_true (is_regular_file (other_path));

  /* Both directories are under the test's TMPDIR, which tests/isolate
   * removes when the test ends. */
  g_clear_object (&scheduler);
  g_clear_object (&by_property);
}

/* ---- frontmost, bound as GTK apps bind it ------------------------------ */

/* Stands in for a GtkWindow: a boolean "is-active" property. */
#define TEST_TYPE_WINDOW (test_window_get_type ())
G_DECLARE_FINAL_TYPE (TestWindow, test_window, TEST, WINDOW, GObject)

struct _TestWindow
{
  GObject  parent_instance;
  gboolean is_active;
};

G_DEFINE_FINAL_TYPE (TestWindow, test_window, G_TYPE_OBJECT)

enum { WINDOW_PROP_0, WINDOW_PROP_IS_ACTIVE, WINDOW_N_PROPS };
static GParamSpec *window_properties[WINDOW_N_PROPS];

static void
test_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_boolean (value, TEST_WINDOW (object)->is_active);
}

static void
test_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TestWindow *self = TEST_WINDOW (object);
  gboolean active = g_value_get_boolean (value);

  if (self->is_active == active)
    return;
  self->is_active = active;
  g_object_notify_by_pspec (object, window_properties[WINDOW_PROP_IS_ACTIVE]);
}

static void
test_window_class_init (TestWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_window_get_property;
  object_class->set_property = test_window_set_property;
  window_properties[WINDOW_PROP_IS_ACTIVE] =
    g_param_spec_boolean ("is-active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, WINDOW_N_PROPS, window_properties);
}

static void
test_window_init (TestWindow *self)
{
}

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
submit_export (BgrunScheduler *scheduler,
               GError        **error)
{
  g_autoptr(BgrunContinuedProcessingRequest) request =
    bgrun_continued_processing_request_new ("org.example.Video.export", "Exporting", "holiday.webm");

  return bgrun_scheduler_submit (scheduler, BGRUN_TASK_REQUEST (request), error);
}

static void
test_frontmost_bound_to_window (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.example.Video");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(TestWindow) window = g_object_new (TEST_TYPE_WINDOW, NULL);
  g_autoptr(GError) error = NULL;
  guint notifies = 0;

  bgrun_scheduler_register (scheduler, "org.example.Video.export", complete_at_once, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (scheduler, "notify::frontmost", G_CALLBACK (count_notify), &notifies);

  /* The driver starts in front; the inactive window takes it back. */
  g_assert_true (bgrun_scheduler_get_frontmost (scheduler));
  g_object_bind_property (window, "is-active", scheduler, "frontmost", G_BINDING_SYNC_CREATE);
  g_assert_false (bgrun_scheduler_get_frontmost (scheduler));
  g_assert_cmpuint (notifies, ==, 1);

  g_assert_false (submit_export (scheduler, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "org.example.Video.export"));
  g_clear_error (&error);

  g_object_set (window, "is-active", TRUE, NULL);
  g_assert_true (bgrun_scheduler_get_frontmost (scheduler));
  g_assert_cmpuint (notifies, ==, 2);
  /* Setting what it already is notifies nobody. */
  bgrun_scheduler_set_frontmost (scheduler, TRUE);
  g_assert_cmpuint (notifies, ==, 2);

  g_assert_true (submit_export (scheduler, &error));
  g_assert_no_error (error);
  bgrun_test_driver_advance (driver, 0);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);

  g_object_set (window, "is-active", FALSE, NULL);
  g_assert_false (bgrun_scheduler_get_frontmost (scheduler));
  g_assert_cmpuint (notifies, ==, 3);
}

/* ---- a bad app id ------------------------------------------------------ */

static void
test_invalid_app_id (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(BgrunScheduler) scheduler = bgrun_scheduler_new ("not an app id");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*not an app id* is not a valid application id*");
}

int
main (int argc, char *argv[])
{
  /* These tests are about the embedded engine (the store in the app's
   * state directory); the daemon placement has tests of its own. */
  g_setenv ("BGRUN_BACKEND", "local", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scheduler/docs/refresh-waits-for-its-date", test_refresh_waits_for_its_date);
  g_test_add_func ("/scheduler/register/destroy-notify-at-finalize", test_register_destroy_notify);
  g_test_add_func ("/scheduler/register/failure-frees-data", test_register_failure_frees_data);
  g_test_add_func ("/scheduler/handler/completes-from-idle", test_handler_completes_from_idle);
  g_test_add_func ("/scheduler/default/without-application", test_default_without_application);
  g_test_add_func ("/scheduler/default/with-application", test_default_with_application);
  g_test_add_func ("/scheduler/store/xdg-state-home", test_store_under_xdg_state_home);
  g_test_add_func ("/scheduler/store/state-dir-override", test_store_state_dir_override);
  g_test_add_func ("/scheduler/frontmost/bound-to-window", test_frontmost_bound_to_window);
  g_test_add_func ("/scheduler/invalid-app-id", test_invalid_app_id);
  g_test_add_func ("/scheduler/cancel/malformed-identifier", test_cancel_of_a_malformed_identifier_says_why);

  return g_test_run ();
}
