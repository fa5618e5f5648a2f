# Helpers shared by the scheduler tests (test_scheduler_*.py).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Everything here goes through the public API, as an app's own test suite
# would: a Bgrun.TestDriver for the clock, the conditions and a private
# store, and driver.open_scheduler() to stand for the app starting again.
# Nothing sleeps: time moves only through driver.advance().
#
# Every behaviour holds in both placements of the engine, so the tests run
# in both: a test file sets `pytestmark = pytest.mark.usefixtures('placement')`
# (and imports `placement`), and each test runs as test_x[local], with the
# engine embedded in the test process, and test_x[daemon], against a fresh
# `bgrund --test-mode` on the test's private bus. A test inherently about
# the embedded engine's own store files is marked
# @pytest.mark.local_only('why') and runs as test_x[local] alone.
# BGRUN_TEST_PLACEMENTS (e.g. "daemon") narrows the placements, so that a
# long file can be registered once per placement and run in parallel.

import contextlib
import os
import tempfile

import gi

gi.require_version('GLib', '2.0')
gi.require_version('GObject', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib, GObject  # noqa: E402

import pytest  # noqa: E402

from daemon_helpers import Daemon  # noqa: E402

APP = 'org.example.App'

Event = Bgrun.HistoryEvent
Reason = Bgrun.WaitReason
Code = Bgrun.SchedulerError


# ---- time ------------------------------------------------------------------


# What the engine writes in the history for what it does by itself.
SUBMITTED_MESSAGE = 'Accepted and stored; it waits for its turn.'
CANCELLED_MESSAGE = 'Cancelled while it was pending.'

def usec(date_time):
    '''Microseconds since the epoch of a GLib.DateTime (None stays None).'''
    if date_time is None:
        return None
    return date_time.to_unix() * 1_000_000 + date_time.get_microsecond()


def now(scheduler):
    '''The scheduler's clock's now, a GLib.DateTime.'''
    return scheduler.props.clock.get_now()


def later(scheduler, seconds):
    '''now(scheduler) + @seconds (a whole or fractional number).'''
    return now(scheduler).add(int(round(seconds * 1_000_000)))


def assert_same_time(actual, expected, what='date'):
    assert actual is not None, f'{what} is None, expected {expected.format_iso8601()}'
    assert usec(actual) == usec(expected), \
        f'{what} is {actual.format_iso8601()}, expected {expected.format_iso8601()}'


# ---- errors ----------------------------------------------------------------

@contextlib.contextmanager
def scheduler_error(code, *fragments):
    '''Expects the block to raise a GLib.Error of Bgrun.SchedulerError
    @code whose message contains every one of @fragments. Yields a list
    that holds the error afterwards.'''
    caught = []
    with pytest.raises(GLib.Error) as info:
        yield caught
    error = info.value
    caught.append(error)
    assert error.matches(Bgrun.scheduler_error_quark(), int(code)), \
        f'expected {code.value_nick}, got {error.domain} {error.code}: {error.message}'
    for fragment in fragments:
        assert fragment in error.message, f'{fragment!r} not in {error.message!r}'


# ---- placements ----------------------------------------------------------------

class _Daemons:
    '''The bgrund --test-mode processes of one test: one per driver, each
    with a store of its own, so that every driver starts on an engine as
    fresh as an embedded driver's.'''

    def __init__(self, directory):
        self.directory = directory
        self.daemon = None
        self.drivers = []

    def start(self):
        '''A new daemon, on a new store, for the next driver.'''
        self.stop()
        self.daemon = Daemon(tempfile.mkdtemp(dir=self.directory), '--test-mode')
        self.daemon.wait_owned()

    def new_driver(self, app_id):
        self.start()
        driver = Bgrun.TestDriver.new_for_daemon(app_id)
        self.drivers.append(driver)
        return driver

    def stop(self):
        # Their schedulers would follow the next daemon.
        for driver in self.drivers:
            driver.run_dispose()
        self.drivers.clear()
        if self.daemon is not None:
            self.daemon.stop()
            assert self.daemon.process.returncode == 0, \
                f'bgrund --test-mode failed ({self.daemon.process.returncode}): ' \
                f'{self.daemon.error_output()}'
            self.daemon = None


_daemons = [None]


PLACEMENTS = os.environ.get('BGRUN_TEST_PLACEMENTS', 'local daemon').split()


@pytest.fixture(params=PLACEMENTS)
def placement(request):
    '''Where the engine of the drivers new_driver() makes runs: "local"
    (embedded) or "daemon" (a bgrund --test-mode started for each driver,
    with a temporary store, and stopped after the test).'''
    marker = request.node.get_closest_marker('local_only')
    if request.param == 'daemon' and marker is not None:
        pytest.skip('local only: ' + marker.args[0])
    if request.param == 'local':
        yield 'local'
        return
    with tempfile.TemporaryDirectory(prefix='bgrund-test-') as directory:
        _daemons[0] = _Daemons(directory)
        try:
            yield 'daemon'
        finally:
            daemons, _daemons[0] = _daemons[0], None
            daemons.stop()


def new_test_driver(app_id=APP):
    '''A bare Bgrun.TestDriver for the current placement.'''
    if _daemons[0] is not None:
        return _daemons[0].new_driver(app_id)
    return Bgrun.TestDriver.new(app_id)


def child_placement_env():
    '''The environment for a child process that makes its own driver:
    BGRUN_TEST_PLACEMENT=daemon, and a fresh daemon for it, in the daemon
    placement.'''
    if _daemons[0] is None:
        return {}
    _daemons[0].start()
    return {'BGRUN_TEST_PLACEMENT': 'daemon'}


# ---- drivers and schedulers --------------------------------------------------

def new_driver(app_id=APP, budgets=True):
    '''A test driver for the current placement (online, on mains power,
    battery full, no power saver) and its scheduler.'''
    driver = new_test_driver(app_id)
    driver.set_conditions(True, False, False, 100, False)
    if not budgets:
        driver.set_budgets_enabled(False)
    return driver, driver.get_scheduler()


def open_scheduler(driver, app_id=APP, state_directory=None):
    '''Another scheduler on the driver's engine, clock and conditions: the
    app as it starts again. With @state_directory (embedded placement
    only), on that store instead.'''
    if state_directory is None and app_id == driver.get_scheduler().props.app_id:
        return driver.open_scheduler()
    assert _daemons[0] is None, 'another store or app id needs the embedded engine'
    scheduler = driver.get_scheduler()
    return GObject.new(Bgrun.Scheduler,
                       app_id=app_id,
                       state_directory=state_directory or driver.get_state_directory(),
                       clock=scheduler.props.clock,
                       conditions=scheduler.props.conditions)


def stop(scheduler):
    '''Ends a scheduler as the process ending would: its engine goes away,
    its store is closed, its alarms are removed. Do not use it after.'''
    scheduler.run_dispose()


# ---- requests ----------------------------------------------------------------

def refresh(identifier, begin=None, user_info=None, repeat=0):
    request = Bgrun.AppRefreshRequest.new(identifier)
    if begin is not None:
        request.props.earliest_begin_date = begin
    if user_info is not None:
        request.props.user_info = user_info
    request.props.repeat_interval = repeat
    return request


def processing(identifier, begin=None, user_info=None, network=False, unmetered=False,
               power=False, battery=False):
    request = Bgrun.ProcessingRequest.new(identifier)
    if begin is not None:
        request.props.earliest_begin_date = begin
    if user_info is not None:
        request.props.user_info = user_info
    request.props.requires_network_connectivity = network
    request.props.requires_unmetered_network = unmetered
    request.props.requires_external_power = power
    request.props.requires_battery_not_low = battery
    return request


def continued(identifier, title='Exporting', subtitle=None, queue=True, user_info=None):
    request = Bgrun.ContinuedProcessingRequest.new(identifier, title, subtitle)
    request.props.strategy = (Bgrun.SubmissionStrategy.QUEUE if queue
                              else Bgrun.SubmissionStrategy.FAIL)
    if user_info is not None:
        request.props.user_info = user_info
    return request


def vardict(**values):
    '''An a{sv} of strings and integers.'''
    def wrap(value):
        if isinstance(value, GLib.Variant):
            return value
        if isinstance(value, bool):
            return GLib.Variant('b', value)
        if isinstance(value, int):
            return GLib.Variant('x', value)
        return GLib.Variant('s', value)
    return GLib.Variant('a{sv}', {key: wrap(value) for key, value in values.items()})


# ---- handlers ----------------------------------------------------------------

class Recorder:
    '''A task handler that records every task it gets (with the clock's
    time at the start), and completes it at once when @complete is True
    or leaves it running when False.'''

    def __init__(self, complete=True, success=True):
        self.complete = complete
        self.success = success
        self.tasks = []
        self.started_at = []

    def __call__(self, scheduler, task):
        self.tasks.append(task)
        self.started_at.append(now(scheduler))
        if self.complete:
            task.set_task_completed(self.success)

    @property
    def identifiers(self):
        return [task.props.identifier for task in self.tasks]

    def __len__(self):
        return len(self.tasks)

    def last(self):
        assert self.tasks, 'no task was started'
        return self.tasks[-1]


# ---- lists -------------------------------------------------------------------

def pending_ids(scheduler):
    return [request.props.identifier for request in scheduler.get_pending_requests()]


def pending_request(scheduler, identifier):
    found = [request for request in scheduler.get_pending_requests()
             if request.props.identifier == identifier]
    assert len(found) == 1, f'{identifier} is pending {len(found)} times'
    return found[0]


def running_ids(scheduler):
    return [task.props.identifier for task in scheduler.get_running_tasks()]


def history(scheduler, identifier=None):
    '''The history as (identifier, event, message) tuples, oldest first.'''
    return [(entry.props.identifier, entry.props.event, entry.props.message)
            for entry in scheduler.get_history()
            if identifier is None or entry.props.identifier == identifier]


def events(scheduler, identifier):
    '''The events recorded for @identifier, oldest first.'''
    return [event for _identifier, event, _message in history(scheduler, identifier)]


class ItemsChanged:
    '''Counts items-changed emissions of a Gio.ListModel.'''

    def __init__(self, model):
        self.model = model
        self.emissions = []
        self.handler = model.connect('items-changed', self._on_items_changed)

    def _on_items_changed(self, model, position, removed, added):
        self.emissions.append((position, removed, added))

    @property
    def count(self):
        return len(self.emissions)

    def take(self):
        '''The number of emissions since the last take().'''
        count = len(self.emissions)
        self.emissions.clear()
        return count

    def disconnect(self):
        self.model.disconnect(self.handler)
