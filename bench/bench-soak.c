/* bench-soak.c: a long life in virtual time, for bench/soak
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 *     bench-soak TMPDIR TASKS [SAMPLE-EVERY]
 *
 * Runs TASKS tasks through a BgrunTestDriver (its virtual clock, its own
 * store in a temporary directory under TMPDIR) in rounds of 200 requests with
 * fresh identifiers: app refresh requests and processing requests, a third
 * of them needing the network or external power while the simulated
 * conditions flip every round, and one run in ten failing so the app
 * submits it again (a retry). After every SAMPLE-EVERY tasks (default
 * 10000) it prints
 *
 *     sample <tasks run> <RSS in KiB> <store bytes> <pending> <virtual days>
 *
 * The store is tasks.db with its -wal and -shm beside it. The run ends
 * with "result" lines (bench-common.h). Budgets are off: the refresh
 * budget would only spread the same work over more virtual time.
 */

#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-common.h"

#define ROUND 200

typedef struct
{
  BgrunScheduler *scheduler;
  guint64         runs;
  guint64         retries;
  guint64         serial;
} Soak;

static void
submit_one (Soak       *soak,
            const char *identifier,
            guint       n)
{
  g_autoptr(BgrunTaskRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (n % 2 == 0)
    request = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new (identifier));
  else
    {
      BgrunProcessingRequest *processing = bgrun_processing_request_new (identifier);

      bgrun_processing_request_set_requires_network_connectivity (processing, n % 3 == 1);
      bgrun_processing_request_set_requires_external_power (processing, n % 3 == 2);
      request = BGRUN_TASK_REQUEST (processing);
    }
  if (!bgrun_scheduler_submit (soak->scheduler, request, &error))
    bench_fail ("submit %s: %s", identifier, error->message);
}

static void
on_task (BgrunScheduler *scheduler,
         BgrunTask      *task,
         gpointer        user_data)
{
  Soak *soak = user_data;
  gboolean fails = ++soak->runs % 10 == 0;

  bgrun_task_set_task_completed (task, !fails);
  if (fails)
    {
      g_autofree char *again = g_strdup_printf ("%s.r", bgrun_task_get_identifier (task));

      /* A retry: the same work under a new identifier. */
      if (strlen (again) < 200)
        {
          soak->retries++;
          submit_one (soak, again, (guint) soak->runs);
        }
    }
}

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static gint64
store_bytes (const char *directory)
{
  const char *names[] = { "tasks.db", "tasks.db-wal", "tasks.db-shm" };
  const char *under[] = { "", BENCH_APP_ID };
  gint64 total = 0;

  /* The store is in the state directory, or in the app's directory in it. */
  for (guint u = 0; u < G_N_ELEMENTS (under); u++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (directory, under[u], names[i], NULL);
        GStatBuf st;

        if (g_stat (path, &st) == 0)
          total += st.st_size;
      }
  return total;
}

int
main (int argc, char **argv)
{
  g_autoptr(BgrunTestDriver) driver = NULL;
  g_autoptr(GError) error = NULL;
  Soak soak = { 0 };
  guint64 tasks, every, next_sample, rounds = 0;
  gint64 started;

  if (argc < 3)
    bench_fail ("usage: bench-soak TMPDIR TASKS [SAMPLE-EVERY]");
  /* The driver's temporary store goes there (a real disk, not a tmpfs). */
  g_setenv ("TMPDIR", argv[1], TRUE);
  tasks = g_ascii_strtoull (argv[2], NULL, 10);
  every = argc > 3 ? g_ascii_strtoull (argv[3], NULL, 10) : 10000;

  driver = bgrun_test_driver_new (BENCH_APP_ID);
  bgrun_test_driver_set_budgets_enabled (driver, FALSE);
  soak.scheduler = bgrun_test_driver_get_scheduler (driver);
  if (!bgrun_scheduler_register (soak.scheduler, BENCH_APP_ID ".*", on_task, &soak, NULL, &error))
    bench_fail ("register: %s", error->message);

  started = g_get_monotonic_time ();
  next_sample = 0;
  while (soak.runs < tasks)
    {
      gboolean flip = rounds % 2 == 1;

      for (guint i = 0; i < ROUND; i++)
        {
          g_autofree char *identifier = g_strdup_printf (BENCH_APP_ID ".s%" G_GUINT64_FORMAT, ++soak.serial);

          submit_one (&soak, identifier, i);
        }
      /* Half the rounds offline on battery, half online on mains: the
       * requests that need either wait for the next round. */
      bgrun_test_driver_set_conditions (driver, !flip, FALSE, flip, 80, FALSE);
      bgrun_test_driver_advance (driver, 1800);
      rounds++;
      if (soak.runs >= next_sample)
        {
          g_autoptr(GListModel) pending = NULL;

          pending = g_object_ref (bgrun_scheduler_get_pending_requests (soak.scheduler));
          printf ("sample %" G_GUINT64_FORMAT " %ld %" G_GINT64_FORMAT " %u %.1f\n",
                  soak.runs, rss_kib (), store_bytes (bgrun_test_driver_get_state_directory (driver)),
                  g_list_model_get_n_items (pending), rounds * 1800 / 86400.0);
          fflush (stdout);
          next_sample += every;
        }
    }
  bench_result ("soak-tasks", "%" G_GUINT64_FORMAT, soak.runs);
  bench_result ("soak-retries", "%" G_GUINT64_FORMAT, soak.retries);
  bench_result ("soak-seconds", "%.1f", (g_get_monotonic_time () - started) / 1e6);
  bench_result ("soak-rss-kib", "%ld", rss_kib ());
  bench_result ("soak-store-bytes", "%" G_GINT64_FORMAT,
                store_bytes (bgrun_test_driver_get_state_directory (driver)));
  return 0;
}
