/* test-scheduler-async.c: the scheduler's _async/_finish calls from C
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * With the embedded engine the answer is ready at once, but the callback
 * still runs from the main loop, after the _async call has returned, as
 * GIO's conventions promise. The daemon placement, where each call is a
 * D-Bus call answered later, is tested from Python
 * (tests/python/test_bindings_asyncio.py, both placements).
 */

#include "config.h"

#include <bgrun.h>

#define APP     "org.example.Async"
#define REFRESH APP ".refresh"

static void
complete_at_once (BgrunScheduler *scheduler,
                  BgrunTask      *task,
                  gpointer        data)
{
  bgrun_task_set_task_completed (task, TRUE);
}

static void
keep_running (BgrunScheduler *scheduler,
              BgrunTask      *task,
              gpointer        data)
{
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  GAsyncResult **out = data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* Runs the main loop until @result is set. */
static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_submit_explain_list_cancel (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new (REFRESH);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autoptr(GAsyncResult) submitted = NULL, explained = NULL, listed = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL, historic = NULL;
  g_autoptr(BgrunExplanation) explanation = NULL;
  g_autoptr(GListModel) pending = NULL, history = NULL;
  g_autoptr(GError) error = NULL;

  bgrun_scheduler_register (scheduler, REFRESH, complete_at_once, NULL, NULL, &error);
  g_assert_no_error (error);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), later);

  bgrun_scheduler_submit_async (scheduler, BGRUN_TASK_REQUEST (request), NULL, store_result, &submitted);
  /* Never before the call returns. */
  g_assert_null (submitted);
  wait_for (&submitted);
  g_assert_true (bgrun_scheduler_submit_finish (scheduler, submitted, &error));
  g_assert_no_error (error);

  bgrun_scheduler_get_pending_requests_async (scheduler, NULL, store_result, &listed);
  wait_for (&listed);
  pending = bgrun_scheduler_get_pending_requests_finish (scheduler, listed, &error);
  g_assert_no_error (error);
  /* The live list, the one the synchronous call returns. */
  g_assert_true (pending == bgrun_scheduler_get_pending_requests (scheduler));
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 1);

  bgrun_scheduler_explain_async (scheduler, REFRESH, NULL, store_result, &explained);
  wait_for (&explained);
  explanation = bgrun_scheduler_explain_finish (scheduler, explained, &error);
  g_assert_no_error (error);
  g_assert_true (bgrun_explanation_has_reason (explanation, BGRUN_WAIT_REASON_EARLIEST_BEGIN_DATE));

  bgrun_scheduler_cancel_async (scheduler, REFRESH, NULL, store_result, &cancelled);
  wait_for (&cancelled);
  g_assert_true (bgrun_scheduler_cancel_finish (scheduler, cancelled, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 0);

  bgrun_scheduler_get_history_async (scheduler, NULL, store_result, &historic);
  wait_for (&historic);
  history = bgrun_scheduler_get_history_finish (scheduler, historic, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
}

static void
test_errors_are_those_of_the_sync_calls (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new (REFRESH);
  g_autoptr(GAsyncResult) submitted = NULL, explained = NULL, cancelled = NULL;
  g_autoptr(BgrunExplanation) explanation = NULL;
  g_autoptr(GError) error = NULL;

  bgrun_scheduler_submit_async (scheduler, BGRUN_TASK_REQUEST (request), NULL, store_result, &submitted);
  wait_for (&submitted);
  g_assert_false (bgrun_scheduler_submit_finish (scheduler, submitted, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED);
  g_assert_nonnull (strstr (error->message, "Register a handler for “" REFRESH "”"));
  g_clear_error (&error);

  bgrun_scheduler_explain_async (scheduler, REFRESH, NULL, store_result, &explained);
  wait_for (&explained);
  explanation = bgrun_scheduler_explain_finish (scheduler, explained, &error);
  g_assert_null (explanation);
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  /* The synchronous cancel can only log this; the async one says it. */
  bgrun_scheduler_cancel_async (scheduler, "not an identifier", NULL, store_result, &cancelled);
  wait_for (&cancelled);
  g_assert_false (bgrun_scheduler_cancel_finish (scheduler, cancelled, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
}

static void
test_task_failed_with_a_message (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunAppRefreshRequest) request = bgrun_app_refresh_request_new (REFRESH);
  g_autoptr(BgrunTask) task = NULL;
  GListModel *history = bgrun_scheduler_get_history (scheduler);
  GListModel *running = bgrun_scheduler_get_running_tasks (scheduler);
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);

  bgrun_scheduler_register (scheduler, REFRESH, keep_running, NULL, NULL, &error);
  g_assert_no_error (error);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), later);
  bgrun_scheduler_submit (scheduler, BGRUN_TASK_REQUEST (request), &error);
  g_assert_no_error (error);
  bgrun_test_driver_run_task_now (driver, REFRESH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (running), ==, 1);
  task = g_list_model_get_item (running, 0);

  bgrun_task_set_task_failed (task, "The feed could not be parsed.");
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_FAILED);
  g_assert_cmpstr (bgrun_task_get_failure_message (task), ==, "The feed could not be parsed.");
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(BgrunHistoryEntry) entry = g_list_model_get_item (history, i);

      found |= bgrun_history_entry_get_event (entry) == BGRUN_HISTORY_EVENT_FAILED &&
               g_strcmp0 (bgrun_history_entry_get_message (entry), "The feed could not be parsed.") == 0;
    }
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scheduler-async/submit-explain-list-cancel", test_submit_explain_list_cancel);
  g_test_add_func ("/scheduler-async/errors", test_errors_are_those_of_the_sync_calls);
  g_test_add_func ("/scheduler-async/task-failed-with-a-message", test_task_failed_with_a_message);
  return g_test_run ();
}
