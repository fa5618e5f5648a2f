'''A python-dbusmock template for the two portal interfaces the keep-alive
layer uses: org.freedesktop.portal.Inhibit and org.freedesktop.portal.Background
on org.freedesktop.portal.Desktop, on the session bus.

SPDX-License-Identifier: LGPL-2.1-or-later

Run it with `python3 -m dbusmock --template tests/python/keepalive_portal_template.py`
(session bus), or `DBusTestCase.spawn_server_template(path, parameters)`.

It behaves as xdg-desktop-portal does for the parts libbgrun relies on:

- Inhibit(window s, flags u, options a{sv}) returns the object path of a new
  org.freedesktop.portal.Request object; the inhibition lasts until Close is
  called on it, which removes the object.
- RequestBackground(parent_window s, options a{sv}) returns a request path
  and emits that request's Response(0, {background: true, autostart: false});
  with the `background` parameter false, Response(0, {background: false,
  autostart: false}), as xdg-desktop-portal answers when the user turned
  the app's "Run in Background" off.
- SetStatus(options a{sv}) exists from `version` 2 on; with version 1 the
  method is not there at all, as on older portals.

And it records what it saw, for tests, on the org.freedesktop.DBus.Mock
interface of the main object:

- ListInhibitions() a(ous): the inhibitions in place: handle, flags, reason;
- ListClosed() a(ous): the inhibitions ended by Close, oldest first;
- GetBackgroundRequests() aa{sv}: the options of every RequestBackground;
- GetStatusMessages() as: the message of every SetStatus, oldest first.

Parameters: `version` (u, default 2): the Background portal's version;
`background` (b, default true): whether RequestBackground is granted.
'''

import dbus
import dbus.service
from gi.repository import GLib

from dbusmock import MOCK_IFACE, mockobject

__author__ = 'libbgrun'

BUS_NAME = 'org.freedesktop.portal.Desktop'
MAIN_OBJ = '/org/freedesktop/portal/desktop'
MAIN_IFACE = 'org.freedesktop.portal.Inhibit'
BACKGROUND_IFACE = 'org.freedesktop.portal.Background'
REQUEST_IFACE = 'org.freedesktop.portal.Request'
REQUEST_PREFIX = '/org/freedesktop/portal/desktop/request/1_1/'
SYSTEM_BUS = False


def load(mock, parameters):
    version = int(parameters.get('version', 2))
    mock.allow_background = bool(parameters.get('background', True))
    mock.inhibitions = {}     # handle -> (flags, reason), in place
    mock.closed = []          # (handle, flags, reason), in order of Close
    mock.background_requests = []
    mock.status_messages = []
    mock.n_requests = 0

    mock.AddProperties(MAIN_IFACE, {'version': dbus.UInt32(3)})
    mock.AddProperties(BACKGROUND_IFACE, {'version': dbus.UInt32(version)})
    mock.AddMethod(BACKGROUND_IFACE, 'RequestBackground', 'sa{sv}', 'o', request_background)
    if version >= 2:
        mock.AddMethod(BACKGROUND_IFACE, 'SetStatus', 'a{sv}', '', set_status)


def new_request_path(mock):
    mock.n_requests += 1
    return dbus.ObjectPath(f'{REQUEST_PREFIX}t{mock.n_requests}')


def remove_later(mock, path):
    '''Removes a request object once the current call was answered.'''
    def remove():
        if path in mockobject.objects:
            mock.RemoveObject(path)
        return GLib.SOURCE_REMOVE
    GLib.idle_add(remove)


@dbus.service.method(MAIN_IFACE, in_signature='sua{sv}', out_signature='o')
def Inhibit(self, window, flags, options):
    handle = new_request_path(self)
    reason = str(options.get('reason', ''))
    self.inhibitions[handle] = (int(flags), reason)

    def close(request):
        flags_, reason_ = self.inhibitions.pop(handle)
        self.closed.append((handle, flags_, reason_))
        remove_later(self, handle)

    self.AddObject(handle, REQUEST_IFACE, {}, [('Close', '', '', close)])
    return handle


def request_background(self, parent_window, options):
    handle = new_request_path(self)
    self.background_requests.append(dbus.Dictionary(options, signature='sv'))
    self.AddObject(handle, REQUEST_IFACE, {}, [('Close', '', '', '')])

    def respond():
        results = dbus.Dictionary({'background': dbus.Boolean(self.allow_background),
                                   'autostart': False}, signature='sv')
        mockobject.objects[handle].EmitSignal(REQUEST_IFACE, 'Response', 'ua{sv}',
                                              [dbus.UInt32(0), results])
        remove_later(self, handle)
        return GLib.SOURCE_REMOVE
    GLib.idle_add(respond)
    return handle


def set_status(self, options):
    self.status_messages.append(str(options.get('message', '')))


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='a(ous)')
def ListInhibitions(self):
    return dbus.Array([(handle, dbus.UInt32(flags), reason)
                       for handle, (flags, reason) in self.inhibitions.items()],
                      signature='(ous)')


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='a(ous)')
def ListClosed(self):
    return dbus.Array([(handle, dbus.UInt32(flags), reason)
                       for handle, flags, reason in self.closed],
                      signature='(ous)')


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='aa{sv}')
def GetBackgroundRequests(self):
    return dbus.Array(self.background_requests, signature='a{sv}')


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='as')
def GetStatusMessages(self):
    return dbus.Array(self.status_messages, signature='s')
