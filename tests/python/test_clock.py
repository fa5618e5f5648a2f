# Bgrun.TestClock and Bgrun.SystemClock from Python: alarms, time changes
# and resume from suspend (logind mocked on a private system bus).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gc
import os
import subprocess
import sys
import textwrap
import weakref

import pytest

from conftest import (Bgrun, GLib, bus_barrier, date_time, dbus, dbusmock,
                      mock_bus, spin_until, usec)

SECOND = 1_000_000
START = GLib.DateTime.new_utc(2030, 6, 1, 8, 0, 0)

LOGIND_IFACE = 'org.freedesktop.login1.Manager'
LOGIND_PATH = '/org/freedesktop/login1'


@pytest.fixture
def clock():
    return Bgrun.TestClock.new(START)


class Recorder:
    '''Alarm callbacks that note their name and what the clock read.'''

    def __init__(self, clock):
        self.clock = clock
        self.events = []
        self.handler = clock.connect('time-changed', self._on_time_changed)

    def _on_time_changed(self, clock, change):
        self.events.append(('time-changed', change, usec(clock.get_now())))

    def alarm(self, name, at_usec):
        def fire(clock):
            self.events.append((name, usec(clock.get_now())))
        return self.clock.add_alarm(date_time(at_usec), fire)

    def fired(self):
        return [event[0] for event in self.events if event[0] != 'time-changed']


# Bgrun.TestClock ----------------------------------------------------------

def test_starts_at_the_given_time(clock):
    assert usec(clock.get_now()) == usec(START)
    assert clock.get_now().get_utc_offset() == 0
    assert clock.get_n_alarms() == 0
    assert clock.get_next_alarm() is None


def test_stands_still_until_advanced(clock):
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass
    assert usec(clock.get_now()) == usec(START)
    clock.advance(1.5)
    assert usec(clock.get_now()) == usec(START) + 1_500_000


def test_without_a_start_time_it_starts_now():
    before = GLib.get_real_time()
    clock = Bgrun.TestClock.new(None)
    after = GLib.get_real_time()
    assert before <= usec(clock.get_now()) <= after


def test_alarms_fire_in_time_order_during_advance(clock):
    start = usec(START)
    rec = Recorder(clock)
    rec.alarm('30s', start + 30 * SECOND)
    rec.alarm('10s', start + 10 * SECOND)
    rec.alarm('20s', start + 20 * SECOND)
    rec.alarm('10s, added later', start + 10 * SECOND)
    assert clock.get_n_alarms() == 4
    assert usec(clock.get_next_alarm()) == start + 10 * SECOND

    clock.advance(25)
    # Each callback saw the clock at its own due time; same-time alarms in
    # the order they were added.
    assert rec.events == [
        ('10s', start + 10 * SECOND),
        ('10s, added later', start + 10 * SECOND),
        ('20s', start + 20 * SECOND),
    ]
    assert usec(clock.get_now()) == start + 25 * SECOND
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_next_alarm()) == start + 30 * SECOND

    clock.advance(5)
    assert rec.events[-1] == ('30s', start + 30 * SECOND)
    assert clock.get_n_alarms() == 0
    assert clock.get_next_alarm() is None


def test_advance_stops_short_of_a_later_alarm(clock):
    start = usec(START)
    rec = Recorder(clock)
    rec.alarm('a minute', start + 60 * SECOND)

    clock.advance(59.999999)
    assert rec.events == []
    assert usec(clock.get_now()) == start + 60 * SECOND - 1

    clock.advance(0.000001)
    assert rec.events == [('a minute', start + 60 * SECOND)]


def test_alarms_added_by_callbacks_fire_within_the_step(clock):
    start = usec(START)
    seen = []

    def every_ten_seconds(clock):
        now = usec(clock.get_now())
        seen.append(now)
        clock.add_alarm(date_time(now + 10 * SECOND), every_ten_seconds)

    clock.add_alarm(date_time(start + 10 * SECOND), every_ten_seconds)
    clock.advance(35)
    assert seen == [start + 10 * SECOND, start + 20 * SECOND, start + 30 * SECOND]
    # The one for 40 s waits for the next step.
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_next_alarm()) == start + 40 * SECOND


