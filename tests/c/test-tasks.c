/* test-tasks.c: tasks, their state machine and progress
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-task-private.h"

typedef struct {
  GHashTable *counts;   /* property name → number of notifies */
} Notifies;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  Notifies *notifies = user_data;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (notifies->counts, pspec->name));

  g_hash_table_insert (notifies->counts, (gpointer) pspec->name, GUINT_TO_POINTER (count + 1));
}

static void
notifies_watch (Notifies *notifies,
                gpointer  object)
{
  notifies->counts = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (object, "notify", G_CALLBACK (on_notify), notifies);
}

static guint
notifies_count (Notifies   *notifies,
                const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (notifies->counts, name));
}

static void
notifies_clear (Notifies *notifies)
{
  g_clear_pointer (&notifies->counts, g_hash_table_unref);
}

static BgrunTask *
new_task (GType type)
{
  return g_object_new (type, "identifier", "org.example.App.refresh", NULL);
}

static void
count_signal (gpointer  instance,
              gpointer  user_data)
{
  (*(guint *) user_data)++;
}

/* ---- BgrunTask --------------------------------------------------------- */

static void
test_properties (void)
{
  g_autoptr(GVariant) info = g_variant_ref_sink (g_variant_new_parsed ("{'account': <'alice'>}"));
  g_autoptr(BgrunTask) task = g_object_new (BGRUN_TYPE_PROCESSING_TASK,
                                            "identifier", "org.example.App.sync",
                                            "user-info", info,
                                            NULL);
  g_autoptr(GVariant) read_info = NULL;
  BgrunTaskState state = BGRUN_TASK_STATE_FAILED;

  g_assert_true (G_TYPE_IS_ABSTRACT (BGRUN_TYPE_TASK));
  g_assert_true (BGRUN_IS_TASK (task));
  g_assert_cmpstr (bgrun_task_get_identifier (task), ==, "org.example.App.sync");
  g_assert_true (g_variant_equal (bgrun_task_get_user_info (task), info));
  g_object_get (task, "user-info", &read_info, "state", &state, NULL);
  g_assert_true (g_variant_equal (read_info, info));
  g_assert_cmpint (state, ==, BGRUN_TASK_STATE_RUNNING);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_RUNNING);
  g_assert_null (bgrun_task_get_expiration_date (task));
  g_assert_true (G_IS_CANCELLABLE (bgrun_task_get_cancellable (task)));
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));
}

static void
test_complete (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_APP_REFRESH_TASK);
  Notifies notifies;

  notifies_watch (&notifies, task);
  bgrun_task_set_task_completed (task, TRUE);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_COMPLETED);
  g_assert_cmpuint (notifies_count (&notifies, "state"), ==, 1);
  /* Completing is not cancelling: work still finishing up may go on. */
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));

  g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING,
                         "Task “org.example.App.refresh” is already completed: completing it again has no effect*");
  bgrun_task_set_task_completed (task, FALSE);
  g_test_assert_expected_messages ();
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_COMPLETED);
  g_assert_cmpuint (notifies_count (&notifies, "state"), ==, 1);

  /* The system ending a completed task changes nothing. */
  bgrun_task_finish (task, BGRUN_TASK_STATE_EXPIRED);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_COMPLETED);
  g_assert_cmpuint (notifies_count (&notifies, "state"), ==, 1);
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));
  notifies_clear (&notifies);
}

static void
test_fail (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_PROCESSING_TASK);
  Notifies notifies;

  notifies_watch (&notifies, task);
  bgrun_task_set_task_completed (task, FALSE);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_FAILED);
  g_assert_cmpuint (notifies_count (&notifies, "state"), ==, 1);
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));

  g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING, "*“org.example.App.refresh” is already failed*");
  bgrun_task_set_task_completed (task, TRUE);
  g_test_assert_expected_messages ();
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_FAILED);
  notifies_clear (&notifies);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  BgrunTask *task = user_data;

  /* Code woken by the cancellable sees a task that has ended. */
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_EXPIRED);
}

