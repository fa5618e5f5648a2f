# xdg-desktop-portal's permission store for the tests that take the
# background permission back (permission_store_template.py): as GNOME
# Settings does when the user turns an app's "Run in Background" off.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import pathlib
import tempfile

import pytest

from conftest import Gio, GLib, dbusmock

STORE_TEMPLATE = str(pathlib.Path(__file__).with_name('permission_store_template.py'))
STORE = ('org.freedesktop.impl.portal.PermissionStore',
         '/org/freedesktop/impl/portal/PermissionStore',
         'org.freedesktop.impl.portal.PermissionStore')


@pytest.fixture
def permission_store():
    log = tempfile.TemporaryFile(mode='w+')
    process, _ = dbusmock.DBusTestCase.spawn_server_template(STORE_TEMPLATE, {}, stdout=log,
                                                             system_bus=False)
    yield
    process.terminate()
    process.wait()


def set_background_permission(app_id, answer):
    '''Stores @answer ("yes" or "no") as @app_id's permission to run in
    the background, which the store announces with Changed.'''
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    bus.call_sync(STORE[0], STORE[1], STORE[2], 'SetPermission',
                  GLib.Variant('(sbssas)', ('background', True, 'background', app_id, [answer])),
                  None, Gio.DBusCallFlags.NO_AUTO_START, -1, None)