def test_remove_alarm(clock):
    start = usec(START)
    rec = Recorder(clock)
    keep = rec.alarm('kept', start + 10 * SECOND)
    drop = rec.alarm('removed', start + 5 * SECOND)
    assert keep != drop and 0 not in (keep, drop)

    clock.remove_alarm(drop)
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_next_alarm()) == start + 10 * SECOND

    clock.advance(20)
    assert rec.fired() == ['kept']

    # Removing one that fired, one already removed, or one that never
    # existed does nothing.
    clock.remove_alarm(keep)
    clock.remove_alarm(drop)
    clock.remove_alarm(987654)
    assert clock.get_n_alarms() == 0


def test_a_callback_can_remove_a_later_alarm_of_the_same_step(clock):
    start = usec(START)
    rec = Recorder(clock)
    later = rec.alarm('later', start + 2 * SECOND)
    clock.add_alarm(date_time(start + 1 * SECOND), lambda c: c.remove_alarm(later))

    clock.advance(10)
    assert rec.events == []
    assert clock.get_n_alarms() == 0


def test_removed_and_fired_alarms_release_their_callbacks(clock):
    class Callback:
        def __call__(self, clock):
            pass

    fired, removed = Callback(), Callback()
    fired_ref, removed_ref = weakref.ref(fired), weakref.ref(removed)
    clock.add_alarm(clock.get_now().add_seconds(1), fired)
    alarm = clock.add_alarm(clock.get_now().add_seconds(2), removed)
    del fired, removed

    clock.remove_alarm(alarm)
    clock.advance(1)
    gc.collect()
    assert fired_ref() is None, 'the callback of a fired alarm was kept'
    assert removed_ref() is None, 'the callback of a removed alarm was kept'


def test_overdue_alarm_fires_on_the_next_advance(clock):
    start = usec(START)
    rec = Recorder(clock)
    rec.alarm('overdue', start - 60 * SECOND)
    assert usec(clock.get_next_alarm()) == start - 60 * SECOND

    clock.advance(0)
    # The clock never runs backwards to an alarm's time.
    assert rec.events == [('overdue', start)]


def test_set_now_announces_the_change_before_overdue_alarms(clock):
    start = usec(START)
    rec = Recorder(clock)
    rec.alarm('in an hour', start + 3600 * SECOND)
    rec.alarm('in a minute', start + 60 * SECOND)
    rec.alarm('tomorrow', start + 86400 * SECOND)
    pending_during_signal = []
    clock.connect('time-changed', lambda c, change: pending_during_signal.append(c.get_n_alarms()))

    new_time = start + 2 * 3600 * SECOND
    clock.set_now(date_time(new_time))

    # time-changed first (nothing fired yet), then the alarms that became
    # due, in time order, all seeing the new time.
    assert rec.events == [
        ('time-changed', Bgrun.TimeChange.SET, new_time),
        ('in a minute', new_time),
        ('in an hour', new_time),
    ]
    assert pending_during_signal == [3]
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_now()) == new_time


def test_set_now_backwards(clock):
    start = usec(START)
    rec = Recorder(clock)
    rec.alarm('in a minute', start + 60 * SECOND)

    clock.set_now(date_time(start - 3600 * SECOND))
    assert rec.events == [('time-changed', Bgrun.TimeChange.SET, start - 3600 * SECOND)]
    assert usec(clock.get_now()) == start - 3600 * SECOND

    # The alarm keeps its wall-clock time: an hour and a minute away now.
    clock.advance(3600)
    assert rec.fired() == []
    clock.advance(60)
    assert rec.fired() == ['in a minute']


def test_set_now_from_an_alarm(clock):
    start = usec(START)
    rec = Recorder(clock)
    clock.add_alarm(date_time(start + 10 * SECOND),
                    lambda c: c.set_now(date_time(start + 100 * SECOND)))
    rec.alarm('at 50 s', start + 50 * SECOND)

    clock.advance(20)
    assert rec.events == [
        ('time-changed', Bgrun.TimeChange.SET, start + 100 * SECOND),
        ('at 50 s', start + 100 * SECOND),
    ]