static void
test_finish_expired (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_APP_REFRESH_TASK);
  GCancellable *cancellable = bgrun_task_get_cancellable (task);
  Notifies notifies;

  notifies_watch (&notifies, task);
  g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);
  bgrun_task_finish (task, BGRUN_TASK_STATE_EXPIRED);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_EXPIRED);
  g_assert_cmpuint (notifies_count (&notifies, "state"), ==, 1);
  g_assert_true (g_cancellable_is_cancelled (cancellable));

  g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING,
                         "Task “org.example.App.refresh” is already expired: completing it again has no effect*");
  bgrun_task_set_task_completed (task, TRUE);
  g_test_assert_expected_messages ();
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_EXPIRED);

  bgrun_task_finish (task, BGRUN_TASK_STATE_CANCELLED);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_EXPIRED);
  g_assert_cmpuint (notifies_count (&notifies, "state"), ==, 1);
  notifies_clear (&notifies);
}

static void
test_finish_cancelled (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_PROCESSING_TASK);

  bgrun_task_finish (task, BGRUN_TASK_STATE_CANCELLED);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_CANCELLED);
  g_assert_true (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));

  g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING, "*is already cancelled*");
  bgrun_task_set_task_completed (task, TRUE);
  g_test_assert_expected_messages ();
}

static void
test_expiration_date (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_APP_REFRESH_TASK);
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (2000000000);
  g_autoptr(GDateTime) same = g_date_time_to_local (date);
  g_autoptr(GDateTime) later = g_date_time_add_seconds (date, 30);
  g_autoptr(GDateTime) read = NULL;
  Notifies notifies;

  notifies_watch (&notifies, task);
  bgrun_task_set_expiration_date (task, date);
  g_assert_cmpuint (notifies_count (&notifies, "expiration-date"), ==, 1);
  bgrun_task_set_expiration_date (task, same);
  g_assert_cmpuint (notifies_count (&notifies, "expiration-date"), ==, 1);
  bgrun_task_set_expiration_date (task, later);
  g_assert_cmpuint (notifies_count (&notifies, "expiration-date"), ==, 2);
  g_object_get (task, "expiration-date", &read, NULL);
  g_assert_true (g_date_time_equal (read, later));
  g_assert_true (bgrun_task_get_expiration_date (task) == later);
  bgrun_task_set_expiration_date (task, NULL);
  g_assert_cmpuint (notifies_count (&notifies, "expiration-date"), ==, 3);
  g_assert_null (bgrun_task_get_expiration_date (task));
  notifies_clear (&notifies);
}

static void
test_emit_expired (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_APP_REFRESH_TASK);
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (2000000000);
  g_autoptr(GDateTime) later = g_date_time_add_seconds (date, 60);
  guint expired = 0;

  g_signal_connect (task, "expired", G_CALLBACK (count_signal), &expired);
  bgrun_task_set_expiration_date (task, date);

  bgrun_task_emit_expired (task);
  g_assert_cmpuint (expired, ==, 1);
  bgrun_task_emit_expired (task);
  g_assert_cmpuint (expired, ==, 1);

  /* More time (as a continued task that reports progress gets): a new
   * deadline, a new warning. */
  bgrun_task_set_expiration_date (task, later);
  bgrun_task_emit_expired (task);
  bgrun_task_emit_expired (task);
  g_assert_cmpuint (expired, ==, 2);

  /* Never once the task has ended. */
  bgrun_task_set_expiration_date (task, date);
  bgrun_task_set_task_completed (task, TRUE);
  bgrun_task_emit_expired (task);
  g_assert_cmpuint (expired, ==, 2);
  /* ... and no cancellation either: it was completed. */
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));
}

static void
complete_on_expired (BgrunTask *task,
                     gpointer   user_data)
{
  bgrun_task_set_task_completed (task, FALSE);
}

static void
test_complete_from_expired_handler (void)
{
  g_autoptr(BgrunTask) task = new_task (BGRUN_TYPE_PROCESSING_TASK);

  g_signal_connect (task, "expired", G_CALLBACK (complete_on_expired), NULL);
  bgrun_task_emit_expired (task);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_FAILED);

  /* The grace period ends: the engine's finish finds it done. */
  bgrun_task_finish (task, BGRUN_TASK_STATE_EXPIRED);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_FAILED);
  g_assert_false (g_cancellable_is_cancelled (bgrun_task_get_cancellable (task)));
}

