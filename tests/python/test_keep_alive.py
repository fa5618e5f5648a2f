# The services the keep-alive layer talks to, as the test suites stand them
# in: dbusmock's logind template and our portal template
# (keepalive_portal_template.py).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The keep-alive layer itself is private (BgrunKeepAlive is not in the
# typelib), so its behaviour is tested in C, through real D-Bus against
# these same mocks: tests/c/test-keep-alive.c. What is tested here is that
# the mocks behave as the real services do in everything those tests (and
# the Python tests of the public sessions built on the layer) rely on:
# logind's inhibitor lives exactly as long as its file descriptor, the
# portal template answers and records calls as xdg-desktop-portal would,
# and the permission store template announces a changed permission as
# xdg-desktop-portal's store does.
# Calls go through Gio, the way libbgrun makes them.

import os
import pathlib
import tempfile

import pytest

from conftest import Gio, GLib, dbusmock, spin_until, system_bus
from portal_helpers import STORE, permission_store, set_background_permission  # noqa: F401

TEMPLATE = str(pathlib.Path(__file__).with_name('keepalive_portal_template.py'))
PORTAL_NAME = 'org.freedesktop.portal.Desktop'
PORTAL_PATH = '/org/freedesktop/portal/desktop'
MOCK_IFACE = 'org.freedesktop.DBus.Mock'


def session_bus():
    '''The private session bus of tests/isolate.'''
    return Gio.bus_get_sync(Gio.BusType.SESSION, None)


def call(bus, name, path, interface, method, parameters=None, reply_type=None):
    return bus.call_sync(name, path, interface, method, parameters,
                         GLib.VariantType(reply_type) if reply_type else None,
                         Gio.DBusCallFlags.NO_AUTO_START, -1, None)


@pytest.fixture
def spawn_portal():
    '''Starts the portal template on the session bus with the given
    parameters; stops whatever it started after the test.'''
    processes = []

    def spawn(parameters=None):
        log = tempfile.TemporaryFile(mode='w+')
        process, _ = dbusmock.DBusTestCase.spawn_server_template(
            TEMPLATE, parameters or {}, stdout=log, system_bus=False)
        processes.append(process)

    yield spawn
    for process in processes:
        process.terminate()
        process.wait()


def portal(method, parameters=None, reply_type=None, interface=MOCK_IFACE, path=PORTAL_PATH):
    return call(session_bus(), PORTAL_NAME, path, interface, method, parameters, reply_type)


def inhibitions():
    return portal('ListInhibitions', reply_type='(a(ous))').unpack()[0]


def closed():
    return portal('ListClosed', reply_type='(a(ous))').unpack()[0]


def object_exists(path):
    '''Whether the portal mock still exports @path.'''
    xml = portal('Introspect', interface='org.freedesktop.DBus.Introspectable',
                 path=path.rsplit('/', 1)[0], reply_type='(s)').unpack()[0]
    return f'<node name="{path.rsplit("/", 1)[1]}"' in xml


def test_portal_inhibit_lasts_until_close(spawn_portal):
    spawn_portal()
    options = {'reason': GLib.Variant('s', 'Mindfulness session')}
    handle = portal('Inhibit', GLib.Variant('(sua{sv})', ('', 8, options)), '(o)',
                    interface='org.freedesktop.portal.Inhibit').unpack()[0]

    assert inhibitions() == [(handle, 8, 'Mindfulness session')]
    assert object_exists(handle)

    portal('Close', interface='org.freedesktop.portal.Request', path=handle)
    assert inhibitions() == []
    assert closed() == [(handle, 8, 'Mindfulness session')]
    spin_until(lambda: not object_exists(handle), retry_every=0.01,
               what='the closed request to go away')


def test_portal_keeps_each_inhibition_apart(spawn_portal):
    spawn_portal()
    handles = []
    for flags, reason in ((4, 'Physical therapy session'), (12, 'Smart alarm')):
        options = {'reason': GLib.Variant('s', reason)}
        handles.append(portal('Inhibit', GLib.Variant('(sua{sv})', ('', flags, options)), '(o)',
                              interface='org.freedesktop.portal.Inhibit').unpack()[0])
    assert handles[0] != handles[1]

    portal('Close', interface='org.freedesktop.portal.Request', path=handles[0])
    assert inhibitions() == [(handles[1], 12, 'Smart alarm')]
    assert closed() == [(handles[0], 4, 'Physical therapy session')]