def test_advance_from_an_alarm():
    '''A test's alarm callback that lets time pass (a simulated task that
    takes five seconds) must not hang. Runs in a child process, which a
    hang would otherwise take the whole file down with.'''
    code = textwrap.dedent('''\
        import gi
        gi.require_version('Bgrun', '1.0')
        from gi.repository import Bgrun, GLib
        start = GLib.DateTime.new_utc(2030, 6, 1, 8, 0, 0)
        clock = Bgrun.TestClock.new(start)
        seen = []
        def work(clock):
            seen.append(clock.get_now().to_unix() - start.to_unix())
            clock.advance(5)
        clock.add_alarm(start.add_seconds(10), work)
        clock.add_alarm(start.add_seconds(12), lambda c: seen.append(
            c.get_now().to_unix() - start.to_unix()))
        clock.advance(60)
        print(seen, clock.get_now().to_unix() - start.to_unix())
    ''')
    try:
        child = subprocess.run([sys.executable, '-c', code], capture_output=True,
                               text=True, timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail('TestClock.advance() from an alarm callback hung')
    assert child.returncode == 0, child.stderr
    assert child.stdout.split('\n')[0] == '[10, 12] 60'


def test_time_change_enum():
    assert int(Bgrun.TimeChange.SET) == 0
    assert int(Bgrun.TimeChange.RESUMED) == 1
    assert Bgrun.TimeChange.SET.value_nick == 'set'
    assert Bgrun.TimeChange.RESUMED.value_nick == 'resumed'


def test_clock_is_abstract():
    with pytest.raises(TypeError):
        Bgrun.Clock()


# Bgrun.SystemClock --------------------------------------------------------

def test_system_clock_reads_the_wall_clock():
    clock = Bgrun.SystemClock.new()
    before = GLib.get_real_time()
    now = usec(clock.get_now())
    after = GLib.get_real_time()
    assert before <= now <= after
    assert clock.get_now().get_utc_offset() == 0


def test_system_clock_alarm_fires_on_the_main_loop_not_before_its_time():
    clock = Bgrun.SystemClock.new()
    due = usec(clock.get_now()) + 50_000
    fired = []
    clock.add_alarm(date_time(due),
                    lambda c: fired.append((GLib.get_real_time(), usec(c.get_now()))))
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_next_alarm()) == due

    # Alarms fire from the main loop only.
    assert fired == []
    spin_until(lambda: fired, what='a system clock alarm 50 ms ahead')
    real, seen = fired[0]
    assert real >= due, 'the alarm fired before its time'
    assert seen >= due, 'the clock read earlier than the alarm in its callback'
    assert real - due < 5 * SECOND
    assert clock.get_n_alarms() == 0
    assert clock.get_next_alarm() is None


def test_system_clock_alarms_in_time_order():
    clock = Bgrun.SystemClock.new()
    base = usec(clock.get_now())
    order = []
    for name, offset in (('third', 90_000), ('first', 30_000), ('second', 60_000)):
        clock.add_alarm(date_time(base + offset), lambda c, n=name: order.append(n))
    spin_until(lambda: len(order) == 3, what='three system clock alarms')
    assert order == ['first', 'second', 'third']


def test_system_clock_overdue_alarm_fires_at_the_next_dispatch():
    clock = Bgrun.SystemClock.new()
    fired = []
    clock.add_alarm(date_time(usec(clock.get_now()) - 3600 * SECOND),
                    lambda c: fired.append(True))
    assert fired == []
    spin_until(lambda: fired, what='an alarm an hour overdue')


def test_system_clock_removed_alarm_never_fires():
    clock = Bgrun.SystemClock.new()
    base = usec(clock.get_now())
    fired = []
    early = clock.add_alarm(date_time(base + 20_000), lambda c: fired.append('removed'))
    clock.add_alarm(date_time(base + 60_000), lambda c: fired.append('kept'))
    clock.remove_alarm(early)
    assert usec(clock.get_next_alarm()) == base + 60_000

    spin_until(lambda: fired, what='the kept alarm')
    assert fired == ['kept']


def test_dropped_system_clock_fires_nothing():
    class Callback:
        def __init__(self):
            self.calls = 0

        def __call__(self, clock):
            self.calls += 1

    doomed = Bgrun.SystemClock.new()
    callback = Callback()
    doomed.add_alarm(date_time(usec(doomed.get_now()) + 20_000), callback)
    callback_ref = weakref.ref(callback)
    calls = callback
    del doomed, callback
    gc.collect()

    # A later alarm on another clock marks the time the dropped one's
    # alarm would long have fired by.
    marker = Bgrun.SystemClock.new()
    done = []
    marker.add_alarm(date_time(usec(marker.get_now()) + 80_000), lambda c: done.append(True))
    spin_until(lambda: done, what='the marker alarm')
    assert calls.calls == 0
    del calls
    gc.collect()
    assert callback_ref() is None, 'the dropped clock kept its alarm callback'


# Resume from suspend, announced by logind --------------------------------

