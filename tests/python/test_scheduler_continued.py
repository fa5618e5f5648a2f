# Continued processing from Python: work the user started and watches.
# Accepted only while the app is in front, starts at once (at most
# Bgrun.MAX_CONTINUED_TASKS at a time, then queued or refused), has no time
# limit but expires when it stops making progress, and shows its progress
# to the user: a notification with a Cancel button and the launcher's
# progress bar.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The policy tests use Bgrun.TestDriver and never sleep. The presentation
# tests need a real main loop: a registered Gio.Application on the private
# session bus that tests/isolate gives every test, dbusmock's
# notification_daemon template as the notification server (GIO picks its
# freedesktop backend when org.gtk.Notifications is absent), and a signal
# subscription standing in for the dock that shows launcher progress. They
# wait for what they expect with a timeout, never for a fixed time, except
# where the rate of updates is what is tested.

import gc
import itertools
import os
import re
import subprocess

import pytest

from conftest import Bgrun, Gio, GLib, TIMEOUT, dbusmock, spin_until, usec
from gi.repository import GObject  # noqa: E402
from sched_helpers import new_test_driver, placement  # noqa: E402,F401  (a fixture)

# Every test runs with the embedded engine and against bgrund.
pytestmark = pytest.mark.usefixtures('placement')

APP = 'org.example.Cont'
FAMILY = APP + '.export.*'
STALL = Bgrun.CONTINUED_PROCESSING_STALL
GRACE = Bgrun.TASK_GRACE_PERIOD
MAX = Bgrun.MAX_CONTINUED_TASKS
SECOND = 1_000_000

CANCEL_ACTION = 'bgrun-cancel-task'
LAUNCHER_IFACE = 'com.canonical.Unity.LauncherEntry'


def export_id(suffix):
    return f'{APP}.export.{suffix}'


def now_us(clock):
    return usec(clock.get_now())


def continued_request(identifier, title='Exporting', subtitle='holiday.mov',
                      strategy=Bgrun.SubmissionStrategy.QUEUE):
    request = Bgrun.ContinuedProcessingRequest.new(identifier, title, subtitle)
    request.props.strategy = strategy
    return request


def assert_scheduler_error(excinfo, code, *fragments):
    error = excinfo.value
    assert error.matches(Bgrun.scheduler_error_quark(), code), \
        f'expected {code}, got {error.domain} {error.code}: {error.message}'
    for fragment in fragments:
        assert fragment in error.message
    return error.message


class Tasks:
    '''A handler that keeps every task it is given, and what happened to
    them: `expired` emissions with the clock's time and the state then.'''

    def __init__(self, clock):
        self.clock = clock
        self.tasks = []
        self.times = []
        self.expired = []

    def __call__(self, scheduler, task):
        self.tasks.append(task)
        self.times.append(now_us(self.clock))
        task.connect('expired', self._on_expired)

    def _on_expired(self, task):
        self.expired.append((task.props.identifier, now_us(self.clock), task.props.state))

    @property
    def identifiers(self):
        return [task.props.identifier for task in self.tasks]

    def by_id(self, identifier):
        return [task for task in self.tasks if task.props.identifier == identifier][-1]

    def __len__(self):
        return len(self.tasks)


@pytest.fixture
def driver(placement):
    test_driver = new_test_driver(APP)
    yield test_driver
    del test_driver
    gc.collect()


@pytest.fixture
def tasks(driver):
    handler = Tasks(driver.get_clock())
    driver.get_scheduler().register(FAMILY, handler)
    return handler


def pending_identifiers(scheduler):
    return [request.props.identifier for request in scheduler.get_pending_requests()]


def running_identifiers(scheduler):
    return [task.props.identifier for task in scheduler.get_running_tasks()]


def history(scheduler, identifier):
    return [(entry.props.event, entry.props.message) for entry in scheduler.get_history()
            if entry.props.identifier == identifier]


# ---- submitting ----------------------------------------------------------

