# bgrund against a hostile peer: calls with the wrong signatures, huge
# values and deep nesting on each of its interfaces get an error reply,
# and the daemon goes on serving everyone (issue 17, item 8).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The peer is a raw GDBus connection sending whatever it likes; GDBus's
# own checks (the introspection data bgrund exports) and bgrund's
# validation of every a{sv} are what answer. After each volley an honest
# app on another connection submits, lists and cancels, and bgrund still
# owns its name.

import pytest

from conftest import Gio, GLib
from daemon_helpers import BUS_NAME, Daemon, open_bus
from sched_helpers import processing

APP = 'org.example.Abuser'
HONEST = 'org.example.Honest'
BROKER = '/org/bgrun/Broker1'
TRANSFERS = ('org.bgrun.Transfers1', '/org/bgrun/Transfers1')


@pytest.fixture
def daemon(tmp_path):
    daemon = Daemon(str(tmp_path / 'state'), '--idle-timeout', '0')
    daemon.wait_owned()
    yield daemon
    daemon.stop()


@pytest.fixture
def peer():
    bus = open_bus()
    yield bus
    if not bus.is_closed():
        bus.close_sync(None)


def send(bus, method, value, interface=BUS_NAME, path=BROKER):
    '''Calls @method with the body @value (a tuple GLib.Variant, or None);
    returns the D-Bus error name, or None when the call succeeded.'''
    try:
        bus.call_sync(BUS_NAME, path, interface, method, value, None,
                      Gio.DBusCallFlags.NO_AUTO_START, 30000, None)
        return None
    except GLib.Error as error:
        return Gio.DBusError.get_remote_error(error) or error.message


def byte_array(size):
    '''An "ay" of @size zero bytes, made in one piece. (PyGObject's
    GLib.Variant('ay', bytes) makes a variant of each byte: about 20 s a
    MiB, which is what made these tests slow, not bgrund.)'''
    return GLib.Variant.new_from_bytes(GLib.VariantType('ay'), GLib.Bytes.new(b'\0' * size), True)


def nested_variant(depth):
    value = GLib.Variant('s', 'bottom')
    for _ in range(depth):
        value = GLib.Variant('v', value)
    return value


def nested_arrays(depth):
    '''aa…as, @depth arrays deep.'''
    type_string = 'a' * depth + 's'
    value = ['x']
    for _ in range(depth - 1):
        value = [value]
    return GLib.Variant(type_string, value)


def assert_serving(daemon):
    '''An honest app, on a connection of its own, is served in full.'''
    from gi.repository import Bgrun
    assert daemon.running, daemon.error_output()
    scheduler = Bgrun.Scheduler(app_id=HONEST)
    assert scheduler.props.backend == Bgrun.Backend.DAEMON
    scheduler.register(HONEST + '.job', lambda s, task: task.set_task_completed(True))
    later = GLib.DateTime.new_now_utc().add_hours(1)
    scheduler.submit(processing(HONEST + '.job', begin=later))
    assert scheduler.get_pending_requests().get_n_items() == 1
    scheduler.cancel(HONEST + '.job')
    assert scheduler.get_pending_requests().get_n_items() == 0
    scheduler.run_dispose()
    assert daemon.running, daemon.error_output()


def test_wrong_signatures_get_errors(daemon, peer, monkeypatch):
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    wrong = [
        ('Attach', None),
        ('Attach', GLib.Variant('(i)', (1,))),
        ('Attach', GLib.Variant('(ss)', (APP, APP))),
        ('Submit', GLib.Variant('(s)', ('x',))),
        ('Submit', GLib.Variant('(a{ss}b)', ({'kind': 'processing'}, False))),
        ('Register', GLib.Variant('(as)', (['a'],))),
        ('Cancel', GLib.Variant('(u)', (7,))),
        ('CompleteTask', GLib.Variant('(s)', ('x',))),
        ('NoSuchMethod', None),
    ]
    for method, value in wrong:
        assert send(peer, method, value) is not None, method
    assert send(peer, 'Attach', GLib.Variant('(s)', (APP,))) is None
    # Attached, the same calls still fail precisely.
    for method, value in wrong[3:]:
        assert send(peer, method, value) is not None, method
    assert send(peer, 'Submit', None) == 'org.freedesktop.DBus.Error.InvalidArgs'
    assert send(peer, 'OpenSession', GLib.Variant('(i)', (0,)), *TRANSFERS) is not None
    assert_serving(daemon)


