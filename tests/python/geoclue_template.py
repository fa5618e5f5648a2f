'''A python-dbusmock template for GeoClue 2 on the system bus (dbusmock
ships none), covering what a client of GeoClue's D-Bus API goes through.

SPDX-License-Identifier: LGPL-2.1-or-later

It behaves as geoclue 2.6 does for the parts libbgrun relies on:

- Manager.GetClient() o: a new org.freedesktop.GeoClue2.Client object,
  /org/freedesktop/GeoClue2/Client/N, with the properties DesktopId (s),
  RequestedAccuracyLevel (u), DistanceThreshold (u), TimeThreshold (u),
  Location (o, "/" until the first fix) and Active (b), settable through
  org.freedesktop.DBus.Properties. Manager.DeleteClient(o) removes it.
- Client.Start() fails, as GeoClue does, with
  org.freedesktop.DBus.Error.AccessDenied when DesktopId is not set, when
  the user denies the app ("start_error" "denied"), or when no agent runs
  for the user ("start_error" "no-agent": "Geolocation disabled for UID
  …"); otherwise it makes the client Active. Client.Stop() makes it
  inactive.
- New positions are org.freedesktop.GeoClue2.Location objects
  (Latitude, Longitude, Accuracy, Altitude, Speed, Heading, Description,
  Timestamp (tt)); each active client's Location property moves to the new
  one and the client emits LocationUpdated(old o, new o).

Driven by tests on org.freedesktop.DBus.Mock of the manager:

- SetLocation(latitude d, longitude d, accuracy d, altitude d, speed d,
  heading d): a new position for every active client (GeoClue's own
  conventions: altitude -G_MAXDOUBLE, speed and heading -1 when unknown);
- SetStartError(s): "" (default), "denied" or "no-agent" for the next
  Start calls;
- ListClients() as: the client objects that exist.

Parameters: `start_error` (s), as SetStartError.
'''

import time

import dbus
import dbus.exceptions

from dbusmock import MOCK_IFACE, mockobject

__author__ = 'libbgrun'

BUS_NAME = 'org.freedesktop.GeoClue2'
MAIN_OBJ = '/org/freedesktop/GeoClue2/Manager'
MAIN_IFACE = 'org.freedesktop.GeoClue2.Manager'
CLIENT_IFACE = 'org.freedesktop.GeoClue2.Client'
LOCATION_IFACE = 'org.freedesktop.GeoClue2.Location'
SYSTEM_BUS = True

ACCESS_DENIED = 'org.freedesktop.DBus.Error.AccessDenied'


def load(mock, parameters):
    mock.start_error = str(parameters.get('start_error', ''))
    mock.n_clients = 0
    mock.n_locations = 0
    mock.clients = []
    mock.AddProperties(MAIN_IFACE, {'InUse': False, 'AvailableAccuracyLevel': dbus.UInt32(8)})
    mock.AddMethod(MAIN_IFACE, 'GetClient', '', 'o', get_client)
    mock.AddMethod(MAIN_IFACE, 'CreateClient', '', 'o', get_client)
    mock.AddMethod(MAIN_IFACE, 'DeleteClient', 'o', '', delete_client)


def manager():
    return mockobject.objects[MAIN_OBJ]


def get_client(self):
    self.n_clients += 1
    path = dbus.ObjectPath(f'/org/freedesktop/GeoClue2/Client/{self.n_clients}')
    self.AddObject(path, CLIENT_IFACE, {
        'Location': dbus.ObjectPath('/'),
        'DistanceThreshold': dbus.UInt32(0),
        'TimeThreshold': dbus.UInt32(0),
        'DesktopId': '',
        'RequestedAccuracyLevel': dbus.UInt32(0),
        'Active': False,
    }, [
        ('Start', '', '', client_start),
        ('Stop', '', '', client_stop),
    ])
    self.clients.append(path)
    return path


def delete_client(self, path):
    if path in self.clients:
        self.clients.remove(path)
        self.RemoveObject(path)


def client_start(self):
    desktop_id = str(self.Get(CLIENT_IFACE, 'DesktopId'))
    error = manager().start_error
    if not desktop_id:
        raise dbus.exceptions.DBusException("'DesktopId' property must be set", name=ACCESS_DENIED)
    if error == 'no-agent':
        raise dbus.exceptions.DBusException('Geolocation disabled for UID 1000', name=ACCESS_DENIED)
    if error == 'denied':
        raise dbus.exceptions.DBusException(f"Agent rejected '{desktop_id}' for user '1000'. "
                                            f"Please ensure that '{desktop_id}' has installed a valid "
                                            f"{desktop_id}.desktop file.", name=ACCESS_DENIED)
    self.Set(CLIENT_IFACE, 'Active', True)


def client_stop(self):
    self.Set(CLIENT_IFACE, 'Active', False)


@dbus.service.method(MOCK_IFACE, in_signature='dddddd', out_signature='o')
def SetLocation(self, latitude, longitude, accuracy, altitude, speed, heading):
    self.n_locations += 1
    path = dbus.ObjectPath(f'/org/freedesktop/GeoClue2/Location/{self.n_locations}')
    now = time.time()
    self.AddObject(path, LOCATION_IFACE, {
        'Latitude': dbus.Double(latitude),
        'Longitude': dbus.Double(longitude),
        'Accuracy': dbus.Double(accuracy),
        'Altitude': dbus.Double(altitude),
        'Speed': dbus.Double(speed),
        'Heading': dbus.Double(heading),
        'Description': '',
        'Timestamp': dbus.Struct((dbus.UInt64(int(now)), dbus.UInt64(int((now % 1) * 1e6))), signature='tt'),
    }, [])
    for client_path in self.clients:
        client = mockobject.objects[client_path]
        if not client.Get(CLIENT_IFACE, 'Active'):
            continue
        old = client.Get(CLIENT_IFACE, 'Location')
        client.Set(CLIENT_IFACE, 'Location', path)
        client.EmitSignal(CLIENT_IFACE, 'LocationUpdated', 'oo', [old, path])
    return path


@dbus.service.method(MOCK_IFACE, in_signature='s', out_signature='')
def SetStartError(self, error):
    self.start_error = str(error)


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='as')
def ListClients(self):
    return dbus.Array(self.clients, signature='s')
