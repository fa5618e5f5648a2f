/* bench-submit.c: durable submits per second
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-submit DIRECTORY [COUNT] [--with-list]
 *
 * Submits COUNT (1,000) distinct processing requests, one
 * bgrun_scheduler_submit() call each, to a scheduler whose store is in
 * DIRECTORY. Each submit is its own transaction and the request is in the
 * store when the call returns. A test clock that never moves keeps every
 * request pending, so nothing but submitting is timed. The time includes
 * making each request object, as an app would. The store is opened (by
 * registering) before the clock starts.
 *
 * With --with-list the app has asked for the pending list first
 * (bgrun_scheduler_get_pending_requests(), as an app showing it in a list
 * view does), so the scheduler keeps that list up to date while submitting.
 *
 * Afterwards a second scheduler on the same store checks that all COUNT
 * requests are there, outside the timing.
 *
 * Besides the wall-clock rate it reports the rate per second of this
 * process's CPU time (CLOCK_PROCESS_CPUTIME_ID), which other processes on
 * a shared machine do not slow down: the figure that compares runs with
 * and without the list.
 */

#include "bench-common.h"

int
main (int    argc,
      char **argv)
{
  gboolean with_list = argc > 1 && g_str_equal (argv[argc - 1], "--with-list");
  int n_args = with_list ? argc - 1 : argc;
  const char *dir = bench_dir (n_args, argv);
  guint count = bench_arg (n_args, argv, 2, 1000);
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (NULL);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  gint64 due = bench_date_to_usec (now) + 10 * G_TIME_SPAN_DAY;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunScheduler) reopened = NULL;
  gint64 start, elapsed;
  double cpu_start, cpu;
  guint found;

  if (count == 0 || count > BGRUN_MAX_PENDING_REQUESTS)
    bench_fail ("COUNT must be between 1 and %d", BGRUN_MAX_PENDING_REQUESTS);

  scheduler = bench_scheduler_new (dir, clock);
  bench_register (scheduler, bench_complete, NULL);
  if (with_list)
    bgrun_scheduler_get_pending_requests (scheduler);

  start = g_get_monotonic_time ();
  cpu_start = bench_cpu_seconds ();
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BgrunTaskRequest) request = bench_request (i, due);

      bench_submit (scheduler, request);
    }
  elapsed = g_get_monotonic_time () - start;
  cpu = bench_cpu_seconds () - cpu_start;
  g_clear_object (&scheduler);

  /* Durable: a new scheduler on the same store finds them all. */
  reopened = bench_scheduler_new (dir, clock);
  found = g_list_model_get_n_items (bgrun_scheduler_get_pending_requests (reopened));
  if (found != count)
    bench_fail ("submitted %u requests but the store holds %u", count, found);

  bench_result ("count", "%u", count);
  bench_result ("seconds", "%.6f", elapsed / (double) G_USEC_PER_SEC);
  bench_result ("per_second", "%.1f", count / (elapsed / (double) G_USEC_PER_SEC));
  bench_result ("cpu_seconds", "%.6f", cpu);
  bench_result ("per_cpu_second", "%.1f", count / cpu);
  return 0;
}
