# Bgrun.Conditions and power-saver mode: GIO's D-Bus power-profile monitor
# (GIO_USE_POWER_PROFILE_MONITOR=dbus, set by meson for this file)
# following a mocked power-profiles-daemon on a private system bus.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import pytest

from conftest import Bgrun, Gio, NotifyCounter, spin_until

PPD_PATH = '/net/hadess/PowerProfiles'
PPD_IFACE = 'net.hadess.PowerProfiles'


def set_profile(ppd, profile):
    ppd.set_property(PPD_PATH, PPD_IFACE, 'ActiveProfile', profile)


def wait_for_power_saver(conditions, enabled):
    spin_until(lambda: conditions.props.power_saver == enabled,
               what=lambda: (f'power-saver {enabled}; '
                             f'have {conditions.props.power_saver}'))


@pytest.fixture(scope='module', autouse=True)
def gio_dbus_monitor(private_system_bus):
    monitor = Gio.PowerProfileMonitor.dup_default()
    implementation = type(monitor).__gtype__.name
    if implementation != 'GPowerProfileMonitorDBus':
        pytest.fail(f'GIO chose {implementation}, not its D-Bus power-profile '
                    'monitor: run with GIO_USE_POWER_PROFILE_MONITOR=dbus '
                    '(meson test does)')
    return monitor


@pytest.fixture(autouse=True)
def power_saver_off_after_the_test(gio_dbus_monitor):
    yield
    # After spawn_mock stopped the test's daemons, GIO turns power-saver
    # off; the next test starts from there.
    spin_until(lambda: not gio_dbus_monitor.props.power_saver_enabled,
               what='GIO to forget the stopped power-profiles-daemon')


@pytest.fixture
def ppd(spawn_mock):
    return spawn_mock('power_profiles_daemon', {'ActiveProfile': 'balanced'})


@pytest.fixture
def conditions():
    return Bgrun.Conditions.new(Bgrun.TestClock.new(None))


def test_power_saver_follows_the_active_profile(ppd, conditions):
    notes = NotifyCounter(conditions, 'power-saver')
    assert conditions.props.power_saver is False

    set_profile(ppd, 'power-saver')
    wait_for_power_saver(conditions, True)
    assert conditions.get_power_saver() is True
    ppd.barrier()
    assert notes.seen['power-saver'] == [True]

    set_profile(ppd, 'balanced')
    wait_for_power_saver(conditions, False)
    assert conditions.get_power_saver() is False
    ppd.barrier()
    assert notes.seen['power-saver'] == [True, False]


def test_performance_is_not_power_saver(ppd, conditions):
    set_profile(ppd, 'power-saver')
    wait_for_power_saver(conditions, True)
    notes = NotifyCounter(conditions, 'power-saver')

    set_profile(ppd, 'performance')
    wait_for_power_saver(conditions, False)
    set_profile(ppd, 'balanced')
    ppd.barrier()
    assert notes.seen['power-saver'] == [False]


def test_repeated_profile_notifies_nothing(ppd, conditions):
    set_profile(ppd, 'power-saver')
    wait_for_power_saver(conditions, True)
    ppd.barrier()
    notes = NotifyCounter(conditions, 'power-saver')

    set_profile(ppd, 'power-saver')
    ppd.barrier()
    assert notes.count('power-saver') == 0
    assert conditions.props.power_saver is True


def test_started_in_power_saver_mode(spawn_mock):
    '''Conditions made while power-saver mode is already on report it.'''
    spawn_mock('power_profiles_daemon', {'ActiveProfile': 'power-saver'})
    monitor = Gio.PowerProfileMonitor.dup_default()
    spin_until(lambda: monitor.props.power_saver_enabled,
               what='GIO to see power-saver mode')

    conditions = Bgrun.Conditions.new(None)
    # Read at construction, no main loop needed.
    assert conditions.props.power_saver is True


def test_daemon_stopping_ends_power_saver(ppd, conditions):
    set_profile(ppd, 'power-saver')
    wait_for_power_saver(conditions, True)
    notes = NotifyCounter(conditions, 'power-saver')

    ppd.stop()
    wait_for_power_saver(conditions, False)
    ppd.barrier()
    assert notes.seen['power-saver'] == [False]
