/* bgrunctl-commands.c: what each bgrunctl command does
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "bgrunctl-commands.h"
#include "bgrunctl-timeline.h"
#include "bgrunctl-output.h"
#include "bgrunctl-transfers.h"

/* The records of @records (aa{sv}) whose "tags" hold @tag. */
static GVariant *
only_tagged (GVariant   *records,
             const char *tag)
{
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *record;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, records);
  while ((record = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_autofree const char **tags = NULL;

      if (g_variant_lookup (record, "tags", "^a&s", &tags) && g_strv_contains (tags, tag))
        g_variant_builder_add_value (&builder, record);
      g_variant_unref (record);
    }
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* Asks @source for @method and prints its one result (with --tag, only
 * the records that carry it): as JSON, or with @print_human. */
static gboolean
show (BgrunctlSource   *source,
      BgrunctlOptions  *options,
      const char       *method,
      GVariant         *parameters,
      const char       *reply_type,
      void            (*print_human) (BgrunctlSource *, GVariant *),
      GError          **error)
{
  g_autoptr(GVariant) reply = bgrunctl_source_call (source, method, parameters,
                                                    G_VARIANT_TYPE (reply_type), error);
  g_autoptr(GVariant) result = NULL;

  if (reply == NULL)
    return FALSE;
  result = g_variant_get_child_value (reply, 0);
  if (options->tag != NULL && g_variant_is_of_type (result, G_VARIANT_TYPE ("aa{sv}")))
    {
      g_autoptr(GVariant) all = g_steal_pointer (&result);

      result = only_tagged (all, options->tag);
    }
  if (options->json)
    bgrunctl_print_json (result);
  else
    print_human (source, result);
  return TRUE;
}

static const char *
app_filter (BgrunctlOptions *options)
{
  return options->app_id != NULL ? options->app_id : "";
}

/* ---- status ----------------------------------------------------------- */

static void
print_field (const char *label,
             const char *key,
             GVariant   *dict)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (dict, key, NULL);
  g_autofree char *text = NULL;

  if (value == NULL)
    return;
  text = bgrunctl_format_value (key, value);
  g_print ("%-12s %s\n", label, text);
}

static void
print_status (BgrunctlSource *source,
              GVariant       *status)
{
  g_autoptr(GVariant) conditions = g_variant_lookup_value (status, "conditions", G_VARIANT_TYPE_VARDICT);

  g_print ("%-12s %s\n", _("Engine:"), bgrunctl_source_describe (source));
  print_field (_("Placement:"), "placement", status);
  print_field (_("Version:"), "version", status);
  print_field (_("Apps:"), "apps", status);
  print_field (_("Directory:"), "state-directory", status);
  if (conditions != NULL)
    {
      GVariantIter iter;
      const char *key;
      GVariant *value;

      g_print ("%s\n", _("Conditions:"));
      g_variant_iter_init (&iter, conditions);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          g_autofree char *text = bgrunctl_format_value (key, value);

          g_print ("  %-20s %s\n", key, text);
          g_variant_unref (value);
        }
    }
}

static gboolean
run_status (BgrunctlSource   *source,
            BgrunctlOptions  *options,
            GError          **error)
{
  return show (source, options, "Status", NULL, "(a{sv})", print_status, error);
}

/* ---- listings --------------------------------------------------------- */

static void
print_apps (BgrunctlSource *source,
            GVariant       *apps)
{
  static const BgrunctlColumn columns[] = {
    { N_("APP"), "app-id" },
    { N_("PENDING"), "pending" },
    { N_("RUNNING"), "running" },
    { N_("ATTACHED"), "attached" },
  };

  bgrunctl_print_table (apps, columns, G_N_ELEMENTS (columns), _("No apps."));
}

static gboolean
run_apps (BgrunctlSource   *source,
          BgrunctlOptions  *options,
          GError          **error)
{
  return show (source, options, "ListApps", NULL, "(aa{sv})", print_apps, error);
}

static void
print_pending (BgrunctlSource *source,
               GVariant       *requests)
{
  static const BgrunctlColumn columns[] = {
    { N_("APP"), "app-id" },
    { N_("IDENTIFIER"), "identifier" },
    { N_("KIND"), "kind" },
    { N_("SUBMITTED"), "submitted" },
    { N_("EARLIEST BEGIN"), "earliest-begin-date" },
  };

  bgrunctl_print_table (requests, columns, G_N_ELEMENTS (columns), _("No pending requests."));
}

