'''A python-dbusmock template for the permission store of
xdg-desktop-portal (org.freedesktop.impl.portal.PermissionStore on the
session bus), as far as the Background portal's permission goes.

SPDX-License-Identifier: LGPL-2.1-or-later

Run it with `DBusTestCase.spawn_server_template(path, {}, system_bus=False)`.

SetPermission(table s, create b, id s, app s, permissions as) stores
@permissions for @app in the entry @id of @table, as the real store does
when GNOME Settings turns an app's "Run in Background" off (table and id
"background", permissions ["no"]), and emits Changed(table, id, deleted
false, data <byte 0>, every app's permissions of the entry a{sas}).
Lookup(table s, id s) returns the entry: (permissions a{sas}, data v).
'''

import dbus

__author__ = 'libbgrun'

BUS_NAME = 'org.freedesktop.impl.portal.PermissionStore'
MAIN_OBJ = '/org/freedesktop/impl/portal/PermissionStore'
MAIN_IFACE = 'org.freedesktop.impl.portal.PermissionStore'
SYSTEM_BUS = False


def load(mock, parameters):
    mock.tables = {}   # table -> id -> app -> [permission]
    mock.AddMethod(MAIN_IFACE, 'SetPermission', 'sbssas', '', set_permission)
    mock.AddMethod(MAIN_IFACE, 'Lookup', 'ss', 'a{sas}v', lookup)


def entry(mock, table, entry_id):
    apps = mock.tables.get(str(table), {}).get(str(entry_id))
    if apps is None:
        raise dbus.exceptions.DBusException(f'No entry {entry_id} in {table}',
                                            name='org.freedesktop.portal.Error.NotFound')
    return dbus.Dictionary({app: dbus.Array(perms, signature='s') for app, perms in apps.items()},
                           signature='sas')


def set_permission(self, table, create, entry_id, app, permissions):
    entries = self.tables.setdefault(str(table), {})
    if str(entry_id) not in entries and not create:
        raise dbus.exceptions.DBusException(f'No entry {entry_id} in {table}',
                                            name='org.freedesktop.portal.Error.NotFound')
    entries.setdefault(str(entry_id), {})[str(app)] = [str(p) for p in permissions]
    self.EmitSignal(MAIN_IFACE, 'Changed', 'ssbva{sas}',
                    [table, entry_id, False, dbus.Byte(0, variant_level=1),
                     entry(self, table, entry_id)])


def lookup(self, table, entry_id):
    return (entry(self, table, entry_id), dbus.Byte(0, variant_level=1))
