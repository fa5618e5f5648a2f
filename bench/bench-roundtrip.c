/* bench-roundtrip.c: how long one submit takes, wherever the engine runs
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-roundtrip DIRECTORY [COUNT] [--with-list]
 *
 * Makes a scheduler the way an app does (bgrun_scheduler_new()), so
 * BGRUN_BACKEND decides where its engine runs: embedded, with its store
 * under BGRUN_STATE_DIR, or in bgrund over D-Bus. It cancels whatever the
 * app still has pending (an earlier run against the same bgrund), then
 * times COUNT (1,000) submits of distinct far-future processing requests
 * one by one, from the call to its return (the request is stored when it
 * returns), and prints the median and p99. DIRECTORY is where the
 * embedded store goes.
 *
 * With --with-list the app holds the pending list model
 * (bgrun_scheduler_get_pending_requests(), as an app showing it does),
 * which follows every submit. The rates are per wall-clock second and per
 * CPU second: this process's, plus, through bgrund, bgrund's own (from
 * /proc, found by its bus name), since the list's cost is in both.
 */

#include <unistd.h>

#include "bench-common.h"

/* The CPU seconds process @pid has used so far, from /proc/@pid/stat;
 * 0 for pid 0. */
static double
process_cpu_seconds (guint32 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%u/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (pid == 0)
    return 0;
  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (after_name = strrchr (contents, ')')) == NULL)
    bench_fail ("cannot read %s", path);
  /* After the command name: state is field 3, utime 14, stime 15. */
  fields = g_strsplit (after_name + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    bench_fail ("%s is too short", path);
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

/* The pid of the bgrund that owns org.bgrun.Broker1 on the session bus. */
static guint32
daemon_pid (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 pid;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                         g_variant_new ("(s)", "org.bgrun.Broker1"),
                                         G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                         NULL, &error);
  if (reply == NULL)
    bench_fail ("cannot find bgrund's process: %s", error->message);
  g_variant_get (reply, "(u)", &pid);
  return pid;
}

int
main (int    argc,
      char **argv)
{
  gboolean with_list = argc > 1 && g_str_equal (argv[argc - 1], "--with-list");
  int n_args = with_list ? argc - 1 : argc;
  const char *dir = bench_dir (n_args, argv);
  guint count = bench_arg (n_args, argv, 2, 1000);
  gint64 due = g_get_real_time () + 10 * G_TIME_SPAN_DAY;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autofree double *ms = NULL;
  gboolean through_daemon;
  guint32 pid;
  double cpu_start, daemon_start, cpu, daemon_cpu;
  gint64 start, elapsed;
  GListModel *pending = NULL;

  if (count == 0 || count > BGRUN_MAX_PENDING_REQUESTS)
    bench_fail ("COUNT must be between 1 and %d", BGRUN_MAX_PENDING_REQUESTS);

  g_setenv ("BGRUN_STATE_DIR", dir, TRUE);
  scheduler = bgrun_scheduler_new (BENCH_APP_ID);
  bench_register (scheduler, bench_complete, NULL);
  bgrun_scheduler_cancel_all (scheduler);
  bench_settle ();
  through_daemon = bgrun_scheduler_get_backend (scheduler) == BGRUN_BACKEND_DAEMON;
  pid = through_daemon ? daemon_pid () : 0;
  if (with_list)
    pending = bgrun_scheduler_get_pending_requests (scheduler);
  ms = g_new (double, count);

  start = g_get_monotonic_time ();
  cpu_start = bench_cpu_seconds ();
  daemon_start = process_cpu_seconds (pid);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BgrunTaskRequest) request = bench_request (i, due);
      gint64 call_start = g_get_monotonic_time ();

      bench_submit (scheduler, request);
      ms[i] = (g_get_monotonic_time () - call_start) / 1000.0;
      bench_settle ();
    }
  elapsed = g_get_monotonic_time () - start;
  cpu = bench_cpu_seconds () - cpu_start;
  daemon_cpu = process_cpu_seconds (pid) - daemon_start;
  if (pending != NULL && g_list_model_get_n_items (pending) != count)
    bench_fail ("the pending list shows %u requests, not %u", g_list_model_get_n_items (pending), count);

  bench_sort (ms, count);
  bench_result ("backend", "%s", through_daemon ? "daemon" : "local");
  bench_result ("median_ms", "%.3f", bench_percentile (ms, count, 50));
  bench_result ("p99_ms", "%.3f", bench_percentile (ms, count, 99));
  bench_result ("per_second", "%.1f", count / (elapsed / (double) G_USEC_PER_SEC));
  bench_result ("cpu_seconds", "%.6f", cpu);
  bench_result ("daemon_cpu_seconds", "%.6f", daemon_cpu);
  bench_result ("per_cpu_second", "%.1f", count / (cpu + daemon_cpu));
  return 0;
}
