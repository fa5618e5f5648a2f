# The scheduler from Python: when requests become eligible, how tasks run,
# expire, are interrupted and backed off, and how they repeat. Driven
# through Bgrun.TestDriver, so nothing sleeps: time passes only when a test
# calls driver.advance(), and conditions change only when it calls
# driver.set_conditions() (to which the scheduler reacts at once).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Handlers run inside C code: an exception raised there would not reach
# pytest. Handlers and signal callbacks therefore only record what they saw
# (and the test clock's time at that moment); the tests assert afterwards.

import gc
import itertools
import json
import os
import subprocess
import sys

import pytest

from conftest import Bgrun, Gio, GLib, TIMEOUT, usec
from gi.repository import GObject  # noqa: E402
from sched_helpers import child_placement_env, new_test_driver, placement  # noqa: E402,F401

# Every test runs with the embedded engine and against bgrund.
pytestmark = pytest.mark.usefixtures('placement')

APP = 'org.example.Sched'
REFRESH = APP + '.refresh'
SYNC = APP + '.sync'

GRACE = Bgrun.TASK_GRACE_PERIOD
REFRESH_DURATION = Bgrun.APP_REFRESH_DURATION
PROCESSING_DURATION = Bgrun.PROCESSING_DURATION
SECOND = 1_000_000

HERE = os.path.dirname(os.path.abspath(__file__))


# ---- helpers -------------------------------------------------------------

def now_us(driver):
    return usec(driver.get_clock().get_now())


class Runs:
    '''A handler that records every task it is given, with the test clock's
    time and the task's state at that moment, and (optionally) completes
    it at once.'''

    def __init__(self, driver, complete=None):
        self.driver = driver
        self.complete = complete
        self.tasks = []
        self.times = []
        self.expired = []          # (identifier, clock µs, state at emission)
        self.cancelled = []        # identifier, when the cancellable fired

    def __call__(self, scheduler, task):
        self.tasks.append(task)
        self.times.append(now_us(self.driver))
        task.connect('expired', self._on_expired)
        # Gio.Cancellable.connect() is g_cancellable_connect(), not the
        # GObject signal connect: it calls back with no arguments.
        task.get_cancellable().connect(
            lambda *args, ident=task.props.identifier: self.cancelled.append(ident))
        if self.complete is not None:
            task.set_task_completed(self.complete)

    def _on_expired(self, task):
        self.expired.append((task.props.identifier, now_us(self.driver), task.props.state))

    @property
    def identifiers(self):
        return [task.props.identifier for task in self.tasks]

    def __len__(self):
        return len(self.tasks)

    @property
    def last(self):
        return self.tasks[-1]


@pytest.fixture
def driver(placement):
    test_driver = new_test_driver(APP)
    # A known starting point: online, unmetered, on external power, full
    # battery, no power saver, no memory pressure.
    test_driver.set_conditions(True, False, False, 100, False)
    test_driver.set_low_memory(False)
    yield test_driver
    del test_driver
    gc.collect()


def scheduler_of(driver):
    return driver.get_scheduler()


def register(driver, identifier, complete=None):
    runs = Runs(driver, complete)
    scheduler_of(driver).register(identifier, runs)
    return runs


def refresh_request(identifier=REFRESH, begin=None, repeat=0):
    request = Bgrun.AppRefreshRequest.new(identifier)
    if begin is not None:
        request.props.earliest_begin_date = begin
    if repeat:
        request.props.repeat_interval = repeat
    return request


def processing_request(identifier=SYNC, begin=None, **requires):
    request = Bgrun.ProcessingRequest.new(identifier)
    if begin is not None:
        request.props.earliest_begin_date = begin
    for name, value in requires.items():
        request.set_property(name.replace('_', '-'), value)
    return request


def pending_identifiers(driver):
    return [request.props.identifier
            for request in scheduler_of(driver).get_pending_requests()]


def running_identifiers(driver):
    return [task.props.identifier for task in scheduler_of(driver).get_running_tasks()]


def history(driver, identifier=None):
    return [(entry.props.identifier, entry.props.event, entry.props.message)
            for entry in scheduler_of(driver).get_history()
            if identifier is None or entry.props.identifier == identifier]


def events(driver, identifier):
    return [event for _, event, _ in history(driver, identifier)]


def reasons(driver, identifier):
    return list(scheduler_of(driver).explain(identifier).get_reasons())


def earliest_us(driver, identifier):
    date = scheduler_of(driver).explain(identifier).get_earliest_date()
    return None if date is None else usec(date)


def in_seconds(driver, seconds):
    return driver.get_clock().get_now().add_seconds(seconds)


def assert_scheduler_error(excinfo, code, *fragments):
    error = excinfo.value
    assert error.matches(Bgrun.scheduler_error_quark(), code), \
        f'expected {code}, got {error.domain} {error.code}: {error.message}'
    for fragment in fragments:
        assert fragment in error.message


# ---- eligibility: the earliest begin date --------------------------------

@pytest.mark.parametrize('kind', ['refresh', 'processing'])
def test_not_before_its_begin_date_and_at_once_after(driver, kind):
    identifier = REFRESH if kind == 'refresh' else SYNC
    runs = register(driver, identifier, complete=True)
    start = now_us(driver)
    make = refresh_request if kind == 'refresh' else processing_request
    scheduler_of(driver).submit(make(identifier, begin=in_seconds(driver, 600)))

    driver.advance(0)
    assert len(runs) == 0
    explanation = scheduler_of(driver).explain(identifier)
    assert list(explanation.get_reasons()) == [Bgrun.WaitReason.EARLIEST_BEGIN_DATE]
    assert usec(explanation.get_earliest_date()) == start + 600 * SECOND

    driver.advance(599)
    assert len(runs) == 0, 'ran before its earliest begin date'
    assert pending_identifiers(driver) == [identifier]

    driver.advance(1)
    assert runs.identifiers == [identifier]
    assert runs.times == [start + 600 * SECOND], 'it did not run at its begin date'
    assert pending_identifiers(driver) == []
    assert events(driver, identifier) == [Bgrun.HistoryEvent.SUBMITTED,
                                          Bgrun.HistoryEvent.STARTED,
                                          Bgrun.HistoryEvent.COMPLETED]


