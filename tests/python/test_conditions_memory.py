# Bgrun.Conditions and memory pressure: GIO's D-Bus memory monitor
# (GIO_USE_MEMORY_MONITOR=dbus, set by meson for this file) following a
# mocked low-memory-monitor on a private system bus, timed by a TestClock.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Low-memory warnings are events: a signal missed is gone. GIO subscribes to
# them some time after it first sees low-memory-monitor on the bus, with no
# way to tell when; so the module first warns until GIO has heard one, and
# only then do the tests start.

import pytest

from conftest import Bgrun, Gio, GLib, NotifyCounter, dbus, spawn_template, spin_until, usec

QUIET = Bgrun.LOW_MEMORY_QUIET_SECONDS

# GMemoryMonitorWarningLevel
LOW, MEDIUM, CRITICAL = 50, 100, 255


@pytest.fixture(scope='module')
def lmm(private_system_bus):
    monitor = Gio.MemoryMonitor.dup_default()
    implementation = type(monitor).__gtype__.name
    if implementation != 'GMemoryMonitorDBus':
        pytest.fail(f'GIO chose {implementation}, not its D-Bus memory monitor: '
                    'run with GIO_USE_MEMORY_MONITOR=dbus (meson test does)')

    mock = spawn_template('low_memory_monitor')
    heard = []
    handler = monitor.connect('low-memory-warning', lambda m, level: heard.append(level))

    def warn_and_check():
        mock.mock_call('EmitWarning', dbus.Byte(LOW))
        mock.barrier()
        return heard

    spin_until(warn_and_check, what='GIO to hear a low-memory warning', retry_every=0.02)
    monitor.disconnect(handler)
    yield mock
    mock.stop()


def warn(lmm, level=LOW):
    lmm.mock_call('EmitWarning', dbus.Byte(level))


def wait_for_low_memory(conditions):
    spin_until(lambda: conditions.props.low_memory, what='low-memory to turn true')


@pytest.fixture
def clock():
    return Bgrun.TestClock.new(GLib.DateTime.new_utc(2030, 1, 1, 12, 0, 0))


@pytest.fixture
def conditions(lmm, clock):
    return Bgrun.Conditions.new(clock)


@pytest.mark.parametrize('level', [LOW, MEDIUM, CRITICAL])
def test_a_warning_sets_low_memory(lmm, conditions, level):
    notes = NotifyCounter(conditions, 'low-memory')
    assert conditions.props.low_memory is False

    warn(lmm, level)
    wait_for_low_memory(conditions)
    assert conditions.get_low_memory() is True
    lmm.barrier()
    assert notes.seen['low-memory'] == [True]


def test_low_memory_clears_after_the_quiet_period(lmm, conditions, clock):
    notes = NotifyCounter(conditions, 'low-memory')
    warn(lmm)
    wait_for_low_memory(conditions)

    clock.advance(QUIET - 1)
    assert conditions.props.low_memory is True
    assert notes.seen['low-memory'] == [True]

    clock.advance(2)
    assert conditions.props.low_memory is False
    assert conditions.get_low_memory() is False
    assert notes.seen['low-memory'] == [True, False]

    # Nothing left behind on the clock.
    assert clock.get_n_alarms() == 0


def test_clears_exactly_at_the_end_of_the_quiet_period(lmm, conditions, clock):
    warn(lmm)
    wait_for_low_memory(conditions)
    cleared_at = []
    conditions.connect('notify::low-memory',
                       lambda obj, pspec: cleared_at.append(usec(clock.get_now())))
    start = usec(clock.get_now())

    clock.advance(QUIET + 30)
    assert cleared_at == [start + QUIET * 1_000_000]


def test_another_warning_extends_the_quiet_period(lmm, conditions, clock):
    notes = NotifyCounter(conditions, 'low-memory')
    warn(lmm)
    wait_for_low_memory(conditions)

    clock.advance(30)
    warn(lmm)
    lmm.barrier()
    # Already low: a second warning is no change to announce.
    assert notes.seen['low-memory'] == [True]
    assert clock.get_n_alarms() == 1

    clock.advance(QUIET - 1)          # 30 + 59 s after the first warning
    assert conditions.props.low_memory is True
    assert notes.seen['low-memory'] == [True]

    clock.advance(2)                  # 61 s after the second
    assert conditions.props.low_memory is False
    assert notes.seen['low-memory'] == [True, False]
    assert clock.get_n_alarms() == 0


def test_low_memory_again_after_it_cleared(lmm, conditions, clock):
    notes = NotifyCounter(conditions, 'low-memory')
    warn(lmm)
    wait_for_low_memory(conditions)
    clock.advance(QUIET + 1)
    assert conditions.props.low_memory is False

    warn(lmm)
    wait_for_low_memory(conditions)
    clock.advance(QUIET - 1)
    assert conditions.props.low_memory is True
    clock.advance(1)
    assert conditions.props.low_memory is False
    assert notes.seen['low-memory'] == [True, False, True, False]


def test_the_quiet_period_runs_on_the_conditions_clock(lmm, conditions, clock):
    assert conditions.props.clock is clock
    assert conditions.get_clock() is clock
    warn(lmm)
    wait_for_low_memory(conditions)
    lmm.barrier()
    assert conditions.props.low_memory is True
    next_alarm = clock.get_next_alarm()
    assert next_alarm is not None
    assert usec(next_alarm) == usec(clock.get_now()) + QUIET * 1_000_000


def test_two_conditions_on_one_clock(lmm, clock):
    first = Bgrun.Conditions.new(clock)
    second = Bgrun.Conditions.new(clock)
    warn(lmm)
    spin_until(lambda: first.props.low_memory and second.props.low_memory,
               what='both conditions to see the warning')
    assert clock.get_n_alarms() == 2

    clock.advance(QUIET)
    assert (first.props.low_memory, second.props.low_memory) == (False, False)


def test_dropped_conditions_leave_no_alarm(lmm, clock):
    conditions = Bgrun.Conditions.new(clock)
    warn(lmm)
    wait_for_low_memory(conditions)
    assert clock.get_n_alarms() == 1

    del conditions
    assert clock.get_n_alarms() == 0
    clock.advance(QUIET * 2)        # nothing left to fire at a dead object


def test_system_clock_times_the_quiet_period(lmm):
    conditions = Bgrun.Conditions.new(None)
    clock = conditions.get_clock()
    assert isinstance(clock, Bgrun.SystemClock)

    warn(lmm)
    wait_for_low_memory(conditions)
    delay = usec(clock.get_next_alarm()) - usec(clock.get_now())
    assert QUIET * 1_000_000 - 5_000_000 < delay <= QUIET * 1_000_000


def test_clock_set_forward_ends_the_quiet_period(lmm, conditions, clock):
    '''After the wall clock jumps (or the machine resumes) past the quiet
    period, no warning has come for longer than it: low-memory ends.'''
    notes = NotifyCounter(conditions, 'low-memory')
    warn(lmm)
    wait_for_low_memory(conditions)

    clock.set_now(clock.get_now().add_hours(2))
    assert conditions.props.low_memory is False
    assert notes.seen['low-memory'] == [True, False]


def test_clock_set_back_does_not_stretch_the_quiet_period(lmm, conditions, clock):
    '''A wall clock set back (an NTP correction) must not keep background
    work blocked for as long as the clock went back: the quiet period is
    a duration.'''
    warn(lmm)
    wait_for_low_memory(conditions)

    clock.set_now(clock.get_now().add_hours(-1))
    clock.advance(QUIET + 1)
    assert conditions.props.low_memory is False
