/* bench-daemon-fairness.c: one app's due tasks while another floods bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-daemon-fairness DIRECTORY victim TASKS
 *        bench-daemon-fairness DIRECTORY flood SECONDS INDEX
 *        bench-daemon-fairness DIRECTORY burst SECONDS INDEX
 *
 * victim: an app attached to bgrund submits TASKS processing requests,
 * each due 1 s after the one before (the first 2 s from now), and prints
 * `result lateness_ms <v>` per task: wall-clock time from its due time to
 * its handler's start.
 *
 * flood: an app (org.example.Flood<INDEX>) submits far-future requests as
 * fast as bgrund answers, cancelling them all whenever it holds the most
 * an app may, for SECONDS, and prints `result calls <n>`.
 *
 * burst: the same (org.example.Burst<INDEX>) without waiting for the
 * answers, as a buggy or hostile app may: a raw D-Bus connection keeps
 * BURST_WINDOW Submit calls in flight at all times, for SECONDS.
 *
 * BGRUN_BACKEND must be `daemon`; bench/daemon-load runs both.
 */

#include "bench-common.h"

#define VICTIM_APP_ID "org.example.Victim"
#define BURST_WINDOW 1000

typedef struct
{
  GArray     *due;       /* gint64 µs, by task number */
  GArray     *lateness;  /* double ms, in the order the tasks ran */
  guint       expected;
  GMainLoop  *loop;
} Victim;

/* A processing request (no refresh budget applies) due at @due_usec. */
static BgrunTaskRequest *
processing_due (const char *identifier,
                gint64      due_usec)
{
  BgrunTaskRequest *request = BGRUN_TASK_REQUEST (bgrun_processing_request_new (identifier));
  g_autoptr(GDateTime) due = bench_date_from_usec (due_usec);

  bgrun_task_request_set_earliest_begin_date (request, due);
  return request;
}

static void
on_victim_task (BgrunScheduler *scheduler,
                BgrunTask      *task,
                gpointer        user_data)
{
  Victim *victim = user_data;
  gint64 now = g_get_real_time ();
  const char *identifier = bgrun_task_get_identifier (task);
  guint n = (guint) g_ascii_strtoull (strrchr (identifier, 'k') + 1, NULL, 10);
  double late = (now - g_array_index (victim->due, gint64, n)) / 1000.0;

  g_array_append_val (victim->lateness, late);
  bgrun_task_set_task_completed (task, TRUE);
  if (victim->lateness->len == victim->expected)
    g_main_loop_quit (victim->loop);
}

static int
run_victim (guint tasks)
{
  BgrunScheduler *scheduler = bgrun_scheduler_new (VICTIM_APP_ID);
  g_autoptr(GError) error = NULL;
  Victim victim = {
    .due = g_array_new (FALSE, FALSE, sizeof (gint64)),
    .lateness = g_array_new (FALSE, FALSE, sizeof (double)),
    .expected = tasks,
    .loop = g_main_loop_new (NULL, FALSE),
  };
  gint64 first = g_get_real_time () + 2 * G_USEC_PER_SEC;

  if (bgrun_scheduler_get_backend (scheduler) != BGRUN_BACKEND_DAEMON)
    bench_fail ("the victim is not on bgrund: set BGRUN_BACKEND=daemon");
  if (!bgrun_scheduler_register (scheduler, VICTIM_APP_ID ".*", on_victim_task, &victim, NULL, &error))
    bench_fail ("register: %s", error->message);
  for (guint i = 0; i < tasks; i++)
    {
      g_autofree char *identifier = g_strdup_printf (VICTIM_APP_ID ".task%u", i);
      gint64 due = first + (gint64) i * G_USEC_PER_SEC;
      g_autoptr(BgrunTaskRequest) request = processing_due (identifier, due);

      g_array_append_val (victim.due, due);
      bench_submit (scheduler, request);
    }
  g_main_loop_run (victim.loop);
  for (guint i = 0; i < victim.lateness->len; i++)
    bench_result ("lateness_ms", "%.2f", g_array_index (victim.lateness, double, i));
  return 0;
}