def test_a_begin_date_in_the_past_runs_at_once(driver):
    runs = register(driver, REFRESH, complete=True)
    scheduler_of(driver).submit(refresh_request(begin=in_seconds(driver, -3600)))
    driver.advance(0)
    assert runs.identifiers == [REFRESH]


def test_nothing_runs_inside_submit(driver):
    '''The handler runs from the main loop, never from inside submit().'''
    runs = register(driver, REFRESH, complete=True)
    scheduler_of(driver).submit(refresh_request())
    assert len(runs) == 0
    driver.advance(0)
    assert len(runs) == 1


# ---- eligibility: conditions ---------------------------------------------

# (requirement, conditions under which it waits, the reason, conditions
# under which it runs). Conditions: (network, metered, on battery, level,
# power saver).
REQUIREMENTS = [
    ('requires_network_connectivity', (False, False, False, 100, False),
     Bgrun.WaitReason.NO_NETWORK, (True, False, False, 100, False)),
    ('requires_network_connectivity', (False, False, False, 100, False),
     Bgrun.WaitReason.NO_NETWORK, (True, True, False, 100, False)),   # metered is fine
    ('requires_unmetered_network', (True, True, False, 100, False),
     Bgrun.WaitReason.METERED_NETWORK, (True, False, False, 100, False)),
    ('requires_unmetered_network', (False, False, False, 100, False),
     Bgrun.WaitReason.NO_NETWORK, (True, False, False, 100, False)),
    ('requires_external_power', (True, False, True, 100, False),
     Bgrun.WaitReason.ON_BATTERY, (True, False, False, 100, False)),
    ('requires_battery_not_low', (True, False, True, 19, False),
     Bgrun.WaitReason.BATTERY_LOW, (True, False, True, 20, False)),
    ('requires_battery_not_low', (True, False, True, 19, False),
     Bgrun.WaitReason.BATTERY_LOW, (True, False, False, 19, False)),  # plugged in
    ('requires_battery_not_low', (True, False, True, 0, False),
     Bgrun.WaitReason.BATTERY_LOW, (True, False, True, 100, False)),
]


@pytest.mark.parametrize('requirement, waiting, reason, running', REQUIREMENTS,
                         ids=lambda value: value if isinstance(value, str) else None)
def test_waits_for_its_requirement_and_runs_the_moment_it_holds(
        driver, requirement, waiting, reason, running):
    runs = register(driver, SYNC)
    driver.set_conditions(*waiting)
    scheduler_of(driver).submit(processing_request(**{requirement: True}))
    driver.advance(0)
    driver.advance(24 * 3600)
    assert len(runs) == 0, f'ran without {requirement}'
    explanation = scheduler_of(driver).explain(SYNC)
    assert list(explanation.get_reasons()) == [reason]
    assert explanation.get_earliest_date() is None, \
        'a request waiting for a condition has no earliest date'
    assert len(explanation.get_messages()) == 1 and explanation.get_messages()[0]

    before = now_us(driver)
    driver.set_conditions(*running)          # no advance: it reacts at once
    assert runs.identifiers == [SYNC]
    assert runs.times == [before]
    assert running_identifiers(driver) == [SYNC]


@pytest.mark.parametrize('requirement, conditions', [
    ('requires_battery_not_low', (True, False, True, 20, False)),
    ('requires_battery_not_low', (True, False, False, 5, False)),
    ('requires_battery_not_low', (True, False, True, 100, False)),
    ('requires_external_power', (True, False, False, 3, False)),
    ('requires_network_connectivity', (True, True, True, 50, False)),
    ('requires_unmetered_network', (True, False, True, 50, False)),
])
def test_runs_at_once_when_its_requirement_holds(driver, requirement, conditions):
    runs = register(driver, SYNC)
    driver.set_conditions(*conditions)
    scheduler_of(driver).submit(processing_request(**{requirement: True}))
    driver.advance(0)
    assert runs.identifiers == [SYNC]


def test_every_unmet_requirement_is_a_reason(driver):
    runs = register(driver, SYNC)
    driver.set_conditions(False, False, True, 10, False)
    scheduler_of(driver).submit(processing_request(
        requires_network_connectivity=True, requires_external_power=True,
        requires_battery_not_low=True))
    driver.advance(0)
    assert set(reasons(driver, SYNC)) == {Bgrun.WaitReason.NO_NETWORK,
                                          Bgrun.WaitReason.ON_BATTERY,
                                          Bgrun.WaitReason.BATTERY_LOW}
    # Half-way there is not enough.
    driver.set_conditions(True, False, True, 10, False)
    assert len(runs) == 0
    assert set(reasons(driver, SYNC)) == {Bgrun.WaitReason.ON_BATTERY,
                                          Bgrun.WaitReason.BATTERY_LOW}
    driver.set_conditions(True, False, False, 10, False)
    assert runs.identifiers == [SYNC]


def test_a_date_and_a_condition_both_hold_it(driver):
    runs = register(driver, SYNC)
    driver.set_conditions(False, False, False, 100, False)
    start = now_us(driver)
    scheduler_of(driver).submit(processing_request(
        begin=in_seconds(driver, 600), requires_network_connectivity=True))
    driver.advance(0)
    assert set(reasons(driver, SYNC)) == {Bgrun.WaitReason.EARLIEST_BEGIN_DATE,
                                          Bgrun.WaitReason.NO_NETWORK}
    driver.set_conditions(True, False, False, 100, False)
    assert len(runs) == 0, 'the network came back, but the date is still ahead'
    assert earliest_us(driver, SYNC) == start + 600 * SECOND
    driver.advance(600)
    assert runs.times == [start + 600 * SECOND]


