/* bench-lateness.c: how late tasks start, on the system clock
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-lateness DIRECTORY [COUNT] [SECONDS] [--reference]
 *
 * Submits COUNT (200) processing requests whose earliest begin dates are
 * spread evenly over SECONDS (20), starting two seconds from now, to a
 * scheduler on the system clock ([class@Bgrun.SystemClock]: real time, real
 * kernel timers) with simulated conditions that hold everything back for
 * nothing. Processing requests have no refresh budget, so each may start
 * at its date. Every handler notes the wall-clock time it was entered and
 * completes its task; the lateness of a task is that time minus its
 * earliest begin date.
 *
 * With --reference, no scheduler runs: a bare CLOCK_REALTIME timerfd in a
 * GLib main loop, armed for the same dates one after the other, measures
 * what the kernel and the main loop alone give: the floor.
 */

#include <errno.h>
#include <glib-unix.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "bench-common.h"

#define LEAD_SECONDS 2

typedef struct {
  guint      count;
  gint64    *due;        /* µs since the epoch */
  double    *lateness;   /* ms */
  guint      done;
  GMainLoop *loop;
  int        timer_fd;   /* --reference only */
} Run;

static guint
index_of (BgrunTask *task)
{
  const char *identifier = bgrun_task_get_identifier (task);

  return strtoul (identifier + strlen (BENCH_APP_ID ".task"), NULL, 10);
}

static void
note (Run   *run,
      guint  index,
      gint64 now)
{
  if (index >= run->count)
    bench_fail ("a task with an unknown index %u ran", index);
  run->lateness[index] = (now - run->due[index]) / 1000.0;
  if (++run->done == run->count)
    g_main_loop_quit (run->loop);
}

static void
on_task (BgrunScheduler *scheduler,
         BgrunTask      *task,
         gpointer        user_data)
{
  gint64 now = g_get_real_time ();

  note (user_data, index_of (task), now);
  bgrun_task_set_task_completed (task, TRUE);
}

/* ---- the reference: a bare timerfd ------------------------------------- */

static void
arm_timer (Run *run)
{
  struct itimerspec spec = { 0 };
  gint64 due = run->due[run->done];

  spec.it_value.tv_sec = due / G_USEC_PER_SEC;
  spec.it_value.tv_nsec = (due % G_USEC_PER_SEC) * 1000;
  if (timerfd_settime (run->timer_fd, TFD_TIMER_ABSTIME, &spec, NULL) < 0)
    bench_fail ("timerfd_settime: %s", g_strerror (errno));
}

static gboolean
on_timer (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  Run *run = user_data;
  gint64 now = g_get_real_time ();
  guint64 expirations;

  if (read (fd, &expirations, sizeof expirations) < 0)
    return G_SOURCE_CONTINUE;
  while (run->done < run->count && run->due[run->done] <= now)
    note (run, run->done, now);
  if (run->done < run->count)
    arm_timer (run);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout (gpointer user_data)
{
  Run *run = user_data;

  fprintf (stderr, "bench: only %u of %u tasks ran in time\n", run->done, run->count);
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  gboolean reference = argc > 1 && g_str_equal (argv[argc - 1], "--reference");
  int n_args = reference ? argc - 1 : argc;
  const char *dir = bench_dir (n_args, argv);
  guint count = bench_arg (n_args, argv, 2, 200);
  double seconds = bench_arg (n_args, argv, 3, 20);
  g_autoptr(BgrunClock) clock = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree double *sorted = NULL;
  Run run = { 0 };
  gint64 start;

  if (count == 0 || count > BGRUN_MAX_PENDING_REQUESTS || seconds <= 0)
    bench_fail ("COUNT must be between 1 and %d, SECONDS positive", BGRUN_MAX_PENDING_REQUESTS);

  run.count = count;
  run.due = g_new0 (gint64, count);
  run.lateness = g_new0 (double, count);
  run.loop = loop;
  run.timer_fd = -1;

  start = g_get_real_time () + LEAD_SECONDS * G_USEC_PER_SEC;
  for (guint i = 0; i < count; i++)
    run.due[i] = start + (gint64) (i * seconds * G_USEC_PER_SEC / count);

  if (reference)
    {
      run.timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
      if (run.timer_fd < 0)
        bench_fail ("timerfd_create: %s", g_strerror (errno));
      g_unix_fd_add (run.timer_fd, G_IO_IN, on_timer, &run);
      arm_timer (&run);
    }
  else
    {
      clock = bgrun_system_clock_new ();
      scheduler = bench_scheduler_new (dir, clock);
      bench_register (scheduler, on_task, &run);
      for (guint i = 0; i < count; i++)
        {
          g_autoptr(BgrunTaskRequest) request = bench_request (i, run.due[i]);

          bench_submit (scheduler, request);
        }
      if (g_get_real_time () >= start)
        bench_fail ("submitting took longer than the %d s lead; the first tasks would be late",
                    LEAD_SECONDS);
    }

  g_timeout_add_seconds (LEAD_SECONDS + (guint) seconds + 10, on_timeout, &run);
  g_main_loop_run (loop);

  if (run.done < count)
    bench_fail ("%u of %u tasks did not run", count - run.done, count);

  sorted = g_memdup2 (run.lateness, count * sizeof (double));
  bench_sort (sorted, count);
  bench_result ("ran", "%u", run.done);
  bench_result ("min_ms", "%.3f", sorted[0]);
  bench_result ("median_ms", "%.3f", bench_percentile (sorted, count, 50));
  bench_result ("p99_ms", "%.3f", bench_percentile (sorted, count, 99));
  bench_result ("max_ms", "%.3f", sorted[count - 1]);
  /* Every task's lateness, for bench/scheduler --svg's histogram. */
  for (guint i = 0; i < count; i++)
    printf ("sample %.3f\n", run.lateness[i]);

  if (run.timer_fd >= 0)
    close (run.timer_fd);
  g_free (run.due);
  g_free (run.lateness);
  return 0;
}