static gboolean
run_list (BgrunctlSource   *source,
          BgrunctlOptions  *options,
          GError          **error)
{
  return show (source, options, "ListPending", g_variant_new ("(s)", app_filter (options)),
               "(aa{sv})", print_pending, error);
}

static void
print_running (BgrunctlSource *source,
               GVariant       *tasks)
{
  static const BgrunctlColumn columns[] = {
    { N_("APP"), "app-id" },
    { N_("IDENTIFIER"), "identifier" },
    { N_("KIND"), "kind" },
    { N_("TASK"), "task-id" },
    { N_("ATTEMPT"), "attempt" },
    { N_("PROGRESS"), "progress" },
    { N_("EXPIRES"), "expiration-date" },
  };

  bgrunctl_print_table (tasks, columns, G_N_ELEMENTS (columns), _("No running tasks."));
}

static gboolean
run_running (BgrunctlSource   *source,
             BgrunctlOptions  *options,
             GError          **error)
{
  return show (source, options, "ListRunning", g_variant_new ("(s)", app_filter (options)),
               "(aa{sv})", print_running, error);
}

static void
print_history (BgrunctlSource *source,
               GVariant       *entries)
{
  static const BgrunctlColumn columns[] = {
    { N_("DATE"), "date" },
    { N_("APP"), "app-id" },
    { N_("IDENTIFIER"), "identifier" },
    { N_("EVENT"), "event" },
    { N_("MESSAGE"), "message" },
  };

  bgrunctl_print_table (entries, columns, G_N_ELEMENTS (columns), _("No history."));
}

static gboolean
run_history (BgrunctlSource   *source,
             BgrunctlOptions  *options,
             GError          **error)
{
  return show (source, options, "History",
               g_variant_new ("(su)", app_filter (options), (guint32) options->limit),
               "(aa{sv})", print_history, error);
}

static gboolean
run_transfers (BgrunctlSource   *source,
               BgrunctlOptions  *options,
               GError          **error)
{
  return show (source, options, "ListTransfers", g_variant_new ("(s)", app_filter (options)),
               "(aa{sv})", bgrunctl_print_transfers, error);
}

/* ---- sessions --------------------------------------------------------- */

static void
print_sessions (BgrunctlSource *source,
                GVariant       *sessions)
{
  static const BgrunctlColumn columns[] = {
    { N_("APP"), "app-id" },
    { N_("KIND"), "kind" },
    { N_("TITLE"), "title" },
    { N_("STATUS"), "status" },
    { N_("EXPIRES"), "expiration-date" },
  };

  bgrunctl_print_table (sessions, columns, G_N_ELEMENTS (columns), _("No running sessions."));
}

static gboolean
run_sessions (BgrunctlSource   *source,
              BgrunctlOptions  *options,
              GError          **error)
{
  return show (source, options, "ListSessions", g_variant_new ("(s)", app_filter (options)),
               "(aa{sv})", print_sessions, error);
}

static gboolean
run_stop (BgrunctlSource   *source,
          BgrunctlOptions  *options,
          GError          **error)
{
  const char *app_id = options->arguments[0];
  const char *title = options->n_arguments > 1 ? options->arguments[1] : "";
  g_autoptr(GVariant) reply = NULL;

  reply = bgrunctl_source_call (source, "StopSession", g_variant_new ("(ss)", app_id, title),
                                G_VARIANT_TYPE_UNIT, error);
  if (reply == NULL)
    return FALSE;
  if (*title != '\0')
    g_print (_("Stopped “%s” of %s."), title, app_id);
  else
    g_print (_("Stopped the session of %s."), app_id);
  g_print ("\n");
  return TRUE;
}

/* ---- simulate-location ------------------------------------------------ */

static gboolean
run_simulate_location (BgrunctlSource   *source,
                       BgrunctlOptions  *options,
                       GError          **error)
{
  const char *app_id = options->arguments[0];
  /* The app, or bgrund, does not share our working folder. */
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->arguments[1]);
  g_autofree char *path = g_file_get_path (file);
  double speed = 1.0;
  g_autoptr(GVariant) reply = NULL;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file: give the path of a GPX or NMEA track."),
                   options->arguments[1]);
      return FALSE;
    }
  if (options->n_arguments > 2)
    {
      const char *text = options->arguments[2];
      char *end = NULL;

      speed = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !(speed > 0 && speed <= 1e6))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("SPEED “%s” is not a speed: give a number above 0, such as 10 for ten times faster."),
                       text);
          return FALSE;
        }
    }
  reply = bgrunctl_source_call (source, "SimulateLocation", g_variant_new ("(ssd)", app_id, path, speed),
                                G_VARIANT_TYPE_UNIT, error);
  if (reply == NULL)
    return FALSE;
  g_print (_("The location sessions of %s now replay %s."), app_id, path);
  g_print ("\n");
  return TRUE;
}

