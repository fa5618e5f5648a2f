/* bench-memory.c: memory per pending request
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-memory DIRECTORY [COUNT]
 *
 * Measures the process before and after COUNT (1,000) far-future
 * processing requests are submitted and the engine has evaluated them
 * (they are pending, one alarm armed), and divides by COUNT:
 *
 * - VmRSS from /proc/self/status: everything resident, SQLite's page
 *   cache and the WAL index included;
 * - the malloc heap in use (mallinfo2: uordblks + hblkhd);
 * - SQLite's own share (sqlite3_memory_used()).
 *
 * The scheduler has registered, submitted and cancelled one request first,
 * so the store is open and its statements prepared before the first
 * measurement. Then the app asks for the pending list
 * (bgrun_scheduler_get_pending_requests(): one request object each, as a
 * GTK list view bound to it would) and the extra cost is measured too.
 */

#include <malloc.h>
#include <sqlite3.h>

#include "bench-common.h"

typedef struct {
  long   rss_kib;
  gint64 heap;
  gint64 sqlite;
} Sample;

static Sample
sample (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (Sample) { bench_rss_kib (), (gint64) (info.uordblks + info.hblkhd), sqlite3_memory_used () };
}

static void
report (const char   *prefix,
        const Sample *before,
        const Sample *after,
        guint         count)
{
  g_autofree char *rss = g_strconcat (prefix, "rss_per_request_bytes", NULL);
  g_autofree char *heap = g_strconcat (prefix, "heap_per_request_bytes", NULL);
  g_autofree char *sqlite = g_strconcat (prefix, "sqlite_per_request_bytes", NULL);

  bench_result (rss, "%.0f", (after->rss_kib - before->rss_kib) * 1024.0 / count);
  bench_result (heap, "%.0f", (double) (after->heap - before->heap) / count);
  bench_result (sqlite, "%.0f", (double) (after->sqlite - before->sqlite) / count);
}

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);
  guint count = bench_arg (argc, argv, 2, 1000);
  g_autoptr(BgrunClock) clock = bgrun_test_clock_new (NULL);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  gint64 due = bench_date_to_usec (now) + 10 * G_TIME_SPAN_DAY;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunTaskRequest) warm_up = NULL;
  Sample before, after, listed;
  GListModel *pending;

  if (count == 0 || count >= BGRUN_MAX_PENDING_REQUESTS + 1)
    bench_fail ("COUNT must be between 1 and %d", BGRUN_MAX_PENDING_REQUESTS);

  scheduler = bench_scheduler_new (dir, clock);
  bench_register (scheduler, bench_complete, NULL);
  warm_up = bench_request (count, due);
  bench_submit (scheduler, warm_up);
  bgrun_scheduler_cancel (scheduler, bgrun_task_request_get_identifier (warm_up));
  bench_settle ();

  before = sample ();
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BgrunTaskRequest) request = bench_request (i, due + i * G_USEC_PER_SEC);

      bench_submit (scheduler, request);
    }
  bench_settle ();
  after = sample ();

  pending = bgrun_scheduler_get_pending_requests (scheduler);
  if (g_list_model_get_n_items (pending) != count)
    bench_fail ("%u requests pending, not %u", g_list_model_get_n_items (pending), count);
  bench_settle ();
  listed = sample ();

  bench_result ("count", "%u", count);
  bench_result ("rss_before_kib", "%ld", before.rss_kib);
  bench_result ("rss_after_kib", "%ld", after.rss_kib);
  bench_result ("alarms", "%u", bgrun_clock_get_n_alarms (clock));
  report ("", &before, &after, count);
  report ("list_", &after, &listed, count);
  return 0;
}
