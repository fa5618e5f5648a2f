# Bgrun.Conditions and the network: GIO's NetworkManager monitor
# (GIO_USE_NETWORK_MONITOR=networkmanager, set by meson for this file)
# following a mocked NetworkManager on a private system bus.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# GIO picks its network monitor once per process, when it is first asked
# for, and the NetworkManager one only if NetworkManager is on the bus at
# that moment; so one mock serves the whole file, started before anything
# asks, and each test starts from the same state.
#
# GLib 2.74's monitor derives network-available from NetworkManager's
# `State` (available above NM_STATE_CONNECTED_LOCAL) and reads `Metered`
# only while the state is NM_STATE_CONNECTED_GLOBAL. A real NetworkManager
# changes State and Connectivity together, so the tests do too.

import pytest

from conftest import Bgrun, Gio, NotifyCounter, dbus, spawn_template, spin_until

NM_PATH = '/org/freedesktop/NetworkManager'
NM_IFACE = 'org.freedesktop.NetworkManager'

# NMState
DISCONNECTED = 20
CONNECTED_LOCAL = 50
CONNECTED_SITE = 60
CONNECTED_GLOBAL = 70
# NMConnectivityState
CONNECTIVITY_NONE = 1
CONNECTIVITY_PORTAL = 2
CONNECTIVITY_FULL = 4
# NMMetered
METERED_UNKNOWN = 0
METERED_YES = 1
METERED_NO = 2
METERED_GUESS_YES = 3
METERED_GUESS_NO = 4


class NetworkManager:
    def __init__(self):
        self.mock = spawn_template('networkmanager', {
            'State': dbus.UInt32(CONNECTED_GLOBAL),
            'Connectivity': dbus.UInt32(CONNECTIVITY_FULL),
        })
        # NetworkManager ≥ 1.0 has it; the template does not.
        self.mock.mock_call('AddProperty', NM_IFACE, 'Metered',
                            dbus.UInt32(METERED_NO), path=NM_PATH)

    def set(self, name, value):
        '''Sets a property of the manager object, announced with
        PropertiesChanged, as NetworkManager does.'''
        self.mock.mock_call('SetProperty', dbus.ObjectPath(NM_PATH), NM_IFACE,
                            name, dbus.UInt32(value, variant_level=1))

    def go_offline(self):
        self.set('Connectivity', CONNECTIVITY_NONE)
        self.set('State', DISCONNECTED)

    def go_online(self):
        self.set('State', CONNECTED_GLOBAL)
        self.set('Connectivity', CONNECTIVITY_FULL)

    def barrier(self):
        self.mock.barrier()


@pytest.fixture(scope='module')
def network_manager(private_system_bus):
    nm = NetworkManager()
    monitor = Gio.NetworkMonitor.get_default()
    implementation = type(monitor).__gtype__.name
    if implementation != 'GNetworkMonitorNM':
        pytest.fail(f'GIO chose {implementation}, not its NetworkManager '
                    'monitor: run with GIO_USE_NETWORK_MONITOR=networkmanager '
                    '(meson test does)')
    yield nm
    nm.mock.stop()


@pytest.fixture(autouse=True)
def online_unmetered(network_manager):
    '''Every test starts online, on an unmetered network.'''
    network_manager.go_online()
    network_manager.set('Metered', METERED_NO)
    monitor = Gio.NetworkMonitor.get_default()
    spin_until(lambda: (monitor.props.network_available and
                        not monitor.props.network_metered and
                        monitor.props.connectivity == Gio.NetworkConnectivity.FULL),
               what='GIO to see an unmetered network with full connectivity')
    return network_manager


@pytest.fixture
def conditions():
    return Bgrun.Conditions.new(Bgrun.TestClock.new(None))


def network_state(conditions):
    return {'network-available': conditions.props.network_available,
            'network-metered': conditions.props.network_metered}


def wait_for_network(conditions, available, metered):
    wanted = {'network-available': available, 'network-metered': metered}
    spin_until(lambda: network_state(conditions) == wanted,
               what=lambda: f'{wanted}; have {network_state(conditions)}')


def test_starts_with_the_current_state(network_manager, conditions):
    # Read at construction: no main loop needed.
    assert conditions.props.network_available is True
    assert conditions.get_network_available() is True
    assert conditions.props.network_metered is False
    assert conditions.get_network_metered() is False


def test_offline_and_back(network_manager, conditions):
    notes = NotifyCounter(conditions, 'network-available', 'network-metered')

    network_manager.go_offline()
    wait_for_network(conditions, False, False)
    network_manager.barrier()
    assert notes.seen['network-available'] == [False]

    network_manager.go_online()
    wait_for_network(conditions, True, False)
    network_manager.barrier()
    assert notes.seen['network-available'] == [False, True]
    assert notes.count('network-metered') == 0


def test_local_link_only_is_not_available(network_manager, conditions):
    '''A connection that reaches nothing beyond the local link is no
    network for background work.'''
    network_manager.set('Connectivity', CONNECTIVITY_NONE)
    network_manager.set('State', CONNECTED_LOCAL)
    wait_for_network(conditions, False, False)


def test_metered(network_manager, conditions):
    notes = NotifyCounter(conditions, 'network-available', 'network-metered')

    network_manager.set('Metered', METERED_YES)
    wait_for_network(conditions, True, True)
    network_manager.barrier()
    assert notes.seen['network-metered'] == [True]

    network_manager.set('Metered', METERED_NO)
    wait_for_network(conditions, True, False)
    network_manager.barrier()
    assert notes.seen['network-metered'] == [True, False]
    assert notes.count('network-available') == 0


@pytest.mark.parametrize('nm_metered, metered', [
    (METERED_YES, True),
    (METERED_GUESS_YES, True),
    (METERED_GUESS_NO, False),
    (METERED_UNKNOWN, False),
])
def test_metered_guesses(network_manager, conditions, nm_metered, metered):
    # From METERED_YES, so that every case is a change to wait for or a
    # non-change to check.
    network_manager.set('Metered', METERED_YES)
    wait_for_network(conditions, True, True)

    network_manager.set('Metered', nm_metered)
    network_manager.barrier()
    assert conditions.props.network_metered is metered


def test_going_offline_on_a_metered_network(network_manager, conditions):
    network_manager.set('Metered', METERED_YES)
    wait_for_network(conditions, True, True)
    notes = NotifyCounter(conditions, 'network-available', 'network-metered')

    network_manager.go_offline()
    wait_for_network(conditions, False, False)
    network_manager.barrier()
    assert notes.seen == {'network-available': [False], 'network-metered': [False]}

    network_manager.go_online()
    wait_for_network(conditions, True, True)
    network_manager.barrier()
    assert notes.seen == {'network-available': [False, True],
                          'network-metered': [False, True]}


def test_repeated_state_notifies_nothing(network_manager, conditions):
    notes = NotifyCounter(conditions, 'network-available', 'network-metered')
    network_manager.go_online()
    network_manager.set('Metered', METERED_NO)
    network_manager.barrier()
    assert notes.seen == {'network-available': [], 'network-metered': []}


def test_agrees_with_gio(network_manager, conditions):
    monitor = Gio.NetworkMonitor.get_default()
    for step in (network_manager.go_offline, network_manager.go_online):
        step()
        network_manager.barrier()
        assert conditions.props.network_available == monitor.props.network_available
        assert conditions.props.network_metered == monitor.props.network_metered
