/* bgrun-trigger-host.c: bgrund starts the tasks of what happens outside
 * the apps
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-bluetooth-alert-watch-private.h"
#include "bgrun-connectivity-watch-private.h"
#include "bgrun-gatt-watch-private.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-task-triggers-private.h"
#include "bgrun-trigger-host-private.h"

struct _BgrunTriggerHost
{
  GObject parent_instance;

  BgrunEngine          *engine;
  BgrunBrokerService   *service;
  char                 *path;          /* triggers.ini */
  GKeyFile             *subscriptions; /* [app id] kinds=… */
  GNetworkMonitor      *monitor;
  GNetworkConnectivity  last;
  GHashTable           *characteristics;  /* "<address>/<uuid>" → BgrunGattWatch */
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (BgrunTriggerHost, bgrun_trigger_host, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define KINDS_KEY "kinds"
#define CHARACTERISTICS_KEY "characteristics"

static void
update_busy (BgrunTriggerHost *self)
{
  g_auto(GStrv) apps = g_key_file_get_groups (self->subscriptions, NULL);
  gboolean busy = apps[0] != NULL;

  if (busy == self->busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
listed (BgrunTriggerHost *self,
        const char       *app_id,
        const char       *list,
        const char       *item)
{
  g_auto(GStrv) items = g_key_file_get_string_list (self->subscriptions, app_id, list, NULL, NULL);

  return items != NULL && g_strv_contains ((const char * const *) items, item);
}

static gboolean
subscribed (BgrunTriggerHost *self,
            const char       *app_id,
            const char       *kind)
{
  return listed (self, app_id, KINDS_KEY, kind);
}

/* Adds @item to, or removes it from, @app_id's @list, and saves. */
static gboolean
update_list (BgrunTriggerHost  *self,
             const char        *app_id,
             const char        *list,
             const char        *item,
             gboolean           wanted,
             GError           **error)
{
  g_auto(GStrv) items = g_key_file_get_string_list (self->subscriptions, app_id, list, NULL, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  g_auto(GStrv) keys = NULL;

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    if (!g_str_equal (items[i], item))
      g_strv_builder_add (builder, items[i]);
  if (wanted)
    g_strv_builder_add (builder, item);
  updated = g_strv_builder_end (builder);
  if (updated[0] != NULL)
    g_key_file_set_string_list (self->subscriptions, app_id, list,
                                (const char * const *) updated, g_strv_length (updated));
  else
    g_key_file_remove_key (self->subscriptions, app_id, list, NULL);
  keys = g_key_file_get_keys (self->subscriptions, app_id, NULL, NULL);
  if (keys != NULL && keys[0] == NULL)
    g_key_file_remove_group (self->subscriptions, app_id, NULL);
  update_busy (self);
  return g_key_file_save_to_file (self->subscriptions, self->path, error);
}


static void
fire_for_subscribers (BgrunTriggerHost *self,
                      const char       *kind)
{
  g_auto(GStrv) apps = g_key_file_get_groups (self->subscriptions, NULL);

  for (guint i = 0; apps[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (subscribed (self, apps[i], kind) &&
          !bgrun_task_trigger_fire (self->engine, apps[i], kind, NULL, &error))
        g_warning ("bgrund: cannot start the %s task of %s: %s", kind, apps[i], error->message);
    }
}

static void
on_connectivity (GNetworkMonitor  *monitor,
                 GParamSpec       *pspec,
                 BgrunTriggerHost *self)
{
  GNetworkConnectivity now = g_network_monitor_get_connectivity (monitor);
  gboolean back = bgrun_connectivity_came_back (self->last, now);

  self->last = now;
  if (back)
    fire_for_subscribers (self, BGRUN_REQUEST_KIND_CONNECTIVITY);
}

static gboolean
subscribe (gpointer     host,
           const char  *app_id,
           const char  *kind,
           gboolean     wanted,
           GError     **error)
{
  BgrunTriggerHost *self = host;
  const BgrunTrigger *trigger = bgrun_task_trigger_lookup (kind);

  if (trigger == NULL || trigger->app_reports || g_str_equal (kind, BGRUN_REQUEST_KIND_BLUETOOTH_ALERT))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("bgrund does not watch for “%s” tasks: an app subscribes to “connectivity”, and to characteristics with SubscribeCharacteristic."),
                   kind);
      return FALSE;
    }
  return update_list (self, app_id, KINDS_KEY, kind, wanted, error);
}

static void
on_notified (BgrunGattWatch   *watch,
             GBytes           *value,
             BgrunTriggerHost *self)
{
  g_auto(GStrv) apps = g_key_file_get_groups (self->subscriptions, NULL);
  GHashTableIter iter;
  gpointer key, found;

  g_hash_table_iter_init (&iter, self->characteristics);
  while (g_hash_table_iter_next (&iter, &key, &found))
    for (guint i = 0; found == watch && apps[i] != NULL; i++)
      {
        g_autoptr(GError) error = NULL;

        if (listed (self, apps[i], CHARACTERISTICS_KEY, key) &&
            !bgrun_task_trigger_fire (self->engine, apps[i], BGRUN_REQUEST_KIND_BLUETOOTH_ALERT,
                                      bgrun_bluetooth_alert_data (key, value), &error))
          g_warning ("bgrund: cannot start the Bluetooth alert task of %s: %s", apps[i], error->message);
      }
}

/* One BgrunGattWatch per characteristic some app subscribed to. */
static void
follow_characteristics (BgrunTriggerHost *self)
{
  g_auto(GStrv) apps = g_key_file_get_groups (self->subscriptions, NULL);
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; apps[i] != NULL; i++)
    {
      g_auto(GStrv) items = g_key_file_get_string_list (self->subscriptions, apps[i], CHARACTERISTICS_KEY,
                                                        NULL, NULL);

      for (guint j = 0; items != NULL && items[j] != NULL; j++)
        g_hash_table_add (wanted, g_strdup (items[j]));
    }
  g_hash_table_iter_init (&iter, self->characteristics);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (wanted, key))
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->characteristics, key))
      {
        g_autofree char *address = g_strndup (key, strcspn (key, "/"));
        BgrunGattWatch *watch = bgrun_gatt_watch_new (address, strchr (key, '/') + 1);

        g_signal_connect (watch, "notified", G_CALLBACK (on_notified), self);
        g_hash_table_insert (self->characteristics, g_strdup (key), watch);
      }
}

