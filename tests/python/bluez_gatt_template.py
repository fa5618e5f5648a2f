'''A python-dbusmock template for BlueZ with one Bluetooth LE heart-rate
sensor: adapter, device, GATT Heart Rate Service (0x180D) and its Heart
Rate Measurement characteristic (0x2A37), which notifies. (dbusmock's own
bluez5 template has adapters and devices but no GATT.)

SPDX-License-Identifier: LGPL-2.1-or-later

Objects, under the object manager at / of org.bluez on the system bus:

- /org/bluez/hci0: org.bluez.Adapter1;
- /org/bluez/hci0/dev_<address>: org.bluez.Device1 with Address, Name,
  Connected, ServicesResolved; Connect() succeeds while the sensor is in
  range (then Connected and ServicesResolved turn TRUE), else fails with
  org.bluez.Error.Failed; Disconnect();
- .../service000c: org.bluez.GattService1 (UUID 0x180D, Device, Primary);
- .../service000c/char000d: org.bluez.GattCharacteristic1 (UUID 0x2A37,
  Service, Value, Notifying, Flags ["notify"]); StartNotify and StopNotify
  set Notifying, as BlueZ does.

Parameters: `address` (s, default "F0:13:C3:5A:22:9B"), `connected` (b,
default true), `other_address` (s, optional): a second device that offers
only the Battery Service (0x180F), to check that the source picks the
heart-rate one.

Test controls on org.freedesktop.DBus.Mock of /:

- Measure(ay): the sensor sends a measurement: Value changes (with its
  PropertiesChanged) if notifications are on; returns whether they were;
- LeaveRange(): the sensor goes out of range: the device disconnects
  (Connected, ServicesResolved and Notifying turn FALSE) and Connect()
  fails until ComeBack();
- ComeBack(): the sensor is in range again (it does not connect by itself).
'''

import dbus

from dbusmock import MOCK_IFACE, mockobject

BUS_NAME = 'org.bluez'
MAIN_OBJ = '/'
SYSTEM_BUS = True
IS_OBJECT_MANAGER = True

ADAPTER_IFACE = 'org.bluez.Adapter1'
DEVICE_IFACE = 'org.bluez.Device1'
SERVICE_IFACE = 'org.bluez.GattService1'
CHARACTERISTIC_IFACE = 'org.bluez.GattCharacteristic1'
HEART_RATE_SERVICE = '0000180d-0000-1000-8000-00805f9b34fb'
MEASUREMENT = '00002a37-0000-1000-8000-00805f9b34fb'
BATTERY_SERVICE = '0000180f-0000-1000-8000-00805f9b34fb'
BATTERY_LEVEL = '00002a19-0000-1000-8000-00805f9b34fb'
ADAPTER = '/org/bluez/hci0'


def device_path(address):
    return ADAPTER + '/dev_' + address.replace(':', '_')


def add_device(mock, address, name, connected, service_uuid, characteristic_uuid):
    path = device_path(address)
    mock.AddObject(path, DEVICE_IFACE, {
        'Address': dbus.String(address),
        'Name': dbus.String(name),
        'Alias': dbus.String(name),
        'Adapter': dbus.ObjectPath(ADAPTER),
        'Paired': dbus.Boolean(True),
        'Connected': dbus.Boolean(connected),
        'ServicesResolved': dbus.Boolean(connected),
        'UUIDs': dbus.Array([service_uuid], signature='s'),
    }, [
        ('Connect', '', '', connect),
        ('Disconnect', '', '', disconnect),
    ])
    mock.AddObject(path + '/service000c', SERVICE_IFACE, {
        'UUID': dbus.String(service_uuid),
        'Device': dbus.ObjectPath(path),
        'Primary': dbus.Boolean(True),
    }, [])
    mock.AddObject(path + '/service000c/char000d', CHARACTERISTIC_IFACE, {
        'UUID': dbus.String(characteristic_uuid),
        'Service': dbus.ObjectPath(path + '/service000c'),
        'Value': dbus.Array([], signature='y'),
        'Notifying': dbus.Boolean(False),
        'Flags': dbus.Array(['notify'], signature='s'),
    }, [
        ('StartNotify', '', '', start_notify),
        ('StopNotify', '', '', stop_notify),
    ])
    return path


def load(mock, parameters):
    address = str(parameters.get('address', 'F0:13:C3:5A:22:9B'))
    mock.AddObject(ADAPTER, ADAPTER_IFACE, {
        'Address': dbus.String('00:01:02:03:04:05'),
        'Powered': dbus.Boolean(True),
    }, [])
    if 'other_address' in parameters:
        add_device(mock, str(parameters['other_address']), 'Battery thing', True,
                   BATTERY_SERVICE, BATTERY_LEVEL)
    path = add_device(mock, address, 'Heart sensor', bool(parameters.get('connected', True)),
                      HEART_RATE_SERVICE, MEASUREMENT)
    mock.sensor_path = path
    mock.in_range = True
    mock.AddMethods(MOCK_IFACE, [
        ('Measure', 'ay', 'b', measure),
        ('LeaveRange', '', '', leave_range),
        ('ComeBack', '', '', come_back),
    ])


def sensor(mock):
    return mockobject.objects[mock.sensor_path]


def characteristic(mock):
    return mockobject.objects[mock.sensor_path + '/service000c/char000d']


def measure(mock, value):
    char = characteristic(mock)
    if not char.props[CHARACTERISTIC_IFACE]['Notifying']:
        return False
    char.UpdateProperties(CHARACTERISTIC_IFACE, {'Value': dbus.Array(value, signature='y')})
    return True


def leave_range(mock):
    mock.in_range = False
    set_connected(sensor(mock), False)


def come_back(mock):
    mock.in_range = True


def set_connected(device, connected):
    device.UpdateProperties(DEVICE_IFACE, {'Connected': dbus.Boolean(connected),
                                           'ServicesResolved': dbus.Boolean(connected)})
    if not connected:
        for path, obj in mockobject.objects.items():
            if path.startswith(device.path + '/') and CHARACTERISTIC_IFACE in obj.props and \
                    obj.props[CHARACTERISTIC_IFACE]['Notifying']:
                obj.UpdateProperties(CHARACTERISTIC_IFACE, {'Notifying': dbus.Boolean(False)})


def connect(device):
    if not mockobject.objects['/'].in_range:
        raise dbus.exceptions.DBusException('Page timeout', name='org.bluez.Error.Failed')
    set_connected(device, True)


def disconnect(device):
    set_connected(device, False)


def start_notify(char):
    device = mockobject.objects[char.props[CHARACTERISTIC_IFACE]['Service'].rsplit('/', 1)[0]]
    if not device.props[DEVICE_IFACE]['Connected']:
        raise dbus.exceptions.DBusException('Not connected', name='org.bluez.Error.Failed')
    char.UpdateProperties(CHARACTERISTIC_IFACE, {'Notifying': dbus.Boolean(True)})


def stop_notify(char):
    char.UpdateProperties(CHARACTERISTIC_IFACE, {'Notifying': dbus.Boolean(False)})