def test_not_frontmost_is_not_permitted(driver, tasks):
    scheduler = driver.get_scheduler()
    driver.set_frontmost(False)
    assert scheduler.props.frontmost is False
    with pytest.raises(GLib.Error) as excinfo:
        scheduler.submit(continued_request(export_id('a')))
    message = assert_scheduler_error(excinfo, Bgrun.SchedulerError.NOT_PERMITTED, export_id('a'))
    driver.advance(0)
    assert len(tasks) == 0
    assert pending_identifiers(scheduler) == []
    assert history(scheduler, export_id('a')) == [(Bgrun.HistoryEvent.REJECTED, message)]


def test_frontmost_starts_at_once(driver, tasks):
    scheduler = driver.get_scheduler()
    clock = driver.get_clock()
    start = now_us(clock)
    scheduler.submit(continued_request(export_id('a'), 'Exporting “Holiday”', '12 clips'))
    driver.advance(0)

    assert tasks.identifiers == [export_id('a')]
    assert tasks.times == [start]
    task = tasks.tasks[0]
    assert type(task) is Bgrun.ContinuedProcessingTask
    assert task.props.title == 'Exporting “Holiday”'
    assert task.props.subtitle == '12 clips'
    assert task.get_title() == 'Exporting “Holiday”'
    assert task.get_subtitle() == '12 clips'
    assert task.props.state == Bgrun.TaskState.RUNNING
    assert (task.props.total_units, task.props.completed_units, task.props.fraction) == (0, 0, 0.0)
    assert usec(task.props.expiration_date) == start + STALL * SECOND
    assert running_identifiers(scheduler) == [export_id('a')]
    assert pending_identifiers(scheduler) == []


def test_frontmost_again_is_permitted_again(driver, tasks):
    scheduler = driver.get_scheduler()
    driver.set_frontmost(False)
    with pytest.raises(GLib.Error):
        scheduler.submit(continued_request(export_id('a')))
    driver.set_frontmost(True)
    scheduler.submit(continued_request(export_id('a')))
    driver.advance(0)
    assert tasks.identifiers == [export_id('a')]


