# Bgrun.Conditions and the battery: UPower (mocked) on a private system
# bus, and no system bus at all.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import math
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import Bgrun, NotifyCounter, dbus, spin_until

UPOWER_IFACE = 'org.freedesktop.UPower'
UPOWER_PATH = '/org/freedesktop/UPower'
DISPLAY_DEVICE = '/org/freedesktop/UPower/devices/DisplayDevice'


def set_on_battery(upower, value):
    upower.set_property(UPOWER_PATH, UPOWER_IFACE, 'OnBattery', dbus.Boolean(value))


def set_display_device(upower, **properties):
    '''SetDeviceProperties sets (and announces) one property at a time, in
    the order given.'''
    upower.mock_call('SetDeviceProperties', dbus.ObjectPath(DISPLAY_DEVICE),
                     dbus.Dictionary(properties, signature='sv'))


def battery_state(conditions):
    return {'on-battery': conditions.props.on_battery,
            'battery-level': conditions.props.battery_level}


def wait_for_battery(conditions, on_battery, level):
    spin_until(lambda: (conditions.props.on_battery == on_battery and
                        conditions.props.battery_level == level),
               what=lambda: (f'on-battery {on_battery}, battery-level {level}; '
                             f'have {battery_state(conditions)}'))


@pytest.fixture
def upower(spawn_mock):
    return spawn_mock('upower', {'OnBattery': False})


@pytest.fixture
def conditions():
    return Bgrun.Conditions.new(Bgrun.TestClock.new(None))


def plug_in_battery(upower, conditions, percentage):
    '''Makes the mock report a present battery at @percentage and waits
    until the conditions show it.'''
    # Percentage first: while IsPresent is false the level stays unknown,
    # so the level changes once, when IsPresent turns true.
    set_display_device(upower, Percentage=dbus.Double(percentage))
    set_display_device(upower, IsPresent=dbus.Boolean(True))
    level = math.floor(percentage + 0.5)    # halves up, unlike round()
    spin_until(lambda: conditions.props.battery_level == level,
               what=lambda: (f'battery-level {level}; '
                             f'have {conditions.props.battery_level}'))


def test_starts_unknown(upower, conditions):
    # Built with UPower running, but before its answer arrived: unknown.
    assert conditions.props.on_battery is False
    assert conditions.get_on_battery() is False
    assert conditions.props.battery_level == -1
    assert conditions.get_battery_level() == -1


def test_on_battery_follows_upower(upower, conditions):
    notes = NotifyCounter(conditions, 'on-battery', 'battery-level')

    set_on_battery(upower, True)
    spin_until(lambda: conditions.props.on_battery, what='on-battery to turn true')
    assert conditions.get_on_battery() is True
    upower.barrier()
    assert notes.seen['on-battery'] == [True]

    set_on_battery(upower, False)
    spin_until(lambda: not conditions.props.on_battery, what='on-battery to turn false')
    assert conditions.get_on_battery() is False
    upower.barrier()
    assert notes.seen['on-battery'] == [True, False]

    # Nothing else changed, so nothing else was announced.
    assert notes.count('battery-level') == 0


def test_setting_the_same_value_again_notifies_nothing(upower, conditions):
    set_on_battery(upower, True)
    spin_until(lambda: conditions.props.on_battery, what='on-battery to turn true')
    upower.barrier()

    notes = NotifyCounter(conditions, 'on-battery', 'battery-level')
    set_on_battery(upower, True)      # UPower repeats itself
    upower.barrier()
    assert notes.count('on-battery') == 0
    assert conditions.props.on_battery is True


def test_battery_level_follows_the_display_device(upower, conditions):
    notes = NotifyCounter(conditions, 'on-battery', 'battery-level')

    plug_in_battery(upower, conditions, 80.0)
    upower.barrier()
    assert notes.seen['battery-level'] == [80]

    set_display_device(upower, Percentage=dbus.Double(42.4))
    wait_for_battery(conditions, False, 42)
    upower.barrier()
    assert notes.seen['battery-level'] == [80, 42]
    assert conditions.get_battery_level() == 42

    # A change that rounds to the same percent is no change to an app.
    set_display_device(upower, Percentage=dbus.Double(41.6))
    upower.barrier()
    assert conditions.props.battery_level == 42
    assert notes.seen['battery-level'] == [80, 42]

    assert notes.count('on-battery') == 0


@pytest.mark.parametrize('percentage, level', [
    (0.0, 0),
    (0.4, 0),
    (12.5, 13),       # halves round away from zero
    (99.6, 100),
    (100.0, 100),
])
def test_battery_level_is_a_rounded_percentage(upower, conditions, percentage, level):
    plug_in_battery(upower, conditions, 50.0)

    set_display_device(upower, Percentage=dbus.Double(percentage))
    wait_for_battery(conditions, False, level)
    assert 0 <= conditions.props.battery_level <= 100


