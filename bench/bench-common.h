/* bench-common.h: small helpers the scheduler benchmarks share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every benchmark program prints its figures as lines
 *
 *     result <name> <value>
 *
 * on stdout, for bench/scheduler to collect; anything else it prints is
 * commentary. They take the directory to keep their stores in as their
 * first argument and leave removing it to the caller.
 */

#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bgrun.h>

#define BENCH_APP_ID "org.example.Bench"

G_GNUC_UNUSED G_GNUC_PRINTF (2, 3) static void
bench_result (const char *name,
              const char *format,
              ...)
{
  va_list args;

  printf ("result %s ", name);
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
}

G_GNUC_UNUSED G_GNUC_NORETURN G_GNUC_PRINTF (1, 2) static void
bench_fail (const char *format,
            ...)
{
  va_list args;

  fprintf (stderr, "bench: ");
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fprintf (stderr, "\n");
  exit (1);
}

/* This process's CPU time so far, in seconds (CLOCK_PROCESS_CPUTIME_ID):
 * what other processes on a shared machine do not slow down. */
G_GNUC_UNUSED static double
bench_cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* The number in argv[index], or @fallback when there are fewer arguments. */
G_GNUC_UNUSED static long
bench_arg (int          argc,
           char       **argv,
           int          index,
           long         fallback)
{
  return index < argc ? strtol (argv[index], NULL, 10) : fallback;
}

G_GNUC_UNUSED static const char *
bench_dir (int    argc,
           char **argv)
{
  if (argc < 2 || !g_file_test (argv[1], G_FILE_TEST_IS_DIR))
    bench_fail ("usage: %s DIRECTORY [ARGS…]: DIRECTORY (an existing, empty directory) keeps the stores",
                argv[0]);
  return argv[1];
}

/* A request identifier of the benchmark's family: org.example.Bench.task0042 */
G_GNUC_UNUSED static char *
bench_identifier (guint i)
{
  return g_strdup_printf (BENCH_APP_ID ".task%04u", i);
}

/* GDateTime ↔ µs since the epoch (GLib 2.74 has no _unix_usec functions). */
G_GNUC_UNUSED static GDateTime *
bench_date_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);

  return g_date_time_add (epoch, usec);
}

G_GNUC_UNUSED static gint64
bench_date_to_usec (GDateTime *date)
{
  return g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date);
}

/* A processing request (no refresh budget applies) due at @due_usec. */
G_GNUC_UNUSED static BgrunTaskRequest *
bench_request (guint  i,
               gint64 due_usec)
{
  g_autofree char *identifier = bench_identifier (i);
  BgrunTaskRequest *request = BGRUN_TASK_REQUEST (bgrun_processing_request_new (identifier));
  g_autoptr(GDateTime) due = bench_date_from_usec (due_usec);

  bgrun_task_request_set_earliest_begin_date (request, due);
  return request;
}

/* A scheduler on its own store in @dir, with @clock and simulated
 * conditions (a network, external power: nothing is held back). */
G_GNUC_UNUSED static BgrunScheduler *
bench_scheduler_new (const char *dir,
                     BgrunClock *clock)
{
  g_autoptr(BgrunConditions) conditions = bgrun_conditions_new_simulated (clock);

  return g_object_new (BGRUN_TYPE_SCHEDULER,
                       "app-id", BENCH_APP_ID,
                       "clock", clock,
                       "conditions", conditions,
                       "state-directory", dir,
                       NULL);
}

/* A handler that completes its task at once. */
G_GNUC_UNUSED static void
bench_complete (BgrunScheduler *scheduler,
                BgrunTask      *task,
                gpointer        user_data)
{
  bgrun_task_set_task_completed (task, TRUE);
}

/* Registers @handler for the whole family BENCH_APP_ID.* */
G_GNUC_UNUSED static void
bench_register (BgrunScheduler   *scheduler,
                BgrunTaskHandler  handler,
                gpointer          user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_scheduler_register (scheduler, BENCH_APP_ID ".*", handler, user_data, NULL, &error))
    bench_fail ("register: %s", error->message);
}

G_GNUC_UNUSED static void
bench_submit (BgrunScheduler   *scheduler,
              BgrunTaskRequest *request)
{
  g_autoptr(GError) error = NULL;

  if (!bgrun_scheduler_submit (scheduler, request, &error))
    bench_fail ("submit: %s", error->message);
}

/* Runs what is ready on the main context, without blocking. */
G_GNUC_UNUSED static void
bench_settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static int
bench_compare_doubles (const void *a,
                       const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

G_GNUC_UNUSED static void
bench_sort (double *values,
            gsize   n)
{
  qsort (values, n, sizeof *values, bench_compare_doubles);
}

/* The nearest-rank percentile @p (0 < p ≤ 100) of sorted @values. */
G_GNUC_UNUSED static double
bench_percentile (const double *values,
                  gsize         n,
                  double        p)
{
  gsize rank = (gsize) ((p / 100.0) * n + 0.999999);

  return values[CLAMP (rank, 1, n) - 1];
}

/* VmRSS of this process, in KiB, or -1. */
G_GNUC_UNUSED static long
bench_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "\nVmRSS:");
  return line != NULL ? strtol (line + strlen ("\nVmRSS:"), NULL, 10) : -1;
}
