/* bgrun-demo.c: a tour of libbgrun from the terminal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "bgrun-demo-audio.h"
#include "bgrun-demo-daemon.h"
#include "bgrun-demo-location.h"
#include "bgrun-demo-push.h"
#include "bgrun-demo-tasks.h"
#include "bgrun-demo-transfer.h"
#include "bgrun-demo-workout.h"

typedef struct
{
  GMainLoop  *loop;
  BgrunClock *clock;
  int         ticks_left;
  int         tasks_left;
} Demo;

static char *
format_time (GDateTime *dt)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (dt);

  return g_date_time_format (local, "%F %T.%f");
}

static void
print_conditions (BgrunConditions *conditions)
{
  int level = bgrun_conditions_get_battery_level (conditions);
  g_autofree char *level_text = level < 0 ? g_strdup (_("unknown"))
                                          : g_strdup_printf ("%d %%", level);

  g_print (_("  network available: %s, metered: %s\n"),
           bgrun_conditions_get_network_available (conditions) ? _("yes") : _("no"),
           bgrun_conditions_get_network_metered (conditions) ? _("yes") : _("no"));
  g_print (_("  on battery: %s, battery level: %s\n"),
           bgrun_conditions_get_on_battery (conditions) ? _("yes") : _("no"),
           level_text);
  g_print (_("  power saver: %s, low memory: %s\n"),
           bgrun_conditions_get_power_saver (conditions) ? _("on") : _("off"),
           bgrun_conditions_get_low_memory (conditions) ? _("yes") : _("no"));
  g_print (_("  storage low: %s, session idle: %s\n"),
           bgrun_conditions_get_storage_low (conditions) ? _("yes") : _("no"),
           bgrun_conditions_get_device_idle (conditions) ? _("yes") : _("no"));
}

static void
on_condition_changed (BgrunConditions *conditions,
                      GParamSpec      *pspec,
                      gpointer         user_data)
{
  g_print (_("Conditions changed (%s):\n"), g_param_spec_get_name (pspec));
  print_conditions (conditions);
}

static void
on_time_changed (BgrunClock      *clock,
                 BgrunTimeChange  change,
                 gpointer         user_data)
{
  g_print (change == BGRUN_TIME_CHANGE_RESUMED
           ? _("The machine resumed from suspend.\n")
           : _("The wall clock was set.\n"));
}

static void
arm_tick (Demo *demo);

static void
on_tick (BgrunClock *clock,
         gpointer    user_data)
{
  Demo *demo = user_data;
  g_autoptr(GDateTime) now = bgrun_clock_get_now (clock);
  g_autofree char *text = format_time (now);

  g_print (_("  alarm fired at %s\n"), text);
  if (--demo->ticks_left > 0)
    arm_tick (demo);
  else
    g_main_loop_quit (demo->loop);
}

/* Alarms are wall-clock times; the demo sets each for the next whole
 * second, so the lateness shows in the printed fraction. */
static void
arm_tick (Demo *demo)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (demo->clock);
  g_autoptr(GDateTime) whole = g_date_time_add (now, -g_date_time_get_microsecond (now));
  g_autoptr(GDateTime) next = g_date_time_add_seconds (whole, 1);

  bgrun_clock_add_alarm (demo->clock, next, on_tick, demo, NULL);
}

static void
step_conditions_and_clock (Demo *demo,
                           int   seconds)
{
  g_autoptr(BgrunConditions) conditions = bgrun_conditions_new (demo->clock);
  g_autoptr(GDateTime) now = bgrun_clock_get_now (demo->clock);
  g_autofree char *text = format_time (now);

  g_print (_("== Clock and conditions ==\n"));
  g_print (_("The time is %s.\n"), text);
  g_print (_("Conditions now:\n"));
  print_conditions (conditions);
  g_print (_("Following changes for %d seconds (an alarm each second)…\n"), seconds);

  g_signal_connect (conditions, "notify", G_CALLBACK (on_condition_changed), NULL);
  g_signal_connect (demo->clock, "time-changed", G_CALLBACK (on_time_changed), NULL);
  demo->ticks_left = seconds;
  arm_tick (demo);
  g_main_loop_run (demo->loop);
}

static const char *
event_name (BgrunHistoryEvent event)
{
  g_autoptr(GEnumClass) events = g_type_class_ref (BGRUN_TYPE_HISTORY_EVENT);

  return g_enum_get_value (events, event)->value_nick;
}

