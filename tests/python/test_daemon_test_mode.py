# bgrund --test-mode and Bgrun.TestDriver.new_for_daemon(): what an app's
# test suite relies on when it runs its background code against the
# daemon (the scheduler behaviour tests themselves run in both placements:
# sched_helpers.placement).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/isolate gives this file a private session bus; each test starts
# its own bgrund (BGRUND) with its own state directory.

import subprocess

import pytest

from conftest import Bgrun, Gio, GLib, usec
from daemon_helpers import BGRUND, Daemon, open_bus
from sched_helpers import Recorder, events, processing, refresh, running_ids, scheduler_error

APP = 'org.example.TestMode'
WORK = APP + '.work'
TESTING = 'org.bgrun.Testing1'
PATH = '/org/bgrun/Broker1'


@pytest.fixture
def start(tmp_path):
    '''Starts bgrund with the given options; stops it after the test.'''
    started = []

    def start_daemon(*args):
        daemon = Daemon(str(tmp_path / f'state{len(started)}'), *args)
        started.append(daemon)
        daemon.wait_owned()
        return daemon
    yield start_daemon
    for daemon in started:
        daemon.stop()


def call_testing(method, args=None):
    bus = open_bus()
    try:
        return bus.call_sync('org.bgrun.Broker1', PATH, TESTING, method, args,
                             GLib.VariantType.new('(xxu)'), Gio.DBusCallFlags.NO_AUTO_START,
                             -1, None).unpack()
    finally:
        bus.close_sync(None)


def test_help_says_test_mode_is_for_tests_only():
    out = subprocess.run([BGRUND, '--help'], capture_output=True, text=True, check=True).stdout
    line = [line for line in out.splitlines() if '--test-mode' in line]
    assert len(line) == 1 and 'For tests only' in line[0], out


def test_without_test_mode_there_is_no_testing_interface(start):
    start()
    with pytest.raises(GLib.Error) as info:
        call_testing('Settle')
    remote = Gio.DBusError.get_remote_error(info.value)
    assert remote in ('org.freedesktop.DBus.Error.UnknownMethod',
                      'org.freedesktop.DBus.Error.UnknownInterface'), info.value.message
    assert TESTING in info.value.message


def test_a_driver_for_the_daemon_needs_a_daemon_in_test_mode(start):
    with scheduler_error(Bgrun.SchedulerError.UNAVAILABLE, 'bgrund --test-mode',
                         'org.bgrun.Broker1'):
        Bgrun.TestDriver.new_for_daemon(APP)         # no daemon at all
    start()
    with scheduler_error(Bgrun.SchedulerError.UNAVAILABLE, 'bgrund --test-mode', TESTING):
        Bgrun.TestDriver.new_for_daemon(APP)         # one, but not in test mode


def test_the_driver_runs_the_scheduler_on_the_daemon_with_its_clock(start):
    start('--test-mode')
    driver = Bgrun.TestDriver.new_for_daemon(APP)
    scheduler = driver.get_scheduler()
    assert scheduler.props.backend == Bgrun.Backend.DAEMON
    assert driver.get_state_directory() is None
    clock = driver.get_clock()
    assert scheduler.props.clock is clock

    handler = Recorder()
    scheduler.register(WORK, handler)
    begin = clock.get_now().add_seconds(3600)
    scheduler.submit(refresh(WORK, begin=begin))
    driver.advance(0)
    # The mirror shows the daemon's time and its one alarm, for the request.
    now, next_alarm, n_alarms = call_testing('Settle')
    assert usec(clock.get_now()) == now
    assert (usec(clock.get_next_alarm()), clock.get_n_alarms()) == (next_alarm, n_alarms)
    assert (next_alarm, n_alarms) == (usec(begin), 1)

    driver.advance(3599)
    assert len(handler) == 0
    driver.advance(1)
    assert handler.started_at and usec(handler.started_at[0]) == usec(begin)
    assert call_testing('Settle')[0] == usec(begin)


def test_setting_the_mirror_clock_sets_the_daemon_clock(start):
    start('--test-mode')
    driver = Bgrun.TestDriver.new_for_daemon(APP)
    clock = driver.get_clock()
    jumped = clock.get_now().add_days(-2)
    clock.set_now(jumped)
    assert call_testing('Settle')[0] == usec(jumped)


def test_reopening_is_the_app_starting_again(start):
    '''The daemon serves an app one process at a time: the scheduler
    opened last takes over, and the earlier one's running task ends as
    interrupted and is queued again, as if its process had ended.'''
    start('--test-mode')
    driver = Bgrun.TestDriver.new_for_daemon(APP)
    driver.set_budgets_enabled(False)
    first = driver.get_scheduler()
    first.register(WORK, Recorder(complete=False))
    first.submit(processing(WORK))
    driver.advance(0)
    assert running_ids(first) == [WORK]

    second = driver.open_scheduler()
    assert second.props.backend == Bgrun.Backend.DAEMON
    assert running_ids(first) == []
    with scheduler_error(Bgrun.SchedulerError.UNAVAILABLE, APP, 'newer'):
        first.submit(processing(APP + '.other'))
    handler = Recorder()
    second.register(WORK, handler)
    driver.advance(Bgrun.BACKOFF_INITIAL)
    assert handler.identifiers == [WORK]
    assert events(second, WORK) == [Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.STARTED,
                                    Bgrun.HistoryEvent.EXPIRED, Bgrun.HistoryEvent.STARTED,
                                    Bgrun.HistoryEvent.COMPLETED]


def test_test_mode_never_exits_when_idle(start):
    daemon = start('--test-mode', '--idle-timeout=1')
    with pytest.raises(subprocess.TimeoutExpired):
        daemon.process.wait(timeout=3)