def test_power_saver_defers_refresh_and_processing_not_continued(driver):
    refresh = register(driver, REFRESH, complete=True)
    sync = register(driver, SYNC, complete=True)
    export = register(driver, APP + '.export')
    driver.set_conditions(True, False, False, 100, True)

    scheduler_of(driver).submit(refresh_request())
    scheduler_of(driver).submit(processing_request())
    scheduler_of(driver).submit(
        Bgrun.ContinuedProcessingRequest.new(APP + '.export', 'Exporting', 'photo.jpg'))
    driver.advance(0)
    driver.advance(3600)

    assert len(refresh) == 0 and len(sync) == 0
    assert export.identifiers == [APP + '.export'], 'continued processing was deferred'
    assert reasons(driver, REFRESH) == [Bgrun.WaitReason.POWER_SAVER]
    assert reasons(driver, SYNC) == [Bgrun.WaitReason.POWER_SAVER]

    driver.set_conditions(True, False, False, 100, False)
    assert refresh.identifiers == [REFRESH]
    assert sync.identifiers == [SYNC]


def test_low_memory_defers_processing_only(driver):
    refresh = register(driver, REFRESH, complete=True)
    sync = register(driver, SYNC, complete=True)
    export = register(driver, APP + '.export')
    driver.set_low_memory(True)

    scheduler_of(driver).submit(refresh_request())
    scheduler_of(driver).submit(processing_request())
    scheduler_of(driver).submit(
        Bgrun.ContinuedProcessingRequest.new(APP + '.export', 'Exporting', None))
    driver.advance(0)
    driver.advance(3600)

    assert refresh.identifiers == [REFRESH]
    assert export.identifiers == [APP + '.export']
    assert len(sync) == 0
    assert reasons(driver, SYNC) == [Bgrun.WaitReason.LOW_MEMORY]

    driver.set_low_memory(False)
    assert sync.identifiers == [SYNC]


def test_waiting_arms_one_alarm_for_the_earliest_moment(driver):
    '''No polling: one clock alarm, at the earliest time a waiting request
    may start.'''
    register(driver, APP + '.feed.*', complete=True)
    clock = driver.get_clock()
    start = now_us(driver)
    for name, minutes in (('later', 20), ('sooner', 10), ('latest', 90)):
        scheduler_of(driver).submit(refresh_request(f'{APP}.feed.{name}',
                                                    begin=in_seconds(driver, minutes * 60)))
    driver.advance(0)
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_next_alarm()) == start + 600 * SECOND
    driver.advance(600)                   # the sooner one ran and completed
    assert clock.get_n_alarms() == 1
    assert usec(clock.get_next_alarm()) == start + 1200 * SECOND


def test_waiting_for_a_condition_arms_no_alarm(driver):
    register(driver, SYNC)
    driver.set_conditions(False, False, True, 10, False)
    scheduler_of(driver).submit(processing_request(
        requires_network_connectivity=True, requires_external_power=True))
    driver.advance(0)
    assert driver.get_clock().get_n_alarms() == 0, \
        'nothing can change by itself: the scheduler must wait for the conditions, not poll'


def test_nothing_pending_arms_no_alarm(driver):
    register(driver, REFRESH, complete=True)
    scheduler_of(driver).submit(refresh_request())
    driver.advance(0)
    assert driver.get_clock().get_n_alarms() == 0


def test_a_clock_jump_past_the_begin_date_runs_it(driver):
    runs = register(driver, REFRESH, complete=True)
    clock = driver.get_clock()
    scheduler_of(driver).submit(refresh_request(begin=in_seconds(driver, 3600)))
    driver.advance(0)
    jumped_to = clock.get_now().add_hours(2)
    clock.set_now(jumped_to)              # the wall clock jumps (resume, NTP)
    driver.advance(0)
    assert runs.times == [usec(jumped_to)]


def test_a_clock_jump_backwards_keeps_the_begin_date(driver):
    runs = register(driver, REFRESH, complete=True)
    clock = driver.get_clock()
    begin = in_seconds(driver, 3600)
    scheduler_of(driver).submit(refresh_request(begin=begin))
    driver.advance(0)
    clock.set_now(clock.get_now().add_hours(-24))
    driver.advance(24 * 3600 + 3599)
    assert len(runs) == 0, 'the begin date is a date, not a delay'
    driver.advance(1)
    assert runs.times == [usec(begin)]


# ---- eligibility: the refresh budget -------------------------------------

def submit_refreshes(driver, count):
    runs = register(driver, APP + '.feed.*', complete=True)
    names = [f'{APP}.feed.f{i}' for i in range(count)]
    for name in names:
        scheduler_of(driver).submit(refresh_request(name))
    return runs, names


def test_refresh_budget_four_in_a_row_then_one_per_fifteen_minutes(driver):
    start = now_us(driver)
    runs, names = submit_refreshes(driver, 7)
    driver.advance(0)

    assert runs.identifiers == names[:4], 'four refreshes may run in a row'
    assert pending_identifiers(driver) == names[4:], 'over budget: deferred, never dropped'
    explanation = scheduler_of(driver).explain(names[4])
    assert list(explanation.get_reasons()) == [Bgrun.WaitReason.BUDGET_EXHAUSTED]
    assert usec(explanation.get_earliest_date()) == start + 900 * SECOND

    driver.advance(899)
    assert len(runs) == 4
    driver.advance(3 * 3600)
    assert runs.identifiers == names, 'runs oldest first'
    offsets = [(t - start) / SECOND for t in runs.times]
    assert offsets == [0, 0, 0, 0, 900, 1800, 2700]
    assert pending_identifiers(driver) == []


