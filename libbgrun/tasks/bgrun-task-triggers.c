/* bgrun-task-triggers.c: the tasks the system starts when something
 * happens outside the app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-bluetooth-alert-refresh-task.h"
#include "bgrun-bluetooth-alert-watch-private.h"
#include "bgrun-connectivity-refresh-task.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-intent-did-run-refresh-task.h"
#include "bgrun-limits.h"
#include "bgrun-push-refresh-task.h"
#include "bgrun-local-broker-private.h"
#include "bgrun-relevant-shortcut-refresh-task.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-snapshot-refresh-task.h"
#include "bgrun-task-triggers-private.h"

/* WatchKit hands an app refresh tasks of several kinds that the system,
 * not the app, starts: each here is a BGRUN_KIND_SYSTEM kind, whose
 * request is submitted by whoever saw the trigger (the app's own process
 * embedded, bgrund for the daemon placement) with what it saw as the
 * task's user info. From there the engine does what it does for every
 * system request: runs it in an attached process of the app, or makes the
 * app due so that bgrund starts it. */

static gboolean
check_snapshot (GVariant  *data,
                GError   **error)
{
  g_autoptr(GEnumClass) reasons = g_type_class_ref (BGRUN_TYPE_SNAPSHOT_REASON);
  const char *nick = "";

  g_variant_lookup (data, "reason", "&s", &nick);
  if (g_enum_get_value_by_nick (reasons, nick) != NULL)
    return TRUE;
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
               _("“%s” is no snapshot reason: use app-scheduled, return-to-default-state, complication-update, prelaunch or app-backgrounded."),
               nick);
  return FALSE;
}

static gboolean
check_bluetooth_alert (GVariant  *data,
                       GError   **error)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (data, "value", G_VARIANT_TYPE_BYTESTRING);
  g_autofree char *key = NULL;
  const char *address = "", *uuid = "";

  g_variant_lookup (data, "address", "&s", &address);
  g_variant_lookup (data, "characteristic", "&s", &uuid);
  if (!bgrun_bluetooth_alert_key (address, uuid, &key, error))
    return FALSE;
  if (value != NULL)
    return TRUE;
  g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("A Bluetooth alert needs the value notified, as bytes (“value”, ay)."));
  return FALSE;
}

static gboolean
check_push (GVariant  *data,
            GError   **error)
{
  g_autoptr(GVariant) message = g_variant_lookup_value (data, "message", G_VARIANT_TYPE_BYTESTRING);

  if (message != NULL || g_variant_lookup (data, "failed", "&s", NULL))
    return TRUE;
  g_set_error_literal (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                       _("A push task needs the decrypted message, as bytes (“message”, ay)."));
  return FALSE;
}

