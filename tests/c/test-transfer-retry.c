/* test-transfer-retry.c: which failed transfers are tried again, when,
 * and which device states make them wait
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-transfer-retry-private.h"
#include "bgrun-transfer-wait-private.h"
#include "bgrun-transfer-watchdog-private.h"

#define SEC G_GINT64_CONSTANT (1000000)

static GError *
url_error (BgrunUrlSessionError code)
{
  return g_error_new_literal (BGRUN_URL_SESSION_ERROR, code, "it failed");
}

static void
test_classify_network (void)
{
  g_autoptr(GError) lost = url_error (BGRUN_URL_SESSION_ERROR_NETWORK_LOST);
  g_autoptr(GError) timed_out = url_error (BGRUN_URL_SESSION_ERROR_TIMED_OUT);
  BgrunUrlSessionError finals[] = {
    BGRUN_URL_SESSION_ERROR_CANCELLED, BGRUN_URL_SESSION_ERROR_CHECKSUM_MISMATCH,
    BGRUN_URL_SESSION_ERROR_RESUME_FAILED, BGRUN_URL_SESSION_ERROR_FILE,
    BGRUN_URL_SESSION_ERROR_NOT_ALLOWED, BGRUN_URL_SESSION_ERROR_INVALID_URI,
    BGRUN_URL_SESSION_ERROR_TLS, BGRUN_URL_SESSION_ERROR_BAD_RESPONSE,
  };
  g_autoptr(GError) foreign = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");

  g_assert_true (bgrun_transfer_retry_is_transient (lost, 0));
  g_assert_true (bgrun_transfer_retry_is_transient (timed_out, 0));
  for (gsize i = 0; i < G_N_ELEMENTS (finals); i++)
    {
      g_autoptr(GError) error = url_error (finals[i]);

      g_assert_false (bgrun_transfer_retry_is_transient (error, 0));
    }
  g_assert_false (bgrun_transfer_retry_is_transient (foreign, 0));
  g_assert_false (bgrun_transfer_retry_is_transient (NULL, 503));
}

static void
test_classify_status (void)
{
  g_autoptr(GError) status = url_error (BGRUN_URL_SESSION_ERROR_HTTP_STATUS);
  guint transient[] = { 408, 429, 500, 502, 503, 504, 599 };
  guint final[] = { 400, 401, 403, 404, 410, 416, 501, 505 };

  for (gsize i = 0; i < G_N_ELEMENTS (transient); i++)
    g_assert_true (bgrun_transfer_retry_is_transient (status, transient[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (final); i++)
    g_assert_false (bgrun_transfer_retry_is_transient (status, final[i]));
}

static void
test_backoff_bounds (void)
{
  gint64 previous_high = 0;

  for (guint attempt = 1; attempt <= 40; attempt++)
    {
      gint64 low = bgrun_transfer_retry_backoff_usec (attempt, 0.0);
      gint64 high = bgrun_transfer_retry_backoff_usec (attempt, 1.0);
      gint64 mid = bgrun_transfer_retry_backoff_usec (attempt, 0.5);

      g_assert_cmpint (low, >=, BGRUN_TRANSFER_RETRY_BASE_USEC / 2);
      g_assert_cmpint (high, <=, BGRUN_TRANSFER_RETRY_CAP_USEC);
      g_assert_cmpint (low * 2, ==, high);
      g_assert_cmpint (low, <, mid);
      g_assert_cmpint (mid, <, high);
      g_assert_cmpint (high, >=, previous_high);
      previous_high = high;
    }
  g_assert_cmpint (bgrun_transfer_retry_backoff_usec (1, 1.0), ==, 1 * SEC);
  g_assert_cmpint (bgrun_transfer_retry_backoff_usec (2, 1.0), ==, 2 * SEC);
  g_assert_cmpint (bgrun_transfer_retry_backoff_usec (4, 1.0), ==, 8 * SEC);
  g_assert_cmpint (bgrun_transfer_retry_backoff_usec (40, 1.0), ==, 300 * SEC);
  /* Out-of-range jitter stays within the bounds. */
  g_assert_cmpint (bgrun_transfer_retry_backoff_usec (3, 7.0), ==, 4 * SEC);
  g_assert_cmpint (bgrun_transfer_retry_backoff_usec (3, -1.0), ==, 2 * SEC);
}