def test_without_a_subtitle(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a'), 'Exporting', None))
    driver.advance(0)
    assert tasks.tasks[0].props.title == 'Exporting'
    assert not tasks.tasks[0].props.subtitle


def test_keeps_running_when_the_app_leaves_the_foreground(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a')))
    driver.advance(0)
    driver.set_frontmost(False)
    driver.advance(STALL - 1)
    assert tasks.tasks[0].props.state == Bgrun.TaskState.RUNNING
    assert tasks.expired == []


def test_family_members_run_with_their_own_identifiers(driver, tasks):
    scheduler = driver.get_scheduler()
    names = [export_id(f'job{i}') for i in range(3)]
    for name in names:
        scheduler.submit(continued_request(name))
    driver.advance(0)
    assert tasks.identifiers == names
    assert running_identifiers(scheduler) == names


def test_an_identifier_outside_the_family_is_not_permitted(driver, tasks):
    with pytest.raises(GLib.Error) as excinfo:
        driver.get_scheduler().submit(continued_request(APP + '.import.x'))
    assert_scheduler_error(excinfo, Bgrun.SchedulerError.NOT_PERMITTED, APP + '.import.x')


# ---- slots ---------------------------------------------------------------

def fill_slots(driver, tasks):
    scheduler = driver.get_scheduler()
    names = [export_id(f's{i}') for i in range(MAX)]
    for name in names:
        scheduler.submit(continued_request(name, strategy=Bgrun.SubmissionStrategy.FAIL))
    driver.advance(0)
    assert tasks.identifiers == names
    return names


def test_at_most_four_run_at_once(driver, tasks):
    assert MAX == 4
    fill_slots(driver, tasks)
    assert driver.get_scheduler().get_running_tasks().get_n_items() == MAX


def test_a_fifth_with_strategy_fail_is_ineligible(driver, tasks):
    scheduler = driver.get_scheduler()
    fill_slots(driver, tasks)
    with pytest.raises(GLib.Error) as excinfo:
        scheduler.submit(continued_request(export_id('fifth'), strategy=Bgrun.SubmissionStrategy.FAIL))
    message = assert_scheduler_error(excinfo, Bgrun.SchedulerError.IMMEDIATE_RUN_INELIGIBLE,
                                     export_id('fifth'), str(MAX))
    driver.advance(0)
    assert len(tasks) == MAX
    assert pending_identifiers(scheduler) == [], 'a refused request must not wait'
    assert history(scheduler, export_id('fifth')) == [(Bgrun.HistoryEvent.REJECTED, message)]


def test_a_fifth_with_strategy_queue_waits_visibly_and_starts_when_a_slot_frees(driver, tasks):
    scheduler = driver.get_scheduler()
    names = fill_slots(driver, tasks)
    scheduler.submit(continued_request(export_id('fifth')))
    driver.advance(0)
    driver.advance(60)

    assert len(tasks) == MAX
    assert pending_identifiers(scheduler) == [export_id('fifth')]
    explanation = scheduler.explain(export_id('fifth'))
    assert list(explanation.get_reasons()) == [Bgrun.WaitReason.CONTINUED_SLOTS_FULL]
    assert not explanation.get_running()

    tasks.by_id(names[1]).set_task_completed(True)
    driver.advance(0)
    assert tasks.identifiers == names + [export_id('fifth')]
    assert pending_identifiers(scheduler) == []
    assert running_identifiers(scheduler) == [names[0], names[2], names[3], export_id('fifth')]


def test_a_queued_request_also_starts_when_a_task_expires(driver, tasks):
    scheduler = driver.get_scheduler()
    names = fill_slots(driver, tasks)
    scheduler.submit(continued_request(export_id('fifth')))
    driver.advance(0)
    driver.expire_task(names[0])
    assert len(tasks) == MAX, 'the slot is still taken during the grace period'
    driver.advance(GRACE)
    assert tasks.identifiers[-1] == export_id('fifth')


def test_strategy_fail_counts_queued_requests_too(driver, tasks):
    scheduler = driver.get_scheduler()
    names = fill_slots(driver, tasks)
    scheduler.submit(continued_request(export_id('q1')))
    driver.advance(0)
    tasks.by_id(names[0]).set_task_completed(True)
    driver.advance(0)                       # q1 took the free slot
    assert tasks.identifiers[-1] == export_id('q1')
    with pytest.raises(GLib.Error) as excinfo:
        scheduler.submit(continued_request(export_id('f1'), strategy=Bgrun.SubmissionStrategy.FAIL))
    assert_scheduler_error(excinfo, Bgrun.SchedulerError.IMMEDIATE_RUN_INELIGIBLE)
    tasks.by_id(names[1]).set_task_completed(False)
    driver.advance(0)
    scheduler.submit(continued_request(export_id('f1'), strategy=Bgrun.SubmissionStrategy.FAIL))
    driver.advance(0)
    assert tasks.identifiers[-1] == export_id('f1')


def test_queued_requests_start_oldest_first(driver, tasks):
    scheduler = driver.get_scheduler()
    names = fill_slots(driver, tasks)
    queued = [export_id(f'q{i}') for i in range(3)]
    for name in queued:
        scheduler.submit(continued_request(name))
    driver.advance(0)
    assert pending_identifiers(scheduler) == queued
    for name in names[:3]:
        tasks.by_id(name).set_task_completed(True)
        driver.advance(0)
    assert tasks.identifiers[MAX:] == queued


def test_a_queued_request_keeps_its_title_and_strategy(driver, tasks):
    scheduler = driver.get_scheduler()
    fill_slots(driver, tasks)
    scheduler.submit(continued_request(export_id('fifth'), 'Exporting “Fifth”', '3 files'))
    driver.advance(0)
    pending = list(scheduler.get_pending_requests())
    assert len(pending) == 1
    assert isinstance(pending[0], Bgrun.ContinuedProcessingRequest)
    assert pending[0].props.title == 'Exporting “Fifth”'
    assert pending[0].props.subtitle == '3 files'
    assert pending[0].props.strategy == Bgrun.SubmissionStrategy.QUEUE


def test_a_queued_request_can_be_cancelled(driver, tasks):
    scheduler = driver.get_scheduler()
    names = fill_slots(driver, tasks)
    scheduler.submit(continued_request(export_id('fifth')))
    driver.advance(0)
    scheduler.cancel(export_id('fifth'))
    assert pending_identifiers(scheduler) == []
    tasks.by_id(names[0]).set_task_completed(True)
    driver.advance(0)
    assert len(tasks) == MAX
    assert history(scheduler, export_id('fifth'))[-1][0] == Bgrun.HistoryEvent.CANCELLED


def test_strategy_fail_while_the_same_identifier_runs_is_ineligible(driver, tasks):
    scheduler = driver.get_scheduler()
    scheduler.submit(continued_request(export_id('a'), strategy=Bgrun.SubmissionStrategy.FAIL))
    driver.advance(0)
    assert tasks.identifiers == [export_id('a')]
    try:
        scheduler.submit(continued_request(export_id('a'),
                                           strategy=Bgrun.SubmissionStrategy.FAIL))
        accepted = True
    except GLib.Error as error:
        accepted = False
        assert error.matches(Bgrun.scheduler_error_quark(),
                             Bgrun.SchedulerError.IMMEDIATE_RUN_INELIGIBLE), error.message
    driver.advance(0)
    assert pending_identifiers(scheduler) == [], 'strategy FAIL must never leave a request waiting'
    assert not accepted


def test_strategy_queue_while_the_same_identifier_runs_waits_for_it(driver, tasks):
    scheduler = driver.get_scheduler()
    scheduler.submit(continued_request(export_id('a')))
    driver.advance(0)
    scheduler.submit(continued_request(export_id('a'), 'Again', None))
    driver.advance(0)
    assert pending_identifiers(scheduler) == [export_id('a')]
    assert list(scheduler.explain(export_id('a')).get_reasons()) == \
        [Bgrun.WaitReason.ALREADY_RUNNING]
    tasks.tasks[0].set_task_completed(True)
    driver.advance(0)
    assert len(tasks) == 2 and tasks.tasks[1].props.title == 'Again'


def test_other_kinds_do_not_take_continued_slots(driver, tasks):
    scheduler = driver.get_scheduler()
    other = []
    scheduler.register(APP + '.sync', lambda s, task: other.append(task))
    fill_slots(driver, tasks)
    scheduler.submit(Bgrun.ProcessingRequest.new(APP + '.sync'))
    driver.advance(0)
    assert len(other) == 1, 'a processing task must not wait for continued-processing slots'


# ---- expiration: no time limit, but a stall limit ------------------------

def test_expires_after_the_stall_limit_without_progress(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a')))
    driver.advance(0)
    task = tasks.tasks[0]
    start = tasks.times[0]
    driver.advance(STALL - 1)
    assert tasks.expired == []
    driver.advance(1)
    assert tasks.expired == [(export_id('a'), start + STALL * SECOND, Bgrun.TaskState.RUNNING)]
    driver.advance(GRACE)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    assert task.get_cancellable().is_cancelled()
    assert history(driver.get_scheduler(), export_id('a'))[-1][0] == Bgrun.HistoryEvent.EXPIRED
    assert pending_identifiers(driver.get_scheduler()) == []


def test_progress_moves_the_deadline(driver, tasks):
    scheduler = driver.get_scheduler()
    scheduler.submit(continued_request(export_id('a')))
    driver.advance(0)
    task = tasks.tasks[0]
    start = tasks.times[0]
    dates = []
    task.connect('notify::expiration-date', lambda t, pspec: dates.append(usec(t.props.expiration_date)))
    task.props.total_units = 10

    driver.advance(300)
    assert dates == [], 'setting the total is not progress'
    task.props.completed_units = 1
    assert dates == [start + 900 * SECOND]
    assert usec(task.props.expiration_date) == start + 900 * SECOND
    assert usec(scheduler.explain(export_id('a')).get_deadline()) == start + 900 * SECOND

    driver.advance(100)
    task.props.completed_units = 1          # the same value: no progress
    assert dates == [start + 900 * SECOND]

    driver.advance(499)                     # start + 899
    assert tasks.expired == []
    driver.advance(1)
    assert tasks.expired == [(export_id('a'), start + 900 * SECOND, Bgrun.TaskState.RUNNING)]


def test_no_fixed_time_limit_while_it_makes_progress(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a')))
    driver.advance(0)
    task = tasks.tasks[0]
    task.props.total_units = 1000
    for step in range(1, 31):               # five hours, progress every 10 min
        driver.advance(STALL - 1)
        task.props.completed_units = step
    assert tasks.expired == []
    assert task.props.state == Bgrun.TaskState.RUNNING
    last = now_us(driver.get_clock())
    driver.advance(STALL)
    assert tasks.expired == [(export_id('a'), last + STALL * SECOND, Bgrun.TaskState.RUNNING)]


def test_completed_before_the_stall_limit(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a')))
    driver.advance(0)
    task = tasks.tasks[0]
    task.props.total_units = 3
    task.props.completed_units = 3
    task.set_task_completed(True)
    driver.advance(STALL * 2)
    assert task.props.state == Bgrun.TaskState.COMPLETED
    assert tasks.expired == []
    assert not task.get_cancellable().is_cancelled()
    assert [e for e, _ in history(driver.get_scheduler(), export_id('a'))] == [
        Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.STARTED, Bgrun.HistoryEvent.COMPLETED]


def test_expire_task_of_a_continued_task(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a')))
    driver.advance(0)
    driver.expire_task(export_id('a'))
    assert [e[2] for e in tasks.expired] == [Bgrun.TaskState.RUNNING]
    driver.advance(GRACE)
    assert tasks.tasks[0].props.state == Bgrun.TaskState.EXPIRED


# ---- title and progress properties ---------------------------------------

def test_update_title(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a'), 'Exporting', '1 of 3'))
    driver.advance(0)
    task = tasks.tasks[0]
    seen = []
    task.connect('notify', lambda t, pspec: seen.append(pspec.name))
    task.update_title('Exporting', '2 of 3')
    assert (task.props.title, task.props.subtitle) == ('Exporting', '2 of 3')
    assert seen == ['subtitle'], 'only what changed is notified'
    seen.clear()
    task.update_title('Uploading', 'to the cloud')
    assert (task.props.title, task.props.subtitle) == ('Uploading', 'to the cloud')
    assert sorted(seen) == ['subtitle', 'title']
    seen.clear()
    task.update_title('Uploading', 'to the cloud')
    assert seen == []


def test_fraction(driver, tasks):
    driver.get_scheduler().submit(continued_request(export_id('a')))
    driver.advance(0)
    task = tasks.tasks[0]
    fractions = []
    task.connect('notify::fraction', lambda t, pspec: fractions.append(t.props.fraction))

    task.props.completed_units = 5          # total unknown
    assert task.props.fraction == 0.0
    task.props.total_units = 200
    assert task.props.fraction == pytest.approx(5 / 200)
    task.props.completed_units = 50
    assert task.props.fraction == pytest.approx(0.25)
    assert task.get_fraction() == pytest.approx(0.25)
    task.props.total_units = 100
    assert task.props.fraction == pytest.approx(0.5)
    task.props.completed_units = 150        # more than the total
    assert task.props.fraction == 1.0
    task.props.completed_units = 200
    assert fractions == pytest.approx([0.025, 0.25, 0.5, 1.0]), 'notify only on change'
    task.props.total_units = 0
    assert task.props.fraction == 0.0


# ---- presentation: notification and launcher -----------------------------

_serial = itertools.count(1)


def session_bus():
    return Gio.bus_get_sync(Gio.BusType.SESSION, None)


def session_barrier(name):
    '''A D-Bus round trip to @name on the shared session connection:
    replies and signals @name sent before it have been dispatched when this
    returns.'''
    done = []

    def on_reply(connection, result):
        try:
            connection.call_finish(result)
        except GLib.Error:
            pass
        done.append(True)

    session_bus().call(name, '/', 'org.freedesktop.DBus.Peer', 'Ping', None, None,
                       Gio.DBusCallFlags.NO_AUTO_START, -1, None, on_reply)
    spin_until(lambda: done, what=f'a session-bus round trip to {name}')


class NotificationServer:
    '''dbusmock's notification_daemon template on the private session
    bus, with the calls it received.'''

    def __init__(self):
        self.process, self.obj = dbusmock.DBusTestCase.spawn_server_template(
            'notification_daemon', {}, stdout=subprocess.PIPE, system_bus=False)

    def calls(self, method=None):
        return [(str(name), [unwrap(arg) for arg in args])
                for _, name, args in self.obj.GetCalls(dbus_interface=dbusmock.MOCK_IFACE)
                if method is None or name == method]

    def notifies(self, summary=None):
        '''The Notify calls, as dicts, optionally only those with @summary.'''
        result = []
        for _, args in self.calls('Notify'):
            app_name, replaces, icon, title, body, actions, hints, timeout = args
            if summary is None or title == summary:
                result.append({'replaces': replaces, 'summary': title, 'body': body,
                               'actions': actions, 'hints': hints})
        return result

    def clear(self):
        self.obj.ClearCalls(dbus_interface=dbusmock.MOCK_IFACE)

    def emit(self, signal, signature, args):
        self.obj.EmitSignal('org.freedesktop.Notifications', signal, signature, args,
                            dbus_interface=dbusmock.MOCK_IFACE)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=TIMEOUT)
        self.process.stdout.close()


def unwrap(value):
    '''dbus-python values as plain Python values.'''
    if isinstance(value, (list, tuple)):
        return [unwrap(v) for v in value]
    if isinstance(value, dict):
        return {str(k): unwrap(v) for k, v in value.items()}
    for plain in (bool, int, float, str):
        if isinstance(value, plain):
            return plain(value)
    return value


@pytest.fixture(scope='module')
def notification_server():
    server = NotificationServer()
    yield server
    server.stop()


class Launcher:
    '''Listens to com.canonical.Unity.LauncherEntry Update signals on the
    session bus, as a dock does.'''

    def __init__(self, app_id):
        self.uri = f'application://{app_id}.desktop'
        self.updates = []         # (progress, progress-visible) for self.uri
        self.others = []
        self.bus = session_bus()
        self.subscription = self.bus.signal_subscribe(
            None, LAUNCHER_IFACE, 'Update', None, None, Gio.DBusSignalFlags.NONE,
            self._on_update)

    def _on_update(self, connection, sender, path, interface, signal, parameters):
        uri, properties = parameters.unpack()
        if uri == self.uri:
            self.updates.append((properties.get('progress'), properties.get('progress-visible')))
        else:
            self.others.append(uri)

    def close(self):
        self.bus.signal_unsubscribe(self.subscription)


@pytest.fixture
def shown(notification_server, tmp_path):
    '''A registered application with a scheduler on a test clock, the
    notification server and a launcher listener.'''
    notification_server.clear()
    app_id = f'org.example.BgrunTest.Shown{os.getpid()}x{next(_serial)}'
    app = Gio.Application(application_id=app_id, flags=Gio.ApplicationFlags.NON_UNIQUE)
    app.register(None)
    assert app.get_is_registered()
    clock = Bgrun.TestClock.new(None)
    scheduler = GObject.new(Bgrun.Scheduler, application=app, clock=clock,
                            conditions=Bgrun.Conditions.new_simulated(clock),
                            state_directory=str(tmp_path), frontmost=True)
    handler = Tasks(clock)
    scheduler.register(app_id + '.export.*', handler)
    launcher = Launcher(app_id)

    class Shown:
        pass

    context = Shown()
    context.app, context.app_id, context.clock = app, app_id, clock
    context.scheduler, context.tasks, context.launcher = scheduler, handler, launcher
    context.server = notification_server

    def start(suffix, title, subtitle, total=0):
        identifier = f'{app_id}.export.{suffix}'
        scheduler.submit(continued_request(identifier, title, subtitle))
        spin_until(lambda: identifier in handler.identifiers, what=f'{identifier} to start')
        task = handler.by_id(identifier)
        if total:
            task.props.total_units = total
        return task

    context.start = start
    yield context
    launcher.close()
    for task in list(handler.tasks):
        if task.props.state == Bgrun.TaskState.RUNNING:
            task.set_task_completed(False)
    session_barrier('org.freedesktop.Notifications')


def wait_for_notify(shown, predicate, what):
    found = []

    def check():
        found[:] = [n for n in shown.server.notifies() if predicate(n)]
        return found

    spin_until(check, what=lambda: f'{what}; Notify calls: {shown.server.notifies()}')
    return found[-1]


def spin_for(seconds):
    '''Runs the main loop for @seconds of real time (for rate limits only).'''
    over = []
    GLib.timeout_add(int(seconds * 1000), lambda: over.append(True) or GLib.SOURCE_REMOVE)
    while not over:
        GLib.MainContext.default().iteration(True)


def percent_in(body, percent):
    return re.search(rf'(?<!\d){percent}\s*%', body) is not None


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_a_running_task_shows_a_notification_with_cancel(shown):
    task = shown.start('n1', 'Exporting “Holiday”', '12 clips', total=4)
    task.props.completed_units = 1

    note = wait_for_notify(shown, lambda n: n['summary'] == 'Exporting “Holiday”'
                           and percent_in(n['body'], 25), 'a notification at 25 %')
    assert '12 clips' in note['body']
    labels = note['actions'][1::2]
    keys = note['actions'][0::2]
    assert 'Cancel' in labels
    cancel_key = keys[labels.index('Cancel')]
    assert cancel_key.startswith('app.' + CANCEL_ACTION), cancel_key
    assert task.props.identifier in cancel_key, 'the Cancel button must name its task'


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_progress_updates_change_the_percentage(shown):
    task = shown.start('n2', 'Encoding', 'movie.mkv', total=200)
    wait_for_notify(shown, lambda n: n['summary'] == 'Encoding' and percent_in(n['body'], 0),
                    'a notification at 0 %')
    session_barrier('org.freedesktop.Notifications')   # the id is known now
    task.props.completed_units = 100
    wait_for_notify(shown, lambda n: percent_in(n['body'], 50), 'the notification at 50 %')
    task.props.completed_units = 150
    wait_for_notify(shown, lambda n: percent_in(n['body'], 75), 'the notification at 75 %')
    notes = shown.server.notifies('Encoding')
    # Updates replace the notification instead of adding new ones.
    replaced = {n['replaces'] for n in notes[1:]}
    assert len(replaced) == 1 and 0 not in replaced, notes


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_title_updates_reach_the_notification(shown):
    task = shown.start('n3', 'Exporting', '1 of 3', total=3)
    wait_for_notify(shown, lambda n: n['summary'] == 'Exporting', 'the first notification')
    task.update_title('Uploading', '2 of 3')
    note = wait_for_notify(shown, lambda n: n['summary'] == 'Uploading', 'the new title')
    assert '2 of 3' in note['body']


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_notification_updates_are_throttled(shown):
    task = shown.start('n4', 'Rendering', 'scene 1', total=100)
    wait_for_notify(shown, lambda n: n['summary'] == 'Rendering', 'the first notification')
    session_barrier('org.freedesktop.Notifications')
    shown.server.clear()
    shown.launcher.updates.clear()

    for units in range(1, 101):
        task.props.completed_units = units
    # Let a second of real time pass on the main loop: the rate is the point.
    spin_for(1.2)
    session_barrier('org.freedesktop.Notifications')

    notes = shown.server.notifies('Rendering')
    assert 1 <= len(notes) <= 5, f'{len(notes)} notification updates for 100 changes in a second'
    assert percent_in(notes[-1]['body'], 100), 'the last value must be shown'
    updates = shown.launcher.updates
    assert 1 <= len(updates) <= 5, f'{len(updates)} launcher updates for 100 changes'
    assert updates[-1] == (1.0, True)


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_the_end_withdraws_the_notification(shown):
    task = shown.start('n5', 'Compressing', 'archive.zip', total=10)
    wait_for_notify(shown, lambda n: n['summary'] == 'Compressing', 'the notification')
    session_barrier('org.freedesktop.Notifications')   # its id is known now
    notification_id = notification_id_of(shown, 'Compressing', task)
    session_barrier('org.freedesktop.Notifications')

    task.set_task_completed(True)
    spin_until(lambda: shown.server.calls('CloseNotification'),
               what='CloseNotification after the task ended')
    session_barrier('org.freedesktop.Notifications')
    closed = [args[0] for _, args in shown.server.calls('CloseNotification')]
    assert closed == [notification_id], 'the task\'s own notification must be withdrawn'


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_an_expired_task_withdraws_its_notification(shown):
    task = shown.start('n6', 'Syncing', 'photos', total=10)
    wait_for_notify(shown, lambda n: n['summary'] == 'Syncing', 'the notification')
    session_barrier('org.freedesktop.Notifications')
    shown.clock.advance(STALL + GRACE)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    spin_until(lambda: shown.server.calls('CloseNotification'),
               what='CloseNotification after the task expired')


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_launcher_progress_while_running_and_cleared_at_the_end(shown):
    task = shown.start('l1', 'Exporting', 'clip', total=4)
    spin_until(lambda: (0.0, True) in shown.launcher.updates,
               what=lambda: f'launcher progress 0, visible; got {shown.launcher.updates}')
    task.props.completed_units = 1
    spin_until(lambda: (0.25, True) in shown.launcher.updates,
               what=lambda: f'launcher progress 0.25, visible; got {shown.launcher.updates}')
    task.set_task_completed(True)
    spin_until(lambda: shown.launcher.updates and shown.launcher.updates[-1][1] is False,
               what=lambda: f'launcher progress hidden; got {shown.launcher.updates}')
    assert all(progress is not None for progress, _ in shown.launcher.updates)


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_launcher_shows_the_mean_of_the_app_tasks(shown):
    first = shown.start('l2', 'One', None, total=10)
    second = shown.start('l3', 'Two', None, total=10)
    first.props.completed_units = 2
    second.props.completed_units = 6
    spin_until(lambda: any(v and abs(p - 0.4) < 1e-9 for p, v in shown.launcher.updates),
               what=lambda: f'launcher progress 0.4; got {shown.launcher.updates}')
    first.set_task_completed(True)
    spin_until(lambda: shown.launcher.updates[-1] == (0.6, True),
               what=lambda: f'launcher progress 0.6 with one task left; got {shown.launcher.updates}')
    second.set_task_completed(True)
    spin_until(lambda: shown.launcher.updates[-1][1] is False,
               what=lambda: f'launcher progress hidden; got {shown.launcher.updates}')


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_cancel_action_expires_the_task(shown):
    task = shown.start('c1', 'Exporting', 'big.mov', total=10)
    identifier = task.props.identifier
    assert shown.app.has_action(CANCEL_ACTION)
    shown.app.activate_action(CANCEL_ACTION, GLib.Variant('s', identifier))
    assert shown.tasks.expired == [(identifier, now_us(shown.clock), Bgrun.TaskState.RUNNING)]
    shown.clock.advance(GRACE - 1)
    assert task.props.state == Bgrun.TaskState.RUNNING
    shown.clock.advance(1)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    assert task.get_cancellable().is_cancelled()


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_cancel_action_of_an_unknown_task_does_nothing(shown):
    task = shown.start('c2', 'Exporting', 'big.mov', total=10)
    shown.app.activate_action(CANCEL_ACTION, GLib.Variant('s', shown.app_id + '.export.nope'))
    shown.clock.advance(GRACE)
    assert shown.tasks.expired == []
    assert task.props.state == Bgrun.TaskState.RUNNING


@pytest.mark.local_only("a Gio.Application's scheduler on a test clock: the test driver makes none")
def test_clicking_cancel_in_the_notification_expires_the_task(shown):
    '''The whole way: the notification server reports the user's click
    (ActionInvoked), GIO activates the app action, the task expires.'''
    task = shown.start('c3', 'Exporting', 'big.mov', total=10)
    note = wait_for_notify(shown, lambda n: n['summary'] == 'Exporting', 'the notification')
    session_barrier('org.freedesktop.Notifications')
    labels, keys = note['actions'][1::2], note['actions'][0::2]
    cancel_key = keys[labels.index('Cancel')]
    # The server's id for the notification: what Notify returned, which the
    # server hands out in order; ask it through a second Notify's replaces.
    notification_id = notification_id_of(shown, 'Exporting', task)

    shown.server.emit('ActionInvoked', 'us', [notification_id, cancel_key])
    spin_until(lambda: shown.tasks.expired,
               what='`expired` after the user clicked Cancel')
    assert shown.tasks.expired[0][2] == Bgrun.TaskState.RUNNING
    shown.clock.advance(GRACE)
    assert task.props.state == Bgrun.TaskState.EXPIRED


def notification_id_of(shown, summary, task):
    '''The server-side id of the task's notification: the replaces-id of an
    update, forced by a progress change.'''
    task.props.completed_units = task.props.completed_units + 1
    note = wait_for_notify(shown, lambda n: n['summary'] == summary and n['replaces'] != 0,
                           'an update of the notification')
    return note['replaces']