static const BgrunTrigger triggers[] = {
  {
    .kind = {
      .name = BGRUN_REQUEST_KIND_CONNECTIVITY,
      .task_type = bgrun_connectivity_refresh_task_get_type,
      .duration = BGRUN_APP_REFRESH_DURATION,
      .flags = BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER,
      .waits_for_app = N_("The network is back; bgrund starts the app to run its connectivity task."),
      .cannot_run_now = N_("Cannot run “%s” now: it is a connectivity task, and no process of %s is running to receive it. Start the app; the task runs when it connects."),
      .identifier_taken = N_("Cannot submit “%s”: libbgrun starts the app’s connectivity tasks under that identifier. Give the request another identifier."),
      .identifier_used = N_("Cannot start %s for its connectivity task: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
    },
    .suffix = "connectivity",
    .waits_for = N_("Waits for full network connectivity to come back after an outage (NetworkManager’s connectivity, through GNetworkMonitor)."),
  },
  {
    .kind = {
      .name = BGRUN_REQUEST_KIND_BLUETOOTH_ALERT,
      .task_type = bgrun_bluetooth_alert_refresh_task_get_type,
      .duration = BGRUN_APP_REFRESH_DURATION,
      .flags = BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER,
      .waits_for_app = N_("A Bluetooth accessory notified; bgrund starts the app to run its Bluetooth alert task."),
      .cannot_run_now = N_("Cannot run “%s” now: it is a Bluetooth alert task, and no process of %s is running to receive it. Start the app; the task runs when it connects."),
      .identifier_taken = N_("Cannot submit “%s”: libbgrun starts the app’s Bluetooth alert tasks under that identifier. Give the request another identifier."),
      .identifier_used = N_("Cannot start %s for its Bluetooth alert task: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
    },
    .suffix = "bluetooth-alert",
    .each_event = TRUE,
    .check = check_bluetooth_alert,
    .waits_for = N_("Waits for a GATT characteristic the app subscribed to (BlueZ) to notify a value."),
  },
  {
    .kind = {
      .name = BGRUN_REQUEST_KIND_INTENT_DID_RUN,
      .task_type = bgrun_intent_did_run_refresh_task_get_type,
      .duration = BGRUN_APP_REFRESH_DURATION,
      .flags = BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER,
      .waits_for_app = N_("An action of the app ran from outside it; bgrund starts the app to run its intent task."),
      .cannot_run_now = N_("Cannot run “%s” now: it is an intent task, and no process of %s is running to receive it. Start the app; the task runs when it connects."),
      .identifier_taken = N_("Cannot submit “%s”: libbgrun starts the app’s intent tasks under that identifier. Give the request another identifier."),
      .identifier_used = N_("Cannot start %s for its intent task: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
    },
    .suffix = "intent",
    .each_event = TRUE,
    .app_reports = TRUE,
    .waits_for = N_("Waits for one of the app’s actions to run from outside the app while it is not in front (org.freedesktop.Application.ActivateAction)."),
  },
  {
    .kind = {
      .name = BGRUN_REQUEST_KIND_SNAPSHOT,
      .task_type = bgrun_snapshot_refresh_task_get_type,
      .duration = BGRUN_APP_REFRESH_DURATION,
      .flags = BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER,
      .waits_for_app = N_("The app is not running; bgrund starts it to run its snapshot task."),
      .cannot_run_now = N_("Cannot run “%s” now: it is a snapshot task, and no process of %s is running to receive it. Start the app; the task runs when it connects."),
      .identifier_taken = N_("Cannot submit “%s”: libbgrun starts the app’s snapshot tasks under that identifier. Give the request another identifier."),
      .identifier_used = N_("Cannot start %s for its snapshot task: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
    },
    .suffix = "snapshot",
    .instance_key = "reason",
    .check = check_snapshot,
    .app_reports = TRUE,
    .waits_for = N_("Waits for the app to leave the foreground, to stay in the background for a while, to be started in the background, or for the time the app scheduled."),
  },
  {
    .kind = {
      .name = BGRUN_REQUEST_KIND_RELEVANT_SHORTCUT,
      .task_type = bgrun_relevant_shortcut_refresh_task_get_type,
      .duration = BGRUN_APP_REFRESH_DURATION,
      .flags = BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER | BGRUN_KIND_USES_BUDGET,
      .waits_for_app = N_("The app is not running; bgrund starts it to run its daily shortcut task."),
      .cannot_run_now = N_("Cannot run “%s” now: it is a shortcut task, and no process of %s is running to receive it. Start the app; the task runs when it connects."),
      .identifier_taken = N_("Cannot submit “%s”: libbgrun starts the app’s shortcut tasks under that identifier. Give the request another identifier."),
      .identifier_used = N_("Cannot start %s for its shortcut task: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
    },
    .suffix = "shortcut",
    .instance_key = "chance",
    .single_instance = TRUE,
    .app_reports = TRUE,
    .waits_for = N_("Waits for the app’s daily chance to update its desktop actions, within its refresh budget; the app asks for it with Bgrun.RelevantShortcutRefreshTask.subscribe()."),
  },
  {
    .kind = {
      .name = BGRUN_REQUEST_KIND_PUSH,
      .task_type = bgrun_push_refresh_task_get_type,
      .duration = BGRUN_APP_REFRESH_DURATION,
      .flags = BGRUN_KIND_SYSTEM | BGRUN_KIND_FOR_HANDLER,
      .waits_for_app = N_("A push message came for the app; bgrund starts it to run its push task."),
      .cannot_run_now = N_("Cannot run “%s” now: it is a push task, and no process of %s is running to receive it. Start the app; the task runs when it connects."),
      .identifier_taken = N_("Cannot submit “%s”: libbgrun starts the app’s push tasks under that identifier. Give the request another identifier."),
      .identifier_used = N_("Cannot start %s for its push task: the app has a pending task request with the identifier “%s”, which libbgrun uses. Give that request another identifier."),
    },
    .suffix = "push",
    .each_event = TRUE,
    .check = check_push,
    .app_reports = TRUE,
    .waits_for = N_("Waits for the app’s UnifiedPush distributor to pass on a Web Push message for it (org.unifiedpush.Connector2); the app registers with Bgrun.PushRegistration.register()."),
  },
};

void
bgrun_task_triggers_register (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (triggers); i++)
    bgrun_kind_register (&triggers[i].kind);
}

const BgrunTrigger *
bgrun_task_trigger_lookup (const char *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (triggers); i++)
    if (g_strcmp0 (triggers[i].kind.name, kind) == 0)
      return &triggers[i];
  return NULL;
}

const BgrunTrigger *
bgrun_task_trigger_for_identifier (const char *app_id,
                                   const char *identifier)
{
  for (gsize i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      g_autofree char *base = g_strconcat (app_id, ".", triggers[i].suffix, NULL);

      gboolean numbered = triggers[i].each_event ||
                          (triggers[i].instance_key != NULL && !triggers[i].single_instance);

      if (!numbered && g_str_equal (identifier, base))
        return &triggers[i];
      if (numbered && g_str_has_prefix (identifier, base) && identifier[strlen (base)] == '.')
        return &triggers[i];
    }
  return NULL;
}

/* One task per event: numbered by the time it was seen, in µs, and never
 * twice the same number in this process. */
static char *
event_identifier (const char         *app_id,
                  const BgrunTrigger *trigger)
{
  static gint64 last;
  gint64 number = MAX (g_get_real_time (), last + 1);

  last = number;
  return g_strdup_printf ("%s.%s.%" G_GINT64_FORMAT, app_id, trigger->suffix, number);
}

static gboolean
unknown_trigger (const char  *kind,
                 GError     **error)
{
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
               _("“%s” is not a kind of task that something outside the app starts: use “connectivity”, “bluetooth-alert”, “intent-did-run”, “snapshot”, “relevant-shortcut” or “push”."),
               kind);
  return FALSE;
}

gboolean
bgrun_task_trigger_fire (BgrunEngine  *engine,
                         const char   *app_id,
                         const char   *kind,
                         GVariant     *data,
                         GError      **error)
{
  const BgrunTrigger *trigger = bgrun_task_trigger_lookup (kind);
  g_autoptr(GVariant) owned = g_variant_ref_sink (data != NULL ? data : g_variant_new ("a{sv}", NULL));
  g_auto(GVariantDict) fields = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *identifier = NULL;
  const char *instance = NULL, *failed = NULL;
  gboolean withdraw = FALSE;
  gint64 begin;

  g_return_val_if_fail (BGRUN_IS_ENGINE (engine), FALSE);

  if (trigger == NULL)
    return unknown_trigger (kind, error);
  if (trigger->instance_key != NULL &&
      (!g_variant_lookup (owned, trigger->instance_key, "&s", &instance) ||
       strchr (instance, '.') != NULL || *instance == '\0'))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("A “%s” task needs its “%s” (a word, such as app-backgrounded)."),
                   kind, trigger->instance_key);
      return FALSE;
    }
  if (trigger->check != NULL && !trigger->check (owned, error))
    return FALSE;
  if (trigger->each_event)
    identifier = event_identifier (app_id, trigger);
  else if (instance != NULL && !trigger->single_instance)
    identifier = g_strconcat (app_id, ".", trigger->suffix, ".", instance, NULL);
  else
    identifier = g_strconcat (app_id, ".", trigger->suffix, NULL);
  if (trigger->each_event && g_variant_lookup (owned, "failed", "&s", &failed))
    {
      bgrun_engine_record_history (engine, app_id, identifier, BGRUN_HISTORY_EVENT_FAILED, failed);
      return TRUE;
    }
  /* The newer event of an instance replaces the one that waits. */
  if (instance != NULL && bgrun_engine_is_system_request (engine, app_id, identifier))
    bgrun_engine_cancel_any (engine, app_id, identifier);
  if (instance != NULL && g_variant_lookup (owned, "withdraw", "b", &withdraw) && withdraw)
    return TRUE;
  g_variant_dict_insert_value (&fields, "user-info", owned);
  if (g_variant_lookup (owned, "begin", "x", &begin))
    g_variant_dict_insert (&fields, "earliest-begin-date", "x", begin);
  return bgrun_engine_submit_system_request_full (engine, app_id, kind, identifier,
                                                  g_variant_dict_end (&fields), error);
}