def test_refresh_budget_refills_at_four_an_hour(driver):
    start = now_us(driver)
    runs, names = submit_refreshes(driver, 4)
    driver.advance(0)
    assert len(runs) == 4
    driver.advance(3600)     # a full hour earns the whole budget back

    for name in [f'{APP}.feed.g{i}' for i in range(5)]:
        scheduler_of(driver).submit(refresh_request(name))
    driver.advance(0)
    offsets = [(t - start) / SECOND for t in runs.times]
    assert offsets == [0] * 4 + [3600] * 4
    driver.advance(900)
    assert len(runs) == 9
    assert (runs.times[-1] - start) / SECOND == 4500


def test_processing_does_not_use_the_refresh_budget(driver):
    runs, names = submit_refreshes(driver, 4)
    sync = register(driver, SYNC, complete=True)
    driver.advance(0)
    assert len(runs) == 4
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    assert sync.identifiers == [SYNC]


def test_without_budgets_all_refreshes_run_at_once(driver):
    driver.set_budgets_enabled(False)
    runs, names = submit_refreshes(driver, 10)
    driver.advance(0)
    assert runs.identifiers == names
    assert len(set(runs.times)) == 1


def test_turning_budgets_off_releases_the_waiting_refreshes(driver):
    runs, names = submit_refreshes(driver, 6)
    driver.advance(0)
    assert len(runs) == 4
    driver.set_budgets_enabled(False)
    assert runs.identifiers == names


# ---- running: the task the handler gets ----------------------------------

@pytest.mark.parametrize('kind, cls, duration', [
    ('refresh', Bgrun.AppRefreshTask, REFRESH_DURATION),
    ('processing', Bgrun.ProcessingTask, PROCESSING_DURATION),
])
def test_handler_gets_the_matching_task(driver, kind, cls, duration):
    identifier = REFRESH if kind == 'refresh' else SYNC
    runs = register(driver, identifier)
    make = refresh_request if kind == 'refresh' else processing_request
    request = make(identifier)
    request.props.user_info = GLib.Variant('a{sv}', {'page': GLib.Variant('u', 7)})
    driver.advance(42)
    scheduler_of(driver).submit(request)
    driver.advance(0)

    task = runs.last
    assert type(task) is cls
    assert task.props.identifier == identifier
    assert task.props.state == Bgrun.TaskState.RUNNING
    assert task.props.user_info.unpack() == {'page': 7}
    assert usec(task.props.expiration_date) == runs.times[0] + duration * SECOND
    assert not task.get_cancellable().is_cancelled()
    assert running_identifiers(driver) == [identifier]
    assert pending_identifiers(driver) == []
    explanation = scheduler_of(driver).explain(identifier)
    assert explanation.get_running()
    assert usec(explanation.get_deadline()) == runs.times[0] + duration * SECOND


@pytest.mark.parametrize('kind, duration', [('refresh', REFRESH_DURATION),
                                            ('processing', PROCESSING_DURATION)])
def test_expires_on_time_then_ends_after_the_grace_period(driver, kind, duration):
    identifier = REFRESH if kind == 'refresh' else SYNC
    runs = register(driver, identifier)
    make = refresh_request if kind == 'refresh' else processing_request
    scheduler_of(driver).submit(make(identifier))
    driver.advance(0)
    task = runs.last
    start = runs.times[0]

    driver.advance(duration - 1)
    assert runs.expired == [], 'expired before its expiration date'
    driver.advance(1)
    assert runs.expired == [(identifier, start + duration * SECOND, Bgrun.TaskState.RUNNING)], \
        '`expired` must come at the expiration date, while the task still runs'
    assert task.props.state == Bgrun.TaskState.RUNNING
    assert not task.get_cancellable().is_cancelled()
    assert running_identifiers(driver) == [identifier]

    driver.advance(GRACE - 1)
    assert task.props.state == Bgrun.TaskState.RUNNING, 'ended before the grace period was over'
    assert runs.cancelled == []

    driver.advance(1)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    assert task.get_cancellable().is_cancelled()
    assert runs.cancelled == [identifier]
    assert running_identifiers(driver) == []
    assert pending_identifiers(driver) == [], 'a once-only task that expired is not queued again'
    assert events(driver, identifier)[-1] == Bgrun.HistoryEvent.EXPIRED
    assert history(driver, identifier)[-1][2], 'the EXPIRED entry says why'
    assert len(runs.expired) == 1, '`expired` is emitted once'


def test_completing_inside_the_grace_period_counts(driver):
    runs = register(driver, REFRESH)
    runs_done = []

    def on_expired(task):
        runs_done.append(task.props.state)

    scheduler_of(driver).submit(refresh_request())
    driver.advance(0)
    task = runs.last
    task.connect('expired', on_expired)
    driver.advance(REFRESH_DURATION)
    assert runs_done == [Bgrun.TaskState.RUNNING]
    driver.advance(GRACE - 1)
    task.set_task_completed(True)
    driver.advance(0)
    assert task.props.state == Bgrun.TaskState.COMPLETED
    driver.advance(60)
    assert task.props.state == Bgrun.TaskState.COMPLETED
    assert not task.get_cancellable().is_cancelled()
    assert runs.cancelled == []
    assert events(driver, REFRESH) == [Bgrun.HistoryEvent.SUBMITTED,
                                       Bgrun.HistoryEvent.STARTED,
                                       Bgrun.HistoryEvent.COMPLETED]
    assert running_identifiers(driver) == []


def test_completing_from_the_expired_handler(driver):
    '''The documented pattern: stop, save, complete from `expired`.'''
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    task = runs.last
    task.connect('expired', lambda t: t.set_task_completed(False))
    driver.advance(PROCESSING_DURATION)
    assert task.props.state == Bgrun.TaskState.FAILED
    assert events(driver, SYNC)[-1] == Bgrun.HistoryEvent.FAILED
    assert Bgrun.HistoryEvent.EXPIRED not in events(driver, SYNC)
    assert not task.get_cancellable().is_cancelled()