/* ---- simulate-connectivity, -intent, -bluetooth-alert, -snapshot, ------
 * -shortcut, -push */

static gboolean
simulate_trigger (BgrunctlSource  *source,
                  const char      *app_id,
                  const char      *kind,
                  GVariant        *data,
                  GError         **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = bgrunctl_source_call (source, "SimulateTrigger", g_variant_new ("(ss@a{sv})", app_id, kind, data),
                                G_VARIANT_TYPE_UNIT, error);
  if (reply == NULL)
    return FALSE;
  g_print (_("Started a %s task of %s, as its trigger would."), kind, app_id);
  g_print ("\n");
  return TRUE;
}

static gboolean
run_simulate_connectivity (BgrunctlSource   *source,
                           BgrunctlOptions  *options,
                           GError          **error)
{
  return simulate_trigger (source, options->arguments[0], "connectivity",
                           g_variant_new ("a{sv}", NULL), error);
}

static gboolean
run_simulate_intent (BgrunctlSource   *source,
                     BgrunctlOptions  *options,
                     GError          **error)
{
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&data, "action-name", "s", options->arguments[1]);
  if (options->n_arguments > 2)
    {
      g_autoptr(GError) parse_error = NULL;
      GVariant *parameter = g_variant_parse (NULL, options->arguments[2], NULL, NULL, &parse_error);

      if (parameter == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("PARAMETER “%s” is not a GVariant in text form (such as \"'inbox'\" or 42): %s"),
                       options->arguments[2], parse_error->message);
          return FALSE;
        }
      g_variant_dict_insert_value (&data, "parameter", parameter);
    }
  return simulate_trigger (source, options->arguments[0], "intent-did-run",
                           g_variant_dict_end (&data), error);
}

static gboolean
run_simulate_snapshot (BgrunctlSource   *source,
                       BgrunctlOptions  *options,
                       GError          **error)
{
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&data, "reason", "s",
                         options->n_arguments > 1 ? options->arguments[1] : "app-scheduled");
  return simulate_trigger (source, options->arguments[0], "snapshot", g_variant_dict_end (&data), error);
}

static gboolean
run_simulate_shortcut (BgrunctlSource   *source,
                       BgrunctlOptions  *options,
                       GError          **error)
{
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert (&data, "chance", "s", "daily");
  return simulate_trigger (source, options->arguments[0], "relevant-shortcut", g_variant_dict_end (&data),
                           error);
}

static gboolean
run_simulate_bluetooth_alert (BgrunctlSource   *source,
                              BgrunctlOptions  *options,
                              GError          **error)
{
  const char *hex = options->arguments[3];
  gsize length = strlen (hex);
  g_autoptr(GByteArray) value = g_byte_array_new ();
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  for (gsize i = 0; length % 2 == 0 && i < length; i += 2)
    {
      int high = g_ascii_xdigit_value (hex[i]), low = g_ascii_xdigit_value (hex[i + 1]);
      guint8 byte;

      if (high < 0 || low < 0)
        break;
      byte = (guint8) (high * 16 + low);
      g_byte_array_append (value, &byte, 1);
    }
  if (value->len * 2 != length)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("VALUE “%s” is not bytes in hexadecimal, such as 0048."), hex);
      return FALSE;
    }
  g_variant_dict_insert (&data, "address", "s", options->arguments[1]);
  g_variant_dict_insert (&data, "characteristic", "s", options->arguments[2]);
  g_variant_dict_insert_value (&data, "value",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, value->data, value->len, 1));
  return simulate_trigger (source, options->arguments[0], "bluetooth-alert", g_variant_dict_end (&data),
                           error);
}

static gboolean
run_simulate_push (BgrunctlSource   *source,
                   BgrunctlOptions  *options,
                   GError          **error)
{
  const char *message = options->arguments[1];
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);

  g_variant_dict_insert_value (&data, "message",
                               g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, message, strlen (message), 1));
  g_variant_dict_insert (&data, "message-id", "s", "bgrunctl");
  return simulate_trigger (source, options->arguments[0], "push", g_variant_dict_end (&data), error);
}

