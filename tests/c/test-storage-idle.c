/* test-storage-idle.c: the storage-not-low and device-idle requirements,
 * from C (issue 16, point 13)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each test drives an embedded scheduler through BgrunTestDriver (one
 * reads a request from its dict, as bgrund does from D-Bus); the
 * Python suite (test_scheduler_storage_idle.py) runs the same behaviours
 * against bgrund too, and test_conditions_storage.py and
 * test_conditions_idle.py follow the real filesystem and logind.
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-task-request-private.h"

#define APP "org.example.Tidy"
#define ID APP ".compact"

static void
count_run (BgrunScheduler *scheduler,
           BgrunTask      *task,
           gpointer        data)
{
  (*(guint *) data)++;
}

static BgrunTestDriver *
new_driver (guint *runs)
{
  BgrunTestDriver *driver = bgrun_test_driver_new (APP);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(GError) error = NULL;

  bgrun_test_driver_set_conditions (driver, TRUE, FALSE, FALSE, 100, FALSE);
  g_assert_true (bgrun_scheduler_register (scheduler, ID, count_run, runs, NULL, &error));
  g_assert_no_error (error);
  return driver;
}

static void
submit (BgrunScheduler *scheduler,
        const char     *requirement)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (ID);
  g_autoptr(GError) error = NULL;

  g_object_set (request, requirement, TRUE, NULL);
  g_assert_true (bgrun_scheduler_submit (scheduler, BGRUN_TASK_REQUEST (request), &error));
  g_assert_no_error (error);
}

/* Asserts that ID waits for @reason alone, with a message that has
 * @words. */
static void
assert_waits_for (BgrunScheduler  *scheduler,
                  BgrunWaitReason  reason,
                  const char      *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunExplanation) explanation = bgrun_scheduler_explain (scheduler, ID, &error);
  const BgrunWaitReason *reasons;
  const char * const *messages;
  gsize n_reasons = 0;

  g_assert_no_error (error);
  reasons = bgrun_explanation_get_reasons (explanation, &n_reasons);
  messages = bgrun_explanation_get_messages (explanation);
  g_assert_cmpuint (n_reasons, ==, 1);
  g_assert_cmpint (reasons[0], ==, reason);
  g_assert_nonnull (strstr (messages[0], words));
  g_assert_null (bgrun_explanation_get_earliest_date (explanation));
}

static void
test_storage_low_holds_back_and_releases (void)
{
  guint runs = 0;
  g_autoptr(BgrunTestDriver) driver = new_driver (&runs);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  BgrunConditions *conditions = bgrun_scheduler_get_conditions (scheduler);

  bgrun_test_driver_set_storage_low (driver, TRUE);
  g_assert_true (bgrun_conditions_get_storage_low (conditions));
  submit (scheduler, "requires-storage-not-low");
  bgrun_test_driver_advance (driver, 3600);
  g_assert_cmpuint (runs, ==, 0);
  assert_waits_for (scheduler, BGRUN_WAIT_REASON_STORAGE_LOW, "nearly full");

  bgrun_test_driver_set_storage_low (driver, FALSE);
  g_assert_cmpuint (runs, ==, 1);
}

static void
test_device_idle_holds_back_and_releases (void)
{
  guint runs = 0;
  g_autoptr(BgrunTestDriver) driver = new_driver (&runs);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  BgrunConditions *conditions = bgrun_scheduler_get_conditions (scheduler);

  g_assert_false (bgrun_conditions_get_device_idle (conditions));
  submit (scheduler, "requires-device-idle");
  bgrun_test_driver_advance (driver, 3600);
  g_assert_cmpuint (runs, ==, 0);
  assert_waits_for (scheduler, BGRUN_WAIT_REASON_DEVICE_NOT_IDLE, "not idle");

  bgrun_test_driver_set_device_idle (driver, TRUE);
  g_assert_true (bgrun_conditions_get_device_idle (conditions));
  g_assert_cmpuint (runs, ==, 1);
}

