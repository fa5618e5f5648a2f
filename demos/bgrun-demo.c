/* bgrun-demo.c: a tour of libbgrun from the terminal
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <bgrun.h>
#include <glib/gi18n.h>
#include <locale.h>

typedef struct
{
  GMainLoop  *loop;
  BgrunClock *clock;
  int         ticks_left;
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

  g_clear_object (&demo.clock);
  g_main_loop_unref (demo.loop);
  g_print (_("\nDone.\n"));
  return 0;
}