static gboolean
subscribe_characteristic (gpointer     host,
                          const char  *app_id,
                          const char  *address,
                          const char  *uuid,
                          gboolean     wanted,
                          GError     **error)
{
  BgrunTriggerHost *self = host;
  g_autofree char *key = NULL;
  gboolean saved;

  if (!bgrun_bluetooth_alert_key (address, uuid, &key, error))
    return FALSE;
  saved = update_list (self, app_id, CHARACTERISTICS_KEY, key, wanted, error);
  follow_characteristics (self);
  return saved;
}

static gboolean
report (gpointer     host,
        const char  *app_id,
        const char  *kind,
        GVariant    *data,
        GError     **error)
{
  BgrunTriggerHost *self = host;
  const BgrunTrigger *trigger = bgrun_task_trigger_lookup (kind);

  if (trigger == NULL || !trigger->app_reports)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("An app does not report “%s” tasks: it reports “intent-did-run”, “snapshot”, “relevant-shortcut” or “push”."), kind);
      return FALSE;
    }
  return bgrun_task_trigger_fire (self->engine, app_id, kind, data, error);
}

static const BgrunTriggerFuncs trigger_funcs = { subscribe, report, subscribe_characteristic };

static void
bgrun_trigger_host_dispose (GObject *object)
{
  BgrunTriggerHost *self = BGRUN_TRIGGER_HOST (object);

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_hash_table_remove_all (self->characteristics);
  if (self->service != NULL)
    bgrun_broker_service_set_trigger_funcs (self->service, NULL, NULL);
  g_clear_object (&self->service);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (bgrun_trigger_host_parent_class)->dispose (object);
}

static void
bgrun_trigger_host_finalize (GObject *object)
{
  BgrunTriggerHost *self = BGRUN_TRIGGER_HOST (object);

  g_free (self->path);
  g_key_file_unref (self->subscriptions);
  g_hash_table_unref (self->characteristics);

  G_OBJECT_CLASS (bgrun_trigger_host_parent_class)->finalize (object);
}

static void
bgrun_trigger_host_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, BGRUN_TRIGGER_HOST (object)->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_trigger_host_class_init (BgrunTriggerHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_trigger_host_dispose;
  object_class->finalize = bgrun_trigger_host_finalize;
  object_class->get_property = bgrun_trigger_host_get_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_trigger_host_init (BgrunTriggerHost *self)
{
  self->subscriptions = g_key_file_new ();
  self->characteristics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

BgrunTriggerHost *
bgrun_trigger_host_new (const char         *base,
                        BgrunEngine        *engine,
                        BgrunBrokerService *service)
{
  BgrunTriggerHost *self = g_object_new (BGRUN_TYPE_TRIGGER_HOST, NULL);
  g_autofree char *directory = g_build_filename (base, "daemon", NULL);
  g_autoptr(GError) error = NULL;

  self->engine = g_object_ref (engine);
  self->service = g_object_ref (service);
  self->path = g_build_filename (directory, "triggers.ini", NULL);
  g_mkdir_with_parents (directory, 0700);
  if (!g_key_file_load_from_file (self->subscriptions, self->path, G_KEY_FILE_NONE, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("bgrund: the apps’ subscriptions in %s are lost: %s", self->path, error->message);
  update_busy (self);
  follow_characteristics (self);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->last = g_network_monitor_get_connectivity (self->monitor);
  g_signal_connect (self->monitor, "notify::connectivity", G_CALLBACK (on_connectivity), self);
  bgrun_broker_service_set_trigger_funcs (service, &trigger_funcs, self);
  return self;
}

gboolean
bgrun_trigger_host_get_busy (BgrunTriggerHost *self)
{
  g_return_val_if_fail (BGRUN_IS_TRIGGER_HOST (self), FALSE);
  return self->busy;
}