static void
test_state_enum (void)
{
  g_autoptr(GEnumClass) states = g_type_class_ref (BGRUN_TYPE_TASK_STATE);

  g_assert_cmpuint (states->n_values, ==, 5);
  g_assert_cmpstr (g_enum_get_value (states, BGRUN_TASK_STATE_RUNNING)->value_nick, ==, "running");
  g_assert_cmpstr (g_enum_get_value (states, BGRUN_TASK_STATE_CANCELLED)->value_nick, ==, "cancelled");
}

/* ---- BgrunContinuedProcessingTask --------------------------------------- */

static BgrunContinuedProcessingTask *
new_continued (void)
{
  return g_object_new (BGRUN_TYPE_CONTINUED_PROCESSING_TASK,
                       "identifier", "org.example.App.export.1",
                       "title", "Exporting",
                       "subtitle", "3 photos",
                       NULL);
}

static void
test_continued_title (void)
{
  g_autoptr(BgrunContinuedProcessingTask) task = new_continued ();
  Notifies notifies;

  g_assert_cmpstr (bgrun_continued_processing_task_get_title (task), ==, "Exporting");
  g_assert_cmpstr (bgrun_continued_processing_task_get_subtitle (task), ==, "3 photos");

  notifies_watch (&notifies, task);
  bgrun_continued_processing_task_update_title (task, "Exporting", "photo 1 of 3");
  g_assert_cmpuint (notifies_count (&notifies, "title"), ==, 0);
  g_assert_cmpuint (notifies_count (&notifies, "subtitle"), ==, 1);
  bgrun_continued_processing_task_update_title (task, "Uploading", NULL);
  g_assert_cmpuint (notifies_count (&notifies, "title"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "subtitle"), ==, 2);
  bgrun_continued_processing_task_update_title (task, "Uploading", NULL);
  g_assert_cmpuint (notifies_count (&notifies, "title"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "subtitle"), ==, 2);
  g_assert_cmpstr (bgrun_continued_processing_task_get_title (task), ==, "Uploading");
  g_assert_null (bgrun_continued_processing_task_get_subtitle (task));
  notifies_clear (&notifies);
}

static void
test_continued_fraction (void)
{
  g_autoptr(BgrunContinuedProcessingTask) task = new_continued ();
  Notifies notifies;
  double fraction = -1;

  g_assert_cmpint (bgrun_continued_processing_task_get_total_units (task), ==, 0);
  g_assert_cmpint (bgrun_continued_processing_task_get_completed_units (task), ==, 0);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 0);

  notifies_watch (&notifies, task);

  /* No total yet: progress means nothing. */
  bgrun_continued_processing_task_set_completed_units (task, 5);
  g_assert_cmpuint (notifies_count (&notifies, "completed-units"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "fraction"), ==, 0);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 0);

  bgrun_continued_processing_task_set_total_units (task, 20);
  g_assert_cmpuint (notifies_count (&notifies, "total-units"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "fraction"), ==, 1);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 0.25);

  /* The same value again: no notify at all. */
  bgrun_continued_processing_task_set_total_units (task, 20);
  bgrun_continued_processing_task_set_completed_units (task, 5);
  g_assert_cmpuint (notifies_count (&notifies, "total-units"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "completed-units"), ==, 1);
  g_assert_cmpuint (notifies_count (&notifies, "fraction"), ==, 1);

  /* Through properties, as a binding sets them. */
  g_object_set (task, "total-units", (gint64) 40, "completed-units", (gint64) 20, NULL);
  g_assert_cmpuint (notifies_count (&notifies, "total-units"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "completed-units"), ==, 2);
  g_assert_cmpuint (notifies_count (&notifies, "fraction"), ==, 2);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 0.5);

  /* Beyond the total: clamped to 1. */
  bgrun_continued_processing_task_set_completed_units (task, 50);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 1.0);
  g_object_get (task, "fraction", &fraction, NULL);
  g_assert_cmpfloat (fraction, ==, 1.0);
  bgrun_continued_processing_task_set_completed_units (task, 60);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 1.0);
  g_assert_cmpuint (notifies_count (&notifies, "completed-units"), ==, 4);

  /* Total back to 0: fraction 0. */
  bgrun_continued_processing_task_set_total_units (task, 0);
  g_assert_cmpfloat (bgrun_continued_processing_task_get_fraction (task), ==, 0);

  /* fraction went 0 → 0.25 (total set) → 0.5 (properties) → 1 (beyond)
   * → 0 (total 0): four notifies; the second overshoot made none. */
  g_assert_cmpuint (notifies_count (&notifies, "fraction"), ==, 4);
  notifies_clear (&notifies);
}

