/* test-workmanager.c: scheduling like WorkManager, from C: unique work
 * policies, retries with backoff and their attempts, tags, progress and
 * output (issue 16, points 7 to 12)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test drives an embedded scheduler through BgrunTestDriver; the
 * Python suite (test_scheduler_workmanager.py) runs the same behaviours
 * against bgrund too.
 */

#include "config.h"

#include <bgrun.h>

#define APP "org.example.Work"
#define ID APP ".sync"

/* ---- helpers ----------------------------------------------------------- */

static BgrunTestDriver *
new_driver (void)
{
  BgrunTestDriver *driver = bgrun_test_driver_new (APP);

  bgrun_test_driver_set_conditions (driver, TRUE, FALSE, FALSE, 100, FALSE);
  return driver;
}

static void
submit (BgrunScheduler   *scheduler,
        BgrunTaskRequest *request)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_scheduler_submit (scheduler, request, &error));
  g_assert_no_error (error);
}

static void
register_handler (BgrunScheduler   *scheduler,
                  const char       *identifier,
                  BgrunTaskHandler  handler,
                  gpointer          data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_scheduler_register (scheduler, identifier, handler, data, NULL, &error));
  g_assert_no_error (error);
}

/* The history entries of @identifier, oldest first. */
static GPtrArray *
entries_of (BgrunScheduler *scheduler,
            const char     *identifier)
{
  GListModel *history = bgrun_scheduler_get_history (scheduler);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      BgrunHistoryEntry *entry = g_list_model_get_item (history, i);

      if (g_str_equal (bgrun_history_entry_get_identifier (entry), identifier))
        g_ptr_array_add (found, entry);
      else
        g_object_unref (entry);
    }
  return found;
}

static BgrunHistoryEntry *
last_entry (BgrunScheduler *scheduler,
            const char     *identifier)
{
  g_autoptr(GPtrArray) entries = entries_of (scheduler, identifier);

  g_assert_cmpuint (entries->len, >, 0);
  return g_object_ref (g_ptr_array_index (entries, entries->len - 1));
}

static guint
n_pending (BgrunScheduler *scheduler)
{
  return g_list_model_get_n_items (bgrun_scheduler_get_pending_requests (scheduler));
}

static void
complete_at_once (BgrunScheduler *scheduler,
                  BgrunTask      *task,
                  gpointer        data)
{
  bgrun_task_set_task_completed (task, TRUE);
}

/* ---- point 9: unique work policies ------------------------------------- */

static void
test_keep_leaves_the_pending_request (void)
{
  g_autoptr(BgrunTestDriver) driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) first = bgrun_processing_request_new (ID);
  g_autoptr(BgrunProcessingRequest) second = bgrun_processing_request_new (ID);
  g_autoptr(BgrunProcessingRequest) third = bgrun_processing_request_new (ID);
  g_autoptr(BgrunTaskRequest) pending = NULL;
  g_autoptr(BgrunHistoryEntry) entry = NULL;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GDateTime) sooner = g_date_time_add_minutes (now, 1);

  register_handler (scheduler, ID, complete_at_once, NULL);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (first), later);
  submit (scheduler, BGRUN_TASK_REQUEST (first));

  g_object_set (second, "existing-policy", BGRUN_EXISTING_REQUEST_POLICY_KEEP, NULL);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (second), sooner);
  submit (scheduler, BGRUN_TASK_REQUEST (second));
  g_assert_cmpuint (n_pending (scheduler), ==, 1);
  pending = g_list_model_get_item (bgrun_scheduler_get_pending_requests (scheduler), 0);
  g_assert_true (g_date_time_equal (bgrun_task_request_get_earliest_begin_date (pending), later));
  entry = last_entry (scheduler, ID);
  g_assert_cmpint (bgrun_history_entry_get_event (entry), ==, BGRUN_HISTORY_EVENT_KEPT);
  g_assert_nonnull (strstr (bgrun_history_entry_get_message (entry), "existing-policy is KEEP"));

  /* REPLACE, the default, replaces. */
  g_clear_object (&pending);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (third), sooner);
  submit (scheduler, BGRUN_TASK_REQUEST (third));
  pending = g_list_model_get_item (bgrun_scheduler_get_pending_requests (scheduler), 0);
  g_assert_true (g_date_time_equal (bgrun_task_request_get_earliest_begin_date (pending), sooner));
}

