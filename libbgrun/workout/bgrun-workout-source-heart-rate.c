/* bgrun-workout-source-heart-rate.c: a Bluetooth LE heart-rate sensor,
 * through BlueZ
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-heart-rate-measurement-private.h"
#include "bgrun-scheduler-private.h"
#include "bgrun-workout-session-private.h"
#include "bgrun-workout-source-private.h"

/* BlueZ's D-Bus API (doc/org.bluez.Device.rst, org.bluez.GattService.rst,
 * org.bluez.GattCharacteristic.rst): every device, GATT service and
 * characteristic is an object under org.bluez's object manager. The
 * source finds the Heart Rate Measurement characteristic of a Heart Rate
 * Service, asks for its notifications (StartNotify) and reads each one
 * from the PropertiesChanged of its Value. */
#define BLUEZ_NAME          "org.bluez"
#define DEVICE_IFACE        "org.bluez.Device1"
#define SERVICE_IFACE       "org.bluez.GattService1"
#define CHARACTERISTIC_IFACE "org.bluez.GattCharacteristic1"
#define HEART_RATE_SERVICE  "0000180d-0000-1000-8000-00805f9b34fb"
#define MEASUREMENT         "00002a37-0000-1000-8000-00805f9b34fb"
#define KJ_PER_KCAL         4.184

#define BGRUN_TYPE_WORKOUT_SOURCE_HEART_RATE (bgrun_workout_source_heart_rate_get_type ())
G_DECLARE_FINAL_TYPE (BgrunWorkoutSourceHeartRate, bgrun_workout_source_heart_rate,
                      BGRUN, WORKOUT_SOURCE_HEART_RATE, GObject)

struct _BgrunWorkoutSourceHeartRate
{
  GObject parent_instance;

  BgrunWorkoutSession *session;        /* weak */
  BgrunClock          *clock;
  char                *address;        /* NULL: any sensor */
  GCancellable        *cancellable;    /* of this start; NULL when stopped */
  GDBusObjectManager  *manager;
  GDBusProxy          *device;
  GDBusProxy          *characteristic;
  gboolean             notifying;
  gboolean             notify_asked;   /* StartNotify sent on this connection */
  gboolean             lost;           /* disconnected, not back yet */
  guint                reconnect_id;
  gboolean             has_energy;
  guint16              last_energy;
};

static void source_iface_init (BgrunWorkoutSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunWorkoutSourceHeartRate, bgrun_workout_source_heart_rate, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_WORKOUT_SOURCE, source_iface_init))

static void find_sensor (BgrunWorkoutSourceHeartRate *self);

/* ---- reading the proxies ---------------------------------------------- */

static char *
get_string (GDBusProxy *proxy,
            const char *name)
{
  g_autoptr(GVariant) value = proxy != NULL ? g_dbus_proxy_get_cached_property (proxy, name) : NULL;

  if (value == NULL || !(g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
                         g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH)))
    return NULL;
  return g_variant_dup_string (value, NULL);
}

static gboolean
get_boolean (GDBusProxy *proxy,
             const char *name)
{
  g_autoptr(GVariant) value = proxy != NULL ? g_dbus_proxy_get_cached_property (proxy, name) : NULL;

  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
         g_variant_get_boolean (value);
}

static GDBusProxy *
get_proxy (BgrunWorkoutSourceHeartRate *self,
           const char                  *path,
           const char                  *iface)
{
  return path != NULL ? G_DBUS_PROXY (g_dbus_object_manager_get_interface (self->manager, path, iface)) : NULL;
}

static gboolean
device_ready (BgrunWorkoutSourceHeartRate *self)
{
  return get_boolean (self->device, "Connected") && get_boolean (self->device, "ServicesResolved");
}

/* ---- measurements ----------------------------------------------------- */

