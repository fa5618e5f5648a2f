/* test-url-session-refresh.c: the app is given time for its URL sessions' events
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bgrund submits a "url-session" request when a background URL session
 * has events and no process of the app has it open. The engine tests pin
 * down that this request needs no handler, is stored, is not duplicated,
 * makes an absent app due and runs in an attached one whatever the
 * conditions and budget; and that apps cannot submit one. The scheduler
 * tests run it through a test driver's engine: the app gets a
 * BgrunUrlSessionRefreshTask that completes once the session has emitted
 * events-finished, and that waits, not fails, when nobody handles it.
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-engine-private.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-task-request-private.h"
#include "bgrun-time-private.h"
#include "bgrun-url-session-kind-private.h"
#include "bgrun-url-session-readiness-private.h"

#define NEWS "org.example.News"
#define SESSION NEWS ".downloads"

/* ---- the engine -------------------------------------------------------- */

typedef struct
{
  char            *dir;       /* removed by tests/isolate */
  char            *path;
  BgrunClock      *clock;
  BgrunConditions *conditions;
  BgrunEngine     *engine;
  GPtrArray       *started;   /* of GVariant: the run-task dicts */
  GPtrArray       *due;       /* of char *: identifiers app-due named */
} Fixture;

static void
on_run_task (BgrunEngine *engine,
             const char  *app_id,
             GVariant    *task,
             Fixture     *f)
{
  g_assert_cmpstr (app_id, ==, NEWS);
  g_ptr_array_add (f->started, g_variant_ref (task));
}

static void
on_app_due (BgrunEngine        *engine,
            const char         *app_id,
            const char * const *identifiers,
            Fixture            *f)
{
  g_assert_cmpstr (app_id, ==, NEWS);
  for (guint i = 0; identifiers[i] != NULL; i++)
    g_ptr_array_add (f->due, g_strdup (identifiers[i]));
}

static void
open_engine (Fixture *f)
{
  f->engine = bgrun_engine_new (f->path, f->clock, f->conditions);
  g_signal_connect (f->engine, "run-task", G_CALLBACK (on_run_task), f);
  g_signal_connect (f->engine, "app-due", G_CALLBACK (on_app_due), f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-url-session-refresh-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "tasks.db", NULL);
  f->clock = bgrun_test_clock_new (NULL);
  f->conditions = bgrun_conditions_new_simulated (f->clock);
  f->started = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  f->due = g_ptr_array_new_with_free_func (g_free);
  open_engine (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->conditions);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->started, g_ptr_array_unref);
  g_clear_pointer (&f->due, g_ptr_array_unref);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->dir, g_free);
}

static void
submit_events (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_engine_submit_url_session_events (f->engine, NEWS, SESSION, &error));
  g_assert_no_error (error);
}

static guint
count_pending (Fixture *f)
{
  g_autoptr(GVariant) pending = bgrun_engine_list_pending (f->engine, NEWS);

  return g_variant_n_children (pending);
}

static guint
count_history (Fixture           *f,
               BgrunHistoryEvent  event)
{
  g_autoptr(GVariant) history = bgrun_engine_list_history (f->engine, NEWS);
  guint count = 0;

  for (gsize i = 0; i < g_variant_n_children (history); i++)
    {
      gint32 recorded;

      g_variant_get_child (history, i, "(&six&s@a{sv})", NULL, &recorded, NULL, NULL, NULL);
      if (recorded == (gint32) event)
        count++;
    }
  return count;
}

static void
assert_url_session_task (GVariant *task)
{
  const char *kind = NULL, *identifier = NULL, *session = NULL;

  g_assert_true (g_variant_lookup (task, "kind", "&s", &kind));
  g_assert_cmpstr (kind, ==, "url-session");
  g_assert_true (g_variant_lookup (task, "identifier", "&s", &identifier));
  g_assert_cmpstr (identifier, ==, SESSION);
  g_assert_true (g_variant_lookup (task, "session-identifier", "&s", &session));
  g_assert_cmpstr (session, ==, SESSION);
}

/* An attached app runs it at once with no handler registered, in
 * power-saver mode, on battery, with no network and its refresh budget
 * spent: it waits for nothing. */