/* ---- point 7: retry with backoff --------------------------------------- */

typedef struct
{
  GArray *attempts;   /* of guint, each task's attempt */
  GArray *started;    /* of gint64, the clock's seconds at each start */
} Retries;

static void
retry_always (BgrunScheduler *scheduler,
              BgrunTask      *task,
              gpointer        data)
{
  Retries *retries = data;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  guint attempt = bgrun_task_get_attempt (task);
  gint64 seconds = g_date_time_to_unix (now);

  g_array_append_val (retries->attempts, attempt);
  g_array_append_val (retries->started, seconds);
  bgrun_task_set_task_completed_with_retry (task);
}

/* Submits a request that always asks for a retry with @policy, a 10 s
 * delay and at most @max attempts; runs it until it stops; returns the
 * waits between attempts, in seconds. */
static GArray *
run_retries (BgrunBackoffPolicy  policy,
             guint               max,
             BgrunScheduler    **out_scheduler,
             BgrunTestDriver   **out_driver)
{
  BgrunTestDriver *driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (ID);
  Retries retries = { g_array_new (FALSE, FALSE, sizeof (guint)), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  GArray *waits = g_array_new (FALSE, FALSE, sizeof (gint64));

  register_handler (scheduler, ID, retry_always, &retries);
  bgrun_task_request_set_backoff (BGRUN_TASK_REQUEST (request), policy, 10);
  g_object_set (request, "max-attempts", max, NULL);
  submit (scheduler, BGRUN_TASK_REQUEST (request));
  for (guint i = 0; i < 200 && n_pending (scheduler) > 0; i++)
    bgrun_test_driver_advance (driver, 1);

  for (guint i = 0; i < retries.attempts->len; i++)
    g_assert_cmpuint (g_array_index (retries.attempts, guint, i), ==, i + 1);
  for (guint i = 1; i < retries.started->len; i++)
    {
      gint64 wait = g_array_index (retries.started, gint64, i) - g_array_index (retries.started, gint64, i - 1);
      g_array_append_val (waits, wait);
    }
  g_array_unref (retries.attempts);
  g_array_unref (retries.started);
  *out_scheduler = scheduler;
  *out_driver = driver;
  return waits;
}

static void
test_retry_linear (void)
{
  g_autoptr(BgrunTestDriver) driver = NULL;
  BgrunScheduler *scheduler;
  g_autoptr(GArray) waits = run_retries (BGRUN_BACKOFF_POLICY_LINEAR, 4, &scheduler, &driver);
  g_autoptr(GPtrArray) entries = entries_of (scheduler, ID);
  BgrunHistoryEntry *last;

  /* Attempts 1 to 4; the n-th retry waits 10 s × n. */
  g_assert_cmpuint (waits->len, ==, 3);
  g_assert_cmpint (g_array_index (waits, gint64, 0), ==, 10);
  g_assert_cmpint (g_array_index (waits, gint64, 1), ==, 20);
  g_assert_cmpint (g_array_index (waits, gint64, 2), ==, 30);

  /* submitted, then started and failed per attempt, each numbered. */
  g_assert_cmpuint (entries->len, ==, 9);
  for (guint i = 1; i < entries->len; i++)
    {
      BgrunHistoryEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpuint (bgrun_history_entry_get_attempt (entry), ==, (i + 1) / 2);
      g_assert_cmpint (bgrun_history_entry_get_event (entry), ==,
                       i % 2 ? BGRUN_HISTORY_EVENT_STARTED : BGRUN_HISTORY_EVENT_FAILED);
    }
  g_assert_cmpuint (bgrun_history_entry_get_attempt (g_ptr_array_index (entries, 0)), ==, 0);
  g_assert_nonnull (strstr (bgrun_history_entry_get_message (g_ptr_array_index (entries, 2)),
                            "attempt 2 waits until"));
  last = g_ptr_array_index (entries, entries->len - 1);
  g_assert_nonnull (strstr (bgrun_history_entry_get_message (last), "at most 4 attempts"));
  g_assert_cmpuint (n_pending (scheduler), ==, 0);
}

static void
test_retry_exponential (void)
{
  g_autoptr(BgrunTestDriver) driver = NULL;
  BgrunScheduler *scheduler;
  g_autoptr(GArray) waits = run_retries (BGRUN_BACKOFF_POLICY_EXPONENTIAL, 4, &scheduler, &driver);

  g_assert_cmpuint (waits->len, ==, 3);
  g_assert_cmpint (g_array_index (waits, gint64, 0), ==, 10);
  g_assert_cmpint (g_array_index (waits, gint64, 1), ==, 20);
  g_assert_cmpint (g_array_index (waits, gint64, 2), ==, 40);
}

static void
test_retry_without_policy_fails (void)
{
  g_autoptr(BgrunTestDriver) driver = NULL;
  BgrunScheduler *scheduler;
  g_autoptr(GArray) waits = run_retries (BGRUN_BACKOFF_POLICY_NONE, 0, &scheduler, &driver);
  g_autoptr(BgrunHistoryEntry) entry = last_entry (scheduler, ID);

  g_assert_cmpuint (waits->len, ==, 0);
  g_assert_cmpint (bgrun_history_entry_get_event (entry), ==, BGRUN_HISTORY_EVENT_FAILED);
  g_assert_nonnull (strstr (bgrun_history_entry_get_message (entry), "backoff-policy is NONE"));
}

static void
test_backoff_delay_checked (void)
{
  g_autoptr(BgrunTestDriver) driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (ID);
  g_autoptr(GError) error = NULL;

  register_handler (scheduler, ID, complete_at_once, NULL);
  bgrun_task_request_set_backoff (BGRUN_TASK_REQUEST (request), BGRUN_BACKOFF_POLICY_LINEAR, 5);
  g_assert_false (bgrun_scheduler_submit (scheduler, BGRUN_TASK_REQUEST (request), &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "5 s"));
}

/* ---- point 12: chains, point 10: tags ---------------------------------- */

static void
fail_at_once (BgrunScheduler *scheduler,
              BgrunTask      *task,
              gpointer        data)
{
  bgrun_task_set_task_completed (task, FALSE);
}

static void
test_chain_cancelled_by_failure (void)
{
  g_autoptr(BgrunTestDriver) driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) first = bgrun_processing_request_new (APP ".first");
  g_autoptr(BgrunProcessingRequest) then = bgrun_processing_request_new (APP ".then");
  g_autoptr(BgrunHistoryEntry) entry = NULL;
  const char *prerequisites[] = { APP ".first", NULL };
  const char *tags[] = { "chain", NULL };

  register_handler (scheduler, APP ".*", fail_at_once, NULL);
  submit (scheduler, BGRUN_TASK_REQUEST (first));
  bgrun_task_request_set_prerequisites (BGRUN_TASK_REQUEST (then), prerequisites);
  bgrun_task_request_set_tags (BGRUN_TASK_REQUEST (then), tags);
  submit (scheduler, BGRUN_TASK_REQUEST (then));
  bgrun_test_driver_advance (driver, 1);

  g_assert_cmpuint (n_pending (scheduler), ==, 0);
  entry = last_entry (scheduler, APP ".then");
  g_assert_cmpint (bgrun_history_entry_get_event (entry), ==, BGRUN_HISTORY_EVENT_CANCELLED);
  g_assert_cmpstr (bgrun_history_entry_get_message (entry), ==,
                   "Cancelled because its prerequisite “" APP ".first” failed.");
  g_assert_true (bgrun_history_entry_has_tag (entry, "chain"));
}