static void
on_measurement (BgrunWorkoutSourceHeartRate *self,
                GVariant                    *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  BgrunHeartRateMeasurement measurement;
  gsize size;
  const guint8 *data = g_variant_get_fixed_array (value, &size, 1);

  if (!bgrun_heart_rate_measurement_parse (data, size, &measurement, &error))
    {
      g_debug ("libbgrun: ignoring a heart rate measurement: %s", error->message);
      return;
    }
  now = bgrun_clock_get_now (self->clock);
  if (measurement.contact != BGRUN_SENSOR_CONTACT_NOT_DETECTED)
    bgrun_workout_session_deliver_sample (self->session, BGRUN_QUANTITY_TYPE_HEART_RATE,
                                          measurement.heart_rate, now);
  if (measurement.has_energy_expended)
    {
      /* The sensor counts from its own reset: a sample is what it adds
       * since the previous report; a smaller count means it was reset. */
      if (self->has_energy && measurement.energy_expended >= self->last_energy &&
          self->session != NULL)
        bgrun_workout_session_deliver_sample (self->session, BGRUN_QUANTITY_TYPE_ACTIVE_ENERGY,
                                              (measurement.energy_expended - self->last_energy) / KJ_PER_KCAL,
                                              now);
      self->has_energy = TRUE;
      self->last_energy = measurement.energy_expended;
    }
}

static void
on_characteristic_changed (GDBusProxy *proxy,
                           GVariant   *changed,
                           GStrv       invalidated,
                           gpointer    user_data)
{
  BgrunWorkoutSourceHeartRate *self = user_data;
  g_autoptr(GVariant) value = g_variant_lookup_value (changed, "Value", G_VARIANT_TYPE_BYTESTRING);

  if (value != NULL && self->notifying && self->session != NULL)
    on_measurement (self, value);
}

/* ---- notifications and connection ------------------------------------- */

static void
emit (BgrunWorkoutSourceHeartRate *self,
      BgrunWorkoutEventType        type)
{
  g_autoptr(GDateTime) now = bgrun_clock_get_now (self->clock);

  if (self->session != NULL)
    bgrun_workout_session_emit_event (self->session, type, now);
}

static void
start_notify_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BgrunWorkoutSourceHeartRate *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->notify_asked = FALSE;
  if (reply == NULL)
    {
      g_debug ("libbgrun: the heart rate sensor does not notify: %s", error->message);
      return;
    }
  self->notifying = TRUE;
  if (self->lost)
    {
      self->lost = FALSE;
      emit (self, BGRUN_WORKOUT_EVENT_TYPE_SENSOR_CONNECTED);
    }
}

static void
start_notify (BgrunWorkoutSourceHeartRate *self)
{
  if (self->characteristic == NULL || self->notifying || self->notify_asked)
    return;
  self->notify_asked = TRUE;
  g_dbus_proxy_call (self->characteristic, "StartNotify", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                     self->cancellable, start_notify_done, self);
}

static void
connect_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (object), result, &error);

  /* Success shows as Connected and ServicesResolved turning TRUE; a
   * failure waits for the next try. */
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("libbgrun: the heart rate sensor does not connect yet: %s", error->message);
}