def test_malformed_requests_get_errors(daemon, peer, monkeypatch):
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    assert send(peer, 'Attach', GLib.Variant('(s)', (APP,))) is None
    identifier = GLib.Variant('s', APP + '.x')
    bad = [
        {},
        {'kind': GLib.Variant('i', 3), 'identifier': identifier},
        {'kind': GLib.Variant('s', 'no-such-kind'), 'identifier': identifier},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': GLib.Variant('s', '')},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': GLib.Variant('s', 'é' * 300)},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': identifier,
         'earliest-begin-date': GLib.Variant('s', 'tomorrow')},
        {'kind': GLib.Variant('s', 'app-refresh'), 'identifier': identifier,
         'repeat-interval': GLib.Variant('d', 1e308)},
        {'kind': GLib.Variant('s', 'app-refresh'), 'identifier': identifier,
         'repeat-interval': GLib.Variant('d', float('nan'))},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': identifier,
         'earliest-begin-date': GLib.Variant('x', 2 ** 63 - 1)},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': identifier,
         'user-info': GLib.Variant('s', 'not a dict')},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': identifier,
         'requires-storage-not-low': GLib.Variant('s', 'yes')},
        {'kind': GLib.Variant('s', 'processing'), 'identifier': identifier,
         'requires-device-idle': GLib.Variant('i', 1)},
    ]
    for request in bad:
        error = send(peer, 'Submit', GLib.Variant('(a{sv}b)', (request, False)))
        assert error is not None and error.startswith('org.'), (request, error)
    assert_serving(daemon)


def test_huge_and_deep_values_get_errors(daemon, peer, monkeypatch):
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    assert send(peer, 'Attach', GLib.Variant('(s)', (APP,))) is None
    base = {'kind': GLib.Variant('s', 'processing'), 'identifier': GLib.Variant('s', APP + '.big')}
    huge = [
        # 2 MiB of user info: more than a request may carry.
        dict(base, **{'user-info': GLib.Variant('a{sv}', {'blob': byte_array(2 << 20)})}),
        # 2,000 keys.
        dict(base, **{f'k{i}': GLib.Variant('i', i) for i in range(2000)}),
        # Variants 24 deep, and arrays 28 deep inside the user info (the
        # bus drops a sender past D-Bus's limits, 32 and 64 levels).
        dict(base, **{'user-info': GLib.Variant('a{sv}', {'deep': nested_variant(24)})}),
        dict(base, **{'user-info': GLib.Variant('a{sv}', {'deep': nested_arrays(28)})}),
    ]
    for request in huge:
        error = send(peer, 'Submit', GLib.Variant('(a{sv}b)', (request, False)))
        # Refused, or (within the limits) stored; never a crash or a hang.
        assert error is None or error.startswith('org.'), error
        assert daemon.running, daemon.error_output()
    # One identifier: what was stored replaced what came before.
    assert send(peer, 'Cancel', GLib.Variant('(s)', (APP + '.big',))) is None
    # Past D-Bus's nesting limit the bus refuses the message (and drops the
    # connection that sent it).
    error = send(peer, 'Submit', GLib.Variant('(a{sv}b)', (
        dict(base, **{'deep': nested_variant(70)}), False)))
    assert error is not None
    assert_serving(daemon)


def test_big_request_is_refused_precisely(daemon, peer, monkeypatch):
    '''A request with 32 MiB of user info is refused, as one of 65 KiB
    is, by the error that names its size and the limit, and nothing of it
    is kept. (bgrund spends about 20 ms a MiB on it, all of it GDBus
    reading the message; the 120 s timeout is only there to fail rather
    than hang.)'''
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    assert send(peer, 'Attach', GLib.Variant('(s)', (APP,))) is None
    assert send(peer, 'Register', GLib.Variant('(s)', (APP + '.*',))) is None
    for size in (65536, 32 << 20):
        request = {'kind': GLib.Variant('s', 'processing'),
                   'identifier': GLib.Variant('s', APP + '.big'),
                   'user-info': GLib.Variant('a{sv}', {'blob': byte_array(size)})}
        body = GLib.Variant('(a{sv}b)', (request, False))
        with pytest.raises(GLib.Error) as raised:
            peer.call_sync(BUS_NAME, BROKER, BUS_NAME, 'Submit', body, None,
                           Gio.DBusCallFlags.NO_AUTO_START, 120000, None)
        assert Gio.DBusError.get_remote_error(raised.value) == 'org.bgrun.Error.InvalidRequest'
        user_info = request['user-info'].get_size()
        assert (f'The user info of task request “{APP}.big” is {user_info} bytes, '
                'more than the limit of 65536 bytes.') in raised.value.message
    reply = peer.call_sync(BUS_NAME, BROKER, BUS_NAME, 'ListPending', None, None,
                           Gio.DBusCallFlags.NO_AUTO_START, 30000, None)
    assert reply.unpack() == ([],)
    assert_serving(daemon)