gboolean
bgrun_task_trigger_report (BgrunPlacement  *placement,
                           const char      *kind,
                           GVariant        *data,
                           GError         **error)
{
  BgrunBroker *broker = bgrun_placement_get_broker (placement);
  g_autoptr(GVariant) owned = g_variant_ref_sink (data != NULL ? data : g_variant_new ("a{sv}", NULL));
  g_autoptr(GVariant) reply = NULL;

  if (BGRUN_IS_LOCAL_BROKER (broker))
    return bgrun_task_trigger_fire (bgrun_local_broker_get_engine (BGRUN_LOCAL_BROKER (broker)),
                                    bgrun_placement_get_app_id (placement), kind, owned, error);
  reply = bgrun_dbus_broker_call_broker (BGRUN_DBUS_BROKER (broker), "ReportTrigger",
                                         g_variant_new ("(s@a{sv})", kind, owned), error);
  return reply != NULL;
}

/* ---- subscriptions ---------------------------------------------------- */

#define BGRUN_TYPE_TRIGGER_SUBSCRIPTIONS (bgrun_trigger_subscriptions_get_type ())
G_DECLARE_FINAL_TYPE (BgrunTriggerSubscriptions, bgrun_trigger_subscriptions,
                      BGRUN, TRIGGER_SUBSCRIPTIONS, GObject)

