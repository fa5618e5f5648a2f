/* bench-roundtrip.c: how long one submit takes, wherever the engine runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-roundtrip DIRECTORY [COUNT]
 *
 * Makes a scheduler the way an app does (bgrun_scheduler_new()), so
 * BGRUN_BACKEND decides where its engine runs: embedded, with its store
 * under BGRUN_STATE_DIR, or in bgrund over D-Bus. Then times COUNT (1,000)
 * submits of distinct far-future processing requests one by one, from the
 * call to its return (the request is stored when it returns), and prints
 * the median and p99. DIRECTORY is where the embedded store goes.
 */

#include "bench-common.h"

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);
  guint count = bench_arg (argc, argv, 2, 1000);
  gint64 due = g_get_real_time () + 10 * G_TIME_SPAN_DAY;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autofree double *ms = NULL;

  if (count == 0 || count > BGRUN_MAX_PENDING_REQUESTS)
    bench_fail ("COUNT must be between 1 and %d", BGRUN_MAX_PENDING_REQUESTS);

  g_setenv ("BGRUN_STATE_DIR", dir, TRUE);
  scheduler = bgrun_scheduler_new (BENCH_APP_ID);
  bench_register (scheduler, bench_complete, NULL);
  ms = g_new (double, count);

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BgrunTaskRequest) request = bench_request (i, due);
      gint64 start = g_get_monotonic_time ();

      bench_submit (scheduler, request);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      bench_settle ();
    }

  bench_sort (ms, count);
  bench_result ("backend", "%s",
                bgrun_scheduler_get_backend (scheduler) == BGRUN_BACKEND_DAEMON ? "daemon" : "local");
  bench_result ("median_ms", "%.3f", bench_percentile (ms, count, 50));
  bench_result ("p99_ms", "%.3f", bench_percentile (ms, count, 99));
  return 0;
}
