/* bench-idle.c: a process holding far-future requests, idling
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-idle DIRECTORY [COUNT]
 *
 * Creates a scheduler as an app does — the system clock, the real device
 * conditions (network monitor, power profiles, memory monitor, UPower), a
 * session bus when there is one — with its store in DIRECTORY, submits
 * COUNT (1,000) processing requests due in ten days, and runs its main
 * loop until SIGTERM or SIGINT. One second after start-up it prints
 *
 *     idle-start PID REALTIME_USEC ALARMS NEXT_ALARM
 *
 * and flushes: from then on nothing should wake the process. bench/scheduler
 * runs it under strace and counts the poll-family calls that return between
 * that line and the SIGTERM it sends, and reads the context switches of
 * every thread from /proc.
 */

#include <glib-unix.h>
#include <unistd.h>

#include "bench-common.h"

static gboolean
on_settled (gpointer user_data)
{
  BgrunScheduler *scheduler = user_data;
  BgrunClock *clock = bgrun_scheduler_get_clock (scheduler);
  g_autoptr(GDateTime) next = bgrun_clock_get_next_alarm (clock);
  g_autofree char *next_text = next != NULL ? g_date_time_format_iso8601 (next) : g_strdup ("none");

  printf ("idle-start %d %" G_GINT64_FORMAT " %u %s\n",
          (int) getpid (), g_get_real_time (), bgrun_clock_get_n_alarms (clock), next_text);
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);
  guint count = bench_arg (argc, argv, 2, 1000);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(BgrunScheduler) scheduler = NULL;
  gint64 due = g_get_real_time () + 10 * G_TIME_SPAN_DAY;

  if (count == 0 || count > BGRUN_MAX_PENDING_REQUESTS)
    bench_fail ("COUNT must be between 1 and %d", BGRUN_MAX_PENDING_REQUESTS);

  /* As bgrun_scheduler_new() makes it, but with the store in @dir. */
  scheduler = g_object_new (BGRUN_TYPE_SCHEDULER,
                            "app-id", BENCH_APP_ID,
                            "state-directory", dir,
                            NULL);
  bench_register (scheduler, bench_complete, NULL);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BgrunTaskRequest) request = bench_request (i, due + i * G_USEC_PER_SEC);

      bench_submit (scheduler, request);
    }

  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_timeout_add (1000, on_settled, scheduler);
  g_main_loop_run (loop);

  printf ("idle-end\n");
  bench_result ("pending", "%u",
                g_list_model_get_n_items (bgrun_scheduler_get_pending_requests (scheduler)));
  return 0;
}