static void
on_history_changed (GListModel *history,
                    guint       position,
                    guint       removed,
                    guint       added,
                    gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(BgrunHistoryEntry) entry = g_list_model_get_item (history, i);
      g_autofree char *when = format_time (bgrun_history_entry_get_date (entry));
      const char *message = bgrun_history_entry_get_message (entry);

      g_print (_("  %s  %-10s %s%s%s\n"), when,
               event_name (bgrun_history_entry_get_event (entry)),
               bgrun_history_entry_get_identifier (entry),
               *message != '\0' ? " — " : "", message);
    }
}

typedef struct
{
  Demo      *demo;
  BgrunTask *task;
} Work;

static gboolean
finish_work (gpointer user_data)
{
  Work *work = user_data;

  bgrun_task_set_task_completed (work->task, TRUE);
  if (--work->demo->tasks_left == 0)
    g_main_loop_quit (work->demo->loop);
  g_object_unref (work->task);
  g_free (work);
  return G_SOURCE_REMOVE;
}

/* The handler of both identifiers: "works" for half a second. */
static void
run_task (BgrunScheduler *scheduler,
          BgrunTask      *task,
          gpointer        user_data)
{
  Work *work = g_new0 (Work, 1);
  g_autofree char *deadline = format_time (bgrun_task_get_expiration_date (task));

  g_print (_("  → handler runs %s (%s), deadline %s\n"), bgrun_task_get_identifier (task),
           G_OBJECT_TYPE_NAME (task), deadline);
  work->demo = user_data;
  work->task = g_object_ref (task);
  g_timeout_add (500, finish_work, work);
}

static void
explain (BgrunScheduler *scheduler,
         const char     *identifier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunExplanation) explanation = bgrun_scheduler_explain (scheduler, identifier, &error);
  g_autofree char *text = NULL;

  if (explanation == NULL)
    {
      g_print ("  %s\n", error->message);
      return;
    }
  text = bgrun_explanation_to_string (explanation);
  g_print (_("  Why hasn’t %s run yet?\n%s"), identifier, text);
}

static void
step_scheduler (Demo *demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunScheduler) scheduler = NULL;
  g_autoptr(BgrunTaskRequest) refresh = NULL;
  g_autoptr(BgrunTaskRequest) processing = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) in_two = NULL;

  g_print (_("\n== Scheduling background tasks ==\n"));
  g_print (_("Requests and history are stored under %s/bgrun/org.bgrun.Demo.\n"),
           g_get_user_state_dir ());
  scheduler = g_object_new (BGRUN_TYPE_SCHEDULER, "app-id", "org.bgrun.Demo",
                            "clock", demo->clock, NULL);
  g_signal_connect (bgrun_scheduler_get_history (scheduler), "items-changed",
                    G_CALLBACK (on_history_changed), NULL);

  if (!bgrun_scheduler_register (scheduler, "org.bgrun.Demo.refresh", run_task, demo, NULL, &error) ||
      !bgrun_scheduler_register (scheduler, "org.bgrun.Demo.sync", run_task, demo, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return;
    }

  now = bgrun_clock_get_now (demo->clock);
  in_two = g_date_time_add_seconds (now, 2);
  refresh = BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new ("org.bgrun.Demo.refresh"));
  bgrun_task_request_set_earliest_begin_date (refresh, in_two);
  processing = BGRUN_TASK_REQUEST (bgrun_processing_request_new ("org.bgrun.Demo.sync"));
  bgrun_processing_request_set_requires_network_connectivity (BGRUN_PROCESSING_REQUEST (processing), TRUE);

  g_print (_("Submitting an app refresh due in 2 s and a processing task that needs a network:\n"));
  if (!bgrun_scheduler_submit (scheduler, refresh, &error) ||
      !bgrun_scheduler_submit (scheduler, processing, &error))
    {
      g_printerr ("%s\n", error->message);
      return;
    }
  explain (scheduler, "org.bgrun.Demo.refresh");

  /* A request for an identifier nobody registered is refused, and says so. */
  {
    g_autoptr(BgrunTaskRequest) stray =
      BGRUN_TASK_REQUEST (bgrun_app_refresh_request_new ("org.bgrun.Demo.unknown"));
    g_autoptr(GError) refused = NULL;

    if (!bgrun_scheduler_submit (scheduler, stray, &refused))
      g_print (_("  Refused as expected: %s\n"), refused->message);
  }

  demo->tasks_left = 2;
  g_main_loop_run (demo->loop);
}