static gboolean
try_connect (gpointer user_data)
{
  BgrunWorkoutSourceHeartRate *self = user_data;

  if (self->device == NULL || device_ready (self))
    {
      self->reconnect_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_dbus_proxy_call (self->device, "Connect", NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                     self->cancellable, connect_done, self);
  return G_SOURCE_CONTINUE;
}

static void
start_reconnecting (BgrunWorkoutSourceHeartRate *self)
{
  if (self->reconnect_id != 0)
    return;
  try_connect (self);
  self->reconnect_id = g_timeout_add_seconds (BGRUN_WORKOUT_SENSOR_RECONNECT_INTERVAL, try_connect, self);
}

static void
on_device_changed (GDBusProxy *proxy,
                   GVariant   *changed,
                   GStrv       invalidated,
                   gpointer    user_data)
{
  BgrunWorkoutSourceHeartRate *self = user_data;

  if (device_ready (self))
    {
      g_clear_handle_id (&self->reconnect_id, g_source_remove);
      if (self->characteristic == NULL)
        find_sensor (self);
      start_notify (self);
      return;
    }
  if (!get_boolean (self->device, "Connected") && (self->notifying || !self->lost))
    {
      gboolean was_notifying = self->notifying;

      self->notifying = FALSE;
      self->notify_asked = FALSE;
      if (was_notifying)
        {
          self->lost = TRUE;
          emit (self, BGRUN_WORKOUT_EVENT_TYPE_SENSOR_DISCONNECTED);
        }
      start_reconnecting (self);
    }
}

static void
drop_characteristic (BgrunWorkoutSourceHeartRate *self)
{
  if (self->characteristic != NULL)
    g_signal_handlers_disconnect_by_data (self->characteristic, self);
  g_clear_object (&self->characteristic);
  self->notifying = FALSE;
  self->notify_asked = FALSE;
}

static void
drop_device (BgrunWorkoutSourceHeartRate *self)
{
  drop_characteristic (self);
  if (self->device != NULL)
    g_signal_handlers_disconnect_by_data (self->device, self);
  g_clear_object (&self->device);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
}

/* ---- finding the sensor ----------------------------------------------- */

/* Whether @characteristic (a GattCharacteristic1 proxy) is a heart rate
 * measurement of a Heart Rate Service of the wanted device; sets
 * @device_path to that device. */
static gboolean
is_sensor (BgrunWorkoutSourceHeartRate  *self,
           GDBusProxy                   *characteristic,
           char                        **device_path)
{
  g_autofree char *uuid = get_string (characteristic, "UUID");
  g_autofree char *service_path = get_string (characteristic, "Service");
  g_autoptr(GDBusProxy) service = NULL;
  g_autoptr(GDBusProxy) device = NULL;
  g_autofree char *service_uuid = NULL;
  g_autofree char *address = NULL;

  if (g_ascii_strcasecmp (uuid != NULL ? uuid : "", MEASUREMENT) != 0)
    return FALSE;
  service = get_proxy (self, service_path, SERVICE_IFACE);
  service_uuid = get_string (service, "UUID");
  if (g_ascii_strcasecmp (service_uuid != NULL ? service_uuid : "", HEART_RATE_SERVICE) != 0)
    return FALSE;
  *device_path = get_string (service, "Device");
  device = get_proxy (self, *device_path, DEVICE_IFACE);
  address = get_string (device, "Address");
  if (device == NULL || (self->address != NULL && g_ascii_strcasecmp (self->address, address != NULL ? address : "") != 0))
    {
      g_clear_pointer (device_path, g_free);
      return FALSE;
    }
  return TRUE;
}

static void
find_sensor (BgrunWorkoutSourceHeartRate *self)
{
  GList *objects;

  if (self->manager == NULL || self->characteristic != NULL)
    return;
  objects = g_dbus_object_manager_get_objects (self->manager);
  for (GList *l = objects; l != NULL && self->characteristic == NULL; l = l->next)
    {
      g_autoptr(GDBusInterface) iface = g_dbus_object_get_interface (l->data, CHARACTERISTIC_IFACE);
      g_autofree char *device_path = NULL;

      if (iface == NULL || !is_sensor (self, G_DBUS_PROXY (iface), &device_path))
        continue;
      if (self->device != NULL && g_strcmp0 (g_dbus_proxy_get_object_path (self->device), device_path) != 0)
        continue;
      if (self->device == NULL)
        {
          self->device = get_proxy (self, device_path, DEVICE_IFACE);
          g_signal_connect (self->device, "g-properties-changed", G_CALLBACK (on_device_changed), self);
        }
      self->characteristic = G_DBUS_PROXY (g_object_ref (iface));
      g_signal_connect (self->characteristic, "g-properties-changed",
                        G_CALLBACK (on_characteristic_changed), self);
    }
  g_list_free_full (objects, g_object_unref);

  if (self->characteristic == NULL)
    {
      g_debug ("libbgrun: no heart rate sensor%s%s yet; waiting for one",
               self->address != NULL ? " " : "", self->address != NULL ? self->address : "");
      return;
    }
  if (device_ready (self))
    start_notify (self);
  else
    start_reconnecting (self);
}

static void
on_interface_added (GDBusObjectManager *manager,
                    GDBusObject        *object,
                    GDBusInterface     *iface,
                    gpointer            user_data)
{
  find_sensor (user_data);
}

static void
on_interface_removed (GDBusObjectManager *manager,
                      GDBusObject        *object,
                      GDBusInterface     *iface,
                      gpointer            user_data)
{
  BgrunWorkoutSourceHeartRate *self = user_data;

  /* BlueZ drops the GATT objects of a device that disconnected (and the
   * device itself when it is removed); they are found again once back. */
  if ((GDBusProxy *) iface == self->characteristic)
    drop_characteristic (self);
  else if ((GDBusProxy *) iface == self->device)
    drop_device (self);
}

/* bluetoothd started (or restarted) after the source: the manager has
 * fetched its objects by now, and did not necessarily announce each. */
static void
on_name_owner (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  find_sensor (user_data);
}

static void
manager_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  BgrunWorkoutSourceHeartRate *self;
  g_autoptr(GError) error = NULL;
  GDBusObjectManager *manager = g_dbus_object_manager_client_new_for_bus_finish (result, &error);

  if (manager == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("libbgrun: no BlueZ for the heart rate sensor: %s", error->message);
      return;
    }
  self = user_data;
  self->manager = manager;
  g_signal_connect (manager, "interface-added", G_CALLBACK (on_interface_added), self);
  g_signal_connect (manager, "object-added", G_CALLBACK (on_interface_added), self);
  g_signal_connect (manager, "interface-removed", G_CALLBACK (on_interface_removed), self);
  g_signal_connect (manager, "notify::name-owner", G_CALLBACK (on_name_owner), self);
  find_sensor (self);
}