static void
test_engine_runs_without_handler (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (f->clock);
  gint64 expires = 0;

  bgrun_conditions_simulate (f->conditions, FALSE, FALSE, TRUE, 10, TRUE, TRUE);
  bgrun_engine_attach (f->engine, NEWS);
  submit_events (f);
  bgrun_engine_flush (f->engine);

  g_assert_cmpuint (f->started->len, ==, 1);
  assert_url_session_task (f->started->pdata[0]);
  g_assert_true (g_variant_lookup (f->started->pdata[0], "expiration-date", "x", &expires));
  g_assert_cmpint (expires, ==,
                   bgrun_time_to_usec (now) + BGRUN_URL_SESSION_REFRESH_DURATION * G_USEC_PER_SEC);
  g_assert_cmpuint (count_pending (f), ==, 0);
  g_assert_cmpuint (f->due->len, ==, 0);
}

/* Without an attached process it waits, stored: a new engine on the same
 * store (bgrund restarted) still has it and runs it once the app attaches. */
static void
test_engine_stored (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GVariant) pending = NULL;
  g_autoptr(GVariant) request = NULL;
  const char *kind = NULL;

  submit_events (f);
  bgrun_engine_flush (f->engine);
  g_assert_cmpuint (f->started->len, ==, 0);
  g_assert_cmpuint (count_pending (f), ==, 1);

  g_clear_object (&f->engine);
  open_engine (f);
  pending = bgrun_engine_list_pending (f->engine, NEWS);
  g_assert_cmpuint (g_variant_n_children (pending), ==, 1);
  request = g_variant_get_child_value (pending, 0);
  g_assert_true (g_variant_lookup (request, "kind", "&s", &kind));
  g_assert_cmpstr (kind, ==, "url-session");

  bgrun_engine_attach (f->engine, NEWS);
  bgrun_engine_flush (f->engine);
  g_assert_cmpuint (f->started->len, ==, 1);
  assert_url_session_task (f->started->pdata[0]);
}

/* Events of one session arriving one after the other make one request. */
static void
test_engine_not_duplicated (Fixture       *f,
                            gconstpointer  data)
{
  submit_events (f);
  submit_events (f);
  submit_events (f);
  bgrun_engine_flush (f->engine);

  g_assert_cmpuint (count_pending (f), ==, 1);
  g_assert_cmpuint (count_history (f, BGRUN_HISTORY_EVENT_SUBMITTED), ==, 1);

  bgrun_engine_attach (f->engine, NEWS);
  bgrun_engine_flush (f->engine);
  g_assert_cmpuint (f->started->len, ==, 1);
}

/* In bgrund, an app with no attached process is due: the launcher starts
 * it. Once it attaches, the task runs in it. */
static void
test_engine_app_due (Fixture       *f,
                     gconstpointer  data)
{
  bgrun_engine_set_launches_apps (f->engine, TRUE);
  submit_events (f);
  bgrun_engine_flush (f->engine);

  g_assert_cmpuint (f->started->len, ==, 0);
  g_assert_cmpuint (f->due->len, ==, 1);
  g_assert_cmpstr (f->due->pdata[0], ==, SESSION);

  g_ptr_array_set_size (f->due, 0);
  bgrun_engine_attach (f->engine, NEWS);
  bgrun_engine_flush (f->engine);
  g_assert_cmpuint (f->due->len, ==, 0);
  g_assert_cmpuint (f->started->len, ==, 1);
  assert_url_session_task (f->started->pdata[0]);
}

/* A process that leaves takes its attachment along: the next events make
 * the app due again, and explain() says the app is not running. */
static void
test_engine_detached (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GVariant) explanation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *messages = NULL;
  const char **strv = NULL;

  bgrun_engine_set_launches_apps (f->engine, TRUE);
  bgrun_engine_attach (f->engine, NEWS);
  bgrun_engine_unregister_all (f->engine, NEWS);
  submit_events (f);
  bgrun_engine_flush (f->engine);

  g_assert_cmpuint (f->started->len, ==, 0);
  g_assert_cmpuint (f->due->len, ==, 1);

  explanation = bgrun_engine_explain (f->engine, NEWS, SESSION, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (explanation, "messages", "^a&s", &strv));
  messages = g_strjoinv (" ", (char **) strv);
  g_free (strv);
  g_assert_nonnull (strstr (messages, "not running"));
  g_assert_nonnull (strstr (messages, "URL session"));
}