static void
print_session_event (BgrunExtendedRuntimeSession *session,
                     const char                  *what)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (bgrun_scheduler_get_clock (
    bgrun_extended_runtime_session_get_scheduler (session)));
  g_autofree char *when = format_time (now);

  g_print (_("  %s  session %s\n"), when, what);
}

static void
on_session_started (BgrunExtendedRuntimeSession *session)
{
  g_autofree char *until = format_time (bgrun_extended_runtime_session_get_expiration_date (session));
  g_autofree char *what = g_strdup_printf (_("started, runs until %s"), until);

  print_session_event (session, what);
}

static void
on_session_will_expire (BgrunExtendedRuntimeSession *session)
{
  print_session_event (session, _("will expire: time to wrap up"));
}

static void
on_session_invalidated (BgrunExtendedRuntimeSession *session,
                        BgrunInvalidationReason      reason,
                        const GError                *error)
{
  g_autoptr(GEnumClass) reasons = g_type_class_ref (BGRUN_TYPE_INVALIDATION_REASON);
  g_autofree char *what = g_strdup_printf (_("invalidated (%s)"),
                                           g_enum_get_value (reasons, reason)->value_nick);

  print_session_event (session, what);
}

/* A physical-therapy session lasts up to an hour: the test driver's clock
 * lets the demo show all of it at once. */
static void
step_session (void)
{
  g_autoptr(BgrunTestDriver) driver = bgrun_test_driver_new ("org.bgrun.Demo");
  BgrunScheduler *scheduler = bgrun_test_driver_get_scheduler (driver);
  g_autoptr(BgrunExtendedRuntimeSession) session = NULL;
  g_autoptr(BgrunExtendedRuntimeSession) second = NULL;
  g_autoptr(GError) error = NULL;

  g_print (_("\n== A physical-therapy session (simulated hour) ==\n"));
  session = bgrun_extended_runtime_session_new (scheduler, BGRUN_EXTENDED_RUNTIME_TYPE_PHYSICAL_THERAPY);
  g_signal_connect (session, "started", G_CALLBACK (on_session_started), NULL);
  g_signal_connect (session, "will-expire", G_CALLBACK (on_session_will_expire), NULL);
  g_signal_connect (session, "invalidated", G_CALLBACK (on_session_invalidated), NULL);
  if (!bgrun_extended_runtime_session_start (session, &error))
    {
      g_printerr ("%s\n", error->message);
      return;
    }

  second = bgrun_extended_runtime_session_new (scheduler, BGRUN_EXTENDED_RUNTIME_TYPE_MINDFULNESS);
  if (!bgrun_extended_runtime_session_start (second, &error))
    g_print (_("  A second session is refused: %s\n"), error->message);

  g_print (_("  The user leaves the app; a background session keeps running.\n"));
  bgrun_test_driver_set_frontmost (driver, FALSE);
  bgrun_test_driver_advance (driver, BGRUN_PHYSICAL_THERAPY_DURATION);
}

int
main (int   argc,
      char *argv[])
{
  int seconds = 5;
  GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds,
      N_("How long to follow changes"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Demo demo = { 0 };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Started by the daemon step's private bus as the app it launches. */
  if (argc > 1 && g_str_equal (argv[1], BGRUN_DEMO_LAUNCHED_APP))
    return bgrun_demo_launched_app_main (argc, argv);
  if (argc > 1 && g_str_equal (argv[1], BGRUN_DEMO_PUSH_APP))
    return bgrun_demo_push_app_main (argc, argv);

  context = g_option_context_new (_("— a tour of libbgrun"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || seconds < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : _("--seconds must be at least 1"));
      return 2;
    }

  g_print (_("libbgrun %u.%u.%u demo\n\n"), bgrun_get_major_version (),
           bgrun_get_minor_version (), bgrun_get_micro_version ());

  demo.loop = g_main_loop_new (NULL, FALSE);
  demo.clock = bgrun_system_clock_new ();
  step_conditions_and_clock (&demo, seconds);
  step_scheduler (&demo);
  step_session ();
  bgrun_demo_location_step ();
  bgrun_demo_workout_step ();
  bgrun_demo_transfer_step ();
  bgrun_demo_daemon_step ();
  bgrun_demo_audio_step ();
  bgrun_demo_tasks_step ();
  bgrun_demo_push_step ();

  g_clear_object (&demo.clock);
  g_main_loop_unref (demo.loop);
  g_print (_("\nDone.\n"));
  return 0;
}