/* The kinds an embedded app subscribed to, attached to its placement. */
struct _BgrunTriggerSubscriptions
{
  GObject     parent_instance;
  GHashTable *kinds;  /* interned kind names */
};

G_DEFINE_FINAL_TYPE (BgrunTriggerSubscriptions, bgrun_trigger_subscriptions, G_TYPE_OBJECT)

#define SUBSCRIPTIONS_KEY "bgrun-trigger-subscriptions"

static void
bgrun_trigger_subscriptions_finalize (GObject *object)
{
  g_hash_table_unref (BGRUN_TRIGGER_SUBSCRIPTIONS (object)->kinds);
  G_OBJECT_CLASS (bgrun_trigger_subscriptions_parent_class)->finalize (object);
}

static void
bgrun_trigger_subscriptions_class_init (BgrunTriggerSubscriptionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bgrun_trigger_subscriptions_finalize;
}

static void
bgrun_trigger_subscriptions_init (BgrunTriggerSubscriptions *self)
{
  self->kinds = g_hash_table_new (g_str_hash, g_str_equal);
}

gboolean
bgrun_task_triggers_subscribed (BgrunPlacement *placement,
                                const char     *kind)
{
  BgrunTriggerSubscriptions *self = bgrun_placement_get_attached (placement, SUBSCRIPTIONS_KEY);

  return self != NULL && g_hash_table_contains (self->kinds, kind);
}

gboolean
bgrun_task_triggers_subscribe (BgrunScheduler  *scheduler,
                               const char      *kind,
                               gboolean         subscribed,
                               GError         **error)
{
  BgrunPlacement *placement = bgrun_scheduler_get_placement (scheduler);
  BgrunBroker *broker = bgrun_placement_get_broker (placement);
  const BgrunTrigger *trigger = bgrun_task_trigger_lookup (kind);
  BgrunTriggerSubscriptions *self;
  g_autoptr(GVariant) reply = NULL;

  /* What bgrund watches, it keeps the subscription of; what the app's
   * process sees, the process does. */
  if (BGRUN_IS_DBUS_BROKER (broker) && !trigger->app_reports)
    {
      reply = bgrun_dbus_broker_call_broker (BGRUN_DBUS_BROKER (broker), "Subscribe",
                                             g_variant_new ("(sb)", kind, subscribed), error);
      return reply != NULL;
    }
  self = bgrun_placement_get_attached (placement, SUBSCRIPTIONS_KEY);
  if (self == NULL)
    {
      self = g_object_new (BGRUN_TYPE_TRIGGER_SUBSCRIPTIONS, NULL);
      bgrun_placement_attach (placement, SUBSCRIPTIONS_KEY, self);
    }
  if (subscribed)
    g_hash_table_add (self->kinds, (gpointer) g_intern_string (kind));
  else
    g_hash_table_remove (self->kinds, kind);
  return TRUE;
}
