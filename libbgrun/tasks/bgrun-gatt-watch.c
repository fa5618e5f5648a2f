/* bgrun-gatt-watch.c: one BlueZ GATT characteristic's notifications
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-gatt-watch-private.h"

/* BlueZ's D-Bus API: each device and GATT characteristic is an object
 * under org.bluez's object manager; a characteristic's Service names its
 * service object, whose Device names the device. Notifications arrive as
 * PropertiesChanged of the characteristic's Value once StartNotify was
 * called on it. */
#define DEVICE_IFACE         "org.bluez.Device1"
#define SERVICE_IFACE        "org.bluez.GattService1"
#define CHARACTERISTIC_IFACE "org.bluez.GattCharacteristic1"

struct _BgrunGattWatch
{
  GObject             parent_instance;
  char               *address;
  char               *uuid;
  GCancellable       *cancellable;
  GDBusObjectManager *manager;
  GDBusProxy         *characteristic;  /* the one followed, notifying */
};

G_DEFINE_FINAL_TYPE (BgrunGattWatch, bgrun_gatt_watch, G_TYPE_OBJECT)

enum {
  SIG_NOTIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
proxy_string (GDBusObjectManager *manager,
              const char         *path,
              const char         *iface,
              const char         *property)
{
  g_autoptr(GDBusInterface) proxy = g_dbus_object_manager_get_interface (manager, path, iface);
  g_autoptr(GVariant) value = proxy != NULL ? g_dbus_proxy_get_cached_property (G_DBUS_PROXY (proxy), property) : NULL;

  if (value == NULL || !(g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
                         g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH)))
    return NULL;
  return g_variant_dup_string (value, NULL);
}

/* Whether @characteristic (a proxy of the manager) is the one followed. */
static gboolean
is_followed (BgrunGattWatch *self,
             GDBusProxy     *characteristic)
{
  const char *path = g_dbus_proxy_get_object_path (characteristic);
  g_autofree char *uuid = proxy_string (self->manager, path, CHARACTERISTIC_IFACE, "UUID");
  g_autofree char *service = proxy_string (self->manager, path, CHARACTERISTIC_IFACE, "Service");
  g_autofree char *device = service != NULL ? proxy_string (self->manager, service, SERVICE_IFACE, "Device") : NULL;
  g_autofree char *address = device != NULL ? proxy_string (self->manager, device, DEVICE_IFACE, "Address") : NULL;

  return uuid != NULL && address != NULL &&
         g_ascii_strcasecmp (uuid, self->uuid) == 0 && g_ascii_strcasecmp (address, self->address) == 0;
}

static void
on_value (GDBusProxy     *proxy,
          GVariant       *changed,
          GStrv           invalidated,
          BgrunGattWatch *self)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (changed, "Value", G_VARIANT_TYPE_BYTESTRING);
  g_autoptr(GBytes) bytes = NULL;

  if (value == NULL)
    return;
  bytes = g_variant_get_data_as_bytes (value);
  g_signal_emit (self, signals[SIG_NOTIFIED], 0, bytes);
}

static void
on_start_notify (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("libbgrun: BlueZ did not start the notifications of %s: %s",
               g_dbus_proxy_get_object_path (G_DBUS_PROXY (source)), error->message);
}

static void
follow (BgrunGattWatch *self,
        GDBusProxy     *characteristic)
{
  if (self->characteristic != NULL || !is_followed (self, characteristic))
    return;
  self->characteristic = g_object_ref (characteristic);
  g_signal_connect (characteristic, "g-properties-changed", G_CALLBACK (on_value), self);
  g_dbus_proxy_call (characteristic, "StartNotify", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                     self->cancellable, on_start_notify, NULL);
}

static void
find (BgrunGattWatch *self)
{
  GList *objects = g_dbus_object_manager_get_objects (self->manager);

  for (GList *l = objects; l != NULL; l = l->next)
    {
      g_autoptr(GDBusInterface) proxy = g_dbus_object_get_interface (l->data, CHARACTERISTIC_IFACE);

      if (proxy != NULL)
        follow (self, G_DBUS_PROXY (proxy));
    }
  g_list_free_full (objects, g_object_unref);
}

static void
drop (BgrunGattWatch *self)
{
  if (self->characteristic == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->characteristic, self);
  g_clear_object (&self->characteristic);
}

static void
on_interface_added (GDBusObjectManager *manager,
                    GDBusObject        *object,
                    GDBusInterface     *interface,
                    BgrunGattWatch     *self)
{
  /* Services and devices may come after the characteristic. */
  find (self);
}

static void
on_object_removed (GDBusObjectManager *manager,
                   GDBusObject        *object,
                   BgrunGattWatch     *self)
{
  if (self->characteristic != NULL &&
      g_str_equal (g_dbus_object_get_object_path (object),
                   g_dbus_proxy_get_object_path (self->characteristic)))
    drop (self);
}

static void
on_manager (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  BgrunGattWatch *self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusObjectManager *manager = g_dbus_object_manager_client_new_for_bus_finish (result, &error);

  if (manager == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("libbgrun: cannot follow BlueZ for Bluetooth alerts: %s", error->message);
      g_object_unref (self);
      return;
    }
  self->manager = manager;
  g_signal_connect (manager, "interface-added", G_CALLBACK (on_interface_added), self);
  g_signal_connect (manager, "object-added", G_CALLBACK (on_interface_added), self);
  g_signal_connect (manager, "object-removed", G_CALLBACK (on_object_removed), self);
  find (self);
  g_object_unref (self);
}

static void
bgrun_gatt_watch_dispose (GObject *object)
{
  BgrunGattWatch *self = BGRUN_GATT_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  drop (self);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (bgrun_gatt_watch_parent_class)->dispose (object);
}

static void
bgrun_gatt_watch_finalize (GObject *object)
{
  BgrunGattWatch *self = BGRUN_GATT_WATCH (object);

  g_free (self->address);
  g_free (self->uuid);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bgrun_gatt_watch_parent_class)->finalize (object);
}

static void
bgrun_gatt_watch_class_init (BgrunGattWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_gatt_watch_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_gatt_watch_finalize;

  signals[SIG_NOTIFIED] = g_signal_new ("notified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
bgrun_gatt_watch_init (BgrunGattWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

BgrunGattWatch *
bgrun_gatt_watch_new (const char *address,
                      const char *uuid)
{
  BgrunGattWatch *self = g_object_new (BGRUN_TYPE_GATT_WATCH, NULL);

  self->address = g_strdup (address);
  self->uuid = g_strdup (uuid);
  g_dbus_object_manager_client_new_for_bus (G_BUS_TYPE_SYSTEM, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE,
                                            "org.bluez", "/", NULL, NULL, NULL, self->cancellable,
                                            on_manager, g_object_ref (self));
  return self;
}