/* bgrunctl simulate-launch cannot run it without a process to run it in,
 * and says so; with one it runs, with no handler. */
static void
test_engine_run_now (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  bgrun_engine_set_flush_only (f->engine, TRUE);
  submit_events (f);
  g_assert_false (bgrun_engine_run_now (f->engine, NEWS, SESSION, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "URL session"));
  g_assert_nonnull (strstr (error->message, NEWS));
  g_clear_error (&error);

  bgrun_engine_attach (f->engine, NEWS);
  g_assert_true (bgrun_engine_run_now (f->engine, NEWS, SESSION, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->started->len, ==, 1);
  assert_url_session_task (f->started->pdata[0]);
}

/* It is bgrund's own kind: an app submitting it gets INVALID_REQUEST. */
static void
test_engine_apps_cannot_submit (Fixture       *f,
                                gconstpointer  data)
{
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(GVariant) request = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_engine_register (f->engine, NEWS, NEWS ".*", &error));
  g_assert_no_error (error);
  g_variant_dict_insert (&dict, "identifier", "s", SESSION);
  g_variant_dict_insert (&dict, "kind", "s", "url-session");
  request = g_variant_ref_sink (g_variant_dict_end (&dict));

  g_assert_false (bgrun_engine_submit (f->engine, NEWS, request, TRUE, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, SESSION));
  g_assert_nonnull (strstr (error->message, "url-session"));
  g_assert_nonnull (strstr (error->message, "only bgrund"));
  g_assert_cmpuint (count_pending (f), ==, 0);
  g_assert_cmpuint (count_history (f, BGRUN_HISTORY_EVENT_REJECTED), ==, 1);
}

static void
submit_processing (Fixture     *f,
                   const char  *identifier,
                   GError     **error)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (identifier);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (f->clock);
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GVariant) dict = NULL;

  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), later);
  dict = bgrun_task_request_to_variant (BGRUN_TASK_REQUEST (request));
  bgrun_engine_submit (f->engine, NEWS, dict, FALSE, error);
}

/* A session and a task request sharing an identifier would replace each
 * other's pending request: neither replaces the other, each says why. */
static void
test_engine_identifier_clash (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_engine_register (f->engine, NEWS, NEWS ".*", &error));
  g_assert_no_error (error);
  submit_events (f);
  submit_processing (f, SESSION, &error);
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "URL session"));
  g_clear_error (&error);

  submit_processing (f, NEWS ".cleanup", &error);
  g_assert_no_error (error);
  g_assert_false (bgrun_engine_submit_url_session_events (f->engine, NEWS, NEWS ".cleanup", &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, NEWS ".cleanup"));
  g_assert_cmpuint (count_pending (f), ==, 2);
}

/* cancel_all() is the app's: it leaves bgrund's request alone. */
static void
test_engine_cancel_all_keeps_it (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) pending = NULL;
  g_autoptr(GVariant) request = NULL;
  const char *kind = NULL;

  g_assert_true (bgrun_engine_register (f->engine, NEWS, NEWS ".*", &error));
  g_assert_no_error (error);
  submit_processing (f, NEWS ".cleanup", &error);
  g_assert_no_error (error);
  submit_events (f);
  bgrun_engine_cancel_all (f->engine, NEWS);

  pending = bgrun_engine_list_pending (f->engine, NEWS);
  g_assert_cmpuint (g_variant_n_children (pending), ==, 1);
  request = g_variant_get_child_value (pending, 0);
  g_assert_true (g_variant_lookup (request, "kind", "&s", &kind));
  g_assert_cmpstr (kind, ==, "url-session");
}

/* cancel() is the app's too; an administrator's cancel_any() is not. */
static void
test_engine_cancel_keeps_it (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GVariant) pending = NULL;
  g_autoptr(GVariant) left = NULL;

  submit_events (f);
  bgrun_engine_cancel (f->engine, NEWS, SESSION);
  pending = bgrun_engine_list_pending (f->engine, NEWS);
  g_assert_cmpuint (g_variant_n_children (pending), ==, 1);

  bgrun_engine_cancel_any (f->engine, NEWS, SESSION);
  left = bgrun_engine_list_pending (f->engine, NEWS);
  g_assert_cmpuint (g_variant_n_children (left), ==, 0);
}