static void
test_cancel_by_tag (void)
{
  g_autoptr(BgrunTestDriver) driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) tagged = bgrun_processing_request_new (APP ".tagged");
  g_autoptr(BgrunProcessingRequest) other = bgrun_processing_request_new (APP ".other");
  g_autoptr(GListModel) by_tag = NULL;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  const char *tags[] = { "photos", NULL };

  register_handler (scheduler, APP ".*", complete_at_once, NULL);
  bgrun_task_request_set_tags (BGRUN_TASK_REQUEST (tagged), tags);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (tagged), later);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (other), later);
  submit (scheduler, BGRUN_TASK_REQUEST (tagged));
  submit (scheduler, BGRUN_TASK_REQUEST (other));
  by_tag = bgrun_scheduler_get_pending_requests_by_tag (scheduler, "photos");
  g_assert_cmpuint (g_list_model_get_n_items (by_tag), ==, 1);

  bgrun_scheduler_cancel_by_tag (scheduler, "photos");
  g_assert_cmpuint (g_list_model_get_n_items (by_tag), ==, 0);
  g_assert_cmpuint (n_pending (scheduler), ==, 1);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
assert_explains_tagged (GListModel *explanations)
{
  g_autoptr(BgrunExplanation) explanation = NULL;

  g_assert_nonnull (explanations);
  g_assert_cmpuint (g_list_model_get_n_items (explanations), ==, 1);
  explanation = g_list_model_get_item (explanations, 0);
  g_assert_cmpstr (bgrun_explanation_get_identifier (explanation), ==, APP ".tagged");
  g_assert_true (bgrun_explanation_has_reason (explanation, BGRUN_WAIT_REASON_EARLIEST_BEGIN_DATE));
}