static int
run_flood (guint seconds,
           guint index)
{
  g_autofree char *app_id = g_strdup_printf ("org.example.Flood%u", index);
  BgrunScheduler *scheduler = bgrun_scheduler_new (app_id);
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  gint64 due = g_get_real_time () + 10 * G_TIME_SPAN_DAY;
  guint64 calls = 0, held = 0;

  g_autofree char *family = g_strconcat (app_id, ".*", NULL);
  g_autoptr(GError) error = NULL;

  if (bgrun_scheduler_get_backend (scheduler) != BGRUN_BACKEND_DAEMON)
    bench_fail ("the flood is not on bgrund: set BGRUN_BACKEND=daemon");
  if (!bgrun_scheduler_register (scheduler, family, bench_complete, NULL, NULL, &error))
    bench_fail ("register %s: %s", family, error->message);
  while (g_get_monotonic_time () < end)
    {
      g_autofree char *identifier = g_strdup_printf ("%s.f%" G_GUINT64_FORMAT, app_id, calls);
      g_autoptr(BgrunTaskRequest) request = processing_due (identifier, due);

      bench_submit (scheduler, request);
      calls++;
      if (++held == BGRUN_MAX_PENDING_REQUESTS)
        {
          bgrun_scheduler_cancel_all (scheduler);
          calls++;
          held = 0;
        }
    }
  bench_result ("calls", "%" G_GUINT64_FORMAT, calls);
  return 0;
}

typedef struct
{
  GDBusConnection *bus;
  char            *app_id;
  gint64           end;      /* monotonic µs */
  gint64           due;
  guint64          sent;
  guint64          answered;
  GMainLoop       *loop;
} Burst;

static void send_burst_call (Burst *burst);

static void
on_burst_answer (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Burst *burst = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    bench_fail ("%s: Submit: %s", burst->app_id, error->message);
  burst->answered++;
  if (g_get_monotonic_time () < burst->end)
    send_burst_call (burst);
  else if (burst->answered == burst->sent)
    g_main_loop_quit (burst->loop);
}

/* A far-future request; identifiers come round again below the limit,
 * each submit after the first replacing a pending request. */
static void
send_burst_call (Burst *burst)
{
  g_autofree char *identifier = g_strdup_printf ("%s.b%" G_GUINT64_FORMAT, burst->app_id,
                                                 burst->sent % (BGRUN_MAX_PENDING_REQUESTS / 2));
  GVariantBuilder request;

  g_variant_builder_init (&request, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&request, "{sv}", "kind", g_variant_new_string ("processing"));
  g_variant_builder_add (&request, "{sv}", "identifier", g_variant_new_string (identifier));
  g_variant_builder_add (&request, "{sv}", "earliest-begin-date", g_variant_new_int64 (burst->due));
  g_dbus_connection_call (burst->bus, "org.bgrun.Broker1", "/org/bgrun/Broker1", "org.bgrun.Broker1",
                          "Submit", g_variant_new ("(a{sv}b)", &request, FALSE), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, G_MAXINT, NULL, on_burst_answer, burst);
  burst->sent++;
}

static void
burst_call_sync (Burst      *burst,
                 const char *method,
                 GVariant   *parameters)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (burst->bus, "org.bgrun.Broker1", "/org/bgrun/Broker1",
                                       "org.bgrun.Broker1", method, parameters, NULL,
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, &error);
  if (reply == NULL)
    bench_fail ("%s: %s: %s", burst->app_id, method, error->message);
}

static int
run_burst (guint seconds,
           guint index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *family = NULL;
  Burst burst = {
    .app_id = g_strdup_printf ("org.example.Burst%u", index),
    .end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC,
    .due = g_get_real_time () + 10 * G_TIME_SPAN_DAY,
    .loop = g_main_loop_new (NULL, FALSE),
  };

  burst.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (burst.bus == NULL)
    bench_fail ("%s", error->message);
  family = g_strconcat (burst.app_id, ".*", NULL);
  burst_call_sync (&burst, "Attach", g_variant_new ("(s)", burst.app_id));
  burst_call_sync (&burst, "Register", g_variant_new ("(s)", family));
  for (guint i = 0; i < BURST_WINDOW; i++)
    send_burst_call (&burst);
  g_main_loop_run (burst.loop);
  bench_result ("calls", "%" G_GUINT64_FORMAT, burst.answered);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *mode = (bench_dir (argc, argv), argc > 2 ? argv[2] : "");

  if (g_str_equal (mode, "victim"))
    return run_victim (bench_arg (argc, argv, 3, 20));
  if (g_str_equal (mode, "flood"))
    return run_flood (bench_arg (argc, argv, 3, 20), bench_arg (argc, argv, 4, 0));
  if (g_str_equal (mode, "burst"))
    return run_burst (bench_arg (argc, argv, 3, 20), bench_arg (argc, argv, 4, 0));
  bench_fail ("usage: bench-daemon-fairness DIRECTORY victim TASKS | flood SECONDS INDEX | burst SECONDS INDEX");
}