/* ---- the scheduler ----------------------------------------------------- */

static BgrunEngine *
engine_of (BgrunTestDriver *driver)
{
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);

  return bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (bgrun_scheduler_get_broker (scheduler)));
}

/* What bgrund does when the app's session has events: the test driver's
 * engine plays bgrund, and its app is attached. */
static void
deliver_events (BgrunTestDriver *driver)
{
  g_autoptr(GError) error = NULL;

  bgrun_engine_attach (engine_of (driver), NEWS);
  g_assert_true (bgrun_engine_submit_url_session_events (engine_of (driver), NEWS, SESSION, &error));
  g_assert_no_error (error);
  bgrun_test_driver_advance (driver, 0);
}

static void
keep_task (BgrunScheduler *scheduler,
           BgrunTask      *task,
           gpointer        data)
{
  g_set_object ((BgrunTask **) data, task);
}

static BgrunHistoryEvent
last_event (BgrunScheduler *scheduler)
{
  GListModel *history = bgrun_scheduler_get_history (scheduler);
  guint n = g_list_model_get_n_items (history);
  g_autoptr(BgrunHistoryEntry) entry = NULL;

  g_assert_cmpuint (n, >, 0);
  entry = g_list_model_get_item (history, n - 1);
  g_assert_cmpstr (bgrun_history_entry_get_identifier (entry), ==, SESSION);
  return bgrun_history_entry_get_event (entry);
}

/* A handler registered for the session identifier gets a
 * BgrunUrlSessionRefreshTask naming the session, and may complete it. */
static void
test_scheduler_handler_gets_task (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (NEWS);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_scheduler_register (scheduler, SESSION, keep_task, &task, NULL, &error));
  g_assert_no_error (error);
  deliver_events (driver);

  g_assert_nonnull (task);
  g_assert_true (BGRUN_IS_URL_SESSION_REFRESH_TASK (task));
  g_assert_cmpstr (bgrun_task_get_identifier (task), ==, SESSION);
  g_assert_cmpstr (bgrun_url_session_refresh_task_get_session_identifier (BGRUN_URL_SESSION_REFRESH_TASK (task)),
                   ==, SESSION);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);

  bgrun_task_set_task_completed (task, TRUE);
  bgrun_test_driver_advance (driver, 0);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);
}

/* A handle-task handler that looks at the task but does not take it. */
static gboolean
watch_task (BgrunScheduler *scheduler,
            BgrunTask      *task,
            gpointer        data)
{
  g_set_object ((BgrunTask **) data, task);
  return FALSE;
}

/* Delivers events that nobody handles: returns the running task the
 * scheduler offered to handle-task. */
static BgrunTask *
deliver_unhandled (BgrunTestDriver *driver)
{
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  BgrunTask *task = NULL;
  gulong handler = g_signal_connect (scheduler, "handle-task", G_CALLBACK (watch_task), &task);

  deliver_events (driver);
  g_signal_handler_disconnect (scheduler, handler);
  g_assert_true (BGRUN_IS_URL_SESSION_REFRESH_TASK (task));
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);
  return task;
}

/* Unhandled, it does not fail: it waits for the session, and expires
 * after BGRUN_URL_SESSION_REFRESH_DURATION when the session never comes.
 * handle-task sees it first. */
static void
test_scheduler_unhandled_waits (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (NEWS);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunTask) task = deliver_unhandled (driver);

  bgrun_test_driver_advance (driver, BGRUN_URL_SESSION_REFRESH_DURATION - 1);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_running_tasks (scheduler)), ==, 1);

  bgrun_test_driver_advance (driver, 1 + BGRUN_TASK_GRACE_PERIOD);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_EXPIRED);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_EXPIRED);
}

/* The session delivers its events after the task arrived: the task
 * completes at once, inside the call, so that an app quitting its main
 * loop on events-finished leaves nothing behind. */
static void
test_scheduler_ready_after (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (NEWS);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunTask) task = deliver_unhandled (driver);

  bgrun_url_session_readiness_set_ready_in (scheduler, NEWS ".other", TRUE);
  bgrun_test_driver_advance (driver, 0);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);

  bgrun_url_session_readiness_set_ready_in (scheduler, SESSION, TRUE);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_COMPLETED);
  bgrun_test_driver_advance (driver, 0);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_running_tasks (scheduler)), ==, 0);
}