static void
on_expired (BgrunTask *task,
            gpointer   data)
{
  (*(guint *) data)++;
}

static void
keep_running (BgrunScheduler *scheduler,
              BgrunTask      *task,
              gpointer        data)
{
  g_signal_connect (task, "expired", G_CALLBACK (on_expired), data);
}

static void
test_the_user_coming_back_expires_the_task (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new (APP);
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(GError) error = NULL;
  guint expired = 0;

  g_assert_true (bgrun_scheduler_register (scheduler, ID, keep_running, &expired, NULL, &error));
  bgrun_test_driver_set_device_idle (driver, TRUE);
  submit (scheduler, "requires-device-idle");
  bgrun_test_driver_advance (driver, 0);
  g_assert_cmpuint (g_list_model_get_n_items (bgrun_scheduler_get_running_tasks (scheduler)), ==, 1);

  bgrun_test_driver_set_device_idle (driver, FALSE);
  g_assert_cmpuint (expired, ==, 1);
}

static void
test_processing_request_properties (void)
{
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (ID);
  gboolean storage = FALSE, idle = FALSE;

  g_assert_false (bgrun_processing_request_get_requires_storage_not_low (request));
  g_assert_false (bgrun_processing_request_get_requires_device_idle (request));
  bgrun_processing_request_set_requires_storage_not_low (request, TRUE);
  bgrun_processing_request_set_requires_device_idle (request, TRUE);
  g_object_get (request, "requires-storage-not-low", &storage, "requires-device-idle", &idle, NULL);
  g_assert_true (storage && idle);
}

static void
test_real_storage_above_the_threshold_override (void)
{
  g_autoptr(BgrunConditions) below = NULL;
  g_autoptr(BgrunConditions) above = NULL;

  /* More than any disk here has free: the real statfs says low. */
  g_setenv ("BGRUN_STORAGE_LOW_BYTES", "4611686018427387904", TRUE);
  above = bgrun_conditions_new (NULL);
  g_setenv ("BGRUN_STORAGE_LOW_BYTES", "0", TRUE);
  below = bgrun_conditions_new (NULL);
  g_unsetenv ("BGRUN_STORAGE_LOW_BYTES");

  g_assert_true (bgrun_conditions_get_storage_low (above));
  g_assert_false (bgrun_conditions_get_storage_low (below));
}

/* A requirement of the wrong type, as a peer on D-Bus may send it, is
 * refused with an error that names the key and the type it must have. */
static void
test_wrongly_typed_requirements_are_refused (void)
{
  const char *bad[] = {
    "{'identifier': <'org.example.x'>, 'kind': <'processing'>, 'requires-storage-not-low': <'yes'>}",
    "{'identifier': <'org.example.x'>, 'kind': <'processing'>, 'requires-device-idle': <1>}",
  };
  const char *keys[] = { "“requires-storage-not-low”", "“requires-device-idle”" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GVariant) dict = g_variant_parse (G_VARIANT_TYPE_VARDICT, bad[i], NULL, NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BgrunTaskRequest) request = bgrun_task_request_new_from_variant (dict, &error);

      g_assert_null (request);
      g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST);
      g_assert_nonnull (strstr (error->message, keys[i]));
      g_assert_nonnull (strstr (error->message, "“b”"));
      g_assert_nonnull (strstr (error->message, "org.example.x"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/storage-idle/storage-low", test_storage_low_holds_back_and_releases);
  g_test_add_func ("/storage-idle/device-idle", test_device_idle_holds_back_and_releases);
  g_test_add_func ("/storage-idle/user-back-expires", test_the_user_coming_back_expires_the_task);
  g_test_add_func ("/storage-idle/request-properties", test_processing_request_properties);
  g_test_add_func ("/storage-idle/real-storage", test_real_storage_above_the_threshold_override);
  g_test_add_func ("/storage-idle/wrong-types", test_wrongly_typed_requirements_are_refused);

  return g_test_run ();
}