static void
test_retry_after (void)
{
  gint64 now = 1700000000 * SEC;
  gint64 delay = -1;

  g_assert_true (bgrun_transfer_retry_parse_after ("120", now, &delay));
  g_assert_cmpint (delay, ==, 120 * SEC);
  /* 1700000090 is Tue, 14 Nov 2023 22:14:50 GMT. */
  g_assert_true (bgrun_transfer_retry_parse_after ("Tue, 14 Nov 2023 22:14:50 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 90 * SEC);
  /* A date in the past means at once. */
  g_assert_true (bgrun_transfer_retry_parse_after ("Tue, 14 Nov 2023 22:00:00 GMT", now, &delay));
  g_assert_cmpint (delay, ==, 0);
  delay = 42;
  g_assert_false (bgrun_transfer_retry_parse_after ("soon", now, &delay));
  g_assert_false (bgrun_transfer_retry_parse_after ("-5", now, &delay));
  g_assert_false (bgrun_transfer_retry_parse_after ("", now, &delay));
  g_assert_false (bgrun_transfer_retry_parse_after (NULL, now, &delay));
  g_assert_cmpint (delay, ==, 42);
}

static void
test_next_attempt (void)
{
  gint64 now = 1700000000 * SEC;
  g_autoptr(GError) error = url_error (BGRUN_URL_SESSION_ERROR_HTTP_STATUS);
  gint64 delay;

  /* Retry-After wins over the backoff. */
  delay = bgrun_transfer_retry_next (&error, 503, "30", 1, now, now + 3600 * SEC);
  g_assert_cmpint (delay, ==, 30 * SEC);
  g_assert_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_HTTP_STATUS);

  delay = bgrun_transfer_retry_next (&error, 503, NULL, 3, now, 0);
  g_assert_cmpint (delay, >=, 2 * SEC);
  g_assert_cmpint (delay, <=, 4 * SEC);

  /* Final: no retry, the error stays. */
  delay = bgrun_transfer_retry_next (&error, 404, NULL, 1, now, 0);
  g_assert_cmpint (delay, ==, -1);
  g_assert_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_HTTP_STATUS);
}

static void
test_next_attempt_too_late (void)
{
  gint64 now = 1700000000 * SEC;
  g_autoptr(GError) error = g_error_new_literal (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NETWORK_LOST,
                                                 "the server hung up");

  g_assert_cmpint (bgrun_transfer_retry_next (&error, 0, "60", 4, now, now + 59 * SEC), ==, -1);
  g_assert_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "the server hung up"));
  g_assert_nonnull (strstr (error->message, "4 attempts"));
}

static BgrunUrlSessionWaitReason
reason_with (BgrunUrlSessionConfiguration *config,
             gboolean network, gboolean metered, gboolean on_battery, int level, gboolean saver)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (start);
  g_autoptr(BgrunConditions) conditions = bgrun_conditions_new_simulated (clock);

  bgrun_conditions_simulate (conditions, network, metered, on_battery, level, saver, FALSE);
  return bgrun_transfer_wait_reason (config, conditions);
}