/* ---- explain ---------------------------------------------------------- */

static void
print_explanation (BgrunctlSource *source,
                   GVariant       *explanation)
{
  g_autoptr(GVariant) deadline = g_variant_lookup_value (explanation, "deadline", G_VARIANT_TYPE_INT64);
  g_autoptr(GVariant) earliest = g_variant_lookup_value (explanation, "earliest", G_VARIANT_TYPE_INT64);
  g_autofree const char **messages = NULL;
  const char *identifier = "", *app_id = "", *trigger;
  gboolean running = FALSE;

  g_variant_lookup (explanation, "identifier", "&s", &identifier);
  g_variant_lookup (explanation, "app-id", "&s", &app_id);
  g_variant_lookup (explanation, "running", "b", &running);
  g_variant_lookup (explanation, "messages", "^a&s", &messages);
  if (g_variant_lookup (explanation, "trigger", "&s", &trigger))
    {
      g_print (_("%s of %s is not pending: the system starts it.\n"), identifier, app_id);
      g_print ("  • %s\n", trigger);
    }

  if (running)
    {
      g_autofree char *until = bgrunctl_format_value ("deadline", deadline);

      g_print (_("%s of %s is running, until %s.\n"), identifier, app_id, until);
    }
  if (messages == NULL)
    return;
  g_print (_("%s of %s is pending.\n"), identifier, app_id);
  if (earliest != NULL)
    {
      g_autofree char *when = bgrunctl_format_value ("earliest", earliest);

      g_print (_("It can run at %s at the earliest, if nothing else changes.\n"), when);
    }
  else
    g_print (_("It cannot run until a condition below changes.\n"));
  if (messages[0] == NULL)
    g_print (_("Nothing holds it back: it runs at the next evaluation.\n"));
  for (guint i = 0; messages[i] != NULL; i++)
    g_print ("  • %s\n", messages[i]);
}

/* explain-tag APP TAG: each pending request of APP that carries TAG, as
 * the engine explains them (bgrun_scheduler_explain_by_tag() in the
 * app); with --json, one array. */
static gboolean
run_explain_tag (BgrunctlSource   *source,
                BgrunctlOptions  *options,
                GError          **error)
{
  g_autoptr(GVariant) reply = bgrunctl_source_call (source, "ExplainByTag",
                                                    g_variant_new ("(ss)", options->arguments[0],
                                                                   options->arguments[1]),
                                                    G_VARIANT_TYPE ("(aa{sv})"), error);
  g_autoptr(GVariant) explanations = NULL;
  GVariantIter iter;
  GVariant *explanation;

  if (reply == NULL)
    return FALSE;
  explanations = g_variant_get_child_value (reply, 0);
  if (g_variant_n_children (explanations) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No pending request of %s carries the tag “%s”."),
                   options->arguments[0], options->arguments[1]);
      return FALSE;
    }
  if (options->json)
    {
      bgrunctl_print_json (explanations);
      return TRUE;
    }
  g_variant_iter_init (&iter, explanations);
  while ((explanation = g_variant_iter_next_value (&iter)) != NULL)
    {
      print_explanation (source, explanation);
      g_variant_unref (explanation);
    }
  return TRUE;
}

static gboolean
run_explain (BgrunctlSource   *source,
             BgrunctlOptions  *options,
             GError          **error)
{
  return show (source, options, "Explain",
               g_variant_new ("(ss)", options->arguments[0], options->arguments[1]),
               "(a{sv})", print_explanation, error);
}

/* ---- actions ---------------------------------------------------------- */

static gboolean
act (BgrunctlSource   *source,
     BgrunctlOptions  *options,
     const char       *method,
     const char       *done_format,
     GError          **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = bgrunctl_source_call (source, method,
                                g_variant_new ("(ss)", options->arguments[0], options->arguments[1]),
                                G_VARIANT_TYPE_UNIT, error);
  if (reply == NULL)
    return FALSE;
  g_print (done_format, options->arguments[1], options->arguments[0]);
  g_print ("\n");
  return TRUE;
}

static gboolean
run_simulate_launch (BgrunctlSource   *source,
                     BgrunctlOptions  *options,
                     GError          **error)
{
  return act (source, options, "SimulateLaunch", _("Started %s of %s."), error);
}