def test_background_request_answers_and_records(spawn_portal):
    spawn_portal()
    bus = session_bus()
    responses = []
    subscription = bus.signal_subscribe(
        PORTAL_NAME, 'org.freedesktop.portal.Request', 'Response', None, None,
        Gio.DBusSignalFlags.NONE,
        lambda *args: responses.append((args[2], args[5].unpack())))
    try:
        options = {
            'reason': GLib.Variant('s', 'Physical therapy session'),
            'autostart': GLib.Variant('b', False),
            'dbus-activatable': GLib.Variant('b', False),
        }
        handle = portal('RequestBackground', GLib.Variant('(sa{sv})', ('', options)), '(o)',
                        interface='org.freedesktop.portal.Background').unpack()[0]
        spin_until(lambda: responses, what='the Response of RequestBackground')
    finally:
        bus.signal_unsubscribe(subscription)

    assert responses == [(handle, (0, {'background': True, 'autostart': False}))]
    requests = portal('GetBackgroundRequests', reply_type='(aa{sv})').unpack()[0]
    assert requests == [{'reason': 'Physical therapy session', 'autostart': False,
                         'dbus-activatable': False}]


def test_background_status_from_version_2(spawn_portal):
    spawn_portal()
    version = portal('Get', GLib.Variant('(ss)', ('org.freedesktop.portal.Background', 'version')),
                     '(v)', interface='org.freedesktop.DBus.Properties').unpack()[0]
    assert version == 2

    for message in ('Mindfulness session, 8 min left', ''):
        portal('SetStatus', GLib.Variant('(a{sv})', ({'message': GLib.Variant('s', message)},)),
               interface='org.freedesktop.portal.Background')
    messages = portal('GetStatusMessages', reply_type='(as)').unpack()[0]
    assert messages == ['Mindfulness session, 8 min left', '']


def test_background_version_1_has_no_status(spawn_portal):
    spawn_portal({'version': 1})
    version = portal('Get', GLib.Variant('(ss)', ('org.freedesktop.portal.Background', 'version')),
                     '(v)', interface='org.freedesktop.DBus.Properties').unpack()[0]
    assert version == 1

    with pytest.raises(GLib.Error) as raised:
        portal('SetStatus', GLib.Variant('(a{sv})', ({'message': GLib.Variant('s', 'x')},)),
               interface='org.freedesktop.portal.Background')
    assert 'UnknownMethod' in raised.value.message


def logind_inhibitors():
    return call(system_bus(), 'org.freedesktop.login1', '/org/freedesktop/login1',
                'org.freedesktop.login1.Manager', 'ListInhibitors', None,
                '(a(ssssuu))').unpack()[0]


def test_permission_store_announces_a_changed_background_permission(permission_store):
    changes = []
    bus = session_bus()
    subscription = bus.signal_subscribe(STORE[0], STORE[2], 'Changed', STORE[1], 'background',
                                        Gio.DBusSignalFlags.NONE,
                                        lambda *args: changes.append(args[5].unpack()), None)
    try:
        set_background_permission('org.example.Recorder', 'yes')
        set_background_permission('org.example.Recorder', 'no')
        spin_until(lambda: len(changes) == 2, what='two Changed signals')
    finally:
        bus.signal_unsubscribe(subscription)
    assert changes[1] == ('background', 'background', False, 0, {'org.example.Recorder': ['no']})
    (entry, _data) = call(bus, STORE[0], STORE[1], STORE[2], 'Lookup',
                          GLib.Variant('(ss)', ('background', 'background')),
                          '(a{sas}v)').unpack()
    assert entry == {'org.example.Recorder': ['no']}


def test_logind_inhibitor_lives_as_long_as_its_fd(spawn_mock):
    spawn_mock('logind')
    parameters = GLib.Variant('(ssss)', ('sleep', 'org.example.Test', 'Physical therapy session',
                                         'block'))
    reply, fd_list = system_bus().call_with_unix_fd_list_sync(
        'org.freedesktop.login1', '/org/freedesktop/login1', 'org.freedesktop.login1.Manager',
        'Inhibit', parameters, GLib.VariantType('(h)'), Gio.DBusCallFlags.NONE, -1, None, None)
    fds = fd_list.steal_fds()
    assert len(fds) == 1 and reply.unpack() == (0,)

    assert [inhibitor[:4] for inhibitor in logind_inhibitors()] == [
        ('sleep', 'org.example.Test', 'Physical therapy session', 'block')]

    # A second copy keeps it: it goes when every copy is closed.
    copy = os.dup(fds[0])
    os.close(fds[0])
    assert len(logind_inhibitors()) == 1
    os.close(copy)
    spin_until(lambda: logind_inhibitors() == [], retry_every=0.01,
               what='logind to drop the inhibitor whose fd was closed')