/* The session delivered its events before the task arrived: the task
 * completes as soon as it runs, with nobody handling it. Once the session
 * is gone, the next task waits again. */
static void
test_scheduler_ready_before (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (NEWS);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunTask) task = NULL;

  bgrun_url_session_readiness_set_ready_in (scheduler, SESSION, TRUE);
  deliver_events (driver);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_COMPLETED);

  bgrun_url_session_readiness_set_ready_in (scheduler, SESSION, FALSE);
  task = deliver_unhandled (driver);
  bgrun_test_driver_advance (driver, 1);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);
  g_assert_cmpint (last_event (scheduler), ==, BGRUN_HISTORY_EVENT_STARTED);
}

static void
on_events_finished (BgrunUrlSession *session,
                    gboolean        *finished)
{
  *finished = TRUE;
}

/* The real thing: the app creates the background session again; once it
 * has emitted events-finished, the task completes by itself. */
static void
test_scheduler_session_completes_task (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (NEWS);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunUrlSessionConfiguration) config = NULL;
  g_autoptr(BgrunUrlSession) session = NULL;
  g_autoptr(BgrunTask) task = NULL;
  gboolean finished = FALSE;

  task = deliver_unhandled (driver);
  config = bgrun_url_session_configuration_new_background (SESSION);
  session = bgrun_url_session_new (scheduler, config);
  g_signal_connect (session, "events-finished", G_CALLBACK (on_events_finished), &finished);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);
  bgrun_test_driver_advance (driver, 0);
  g_assert_true (finished);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_COMPLETED);

  /* The session is gone: a later task waits for the next one. */
  g_clear_object (&session);
  g_clear_object (&task);
  task = deliver_unhandled (driver);
  bgrun_test_driver_advance (driver, 1);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);
}

/* Apps see their own pending requests, not bgrund's. */
static void
test_scheduler_pending_list_skips_it (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (NEWS);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  GListModel *pending = bgrun_scheduler_get_pending_requests (scheduler);
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_engine_submit_url_session_events (engine_of (driver), NEWS, SESSION, &error));
  g_assert_no_error (error);
  bgrun_test_driver_advance (driver, 0);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/url-session-refresh/engine/runs-without-handler", Fixture, NULL,
              fixture_set_up, test_engine_runs_without_handler, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/stored", Fixture, NULL,
              fixture_set_up, test_engine_stored, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/not-duplicated", Fixture, NULL,
              fixture_set_up, test_engine_not_duplicated, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/app-due", Fixture, NULL,
              fixture_set_up, test_engine_app_due, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/detached", Fixture, NULL,
              fixture_set_up, test_engine_detached, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/run-now", Fixture, NULL,
              fixture_set_up, test_engine_run_now, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/apps-cannot-submit", Fixture, NULL,
              fixture_set_up, test_engine_apps_cannot_submit, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/identifier-clash", Fixture, NULL,
              fixture_set_up, test_engine_identifier_clash, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/cancel-all-keeps-it", Fixture, NULL,
              fixture_set_up, test_engine_cancel_all_keeps_it, fixture_tear_down);
  g_test_add ("/url-session-refresh/engine/cancel-keeps-it", Fixture, NULL,
              fixture_set_up, test_engine_cancel_keeps_it, fixture_tear_down);
  g_test_add_func ("/url-session-refresh/scheduler/handler-gets-task", test_scheduler_handler_gets_task);
  g_test_add_func ("/url-session-refresh/scheduler/unhandled-waits", test_scheduler_unhandled_waits);
  g_test_add_func ("/url-session-refresh/scheduler/ready-after", test_scheduler_ready_after);
  g_test_add_func ("/url-session-refresh/scheduler/ready-before", test_scheduler_ready_before);
  g_test_add_func ("/url-session-refresh/scheduler/session-completes-task", test_scheduler_session_completes_task);
  g_test_add_func ("/url-session-refresh/scheduler/pending-list-skips-it", test_scheduler_pending_list_skips_it);

  return g_test_run ();
}