@pytest.mark.parametrize('success, state, event', [
    (True, Bgrun.TaskState.COMPLETED, Bgrun.HistoryEvent.COMPLETED),
    (False, Bgrun.TaskState.FAILED, Bgrun.HistoryEvent.FAILED),
])
def test_completing_normally_does_not_cancel(driver, success, state, event):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    task = runs.last
    driver.advance(10)
    task.set_task_completed(success)
    driver.advance(0)
    assert task.props.state == state
    assert not task.get_cancellable().is_cancelled()
    driver.advance(PROCESSING_DURATION + GRACE)
    assert runs.expired == [] and runs.cancelled == []
    assert task.props.state == state
    assert events(driver, SYNC) == [Bgrun.HistoryEvent.SUBMITTED,
                                    Bgrun.HistoryEvent.STARTED, event]
    assert running_identifiers(driver) == []


def run_child(scenario):
    '''Runs run_scheduler_child.py SCENARIO in a child process and returns
    (its JSON result, its stderr).'''
    child = subprocess.run(
        [sys.executable, os.path.join(HERE, 'run_scheduler_child.py'), scenario],
        capture_output=True, text=True, timeout=TIMEOUT * 3,
        env=dict(os.environ, **child_placement_env()))
    assert child.returncode == 0, child.stderr
    return json.loads(child.stdout.strip().splitlines()[-1]), child.stderr


@pytest.mark.parametrize('scenario, state', [
    ('complete-twice', 'completed'),
    ('complete-after-expiry', 'expired'),
    ('fail-then-complete', 'failed'),
])
def test_late_or_second_completion_is_ignored_with_a_warning(scenario, state):
    result, stderr = run_child(scenario)
    assert result['state'] == state, result
    assert result['history'][-1] == state, result
    assert result['history'].count(state) == 1
    warnings = [line for line in stderr.splitlines() if 'WARNING' in line]
    assert len(warnings) == 1, stderr
    assert 'completing it again has no effect' in warnings[0]
    assert f'{APP}.work' in warnings[0], 'the warning names the task'
    assert state in warnings[0], 'the warning says what the task already is'


# ---- running: interrupted processing and backoff -------------------------

INTERRUPTIONS = [
    ('requires_network_connectivity', (False, False, False, 100, False)),
    ('requires_unmetered_network', (True, True, False, 100, False)),
    ('requires_external_power', (True, False, True, 100, False)),
    ('requires_battery_not_low', (True, False, True, 15, False)),
]


@pytest.mark.parametrize('requirement, lost', INTERRUPTIONS, ids=[r for r, _ in INTERRUPTIONS])
def test_requirement_lost_expires_at_once_and_requeues_with_backoff(driver, requirement, lost):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request(**{requirement: True}))
    driver.advance(0)
    task = runs.last
    driver.advance(60)
    lost_at = now_us(driver)

    driver.set_conditions(*lost)                 # no advance: at once
    assert runs.expired == [(SYNC, lost_at, Bgrun.TaskState.RUNNING)]
    assert task.props.state == Bgrun.TaskState.RUNNING

    driver.advance(GRACE)
    ended_at = now_us(driver)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    assert task.get_cancellable().is_cancelled()
    _, event, message = history(driver, SYNC)[-1]
    assert event == Bgrun.HistoryEvent.EXPIRED
    assert 'stopped holding' in message, message
    assert pending_identifiers(driver) == [SYNC], 'an interrupted request is queued again'

    # Even with the conditions back, it waits out the backoff.
    driver.set_conditions(True, False, False, 100, False)
    assert len(runs) == 1
    explanation = scheduler_of(driver).explain(SYNC)
    assert list(explanation.get_reasons()) == [Bgrun.WaitReason.BACKOFF]
    assert usec(explanation.get_earliest_date()) == ended_at + Bgrun.BACKOFF_INITIAL * SECOND

    driver.advance(Bgrun.BACKOFF_INITIAL - 1)
    assert len(runs) == 1, 'ran before its backoff was over'
    driver.advance(1)
    assert len(runs) == 2
    assert runs.times[1] == ended_at + Bgrun.BACKOFF_INITIAL * SECOND


def test_a_task_that_fails_when_its_network_goes_says_so_as_explain_does(driver):
    # History used to say "failed" with no message while explain() said
    # the task was interrupted and waits.
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request(requires_network_connectivity=True))
    driver.advance(0)
    task = runs.last

    driver.set_conditions(False, False, False, 100, False)
    task.set_task_completed(False)          # the app saw its download fail
    driver.advance(0)

    _, event, message = history(driver, SYNC)[-1]
    assert event == Bgrun.HistoryEvent.FAILED
    assert 'interrupted' in message and 'stopped holding' in message and 'backoff' in message, message
    explanation = scheduler_of(driver).explain(SYNC)
    assert Bgrun.WaitReason.BACKOFF in list(explanation.get_reasons())
    assert 'interrupted' in explanation.get_messages()[list(explanation.get_reasons()).index(
        Bgrun.WaitReason.BACKOFF)]


