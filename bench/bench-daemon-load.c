/* bench-daemon-load.c: many apps, each with many pending requests, in bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-daemon-load DIRECTORY [APPS] [REQUESTS]
 *
 * Attaches APPS (100) apps to bgrund — one scheduler each, as APPS app
 * processes would, each on its own bus connection — and has each submit
 * REQUESTS (100) processing requests due in 10 days. It prints
 * `result loaded APPS×REQUESTS` once everything is stored and then idles,
 * keeping every app attached, until its standard input closes. The script
 * measures the daemon meanwhile. BGRUN_BACKEND must be `daemon`.
 */

#include <gio/gunixinputstream.h>

#include "bench-common.h"

static BgrunScheduler *
attach_app (guint  app,
            guint  requests,
            gint64 due)
{
  g_autofree char *app_id = g_strdup_printf ("org.example.BenchApp%03u", app);
  g_autofree char *family = g_strconcat (app_id, ".*", NULL);
  BgrunScheduler *scheduler = bgrun_scheduler_new (app_id);
  g_autoptr(GError) error = NULL;

  if (bgrun_scheduler_get_backend (scheduler) != BGRUN_BACKEND_DAEMON)
    bench_fail ("the scheduler of %s is not on bgrund: set BGRUN_BACKEND=daemon", app_id);
  if (!bgrun_scheduler_register (scheduler, family, bench_complete, NULL, NULL, &error))
    bench_fail ("register %s: %s", family, error->message);

  for (guint i = 0; i < requests; i++)
    {
      g_autofree char *identifier = g_strdup_printf ("%s.task%04u", app_id, i);
      g_autoptr(BgrunProcessingRequest) request = bgrun_processing_request_new (identifier);
      g_autoptr(GDateTime) date = bench_date_from_usec (due);

      bgrun_task_request_set_earliest_begin_date (BGRUN_TASK_REQUEST (request), date);
      bench_submit (scheduler, BGRUN_TASK_REQUEST (request));
    }
  return scheduler;
}

static gboolean
on_stdin_closed (GObject  *stream,
                 gpointer  user_data)
{
  char buffer[64];

  if (g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (stream), buffer,
                                                sizeof buffer, NULL, NULL) > 0)
    return G_SOURCE_CONTINUE;
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  guint apps = (bench_dir (argc, argv), bench_arg (argc, argv, 2, 100));
  guint requests = bench_arg (argc, argv, 3, 100);
  gint64 due = g_get_real_time () + 10 * G_TIME_SPAN_DAY;
  g_autoptr(GPtrArray) schedulers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GSource) source = NULL;

  if (apps == 0 || requests == 0 || requests > BGRUN_MAX_PENDING_REQUESTS)
    bench_fail ("APPS must be at least 1 and REQUESTS between 1 and %d", BGRUN_MAX_PENDING_REQUESTS);

  for (guint app = 0; app < apps; app++)
    g_ptr_array_add (schedulers, attach_app (app, requests, due));
  bench_settle ();
  bench_result ("loaded", "%u×%u", apps, requests);

  source = g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (input), NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (on_stdin_closed), loop, NULL);
  g_source_attach (source, NULL);
  g_main_loop_run (loop);
  return 0;
}
