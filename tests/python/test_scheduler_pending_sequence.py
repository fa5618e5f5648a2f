# The pending list of an app in the daemon placement follows bgrund's
# numbered PendingChanged signals (issue 16, point 6): a change the list
# it read already has is dropped, the next one is applied as it is, and a
# gap makes the app read the list again, once.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bgrund never skips a number, so a python-dbusmock object owns
# org.bgrun.Broker1 on the test's session bus instead and sends the
# numbers the test chooses; the app is a real Bgrun.Scheduler with its
# D-Bus broker.

import dbus
import dbusmock
import pytest

from conftest import Bgrun, spin_until
from sched_helpers import ItemsChanged

APP = 'org.example.Sequence'
NAME = 'org.bgrun.Broker1'
PATH = '/org/bgrun/Broker1'
INTERFACE = 'org.bgrun.Broker1'


def request(name):
    return dbus.Dictionary({'identifier': dbus.String(f'{APP}.{name}', variant_level=1),
                            'kind': dbus.String('processing', variant_level=1),
                            'submitted': dbus.Int64(1, variant_level=1)}, signature='sv')


class FakeDaemon:
    '''org.bgrun.Broker1 as far as the pending list goes: Attach, and
    ListPendingWithSequence answering what set_list() said last.'''

    def __init__(self, log):
        self.process = dbusmock.DBusTestCase.spawn_server(NAME, PATH, INTERFACE,
                                                          system_bus=False, stdout=log)
        bus = dbusmock.DBusTestCase.get_dbus(system_bus=False)
        self.mock = dbus.Interface(bus.get_object(NAME, PATH), dbusmock.MOCK_IFACE)
        self.mock.AddMethod(INTERFACE, 'Attach', 's', '', '')
        self.mock.AddMethod(INTERFACE, 'SetList', 'taa{sv}', '', 'self.listed = (args[0], args[1])')
        self.mock.AddMethod(INTERFACE, 'ListPendingWithSequence', '', 'taa{sv}', 'ret = self.listed')

    def set_list(self, sequence, names):
        dbus.Interface(self.mock, INTERFACE).SetList(
            dbus.UInt64(sequence), dbus.Array([request(n) for n in names], signature='a{sv}'))

    def change(self, sequence, position, removed, added=()):
        self.mock.EmitSignal(INTERFACE, 'PendingChanged', 'tuuaa{sv}',
                             [dbus.UInt64(sequence), dbus.UInt32(position), dbus.UInt32(removed),
                              dbus.Array([request(n) for n in added], signature='a{sv}')])

    def reads(self):
        return len(self.mock.GetMethodCalls('ListPendingWithSequence'))

    def stop(self):
        self.process.terminate()
        self.process.wait()


@pytest.fixture
def daemon(tmp_path):
    with open(tmp_path / 'mock.log', 'w') as log:
        fake = FakeDaemon(log)
        yield fake
        fake.stop()


def identifiers(model):
    return [item.props.identifier[len(APP) + 1:] for item in model]


def test_numbered_changes_are_dropped_applied_or_read_again(daemon, monkeypatch):
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    daemon.set_list(5, ['a', 'b'])
    scheduler = Bgrun.Scheduler.new(APP)
    assert scheduler.props.backend == Bgrun.Backend.DAEMON
    pending = scheduler.get_pending_requests()
    assert identifiers(pending) == ['a', 'b']
    assert daemon.reads() == 1
    watch = ItemsChanged(pending)

    # 5 is in the list read already; 6 is the next change.
    daemon.change(5, 0, 1)
    daemon.change(6, 2, 0, ['c'])
    spin_until(lambda: watch.emissions, what='the change numbered 6')
    assert watch.emissions == [(2, 0, 1)]
    assert identifiers(pending) == ['a', 'b', 'c']

    # 7 never came: at 8 the app reads the list again, once, and drops
    # the changes that list has.
    daemon.set_list(9, ['b', 'c', 'd'])
    watch.emissions.clear()
    daemon.change(8, 0, 1)
    daemon.change(9, 2, 0, ['d'])
    daemon.change(10, 0, 0, ['z'])
    spin_until(lambda: identifiers(pending)[:1] == ['z'], what='the change numbered 10')
    assert identifiers(pending) == ['z', 'b', 'c', 'd']
    assert daemon.reads() == 2
    scheduler.run_dispose()