/* ---- the source ------------------------------------------------------- */

static void
heart_rate_start (BgrunWorkoutSource *source)
{
  BgrunWorkoutSourceHeartRate *self = BGRUN_WORKOUT_SOURCE_HEART_RATE (source);

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  /* The callback's user data is only used when not cancelled, and stop()
   * cancels before the source can go. */
  g_dbus_object_manager_client_new_for_bus (G_BUS_TYPE_SYSTEM, G_DBUS_OBJECT_MANAGER_CLIENT_FLAGS_NONE,
                                            BLUEZ_NAME, "/", NULL, NULL, NULL,
                                            self->cancellable, manager_ready, self);
}

static void
stop_notify_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);

  if (reply == NULL)
    g_debug ("libbgrun: the heart rate sensor did not stop notifying: %s", error->message);
}

static void
heart_rate_stop (BgrunWorkoutSource *source)
{
  BgrunWorkoutSourceHeartRate *self = BGRUN_WORKOUT_SOURCE_HEART_RATE (source);

  if (self->cancellable == NULL)
    return;
  /* Straight on the connection, as the proxy goes now; and with a reply
   * expected: a call sent without one (no callback) was lost at times on
   * the system bus, leaving the sensor notifying into the void. */
  if ((self->notifying || self->notify_asked) && self->characteristic != NULL)
    g_dbus_connection_call (g_dbus_proxy_get_connection (self->characteristic), BLUEZ_NAME,
                            g_dbus_proxy_get_object_path (self->characteristic),
                            CHARACTERISTIC_IFACE, "StopNotify", NULL, NULL,
                            G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, stop_notify_done, NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  drop_device (self);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);
  self->lost = FALSE;
  self->has_energy = FALSE;
}

static void
source_iface_init (BgrunWorkoutSourceInterface *iface)
{
  iface->start = heart_rate_start;
  iface->stop = heart_rate_stop;
}

static void
bgrun_workout_source_heart_rate_dispose (GObject *object)
{
  BgrunWorkoutSourceHeartRate *self = BGRUN_WORKOUT_SOURCE_HEART_RATE (object);

  heart_rate_stop (BGRUN_WORKOUT_SOURCE (self));
  g_clear_weak_pointer (&self->session);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bgrun_workout_source_heart_rate_parent_class)->dispose (object);
}

static void
bgrun_workout_source_heart_rate_finalize (GObject *object)
{
  BgrunWorkoutSourceHeartRate *self = BGRUN_WORKOUT_SOURCE_HEART_RATE (object);

  g_free (self->address);

  G_OBJECT_CLASS (bgrun_workout_source_heart_rate_parent_class)->finalize (object);
}

static void
bgrun_workout_source_heart_rate_class_init (BgrunWorkoutSourceHeartRateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bgrun_workout_source_heart_rate_dispose;
  object_class->finalize = bgrun_workout_source_heart_rate_finalize;
}

static void
bgrun_workout_source_heart_rate_init (BgrunWorkoutSourceHeartRate *self)
{
}

BgrunWorkoutSource *
bgrun_workout_source_heart_rate_new (BgrunWorkoutSession *session,
                                     const char          *address)
{
  BgrunWorkoutSourceHeartRate *self = g_object_new (BGRUN_TYPE_WORKOUT_SOURCE_HEART_RATE, NULL);

  g_set_weak_pointer (&self->session, session);
  self->clock = g_object_ref (bgrun_scheduler_get_clock (bgrun_workout_session_get_scheduler (session)));
  self->address = g_strdup (address);
  return BGRUN_WORKOUT_SOURCE (self);
}