static gboolean
run_simulate_expiration (BgrunctlSource   *source,
                         BgrunctlOptions  *options,
                         GError          **error)
{
  return act (source, options, "SimulateExpiration", _("Expired %s of %s."), error);
}

static gboolean
run_cancel (BgrunctlSource   *source,
            BgrunctlOptions  *options,
            GError          **error)
{
  return act (source, options, "Cancel", _("Cancelled %s of %s."), error);
}

static gboolean
run_cancel_tag (BgrunctlSource   *source,
                BgrunctlOptions  *options,
                GError          **error)
{
  return act (source, options, "CancelByTag", _("Cancelled the requests tagged %s of %s."), error);
}

static const BgrunctlCommand commands[] = {
  { "status", NULL, N_("Show where the engine runs and the conditions it sees"),
    N_("Shows the engine bgrunctl reaches (bgrund, else the app named with --app when it runs its engine embedded, or the stores under --state-dir), its version, how many apps it knows, and the conditions it schedules by: network, power, battery, memory."),
    BGRUNCTL_TAKES_JSON | BGRUNCTL_TAKES_APP, run_status },
  { "apps", NULL, N_("List the apps that have background work"),
    N_("Lists every app with requests, tasks or history, with how many requests are pending and tasks running, and whether a process of the app is attached."),
    BGRUNCTL_TAKES_JSON, run_apps },
  { "list", NULL, N_("List pending requests"),
    N_("Lists the pending requests of every app, or of the app given with --app, oldest first; with --tag, only those that carry the tag."),
    BGRUNCTL_TAKES_JSON | BGRUNCTL_TAKES_APP | BGRUNCTL_TAKES_TAG, run_list },
  { "running", NULL, N_("List running tasks"),
    N_("Lists the running tasks of every app, or of the app given with --app, with their attempt, the progress they reported, and when each expires."),
    BGRUNCTL_TAKES_JSON | BGRUNCTL_TAKES_APP, run_running },
  { "history", NULL, N_("Show what happened to requests and tasks"),
    N_("Shows the history of every app, or of the app given with --app, oldest first: submitted, started, completed, failed, expired, cancelled and rejected requests and tasks. --limit keeps the latest entries only; --tag, those of requests that carry the tag."),
    BGRUNCTL_TAKES_JSON | BGRUNCTL_TAKES_APP | BGRUNCTL_TAKES_LIMIT | BGRUNCTL_TAKES_TAG, run_history },
  { "transfers", NULL, N_("List background transfers with their progress"),
    N_("Lists the downloads and uploads of the background URL sessions of every app, or of the app given with --app, whether they run in bgrund or in the app, and whether the app runs or not: their session, task id, kind, state (and why a waiting one waits), progress and URI. Progress is what is on disk: the bytes a download has received, the bytes the server of a resumable upload has confirmed. After them come the completions their app was not given yet."),
    BGRUNCTL_TAKES_JSON | BGRUNCTL_TAKES_APP, run_transfers },
  { "explain", N_("APP IDENTIFIER"), N_("Say why a request has not run yet, and when it could"),
    N_("Explains why the pending request IDENTIFIER of APP has not run yet: each condition it waits for, and the earliest time it could run; for an app that is not running, when bgrund will start it. For a running task, says until when it may run."),
    BGRUNCTL_TAKES_JSON, run_explain },
  { "explain-tag", N_("APP TAG"), N_("Explain each pending request that carries a tag"),
    N_("Explains, as explain does, each pending request of APP that carries TAG."),
    BGRUNCTL_TAKES_JSON, run_explain_tag },
  { "simulate-launch", N_("APP IDENTIFIER"), N_("Run a pending request now"),
    N_("Starts the pending request IDENTIFIER of APP now, whatever its conditions, as if it were due. When no process of APP runs, bgrund starts the app as it does for a due task, and the task starts as soon as the app has registered its handler for IDENTIFIER."),
    0, run_simulate_launch },
  { "simulate-expiration", N_("APP IDENTIFIER"), N_("Expire a running task now"),
    N_("Expires the running task IDENTIFIER of APP now, as if its time were up: the app’s expiration handler runs, and the task ends after a short grace period unless the app completes it."),
    0, run_simulate_expiration },
  { "cancel", N_("APP IDENTIFIER"), N_("Cancel a pending request"),
    N_("Cancels the pending request IDENTIFIER of APP, as the app’s own cancel would."),
    0, run_cancel },
  { "cancel-tag", N_("APP TAG"), N_("Cancel the pending requests that carry a tag"),
    N_("Cancels every pending request of APP that carries TAG, as the app’s own cancel by tag would."),
    0, run_cancel_tag },
  { "sessions", NULL, N_("List the sessions apps keep running"),
    N_("Lists the running ongoing sessions, extended runtime sessions and active audio sessions of every app, or of the app given with --app: their kind, title, and status or expiration (for an audio session, what its category is for and whether it plays, records, is paused or interrupted; --json adds its category). bgrund knows the sessions the apps attached to it reported; an app whose engine runs embedded (named with --app when bgrund does not run) shows all of its own."),
    BGRUNCTL_TAKES_JSON | BGRUNCTL_TAKES_APP, run_sessions },
  { "stop", N_("APP [TITLE]"), N_("Stop a running session, as its Stop button does"),
    N_("Ends the running session TITLE of APP (or its only session, without TITLE) as the user’s Stop on its notification does: the app is told the user stopped it. bgrund passes the request on to the app; an app whose engine runs embedded ends the session itself."),
    0, run_stop },
  { "simulate-location", N_("APP FILE [SPEED]"), N_("Drive a running app’s location along a recorded track"),
    N_("Makes every location session of the running APP replay FILE, a GPX or NMEA track (as BGRUN_LOCATION_REPLAY does at start), SPEED times faster than recorded (1 by default), whatever provider the app asked for: the running sessions switch to it at once, keeping their regions, and those started later replay it, until the app exits. The file is checked before anything changes."),
    0, run_simulate_location },
  { "simulate-connectivity", N_("APP"), N_("Start a connectivity task, as the network coming back would"),
    N_("Starts a connectivity task of APP, as full network connectivity coming back after an outage does for an app that subscribed: in the running app, or bgrund starts the app for it."),
    0, run_simulate_connectivity },
  { "simulate-intent", N_("APP ACTION [PARAMETER]"), N_("Start an intent task, as an action run from outside would"),
    N_("Starts an intent-did-run task of APP for its action ACTION with PARAMETER (a GVariant in text form), as the action running from outside the app while it is not in front does: in the running app, or bgrund starts the app for it. The action itself does not run."),
    0, run_simulate_intent },
  { "simulate-bluetooth-alert", N_("APP ADDRESS UUID VALUE"), N_("Start a Bluetooth alert task, as a notifying characteristic would"),
    N_("Starts a Bluetooth alert task of APP as the GATT characteristic UUID of the device ADDRESS notifying VALUE (bytes in hexadecimal, such as 0048) would: in the running app, or bgrund starts the app for it. No device is needed."),
    0, run_simulate_bluetooth_alert },
  { "simulate-snapshot", N_("APP [REASON]"), N_("Start a snapshot task, as its trigger would"),
    N_("Starts a snapshot task of APP for REASON (app-scheduled, the default; app-backgrounded, return-to-default-state or prelaunch), as the app leaving the foreground, staying away or being started in the background would: in the running app, or bgrund starts the app for it. It replaces the snapshot of that reason that waits."),
    0, run_simulate_snapshot },
  { "simulate-shortcut", N_("APP"), N_("Give an app its daily shortcut chance now"),
    N_("Asks for the relevant-shortcut task of APP now, in place of the one that waits: it runs within the app’s refresh budget (“bgrunctl explain APP APP.shortcut” says when), in the running app, or bgrund starts the app for it."),
    0, run_simulate_shortcut },
  { "simulate-push", N_("APP MESSAGE"), N_("Start a push task, as a UnifiedPush message would"),
    N_("Starts a push task of APP carrying MESSAGE (its text, as the decrypted message), as a Web Push message passed on by the app’s UnifiedPush distributor would: in the running app, or bgrund starts the app for it. No distributor or application server is needed."),
    0, run_simulate_push },
  { "timeline", NULL, N_("Draw what happened as a timeline, in SVG"),
    N_("Draws the history of every app, or of the app given with --app, from --since (else its first entry) to now, into the SVG file given with --svg: one lane per request with its waits (and, for a pending request, why it waits), its runs, and marks for its submissions, completions, failures, expiries and cancellations; below them, the background transfers with their progress."),
    BGRUNCTL_TAKES_APP | BGRUNCTL_TAKES_SVG, bgrunctl_run_timeline },
};

const BgrunctlCommand *
bgrunctl_commands (guint *n_commands)
{
  *n_commands = G_N_ELEMENTS (commands);
  return commands;
}
