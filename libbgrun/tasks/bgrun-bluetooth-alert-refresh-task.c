/* bgrun-bluetooth-alert-refresh-task.c: a Bluetooth LE accessory has news
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-bluetooth-alert-refresh-task.h"
#include "bgrun-bluetooth-alert-watch-private.h"
#include "bgrun-scheduler-private.h"

/**
 * BgrunBluetoothAlertRefreshTask:
 *
 * A GATT characteristic of a Bluetooth LE accessory that the app
 * subscribed to with [func@Bgrun.BluetoothAlertRefreshTask.subscribe]
 * notified a new value (BlueZ's `org.bluez.GattCharacteristic1`): the
 * glucose sensor has a reading, the door lock was opened. The task
 * carries the device's address, the characteristic's UUID and the value,
 * and has about 30 seconds.
 *
 * With the `bgrund` daemon, the daemon follows the characteristic for
 * the app and starts the app when it does not run; embedded, the app
 * follows it while it runs. Each notification is a task of its own, with
 * the identifier `<app-id>.bluetooth-alert.<number>`: register a handler
 * for `<app-id>.bluetooth-alert.*`.
 */

struct _BgrunBluetoothAlertRefreshTask
{
  BgrunTask parent_instance;
};

G_DEFINE_FINAL_TYPE (BgrunBluetoothAlertRefreshTask, bgrun_bluetooth_alert_refresh_task, BGRUN_TYPE_TASK)

enum {
  PROP_0,
  PROP_DEVICE_ADDRESS,
  PROP_CHARACTERISTIC_UUID,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
lookup_string (BgrunBluetoothAlertRefreshTask *self,
               const char                     *key)
{
  GVariant *user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  const char *value = "";

  if (user_info != NULL)
    g_variant_lookup (user_info, key, "&s", &value);
  return value;
}

static void
bgrun_bluetooth_alert_refresh_task_get_property (GObject    *object,
                                                 guint       prop_id,
                                                 GValue     *value,
                                                 GParamSpec *pspec)
{
  BgrunBluetoothAlertRefreshTask *self = BGRUN_BLUETOOTH_ALERT_REFRESH_TASK (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ADDRESS:
      g_value_set_string (value, bgrun_bluetooth_alert_refresh_task_get_device_address (self));
      break;
    case PROP_CHARACTERISTIC_UUID:
      g_value_set_string (value, bgrun_bluetooth_alert_refresh_task_get_characteristic_uuid (self));
      break;
    case PROP_VALUE:
      g_value_take_boxed (value, bgrun_bluetooth_alert_refresh_task_get_value (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_bluetooth_alert_refresh_task_class_init (BgrunBluetoothAlertRefreshTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = bgrun_bluetooth_alert_refresh_task_get_property;

  /**
   * BgrunBluetoothAlertRefreshTask:device-address:
   *
   * The Bluetooth address of the device, as BlueZ gives it
   * (`F0:13:C3:5A:22:9B`).
   */
  properties[PROP_DEVICE_ADDRESS] =
    g_param_spec_string ("device-address", NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunBluetoothAlertRefreshTask:characteristic-uuid:
   *
   * The characteristic's UUID, in its 128-bit form, lower case.
   */
  properties[PROP_CHARACTERISTIC_UUID] =
    g_param_spec_string ("characteristic-uuid", NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunBluetoothAlertRefreshTask:value:
   *
   * The value the characteristic notified.
   */
  properties[PROP_VALUE] =
    g_param_spec_boxed ("value", NULL, NULL, G_TYPE_BYTES, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_bluetooth_alert_refresh_task_init (BgrunBluetoothAlertRefreshTask *self)
{
}

/**
 * bgrun_bluetooth_alert_refresh_task_get_device_address:
 * @self: the task
 *
 * Gets [property@Bgrun.BluetoothAlertRefreshTask:device-address].
 *
 * Returns: the device's address
 */
const char *
bgrun_bluetooth_alert_refresh_task_get_device_address (BgrunBluetoothAlertRefreshTask *self)
{
  g_return_val_if_fail (BGRUN_IS_BLUETOOTH_ALERT_REFRESH_TASK (self), NULL);
  return lookup_string (self, "address");
}

/**
 * bgrun_bluetooth_alert_refresh_task_get_characteristic_uuid:
 * @self: the task
 *
 * Gets [property@Bgrun.BluetoothAlertRefreshTask:characteristic-uuid].
 *
 * Returns: the characteristic's UUID
 */
const char *
bgrun_bluetooth_alert_refresh_task_get_characteristic_uuid (BgrunBluetoothAlertRefreshTask *self)
{
  g_return_val_if_fail (BGRUN_IS_BLUETOOTH_ALERT_REFRESH_TASK (self), NULL);
  return lookup_string (self, "characteristic");
}

/**
 * bgrun_bluetooth_alert_refresh_task_get_value:
 * @self: the task
 *
 * Gets [property@Bgrun.BluetoothAlertRefreshTask:value].
 *
 * Returns: (transfer full): the value notified
 */
GBytes *
bgrun_bluetooth_alert_refresh_task_get_value (BgrunBluetoothAlertRefreshTask *self)
{
  GVariant *user_info;
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (BGRUN_IS_BLUETOOTH_ALERT_REFRESH_TASK (self), NULL);

  user_info = bgrun_task_get_user_info (BGRUN_TASK (self));
  value = user_info != NULL ? g_variant_lookup_value (user_info, "value", G_VARIANT_TYPE_BYTESTRING) : NULL;
  return value != NULL ? g_variant_get_data_as_bytes (value) : g_bytes_new (NULL, 0);
}

/**
 * bgrun_bluetooth_alert_refresh_task_subscribe:
 * @scheduler: the app's scheduler
 * @device_address: the device's Bluetooth address (`F0:13:C3:5A:22:9B`)
 * @characteristic_uuid: the characteristic's UUID, in its 128-bit form
 * @subscribed: whether the app wants its notifications as tasks
 * @error: return location for an error
 *
 * Asks for a [class@Bgrun.BluetoothAlertRefreshTask] for each value the
 * characteristic notifies, or, with @subscribed %FALSE, stops asking.
 * With the `bgrund` daemon the subscription is kept across the app's
 * restarts; embedded, it lasts while the scheduler does.
 *
 * Returns: %TRUE when done; %FALSE with @error set
 *   (%BGRUN_SCHEDULER_ERROR_INVALID_REQUEST) for a malformed address or
 *   UUID, or when the daemon could not be told
 */
gboolean
bgrun_bluetooth_alert_refresh_task_subscribe (BgrunScheduler  *scheduler,
                                              const char      *device_address,
                                              const char      *characteristic_uuid,
                                              gboolean         subscribed,
                                              GError         **error)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), FALSE);
  g_return_val_if_fail (device_address != NULL && characteristic_uuid != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return bgrun_bluetooth_alert_watch_subscribe (bgrun_scheduler_get_placement (scheduler), device_address,
                                                characteristic_uuid, subscribed, error);
}