class Logind:
    def __init__(self, mock):
        self.mock = mock

    def prepare_for_sleep(self, going_to_sleep):
        self.mock.mock_call('EmitSignal', LOGIND_IFACE, 'PrepareForSleep', 'b',
                            [dbus.Boolean(going_to_sleep)])


@pytest.fixture
def logind(spawn_mock):
    return Logind(spawn_mock('logind'))


def resumed_clock(logind):
    '''A SystemClock that has heard from logind.

    The clock subscribes to PrepareForSleep once its (asynchronous) system
    bus connection is up; until then a signal is lost, as it would be for
    real. So: announce resumes until the clock has heard one.
    '''
    clock = Bgrun.SystemClock.new()
    changes = []
    handler = clock.connect('time-changed', lambda c, change: changes.append(change))

    def resume_and_check():
        logind.prepare_for_sleep(False)
        logind.mock.barrier()
        return changes

    spin_until(resume_and_check, what='the clock to hear logind', retry_every=0.02)
    clock.disconnect(handler)
    return clock


def test_resume_emits_time_changed(logind):
    clock = resumed_clock(logind)
    changes = []
    clock.connect('time-changed', lambda c, change: changes.append(change))

    logind.prepare_for_sleep(True)
    logind.mock.barrier()
    assert changes == [], 'going to sleep is not a time change'

    logind.prepare_for_sleep(False)
    spin_until(lambda: changes, what='time-changed after resume')
    logind.mock.barrier()
    assert changes == [Bgrun.TimeChange.RESUMED]


def test_alarms_due_at_resume_fire_right_after_time_changed(logind):
    '''On resume an app computes its times again (in time-changed); an alarm
    that is due by then fires straight after the signal, before anything
    else on the main loop.'''
    clock = resumed_clock(logind)
    events = []

    def on_time_changed(clock, change):
        events.append(('time-changed', change))
        clock.add_alarm(date_time(usec(clock.get_now()) - SECOND),
                        lambda c: events.append(('alarm', clock.get_n_alarms())))
        GLib.idle_add(lambda: events.append(('main loop',)) and False,
                      priority=GLib.PRIORITY_HIGH)

    clock.connect('time-changed', on_time_changed)
    logind.prepare_for_sleep(False)
    spin_until(lambda: len(events) == 3, what=lambda: f'three events; have {events}')
    assert events == [('time-changed', Bgrun.TimeChange.RESUMED),
                      ('alarm', 0),
                      ('main loop',)]


def test_resume_from_anyone_but_logind_is_ignored(logind):
    clock = resumed_clock(logind)
    changes = []
    clock.connect('time-changed', lambda c, change: changes.append(change))

    impostor = dbusmock.DBusTestCase.spawn_server(
        'org.example.Impostor', LOGIND_PATH, LOGIND_IFACE, system_bus=True,
        stdout=subprocess.DEVNULL)
    try:
        mock_bus().get_object('org.example.Impostor', LOGIND_PATH).EmitSignal(
            LOGIND_IFACE, 'PrepareForSleep', 'b', [dbus.Boolean(False)],
            dbus_interface=dbusmock.MOCK_IFACE)
        bus_barrier('org.example.Impostor')
        assert changes == []
    finally:
        impostor.terminate()
        impostor.wait()

    logind.prepare_for_sleep(False)
    spin_until(lambda: changes, what='time-changed from the real logind')


def test_system_clock_without_logind_still_fires_alarms():
    '''No logind on the bus (a container): no resume signal, alarms work.'''
    clock = Bgrun.SystemClock.new()
    fired = []
    clock.add_alarm(date_time(usec(clock.get_now()) + 30_000), lambda c: fired.append(True))
    spin_until(lambda: fired, what='an alarm without logind')


def test_system_clock_without_any_system_bus():
    code = textwrap.dedent('''\
        import gi
        gi.require_version('Bgrun', '1.0')
        from gi.repository import Bgrun, GLib
        clock = Bgrun.SystemClock.new()
        loop = GLib.MainLoop()
        now = clock.get_now()
        clock.add_alarm(now.add(50_000), lambda c: loop.quit())
        GLib.timeout_add_seconds(10, lambda: print('timeout') or loop.quit())
        loop.run()
        print('fired')
    ''')
    env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS='unix:path=/nonexistent')
    child = subprocess.run([sys.executable, '-c', code], env=env,
                           capture_output=True, text=True, timeout=30)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == 'fired'
    assert 'WARNING' not in child.stderr and 'CRITICAL' not in child.stderr, child.stderr