def test_every_history_entry_has_a_message(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    runs.last.set_task_completed(True)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    runs.last.set_task_completed(False)
    scheduler_of(driver).submit(processing_request(begin=in_seconds(driver, 60)))
    scheduler_of(driver).cancel(SYNC)
    driver.advance(0)
    entries = history(driver, SYNC)
    assert [event for _i, event, _m in entries] == [
        Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.STARTED, Bgrun.HistoryEvent.COMPLETED,
        Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.STARTED, Bgrun.HistoryEvent.FAILED,
        Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.CANCELLED]
    assert all(message for _i, _e, message in entries), entries


def test_backoff_doubles_up_to_five_hours(driver):
    runs = register(driver, SYNC)
    driver.set_budgets_enabled(False)
    scheduler_of(driver).submit(processing_request(requires_external_power=True))
    driver.advance(0)
    assert len(runs) == 1

    waits = []
    for attempt in range(1, 15):
        if attempt > 1:
            driver.run_task_now(SYNC)      # the system launches it early
            assert len(runs) == attempt
        driver.set_conditions(True, False, True, 100, False)    # unplugged
        assert len(runs.expired) == attempt
        driver.advance(GRACE)
        ended_at = now_us(driver)
        assert runs.last.props.state == Bgrun.TaskState.EXPIRED
        driver.set_conditions(True, False, False, 100, False)   # plugged in
        assert len(runs) == attempt, f'attempt {attempt} did not wait for its backoff'
        assert reasons(driver, SYNC) == [Bgrun.WaitReason.BACKOFF]
        waits.append((earliest_us(driver, SYNC) - ended_at) / SECOND)

    expected = [min(Bgrun.BACKOFF_INITIAL * 2 ** i, Bgrun.BACKOFF_MAX) for i in range(14)]
    assert expected[:5] == [30, 60, 120, 240, 480]
    assert expected[-1] == 5 * 3600
    assert waits == expected

    # And after the last (capped) wait it runs by itself.
    driver.advance(Bgrun.BACKOFF_MAX - 1)
    assert len(runs) == 14
    driver.advance(1)
    assert len(runs) == 15


def test_a_successful_run_after_interruptions_ends_the_backoff(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request(requires_network_connectivity=True))
    driver.advance(0)
    driver.set_conditions(False, False, False, 100, False)
    driver.advance(GRACE)
    driver.set_conditions(True, False, False, 100, False)
    driver.advance(Bgrun.BACKOFF_INITIAL)
    assert len(runs) == 2
    runs.last.set_task_completed(True)
    driver.advance(0)
    assert runs.last.props.state == Bgrun.TaskState.COMPLETED
    assert pending_identifiers(driver) == [], 'a completed processing task is done'


def test_completing_after_an_interruption_is_not_requeued(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request(requires_network_connectivity=True))
    driver.advance(0)
    driver.set_conditions(False, False, False, 100, False)
    runs.last.set_task_completed(True)         # saved its work in time
    driver.advance(GRACE)
    assert runs.last.props.state == Bgrun.TaskState.COMPLETED
    assert pending_identifiers(driver) == []


def test_failing_from_the_expired_handler_after_an_interruption_requeues(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request(requires_network_connectivity=True))
    driver.advance(0)
    runs.last.connect('expired', lambda task: task.set_task_completed(False))
    driver.set_conditions(False, False, False, 100, False)   # the network drops
    ended_at = now_us(driver)
    assert runs.last.props.state == Bgrun.TaskState.FAILED
    driver.advance(GRACE)
    assert pending_identifiers(driver) == [SYNC], \
        'the work was interrupted, not done: the request must be queued again'
    driver.set_conditions(True, False, False, 100, False)
    assert reasons(driver, SYNC) == [Bgrun.WaitReason.BACKOFF]
    assert earliest_us(driver, SYNC) == ended_at + Bgrun.BACKOFF_INITIAL * SECOND


def test_unrelated_condition_changes_do_not_interrupt(driver):
    runs = register(driver, SYNC)
    refresh = register(driver, REFRESH)
    scheduler_of(driver).submit(processing_request(requires_network_connectivity=True))
    scheduler_of(driver).submit(refresh_request())
    driver.advance(0)
    driver.set_conditions(True, True, True, 5, False)     # metered, on a low battery
    assert runs.expired == []
    driver.set_conditions(False, False, False, 100, False)  # offline: refresh has no requirement
    assert refresh.expired == []
    assert [e[0] for e in runs.expired] == [SYNC]


# ---- repeating refreshes -------------------------------------------------


def test_the_longest_repeat_interval_schedules_its_next_run_within_range(driver):
    # Before the maximum, 1e12 s was accepted and the next run, past the
    # year 9999, was dropped as out of range: the request was lost.
    runs = register(driver, REFRESH)
    interval = Bgrun.MAXIMUM_REPEAT_INTERVAL
    scheduler_of(driver).submit(refresh_request(repeat=interval))
    driver.advance(0)
    runs.last.set_task_completed(True)
    driver.advance(0)
    ended_at = now_us(driver)

    assert pending_identifiers(driver) == [REFRESH]
    assert earliest_us(driver, REFRESH) == ended_at + interval * SECOND
    driver.advance(interval)
    assert len(runs) == 2


def test_advancing_the_test_clock_past_year_9999_stops_there(driver):
    # A huge step used to overflow a gint64 (undefined behaviour).
    driver.advance(1e308)
    assert driver.get_scheduler().props.clock.get_now().get_year() == 9999

@pytest.mark.parametrize('ending', ['completed', 'failed', 'expired'])
def test_repeating_refresh_schedules_its_next_occurrence(driver, ending):
    runs = register(driver, REFRESH)
    interval = Bgrun.MINIMUM_REPEAT_INTERVAL
    scheduler_of(driver).submit(refresh_request(repeat=interval))
    driver.advance(0)
    assert len(runs) == 1

    if ending == 'expired':
        driver.advance(REFRESH_DURATION + GRACE)
        state = Bgrun.TaskState.EXPIRED
    else:
        driver.advance(10)
        runs.last.set_task_completed(ending == 'completed')
        driver.advance(0)
        state = Bgrun.TaskState.COMPLETED if ending == 'completed' else Bgrun.TaskState.FAILED
    ended_at = now_us(driver)
    assert runs.last.props.state == state

    assert pending_identifiers(driver) == [REFRESH]
    pending = list(scheduler_of(driver).get_pending_requests())[0]
    assert isinstance(pending, Bgrun.AppRefreshRequest)
    assert pending.props.repeat_interval == interval
    assert usec(pending.props.earliest_begin_date) == ended_at + interval * SECOND
    assert earliest_us(driver, REFRESH) == ended_at + interval * SECOND

    driver.advance(interval - 1)
    assert len(runs) == 1
    driver.advance(1)
    assert len(runs) == 2
    assert runs.times[1] == ended_at + interval * SECOND


def test_repeating_refresh_keeps_repeating(driver):
    driver.set_budgets_enabled(False)
    runs = register(driver, REFRESH, complete=True)
    start = now_us(driver)
    scheduler_of(driver).submit(refresh_request(repeat=3600))
    driver.advance(0)
    driver.advance(5 * 3600)
    assert [(t - start) / SECOND for t in runs.times] == [0, 3600, 7200, 10800, 14400, 18000]


def test_cancelling_a_repeating_refresh_stops_it(driver):
    runs = register(driver, REFRESH, complete=True)
    scheduler_of(driver).submit(refresh_request(repeat=900))
    driver.advance(0)
    assert pending_identifiers(driver) == [REFRESH]
    scheduler_of(driver).cancel(REFRESH)
    driver.advance(10 * 900)
    assert len(runs) == 1


# ---- run_task_now and expire_task ----------------------------------------

def test_run_task_now_ignores_date_and_conditions(driver):
    runs = register(driver, SYNC)
    driver.set_conditions(False, False, True, 5, True)
    driver.set_low_memory(True)
    scheduler_of(driver).submit(processing_request(
        begin=in_seconds(driver, 24 * 3600), requires_network_connectivity=True,
        requires_external_power=True, requires_battery_not_low=True))
    driver.advance(0)
    assert len(runs) == 0
    before = now_us(driver)

    assert driver.run_task_now(SYNC) is True
    assert runs.identifiers == [SYNC], 'the handler must have run before run_task_now returned'
    assert runs.times == [before]
    assert pending_identifiers(driver) == []
    assert running_identifiers(driver) == [SYNC]
    assert events(driver, SYNC)[-1] == Bgrun.HistoryEvent.STARTED


def test_run_task_now_of_a_refresh_over_budget(driver):
    runs, names = submit_refreshes(driver, 5)
    driver.advance(0)
    assert len(runs) == 4
    driver.run_task_now(names[4])
    assert runs.identifiers == names


def test_run_task_now_of_an_unknown_identifier(driver):
    register(driver, SYNC)
    with pytest.raises(GLib.Error) as excinfo:
        driver.run_task_now(APP + '.nothing')
    assert_scheduler_error(excinfo, Bgrun.SchedulerError.INVALID_REQUEST, APP + '.nothing')


def test_run_task_now_of_a_running_task(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    with pytest.raises(GLib.Error) as excinfo:
        driver.run_task_now(SYNC)
    assert_scheduler_error(excinfo, Bgrun.SchedulerError.INVALID_REQUEST, SYNC)
    assert len(runs) == 1


def test_expire_task_emits_expired_at_once(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    driver.advance(17)
    asked_at = now_us(driver)
    assert driver.expire_task(SYNC) is True
    assert runs.expired == [(SYNC, asked_at, Bgrun.TaskState.RUNNING)]
    driver.advance(GRACE - 1)
    assert runs.last.props.state == Bgrun.TaskState.RUNNING
    driver.advance(1)
    assert runs.last.props.state == Bgrun.TaskState.EXPIRED
    assert runs.last.get_cancellable().is_cancelled()
    assert events(driver, SYNC)[-1] == Bgrun.HistoryEvent.EXPIRED
    # Not interrupted by a condition: no backoff, not queued again.
    assert pending_identifiers(driver) == []


def test_expire_task_twice_emits_once(driver):
    runs = register(driver, SYNC)
    scheduler_of(driver).submit(processing_request())
    driver.advance(0)
    driver.expire_task(SYNC)
    driver.advance(1)
    driver.expire_task(SYNC)
    driver.advance(GRACE - 1)
    assert len(runs.expired) == 1
    assert runs.last.props.state == Bgrun.TaskState.EXPIRED, \
        'a second expire_task must not restart the grace period'


@pytest.mark.parametrize('what', ['pending', 'unknown', 'ended'])
def test_expire_task_of_a_task_that_does_not_run(driver, what):
    runs = register(driver, SYNC, complete=True)
    if what == 'pending':
        scheduler_of(driver).submit(processing_request(begin=in_seconds(driver, 600)))
        driver.advance(0)
    elif what == 'ended':
        scheduler_of(driver).submit(processing_request())
        driver.advance(0)
        assert runs.last.props.state == Bgrun.TaskState.COMPLETED
    identifier = SYNC if what != 'unknown' else APP + '.nothing'
    with pytest.raises(GLib.Error) as excinfo:
        driver.expire_task(identifier)
    assert_scheduler_error(excinfo, Bgrun.SchedulerError.INVALID_REQUEST, identifier)
    assert runs.expired == []


def test_explain_unknown_identifier():
    # In a child process: the critical aborts the process that hits it.
    result, stderr = run_child('explain-unknown')
    # 3 calls in each of 10 rounds, and one from each handler that ran:
    # the refresh budget lets 4 of the 10 refreshes start.
    assert result['calls'] == 30 + Bgrun.REFRESH_BUDGET and result['errors'] == 1
    assert result['domain'] == 'bgrun-scheduler-error-quark'
    assert result['code'] == int(Bgrun.SchedulerError.INVALID_REQUEST)
    assert APP + '.nothing' in result['message']
    assert 'CRITICAL' not in stderr


# ---- live lists while tasks run ------------------------------------------

def test_running_list_follows_tasks(driver):
    runs = register(driver, APP + '.job.*')
    scheduler = scheduler_of(driver)
    running = scheduler.get_running_tasks()
    changes = []
    running.connect('items-changed', lambda model, pos, removed, added:
                    changes.append((removed, added)))
    for name in ('a', 'b', 'c'):
        scheduler.submit(processing_request(f'{APP}.job.{name}'))
    driver.advance(0)
    assert [t.props.identifier for t in running] == [f'{APP}.job.{n}' for n in 'abc']
    assert sum(added for _, added in changes) == 3
    runs.tasks[1].set_task_completed(True)
    driver.advance(0)
    assert [t.props.identifier for t in running] == [f'{APP}.job.a', f'{APP}.job.c']
    driver.advance(PROCESSING_DURATION + GRACE)
    assert running.get_n_items() == 0
    assert sum(removed for removed, _ in changes) == 3


# ---- the application is held while a task runs ---------------------------
#
# As a user notices it: Gio.Application.run() with no window and nothing
# else holding the application keeps running while a task runs, and shuts
# down once it ended. What matters is the moment of `shutdown`: after the
# loop, run() still drains ready idles, so work recorded after shutdown
# does not count.

_serial = itertools.count(1)


@pytest.fixture
def app():
    application = Gio.Application(
        application_id=f'org.example.BgrunTest.PyRunning{os.getpid()}x{next(_serial)}',
        flags=Gio.ApplicationFlags.NON_UNIQUE)
    application.register(None)
    yield application


def scheduler_for(app, clock, tmp_path):
    '''A scheduler of @app on a test clock and simulated conditions.'''
    return GObject.new(Bgrun.Scheduler, application=app, clock=clock,
                       conditions=Bgrun.Conditions.new_simulated(clock),
                       state_directory=str(tmp_path), frontmost=True)


def run_app(app, on_activate, on_shutdown):
    '''Runs @app with no window. @on_activate runs at activation while a
    hold of the test's own keeps the app up; the hold is dropped right
    after, from an idle that runs after the scheduler's first evaluation:
    from then on only the scheduler can keep the app running.
    @on_shutdown runs at `shutdown`. Returns whether run() ended by itself
    (not by the guard).'''
    gave_up = []

    def activate(application):
        application.hold()
        on_activate()
        # Same priority as the scheduler's evaluation idle, added after it
        # (submit() added that one), so it is dispatched after it.
        GLib.idle_add(lambda: application.release() or GLib.SOURCE_REMOVE)

    def give_up():
        gave_up.append(True)
        app.quit()
        return GLib.SOURCE_REMOVE

    handlers = [app.connect('activate', activate),
                app.connect('shutdown', lambda application: on_shutdown())]
    guard = GLib.timeout_add_seconds(int(TIMEOUT), give_up)
    status = app.run(None)
    for handler in handlers:
        app.disconnect(handler)
    if not gave_up:
        GLib.source_remove(guard)
    assert status == 0
    return not gave_up


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_the_application_is_held_while_a_task_runs(app, tmp_path):
    clock = Bgrun.TestClock.new(None)
    scheduler = scheduler_for(app, clock, tmp_path)
    identifier = app.props.application_id + '.work'
    seen = {'steps': 0, 'tasks': [], 'at shutdown': None}
    steps = 20

    def step(task):
        # The work, in small pieces from the main loop, as an app would.
        seen['steps'] += 1
        if seen['steps'] == steps:
            task.set_task_completed(True)
            return GLib.SOURCE_REMOVE
        return GLib.SOURCE_CONTINUE

    def handler(scheduler, task):
        seen['tasks'].append(task)
        GLib.timeout_add(5, step, task)

    def shutdown():
        seen['at shutdown'] = (seen['steps'], [t.props.state for t in seen['tasks']],
                               scheduler.get_running_tasks().get_n_items())

    scheduler.register(identifier, handler)
    assert run_app(app, lambda: scheduler.submit(Bgrun.ProcessingRequest.new(identifier)),
                   shutdown), 'run() never returned: the scheduler did not release the app'
    assert len(seen['tasks']) == 1, 'the task did not run inside run()'
    assert seen['at shutdown'] == (steps, [Bgrun.TaskState.COMPLETED], 0), \
        'the application shut down while the task was still running'


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_the_application_is_released_when_a_task_expires(app, tmp_path):
    clock = Bgrun.TestClock.new(None)
    scheduler = scheduler_for(app, clock, tmp_path)
    identifier = app.props.application_id + '.refresh'
    seen = {'tasks': [], 'states': [], 'at shutdown': None}

    def let_time_pass(task):
        # Nothing completes the task: its time runs out, in two steps.
        seen['states'].append(task.props.state)
        clock.advance(REFRESH_DURATION if len(seen['states']) == 1 else GRACE)
        return len(seen['states']) < 2

    def handler(scheduler, task):
        seen['tasks'].append(task)
        GLib.timeout_add(5, let_time_pass, task)

    def shutdown():
        seen['at shutdown'] = [t.props.state for t in seen['tasks']]

    scheduler.register(identifier, handler)
    assert run_app(app, lambda: scheduler.submit(Bgrun.AppRefreshRequest.new(identifier)),
                   shutdown), 'an expired task kept the application held'
    assert seen['states'] == [Bgrun.TaskState.RUNNING, Bgrun.TaskState.RUNNING]
    assert seen['at shutdown'] == [Bgrun.TaskState.EXPIRED], \
        'the application shut down before the task had ended'


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_a_pending_request_does_not_hold_the_application(app, tmp_path):
    clock = Bgrun.TestClock.new(None)
    scheduler = scheduler_for(app, clock, tmp_path)
    identifier = app.props.application_id + '.work'
    ran = []
    scheduler.register(identifier, lambda s, task: ran.append(task))

    def activate():
        request = Bgrun.ProcessingRequest.new(identifier)
        request.props.earliest_begin_date = clock.get_now().add_hours(1)
        scheduler.submit(request)

    assert run_app(app, activate, lambda: None), \
        'a pending request must not hold the application'
    assert ran == []
    assert [r.props.identifier for r in scheduler.get_pending_requests()] == [identifier]
