/* bench-launch.c: an app that bgrund starts for its due work
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-launch DIRECTORY submit SECONDS IDENTIFIER
 *        bench-launch DIRECTORY serve [GApplication options]
 *
 * `submit` attaches to bgrund (BGRUN_BACKEND=daemon), submits a processing
 * request IDENTIFIER (of the family org.example.BenchLaunch.*) due SECONDS
 * from now, prints `result due_usec N` and exits, so no process of the app
 * runs when the request falls due. `serve` is the app as the bus starts
 * it (its service file runs `bench-launch DIRECTORY serve
 * --gapplication-service`): a GApplication whose handler appends
 * "IDENTIFIER MICROSECONDS" (the wall-clock time it started) to
 * DIRECTORY/started and completes its task; the app then exits by itself.
 */

#include "bench-common.h"

#define LAUNCH_APP_ID "org.example.BenchLaunch"

static void
on_task (BgrunScheduler *scheduler,
         BgrunTask      *task,
         gpointer        user_data)
{
  gint64 started = g_get_real_time ();
  g_autofree char *path = g_build_filename (user_data, "started", NULL);
  g_autofree char *line = g_strdup_printf ("%s %" G_GINT64_FORMAT "\n",
                                           bgrun_task_get_identifier (task), started);
  FILE *file = fopen (path, "a");

  if (file == NULL)
    bench_fail ("cannot open %s", path);
  fputs (line, file);
  fclose (file);
  bgrun_task_set_task_completed (task, TRUE);
}

static void
on_startup (GApplication *application,
            const char   *dir)
{
  BgrunScheduler *scheduler = bgrun_scheduler_new_for_application (application);
  g_autoptr(GError) error = NULL;

  g_object_set_data_full (G_OBJECT (application), "scheduler", scheduler, g_object_unref);
  if (!bgrun_scheduler_register (scheduler, LAUNCH_APP_ID ".*", on_task,
                                 g_strdup (dir), g_free, &error))
    bench_fail ("register: %s", error->message);
}

static int
serve (const char  *dir,
       int          argc,
       char       **argv)
{
  g_autoptr(GApplication) application = g_application_new (LAUNCH_APP_ID, G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (application, "startup", G_CALLBACK (on_startup), (gpointer) dir);
  return g_application_run (application, argc, argv);
}

static int
submit (const char *dir,
        long        seconds,
        const char *identifier)
{
  g_autoptr(BgrunScheduler) scheduler = bgrun_scheduler_new (LAUNCH_APP_ID);
  g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (identifier);
  gint64 due = g_get_real_time () + seconds * G_USEC_PER_SEC;
  g_autoptr(GDateTime) date = bench_date_from_usec (due);
  g_autoptr(GError) error = NULL;

  if (bgrun_scheduler_get_backend (scheduler) != BGRUN_BACKEND_DAEMON)
    bench_fail ("the scheduler is not on bgrund: set BGRUN_BACKEND=daemon");
  if (!bgrun_scheduler_register (scheduler, LAUNCH_APP_ID ".*", on_task, g_strdup (dir), g_free, &error))
    bench_fail ("register: %s", error->message);
  bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), date);
  bench_submit (scheduler, BGRUN_TASK_REQUEST (request));
  bench_result ("due_usec", "%" G_GINT64_FORMAT, due);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);

  if (argc >= 3 && g_str_equal (argv[2], "serve"))
    {
      /* What follows "serve" is the application's: --gapplication-service. */
      argv[2] = argv[0];
      return serve (dir, argc - 2, argv + 2);
    }
  if (argc == 5 && g_str_equal (argv[2], "submit"))
    return submit (dir, bench_arg (argc, argv, 3, 3), argv[4]);
  bench_fail ("usage: %s DIRECTORY submit SECONDS IDENTIFIER | DIRECTORY serve [OPTIONS]", argv[0]);
}