static void
test_continued_negative_units (void)
{
  g_autoptr(BgrunContinuedProcessingTask) task = new_continued ();

  g_test_expect_message ("Bgrun", G_LOG_LEVEL_CRITICAL, "*total_units >= 0*");
  bgrun_continued_processing_task_set_total_units (task, -1);
  g_test_assert_expected_messages ();
  g_test_expect_message ("Bgrun", G_LOG_LEVEL_CRITICAL, "*completed_units >= 0*");
  bgrun_continued_processing_task_set_completed_units (task, -1);
  g_test_assert_expected_messages ();
  g_assert_cmpint (bgrun_continued_processing_task_get_total_units (task), ==, 0);
  g_assert_cmpint (bgrun_continued_processing_task_get_completed_units (task), ==, 0);
}

static void
test_continued_is_a_task (void)
{
  g_autoptr(BgrunContinuedProcessingTask) task = new_continued ();

  bgrun_continued_processing_task_set_total_units (task, 2);
  bgrun_continued_processing_task_set_completed_units (task, 2);
  bgrun_task_set_task_completed (BGRUN_TASK (task), TRUE);
  g_assert_cmpint (bgrun_task_get_state (BGRUN_TASK (task)), ==, BGRUN_TASK_STATE_COMPLETED);
  g_assert_cmpstr (bgrun_task_get_identifier (BGRUN_TASK (task)), ==, "org.example.App.export.1");
}

/* ---- BgrunWorkoutRecoveryTask ------------------------------------------ */

static void
test_workout_recovery_is_a_task (void)
{
  g_autoptr(BgrunTask) task = g_object_new (BGRUN_TYPE_WORKOUT_RECOVERY_TASK,
                                            "identifier", BGRUN_WORKOUT_RECOVERY_IDENTIFIER,
                                            NULL);

  g_assert_true (BGRUN_IS_WORKOUT_RECOVERY_TASK (task));
  g_assert_cmpstr (bgrun_task_get_identifier (task), ==, "org.bgrun.workout-recovery");
  g_assert_cmpint (BGRUN_WORKOUT_RECOVERY_DURATION, ==, 60);
  bgrun_task_set_task_completed (task, TRUE);
  g_assert_cmpint (bgrun_task_get_state (task), ==, BGRUN_TASK_STATE_COMPLETED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tasks/properties", test_properties);
  g_test_add_func ("/tasks/complete", test_complete);
  g_test_add_func ("/tasks/fail", test_fail);
  g_test_add_func ("/tasks/finish-expired", test_finish_expired);
  g_test_add_func ("/tasks/finish-cancelled", test_finish_cancelled);
  g_test_add_func ("/tasks/expiration-date", test_expiration_date);
  g_test_add_func ("/tasks/emit-expired", test_emit_expired);
  g_test_add_func ("/tasks/complete-from-expired-handler", test_complete_from_expired_handler);
  g_test_add_func ("/tasks/state-enum", test_state_enum);
  g_test_add_func ("/tasks/continued/title", test_continued_title);
  g_test_add_func ("/tasks/continued/fraction", test_continued_fraction);
  g_test_add_func ("/tasks/continued/negative-units", test_continued_negative_units);
  g_test_add_func ("/tasks/continued/is-a-task", test_continued_is_a_task);
  g_test_add_func ("/tasks/workout-recovery/is-a-task", test_workout_recovery_is_a_task);

  return g_test_run ();
}
