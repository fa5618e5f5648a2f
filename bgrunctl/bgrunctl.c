/* bgrunctl.c: inspect and drive the background work of apps using libbgrun
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bgrunctl [--json] [--state-dir DIR] COMMAND [OPTION…] [APP IDENTIFIER]
 *
 * A client of org.bgrun.Admin1 (data/org.bgrun.Admin1.xml): bgrund's when
 * it runs, else that of the app named with --app or APP when the app runs
 * with its engine embedded, or, with --state-dir, a read-only stand-in
 * over the stores in that directory. Exit status: 0 done, 1 failed (no
 * daemon, no such app or request; the message says which), 2 bad usage
 * (usage on stderr).
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "bgrun-i18n-private.h"
#include "bgrunctl-commands.h"
#include "bgrunctl-timeline.h"

#define EXIT_FAILED 1
#define EXIT_USAGE  2

static char *
commands_help (void)
{
  g_autoptr(GString) text = g_string_new (_("Commands:"));
  guint n_commands;
  const BgrunctlCommand *commands = bgrunctl_commands (&n_commands);

  g_string_append_c (text, '\n');
  for (guint i = 0; i < n_commands; i++)
    g_string_append_printf (text, "  %-21s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (text, _("\nRun “bgrunctl COMMAND --help” for the options and arguments of a command.\n"
                           "Exit status: 0 done, 1 failed (the message says why), 2 bad usage."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_shared_entries (GOptionContext  *context,
                    BgrunctlOptions *options,
                    BgrunctlTakes    takes)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print JSON (stable field names; see the daemon guide) instead of a table"), NULL },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->state_dir,
      N_("Read the stores under DIR, read-only, instead of asking a running engine"), N_("DIR") },
    { "app", 'a', 0, G_OPTION_ARG_STRING, &options->app_id,
      N_("Only the app with this id (also: the app to ask when bgrund does not run)"), N_("APP") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &options->limit,
      N_("Show the latest N entries only"), N_("N") },
    { "since", 0, 0, G_OPTION_ARG_STRING, &options->since,
      N_("Start at this date and time (ISO 8601), or this long ago (90m, 2h, 3d)"), N_("WHEN") },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &options->svg,
      N_("Write the picture to FILE, in SVG"), N_("FILE") },
    { "tag", 't', 0, G_OPTION_ARG_STRING, &options->tag,
      N_("Only the requests (and their history) that carry TAG"), N_("TAG") },
    { NULL }
  };
  /* --state-dir for every command; the others where they mean something. */
  const BgrunctlTakes wanted[] = { BGRUNCTL_TAKES_JSON, 0, BGRUNCTL_TAKES_APP, BGRUNCTL_TAKES_LIMIT,
                                   BGRUNCTL_TAKES_SVG, BGRUNCTL_TAKES_SVG, BGRUNCTL_TAKES_TAG };
  GOptionEntry chosen[G_N_ELEMENTS (entries)] = { { NULL } };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (wanted[i] == 0 || (takes & wanted[i]) != 0)
      chosen[n++] = entries[i];
  g_option_context_add_main_entries (context, chosen, GETTEXT_PACKAGE);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("bgrunctl: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* How many positional arguments @command takes at least, and at most:
 * one per word of its parameters, optional ones in brackets
 * ("APP [TITLE]"). */
static void
n_parameters (const BgrunctlCommand *command,
              guint                 *at_least,
              guint                 *at_most)
{
  g_auto(GStrv) words = NULL;

  *at_least = *at_most = 0;
  if (command->parameters == NULL)
    return;
  words = g_strsplit (command->parameters, " ", 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      (*at_most)++;
      if (words[i][0] != '[')
        (*at_least)++;
    }
}

static int
run_command (const BgrunctlCommand *command,
             BgrunctlOptions       *options,
             int                    argc,
             char                 **argv)
{
  g_autofree char *parameter_string = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(BgrunctlSource) source = NULL;
  g_autoptr(GError) error = NULL;
  guint at_least, at_most;
  gint64 since;

  parameter_string = g_strdup_printf ("%s%s%s", command->name, command->parameters != NULL ? " " : "",
                                      command->parameters != NULL ? _(command->parameters) : "");
  context = g_option_context_new (parameter_string);
  g_option_context_set_summary (context, _(command->summary));
  if (command->description != NULL)
    g_option_context_set_description (context, _(command->description));
  add_shared_entries (context, options, command->takes);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  /* argv[0] is the command. */
  n_parameters (command, &at_least, &at_most);
  if ((guint) argc - 1 < at_least || (guint) argc - 1 > at_most)
    {
      g_autofree char *message = NULL;

      if (command->parameters == NULL)
        return usage_error (context, _("this command takes no arguments"));
      if (at_least == 2 && at_most == 2)
        return usage_error (context, _("this command needs APP and IDENTIFIER"));
      /* Translators: %s is what a command takes, such as "APP IDENTIFIER". */
      message = g_strdup_printf (_("this command takes %s"), _(command->parameters));
      return usage_error (context, message);
    }
  if (options->limit < 0)
    return usage_error (context, _("--limit cannot be negative"));
  if ((command->takes & BGRUNCTL_TAKES_SVG) != 0 && options->svg == NULL)
    return usage_error (context, _("--svg is needed: the file to draw the picture into"));
  if (options->since != NULL && !bgrunctl_timeline_parse_since (options->since, g_get_real_time (), &since, &error))
    return usage_error (context, error->message);
  if (options->app_id != NULL && !g_application_id_is_valid (options->app_id))
    return usage_error (context, _("--app needs an application id, such as org.example.News"));
  options->arguments = argv + 1;
  options->n_arguments = (guint) argc - 1;
  if (command->parameters != NULL && !g_application_id_is_valid (argv[1]))
    return usage_error (context, _("APP must be an application id, such as org.example.News"));

  source = bgrunctl_source_open (options->state_dir,
                                 options->app_id != NULL ? options->app_id : argv[1], &error);
  if (source == NULL || !command->run (source, options, &error))
    {
      g_printerr ("bgrunctl: %s\n", error->message);
      return EXIT_FAILED;
    }
  return 0;
}

static const BgrunctlCommand *
find_command (const char *name)
{
  guint n_commands;
  const BgrunctlCommand *commands = bgrunctl_commands (&n_commands);

  for (guint i = 0; i < n_commands; i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *commands = NULL;
  BgrunctlOptions options = { FALSE, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0 };
  const BgrunctlCommand *command;
  gboolean version = FALSE;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, bgrun_locale_directory ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  commands = commands_help ();
  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_summary (context, _("Inspect and drive the background work of apps using libbgrun: what is pending, running and done, why a request has not run yet, and, for debugging, run, expire or cancel it now."));
  g_option_context_set_description (context, commands);
  /* Options before the command are the shared ones; the command parses
   * the rest. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_shared_entries (context, &options, BGRUNCTL_TAKES_JSON);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (version)
    {
      g_print ("bgrunctl %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc < 2)
    return usage_error (context, _("no command given"));
  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), argv[1]);

      return usage_error (context, message);
    }

  status = run_command (command, &options, argc - 1, argv + 1);
  g_free (options.state_dir);
  g_free (options.app_id);
  g_free (options.tag);
  return status;
}