static void
test_wait_reasons (void)
{
  g_autoptr(BgrunUrlSessionConfiguration) plain = bgrun_url_session_configuration_new_background ("org.example.A.t");
  g_autoptr(BgrunUrlSessionConfiguration) strict = bgrun_url_session_configuration_new_background ("org.example.A.s");
  g_autoptr(BgrunUrlSessionConfiguration) discretionary = bgrun_url_session_configuration_new_background ("org.example.A.d");
  g_autoptr(BgrunUrlSessionConfiguration) foreground = bgrun_url_session_configuration_new_default ();

  bgrun_url_session_configuration_set_allows_metered_network (strict, FALSE);
  bgrun_url_session_configuration_set_allows_constrained_network (strict, FALSE);
  bgrun_url_session_configuration_set_discretionary (discretionary, TRUE);
  bgrun_url_session_configuration_set_discretionary (foreground, TRUE);

  g_assert_cmpint (reason_with (plain, TRUE, TRUE, TRUE, 5, TRUE), ==, BGRUN_URL_SESSION_WAIT_REASON_NONE);
  g_assert_cmpint (reason_with (plain, FALSE, FALSE, FALSE, -1, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK);
  g_assert_cmpint (reason_with (strict, TRUE, TRUE, FALSE, -1, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK);
  g_assert_cmpint (reason_with (strict, TRUE, FALSE, FALSE, -1, TRUE), ==, BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER);
  g_assert_cmpint (reason_with (strict, TRUE, FALSE, TRUE, 5, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_NONE);
  g_assert_cmpint (reason_with (discretionary, TRUE, TRUE, FALSE, -1, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK);
  g_assert_cmpint (reason_with (discretionary, TRUE, FALSE, TRUE, BGRUN_BATTERY_LOW_LEVEL - 1, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_BATTERY_LOW);
  g_assert_cmpint (reason_with (discretionary, TRUE, FALSE, TRUE, BGRUN_BATTERY_LOW_LEVEL, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_NONE);
  g_assert_cmpint (reason_with (discretionary, TRUE, FALSE, FALSE, 5, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_NONE);
  /* Discretionary means nothing to a default session. */
  g_assert_cmpint (reason_with (foreground, TRUE, TRUE, TRUE, 5, FALSE), ==, BGRUN_URL_SESSION_WAIT_REASON_NONE);
}

static void
test_fails_at_once (void)
{
  g_autoptr(BgrunUrlSessionConfiguration) background = bgrun_url_session_configuration_new_background ("org.example.A.t");
  g_autoptr(BgrunUrlSessionConfiguration) foreground = bgrun_url_session_configuration_new_default ();
  g_autoptr(BgrunUrlSessionConfiguration) patient = bgrun_url_session_configuration_new_default ();
  g_autoptr(GError) error = bgrun_transfer_wait_error ("http://example.org/x", BGRUN_URL_SESSION_WAIT_REASON_METERED_NETWORK);

  bgrun_url_session_configuration_set_waits_for_connectivity (patient, TRUE);
  g_assert_false (bgrun_transfer_wait_fails_at_once (background, BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK));
  g_assert_true (bgrun_transfer_wait_fails_at_once (foreground, BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK));
  g_assert_true (bgrun_transfer_wait_fails_at_once (foreground, BGRUN_URL_SESSION_WAIT_REASON_POWER_SAVER));
  g_assert_false (bgrun_transfer_wait_fails_at_once (foreground, BGRUN_URL_SESSION_WAIT_REASON_EARLIEST_BEGIN_DATE));
  g_assert_false (bgrun_transfer_wait_fails_at_once (foreground, BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT));
  g_assert_false (bgrun_transfer_wait_fails_at_once (patient, BGRUN_URL_SESSION_WAIT_REASON_NO_NETWORK));
  g_assert_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NETWORK_LOST);
  g_assert_nonnull (strstr (error->message, "http://example.org/x"));
  g_assert_nonnull (strstr (error->message, "allows-metered-network"));
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
run_for_ms (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

static void
test_watchdog (void)
{
  g_autoptr(GCancellable) parent = g_cancellable_new ();
  g_autoptr(BgrunTransferWatchdog) quiet = bgrun_transfer_watchdog_new (parent, 0.05);
  g_autoptr(BgrunTransferWatchdog) never = bgrun_transfer_watchdog_new (NULL, 0);
  g_autoptr(GError) error = NULL;

  run_for_ms (300);
  g_assert_true (bgrun_transfer_watchdog_fired (quiet));
  g_assert_true (g_cancellable_is_cancelled (bgrun_transfer_watchdog_get_cancellable (quiet)));
  g_assert_false (g_cancellable_is_cancelled (parent));
  g_assert_false (bgrun_transfer_watchdog_fired (never));
  error = bgrun_transfer_watchdog_error (quiet, "http://example.org/slow");
  g_assert_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "http://example.org/slow"));
}

static void
test_watchdog_parent (void)
{
  g_autoptr(GCancellable) parent = g_cancellable_new ();
  g_autoptr(BgrunTransferWatchdog) watchdog = bgrun_transfer_watchdog_new (parent, 3600);

  g_cancellable_cancel (parent);
  g_assert_true (g_cancellable_is_cancelled (bgrun_transfer_watchdog_get_cancellable (watchdog)));
  g_assert_false (bgrun_transfer_watchdog_fired (watchdog));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transfer-retry/classify/network", test_classify_network);
  g_test_add_func ("/transfer-retry/classify/status", test_classify_status);
  g_test_add_func ("/transfer-retry/backoff-bounds", test_backoff_bounds);
  g_test_add_func ("/transfer-retry/retry-after", test_retry_after);
  g_test_add_func ("/transfer-retry/next", test_next_attempt);
  g_test_add_func ("/transfer-retry/next-too-late", test_next_attempt_too_late);
  g_test_add_func ("/transfer-wait/reasons", test_wait_reasons);
  g_test_add_func ("/transfer-wait/fails-at-once", test_fails_at_once);
  g_test_add_func ("/transfer-watchdog/fires", test_watchdog);
  g_test_add_func ("/transfer-watchdog/parent", test_watchdog_parent);

  return g_test_run ();
}
