/* bgrun-bluetooth-alert-watch.c: the characteristics an app follows for
 * its Bluetooth alert tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-bluetooth-alert-watch-private.h"
#include "bgrun-dbus-broker-private.h"
#include "bgrun-errors.h"
#include "bgrun-gatt-watch-private.h"
#include "bgrun-i18n-private.h"
#include "bgrun-task-triggers-private.h"

static gboolean
is_address (const char *address)
{
  if (strlen (address) != 17)
    return FALSE;
  for (guint i = 0; i < 17; i++)
    if (i % 3 == 2 ? address[i] != ':' : !g_ascii_isxdigit (address[i]))
      return FALSE;
  return TRUE;
}

gboolean
bgrun_bluetooth_alert_key (const char  *address,
                           const char  *uuid,
                           char       **key,
                           GError     **error)
{
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;

  if (!is_address (address))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” is not a Bluetooth address: give one such as F0:13:C3:5A:22:9B."), address);
      return FALSE;
    }
  if (!g_uuid_string_is_valid (uuid))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_INVALID_REQUEST,
                   _("“%s” is not a characteristic UUID: give its 128-bit form, such as 00002a37-0000-1000-8000-00805f9b34fb."),
                   uuid);
      return FALSE;
    }
  upper = g_ascii_strup (address, -1);
  lower = g_ascii_strdown (uuid, -1);
  *key = g_strconcat (upper, "/", lower, NULL);
  return TRUE;
}

GVariant *
bgrun_bluetooth_alert_data (const char *key,
                            GBytes     *value)
{
  g_auto(GVariantDict) data = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *address = g_strndup (key, strcspn (key, "/"));
  const char *uuid = strchr (key, '/');

  g_variant_dict_insert (&data, "address", "s", address);
  g_variant_dict_insert (&data, "characteristic", "s", uuid != NULL ? uuid + 1 : "");
  g_variant_dict_insert_value (&data, "value",
                               g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, value, TRUE));
  return g_variant_dict_end (&data);
}

/* ---- embedded ---------------------------------------------------------- */

#define BGRUN_TYPE_BLUETOOTH_ALERT_WATCH (bgrun_bluetooth_alert_watch_get_type ())
G_DECLARE_FINAL_TYPE (BgrunBluetoothAlertWatch, bgrun_bluetooth_alert_watch,
                      BGRUN, BLUETOOTH_ALERT_WATCH, GObject)

struct _BgrunBluetoothAlertWatch
{
  GObject     parent_instance;
  GWeakRef    placement;
  GHashTable *watches;  /* key → BgrunGattWatch */
};

G_DEFINE_FINAL_TYPE (BgrunBluetoothAlertWatch, bgrun_bluetooth_alert_watch, G_TYPE_OBJECT)

#define WATCH_KEY "bgrun-bluetooth-alert-watch"

static void
bgrun_bluetooth_alert_watch_dispose (GObject *object)
{
  BgrunBluetoothAlertWatch *self = BGRUN_BLUETOOTH_ALERT_WATCH (object);

  g_hash_table_remove_all (self->watches);
  g_weak_ref_set (&self->placement, NULL);

  G_OBJECT_CLASS (bgrun_bluetooth_alert_watch_parent_class)->dispose (object);
}

static void
bgrun_bluetooth_alert_watch_finalize (GObject *object)
{
  BgrunBluetoothAlertWatch *self = BGRUN_BLUETOOTH_ALERT_WATCH (object);

  g_hash_table_unref (self->watches);
  g_weak_ref_clear (&self->placement);

  G_OBJECT_CLASS (bgrun_bluetooth_alert_watch_parent_class)->finalize (object);
}

static void
bgrun_bluetooth_alert_watch_class_init (BgrunBluetoothAlertWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_bluetooth_alert_watch_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_bluetooth_alert_watch_finalize;
}

static void
bgrun_bluetooth_alert_watch_init (BgrunBluetoothAlertWatch *self)
{
  g_weak_ref_init (&self->placement, NULL);
  self->watches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
on_notified (BgrunGattWatch           *watch,
             GBytes                   *value,
             BgrunBluetoothAlertWatch *self)
{
  g_autoptr(BgrunPlacement) placement = g_weak_ref_get (&self->placement);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, found;

  if (placement == NULL)
    return;
  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, &key, &found))
    if (found == watch &&
        !bgrun_task_trigger_report (placement, BGRUN_REQUEST_KIND_BLUETOOTH_ALERT,
                                    bgrun_bluetooth_alert_data (key, value), &error))
      g_warning ("libbgrun: cannot start the app’s Bluetooth alert task: %s", error->message);
}

gboolean
bgrun_bluetooth_alert_watch_subscribe (BgrunPlacement  *placement,
                                       const char      *address,
                                       const char      *uuid,
                                       gboolean         subscribed,
                                       GError         **error)
{
  BgrunBroker *broker = bgrun_placement_get_broker (placement);
  BgrunBluetoothAlertWatch *self;
  g_autofree char *key = NULL;
  g_autoptr(GVariant) reply = NULL;
  BgrunGattWatch *watch;

  if (!bgrun_bluetooth_alert_key (address, uuid, &key, error))
    return FALSE;
  if (BGRUN_IS_DBUS_BROKER (broker))
    {
      reply = bgrun_dbus_broker_call_broker (BGRUN_DBUS_BROKER (broker), "SubscribeCharacteristic",
                                             g_variant_new ("(ssb)", address, uuid, subscribed), error);
      return reply != NULL;
    }
  self = bgrun_placement_get_attached (placement, WATCH_KEY);
  if (self == NULL)
    {
      self = g_object_new (BGRUN_TYPE_BLUETOOTH_ALERT_WATCH, NULL);
      g_weak_ref_set (&self->placement, placement);
      bgrun_placement_attach (placement, WATCH_KEY, self);
    }
  if (!subscribed)
    g_hash_table_remove (self->watches, key);
  else if (!g_hash_table_contains (self->watches, key))
    {
      watch = bgrun_gatt_watch_new (address, strchr (key, '/') + 1);
      g_signal_connect (watch, "notified", G_CALLBACK (on_notified), self);
      g_hash_table_insert (self->watches, g_steal_pointer (&key), watch);
    }
  return TRUE;
}