def test_battery_removed_makes_level_unknown(upower, conditions):
    plug_in_battery(upower, conditions, 65.0)
    notes = NotifyCounter(conditions, 'battery-level')

    set_display_device(upower, IsPresent=dbus.Boolean(False))
    wait_for_battery(conditions, False, -1)
    upower.barrier()
    assert notes.seen['battery-level'] == [-1]


def test_on_battery_and_level_together(upower, conditions):
    notes = NotifyCounter(conditions, 'on-battery', 'battery-level')

    plug_in_battery(upower, conditions, 90.0)
    set_on_battery(upower, True)
    set_display_device(upower, Percentage=dbus.Double(89.0))
    wait_for_battery(conditions, True, 89)
    upower.barrier()

    assert notes.seen['on-battery'] == [True]
    assert notes.seen['battery-level'] == [90, 89]


def test_upower_stopping_and_coming_back(spawn_mock, conditions):
    upower = spawn_mock('upower', {'OnBattery': True})
    plug_in_battery(upower, conditions, 55.0)
    wait_for_battery(conditions, True, 55)
    upower.barrier()

    notes = NotifyCounter(conditions, 'on-battery', 'battery-level')
    upower.stop()
    wait_for_battery(conditions, False, -1)
    upower.barrier()      # the bus daemon: the mock is gone
    assert notes.seen == {'on-battery': [False], 'battery-level': [-1]}

    notes.reset()
    upower = spawn_mock('upower', {'OnBattery': True})
    spin_until(lambda: conditions.props.on_battery,
               what='on-battery to return with UPower')
    plug_in_battery(upower, conditions, 54.0)
    wait_for_battery(conditions, True, 54)
    upower.barrier()
    assert notes.seen == {'on-battery': [True], 'battery-level': [54]}


def test_upower_started_after_the_conditions(spawn_mock, conditions):
    '''An app started before UPower (early in a session) still gets the
    battery state once UPower is up.'''
    assert conditions.props.battery_level == -1
    upower = spawn_mock('upower', {'OnBattery': True})
    spin_until(lambda: conditions.props.on_battery,
               what='on-battery from a UPower started late')
    plug_in_battery(upower, conditions, 30.0)
    wait_for_battery(conditions, True, 30)


def test_two_conditions_agree(upower, conditions):
    other = Bgrun.Conditions.new(None)
    plug_in_battery(upower, conditions, 77.0)
    set_on_battery(upower, True)
    wait_for_battery(conditions, True, 77)
    wait_for_battery(other, True, 77)


def test_dropping_conditions_while_upower_answers(upower):
    '''Conditions dropped while their UPower requests are still on the way
    must not be touched when the answers come.'''
    for _ in range(5):
        conditions = Bgrun.Conditions.new(None)
        del conditions
    set_on_battery(upower, True)
    upower.barrier()

    survivor = Bgrun.Conditions.new(None)
    wait_for_battery(survivor, True, -1)


NO_BUS_CHILD = textwrap.dedent('''\
    import gi
    gi.require_version('Bgrun', '1.0')
    from gi.repository import Bgrun, GLib

    conditions = Bgrun.Conditions.new(None)
    notified = []
    conditions.connect('notify', lambda obj, pspec: notified.append(pspec.name))
    loop = GLib.MainLoop()
    GLib.timeout_add(300, loop.quit)
    loop.run()
    print(conditions.props.on_battery, conditions.props.battery_level,
          conditions.props.power_saver, conditions.props.low_memory,
          ','.join(notified) or '-')
''')


@pytest.mark.parametrize('monitors', ['default', 'dbus'])
def test_no_system_bus_at_all(monitors):
    '''Without a system bus, the battery is unknown, and nobody is warned:
    a missing service is not an error.'''
    env = dict(os.environ)
    env['DBUS_SYSTEM_BUS_ADDRESS'] = 'unix:path=/nonexistent'
    env['G_MESSAGES_DEBUG'] = ''
    if monitors == 'dbus':
        # GIO's power-profile and memory monitors then look for their
        # services on the (missing) system bus too.
        env['GIO_USE_POWER_PROFILE_MONITOR'] = 'dbus'
        env['GIO_USE_MEMORY_MONITOR'] = 'dbus'
    child = subprocess.run([sys.executable, '-c', NO_BUS_CHILD], env=env,
                           capture_output=True, text=True, timeout=30)
    assert child.returncode == 0, child.stderr
    assert 'WARNING' not in child.stderr, child.stderr
    assert 'CRITICAL' not in child.stderr, child.stderr
    on_battery, level, power_saver, low_memory, notified = child.stdout.split()
    assert on_battery == 'False'
    assert level == '-1'
    assert power_saver == 'False'
    assert low_memory == 'False'
    assert notified == '-'