/* Explained by tag, by the engine: each pending request with the tag,
 * and nothing else; synchronously and not. */
static void
test_explain_by_tag (void)
{
  g_autoptr(BgrunTestDriver) driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) tagged = bgrun_processing_request_new (APP ".tagged");
  g_autoptr(BgrunProcessingRequest) other = bgrun_processing_request_new (APP ".other");
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (scheduler));
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 1);
  g_autoptr(GListModel) explanations = NULL, none = NULL, async_explanations = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "photos", NULL };

  register_handler (scheduler, APP ".*", complete_at_once, NULL);
  bgrun_task_request_set_tags (BGRUN_TASK_REQUEST (tagged), tags);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (tagged), later);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (other), later);
  submit (scheduler, BGRUN_TASK_REQUEST (other));
  submit (scheduler, BGRUN_TASK_REQUEST (tagged));

  explanations = bgrun_scheduler_explain_by_tag (scheduler, "photos", &error);
  g_assert_no_error (error);
  assert_explains_tagged (explanations);
  none = bgrun_scheduler_explain_by_tag (scheduler, "music", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);

  bgrun_scheduler_explain_by_tag_async (scheduler, "photos", NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  async_explanations = bgrun_scheduler_explain_by_tag_finish (scheduler, result, &error);
  g_assert_no_error (error);
  assert_explains_tagged (async_explanations);
}

/* ---- point 8: periodic processing ------------------------------------- */

static void
count_runs (BgrunScheduler *scheduler,
            BgrunTask      *task,
            gpointer        data)
{
  (*(guint *) data)++;
  bgrun_task_set_task_completed (task, TRUE);
}

static void
test_periodic_processing_flex (void)
{
  g_autoptr(BgrunTestDriver) driver = new_driver ();
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (ID);
  guint runs = 0;

  register_handler (scheduler, ID, count_runs, &runs);
  g_object_set (request, "repeat-interval", 1800.0, "flex-interval", 300.0, NULL);
  submit (scheduler, BGRUN_TASK_REQUEST (request));
  bgrun_test_driver_advance (driver, 1);
  g_assert_cmpuint (runs, ==, 1);
  bgrun_test_driver_advance (driver, 1497);
  g_assert_cmpuint (runs, ==, 1);
  bgrun_test_driver_advance (driver, 3);
  g_assert_cmpuint (runs, ==, 2);
  g_assert_cmpuint (n_pending (scheduler), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workmanager/keep/pending-stays", test_keep_leaves_the_pending_request);
  g_test_add_func ("/workmanager/retry/linear", test_retry_linear);
  g_test_add_func ("/workmanager/retry/exponential", test_retry_exponential);
  g_test_add_func ("/workmanager/retry/without-policy-fails", test_retry_without_policy_fails);
  g_test_add_func ("/workmanager/retry/backoff-delay-checked", test_backoff_delay_checked);
  g_test_add_func ("/workmanager/chain/cancelled-by-failure", test_chain_cancelled_by_failure);
  g_test_add_func ("/workmanager/tags/cancel-by-tag", test_cancel_by_tag);
  g_test_add_func ("/workmanager/tags/explain-by-tag", test_explain_by_tag);
  g_test_add_func ("/workmanager/periodic/flex", test_periodic_processing_flex);

  return g_test_run ();
}
