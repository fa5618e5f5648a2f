/* test-errors.c: error domains and registered enums
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

static void
test_scheduler_error_domain (void)
{
  g_autoptr(GError) error = g_error_new (BGRUN_SCHEDULER_ERROR,
                                         BGRUN_SCHEDULER_ERROR_NOT_PERMITTED,
                                         "nope");

  g_assert_cmpstr (g_quark_to_string (BGRUN_SCHEDULER_ERROR), ==, "bgrun-scheduler-error-quark");
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_NOT_PERMITTED);
}

static void
test_session_error_domain (void)
{
  g_autoptr(GEnumClass) codes = g_type_class_ref (BGRUN_TYPE_SESSION_ERROR);
  g_autoptr(GError) error = g_error_new (BGRUN_SESSION_ERROR,
                                         BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
                                         "busy");

  g_assert_cmpstr (g_quark_to_string (BGRUN_SESSION_ERROR), ==, "bgrun-session-error-quark");
  g_assert_error (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS);
  g_assert_false (g_error_matches (error, BGRUN_SCHEDULER_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS));
  g_assert_cmpuint (codes->n_values, ==, 6);
  g_assert_cmpstr (g_enum_get_value (codes, BGRUN_SESSION_ERROR_MUST_BE_ACTIVE_TO_START_OR_SCHEDULE)->value_nick,
                   ==, "must-be-active-to-start-or-schedule");
}

static void
test_enums_registered (void)
{
  g_autoptr(GEnumClass) errors = g_type_class_ref (BGRUN_TYPE_SCHEDULER_ERROR);
  g_autoptr(GEnumClass) changes = g_type_class_ref (BGRUN_TYPE_TIME_CHANGE);

  g_assert_cmpuint (errors->n_values, ==, 5);
  g_assert_cmpstr (g_enum_get_value (errors, BGRUN_SCHEDULER_ERROR_TOO_MANY_PENDING_TASK_REQUESTS)->value_nick,
                   ==, "too-many-pending-task-requests");
  g_assert_cmpstr (g_enum_get_value (changes, BGRUN_TIME_CHANGE_RESUMED)->value_nick, ==, "resumed");
}

static void
test_version (void)
{
  g_assert_cmpuint (bgrun_get_major_version (), ==, BGRUN_MAJOR_VERSION);
  g_assert_cmpuint (bgrun_get_minor_version (), ==, BGRUN_MINOR_VERSION);
  g_assert_cmpuint (bgrun_get_micro_version (), ==, BGRUN_MICRO_VERSION);
  g_assert_true (BGRUN_CHECK_VERSION (0, 1, 0));
  g_assert_false (BGRUN_CHECK_VERSION (BGRUN_MAJOR_VERSION + 1, 0, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/errors/scheduler-domain", test_scheduler_error_domain);
  g_test_add_func ("/errors/session-domain", test_session_error_domain);
  g_test_add_func ("/errors/enums-registered", test_enums_registered);
  g_test_add_func ("/version/runtime-matches-headers", test_version);

  return g_test_run ();
}
