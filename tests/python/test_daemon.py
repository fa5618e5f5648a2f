# The daemon placement: the real bgrund on the test's session bus, and
# schedulers in this process (and in child processes) reaching it over
# D-Bus. What a user of the daemon would notice: where the engine runs,
# tasks running in the app's handler, errors arriving intact, apps kept
# apart, requests surviving the daemon, and the daemon's lifecycle.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/isolate gives this file a private session bus (dbus-run-session);
# each test starts its own bgrund (BGRUND, the built binary) with its own
# state directory, and disposes its schedulers, which closes their
# connections, before the daemon goes.

import os
import signal
import time

import pytest

from conftest import Bgrun, Gio, GLib, spin_idle, spin_until, usec
from daemon_helpers import (BUS_NAME, Daemon, PrivateBus, bus_call, name_owner, open_bus,
                            run_child, wait_for_owner)
from sched_helpers import (Code, Event, ItemsChanged, Recorder, events, history, pending_ids,
                           processing, running_ids, scheduler_error)

APP = 'org.example.Daemon'
WORK = APP + '.work'
LATER = APP + '.later'
OTHER_APP = 'org.example.Other'
OTHER_WORK = OTHER_APP + '.work'

DAEMON = Bgrun.Backend.DAEMON
LOCAL = Bgrun.Backend.LOCAL


def in_an_hour():
    return GLib.DateTime.new_now_utc().add_hours(1)


def activatable(bus):
    (names,) = bus_call(bus, 'ListActivatableNames', None, '(as)')
    return BUS_NAME in names


# ---- fixtures ------------------------------------------------------------

@pytest.fixture(autouse=True)
def no_forced_backend(monkeypatch):
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)


@pytest.fixture
def state_dir(tmp_path):
    return str(tmp_path / 'state')


@pytest.fixture
def daemons(state_dir):
    '''Starts bgrund processes (never exiting when idle unless told); stops
    whatever still runs after the test.'''
    started = []

    def start(*args, wait=True, directory=None):
        daemon = Daemon(directory or state_dir, *(args or ('--idle-timeout', '0')))
        started.append(daemon)
        if wait:
            daemon.wait_owned()
        return daemon

    yield start
    for daemon in started:
        daemon.stop()


@pytest.fixture
def daemon(daemons):
    return daemons()


@pytest.fixture
def schedulers():
    '''Makes schedulers; disposes them after the test, which closes their
    connections to the daemon.'''
    made = []

    def make(app_id=APP):
        scheduler = Bgrun.Scheduler.new(app_id)
        made.append(scheduler)
        return scheduler

    yield make
    for scheduler in made:
        scheduler.run_dispose()
    spin_idle()


@pytest.fixture
def session_bus():
    bus = open_bus()
    yield bus
    bus.close_sync(None)


def no_daemon_anywhere(bus):
    if name_owner(bus) is not None or activatable(bus):
        pytest.skip('org.bgrun.Broker1 is owned or activatable on this session bus')


def run_task(scheduler, identifier, recorder):
    '''Registers @recorder for @identifier, submits a processing request due
    now, and waits for the daemon to start its task.'''
    scheduler.register(identifier, recorder)
    scheduler.submit(processing(identifier))
    spin_until(lambda: len(recorder) > 0, what=f'the daemon to run {identifier}')
    return recorder.last()


# ---- placement -------------------------------------------------------------

def test_scheduler_uses_the_daemon_when_it_owns_the_name(daemon, schedulers):
    assert schedulers().props.backend == DAEMON


def test_scheduler_is_local_without_a_daemon(schedulers, session_bus):
    no_daemon_anywhere(session_bus)
    assert schedulers().props.backend == LOCAL


def test_backend_local_forces_the_embedded_engine(daemon, schedulers, monkeypatch):
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    scheduler = schedulers()
    assert scheduler.props.backend == LOCAL
    scheduler.register(WORK, Recorder())
    scheduler.submit(processing(WORK, begin=in_an_hour()))

    # The daemon never heard of it.
    monkeypatch.delenv('BGRUN_BACKEND')
    assert pending_ids(schedulers(OTHER_APP)) == []
    assert os.path.exists(os.path.join(os.environ['XDG_STATE_HOME'], 'bgrun', APP, 'tasks.db'))


def test_test_driver_always_uses_the_embedded_engine(daemon, monkeypatch):
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    driver = Bgrun.TestDriver.new(APP)
    assert driver.get_scheduler().props.backend == LOCAL


def test_forced_daemon_without_one_fails_unavailable(schedulers, session_bus, monkeypatch,
                                                     daemons):
    no_daemon_anywhere(session_bus)
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    scheduler = schedulers()
    assert scheduler.props.backend == DAEMON

    with scheduler_error(Code.UNAVAILABLE, BUS_NAME, 'BGRUN_BACKEND=local'):
        scheduler.submit(processing(WORK))
    with scheduler_error(Code.UNAVAILABLE, BUS_NAME):
        scheduler.register(WORK, Recorder())
    with scheduler_error(Code.UNAVAILABLE, BUS_NAME):
        scheduler.explain(WORK)

    # Every call tries again: once a daemon is there, the same scheduler
    # works.
    daemons()
    scheduler.register(WORK, Recorder())
    scheduler.submit(processing(WORK, begin=in_an_hour()))
    assert pending_ids(scheduler) == [WORK]


# ---- running tasks -----------------------------------------------------------

def test_task_runs_in_the_app_handler_and_completes(daemon, schedulers):
    scheduler = schedulers()
    recorder = Recorder(complete=False)
    task = run_task(scheduler, WORK, recorder)

    assert isinstance(task, Bgrun.ProcessingTask)
    assert task.props.identifier == WORK
    assert task.props.state == Bgrun.TaskState.RUNNING
    assert usec(task.props.expiration_date) > usec(GLib.DateTime.new_now_utc())
    assert running_ids(scheduler) == [WORK]
    assert pending_ids(scheduler) == []

    task.set_task_completed(True)
    spin_until(lambda: running_ids(scheduler) == [], what='the daemon to end the task')
    assert task.props.state == Bgrun.TaskState.COMPLETED
    assert events(scheduler, WORK) == [Event.SUBMITTED, Event.STARTED, Event.COMPLETED]


def test_history_model_follows_the_daemon_live(daemon, schedulers):
    scheduler = schedulers()
    model = scheduler.get_history()
    assert len(model) == 0
    run_task(scheduler, WORK, Recorder(complete=True))
    spin_until(lambda: events(scheduler, WORK)[-1:] == [Event.COMPLETED],
               what='the history to show the completion')
    assert events(scheduler, WORK) == [Event.SUBMITTED, Event.STARTED, Event.COMPLETED]


def test_history_model_made_after_a_call_has_each_entry_once(daemon, schedulers):
    '''The signals of a submit may still be on their way when the history
    is first asked for; the entries they announce are in the answer, and
    appear once.'''
    scheduler = schedulers()
    scheduler.register(LATER, Recorder())
    scheduler.submit(processing(LATER, begin=in_an_hour()))
    scheduler.submit(processing(LATER, begin=in_an_hour()))
    model = scheduler.get_history()
    # A round trip: every signal sent before its answer has arrived.
    scheduler.explain(LATER)
    spin_idle()
    assert events(scheduler, LATER) == [Event.SUBMITTED, Event.SUBMITTED]
    scheduler.cancel(LATER)
    spin_until(lambda: len(model) == 3, what='the cancel in the history')
    assert events(scheduler, LATER) == [Event.SUBMITTED, Event.SUBMITTED, Event.CANCELLED]


def test_expiring_a_task_reaches_the_handler(daemon):
    '''The user's Cancel (the application action the scheduler installs)
    asks the daemon to expire the task; the daemon tells the handler, and
    the task ends when the app completes it.'''
    application = Gio.Application(application_id=APP)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    try:
        task = run_task(scheduler, WORK, Recorder(complete=False))
        expired = []
        task.connect('expired', lambda t: expired.append(t.props.state))

        application.lookup_action('bgrun-cancel-task').activate(GLib.Variant('s', WORK))
        spin_until(lambda: expired, what='the expired signal from the daemon')
        assert expired == [Bgrun.TaskState.RUNNING]

        task.set_task_completed(True)
        spin_until(lambda: running_ids(scheduler) == [], what='the task to end')
        assert events(scheduler, WORK)[-1] == Event.COMPLETED
    finally:
        scheduler.run_dispose()


def test_another_connection_cannot_touch_an_apps_task(daemon, schedulers):
    scheduler = schedulers()
    run_task(scheduler, WORK, Recorder(complete=False))
    bus = open_bus()
    try:
        with pytest.raises(GLib.Error) as info:
            bus.call_sync(BUS_NAME, '/org/bgrun/Broker1', BUS_NAME, 'ExpireTask',
                          GLib.Variant('(s)', (WORK,)), None, Gio.DBusCallFlags.NONE, -1, None)
        assert Gio.DBusError.get_remote_error(info.value) == 'org.bgrun.Error.NotPermitted'
    finally:
        bus.close_sync(None)
    assert running_ids(scheduler) == [WORK]


# ---- errors ----------------------------------------------------------------

def test_errors_cross_dbus_with_domain_code_and_message(daemon, schedulers, monkeypatch):
    remote = schedulers()
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    local = schedulers()
    assert (remote.props.backend, local.props.backend) == (DAEMON, LOCAL)

    def error_of(scheduler, action):
        with pytest.raises(GLib.Error) as info:
            action(scheduler)
        return info.value

    cases = [
        ('unregistered identifier', Code.NOT_PERMITTED,
         lambda s: s.submit(processing(APP + '.unregistered'))),
        ('malformed identifier', Code.INVALID_REQUEST,
         lambda s: s.submit(processing('not an identifier'))),
        ('malformed pattern', Code.INVALID_REQUEST,
         lambda s: s.register('org..example', Recorder())),
        ('nothing to explain', Code.INVALID_REQUEST,
         lambda s: s.explain(APP + '.nothing')),
        ('continued processing in the background', Code.NOT_PERMITTED,
         lambda s: (s.register(APP + '.export', Recorder()),
                    s.submit(Bgrun.ContinuedProcessingRequest.new(APP + '.export', 'Export', None)))),
        ('registered twice', Code.INVALID_REQUEST,
         lambda s: s.register(APP + '.export', Recorder())),
    ]
    for what, code, action in cases:
        over_dbus = error_of(remote, action)
        embedded = error_of(local, action)
        assert over_dbus.matches(Bgrun.scheduler_error_quark(), int(code)), \
            f'{what}: {over_dbus.domain} {over_dbus.code} {over_dbus.message}'
        assert over_dbus.message == embedded.message, what
        assert 'GDBus' not in over_dbus.message

    # The refusals are in the daemon's history with the same messages.
    assert [m for _i, e, m in history(remote) if e == Event.REJECTED] == \
        [m for _i, e, m in history(local) if e == Event.REJECTED]


def test_frontmost_crosses_to_the_daemon(daemon, schedulers):
    scheduler = schedulers()
    identifier = APP + '.export'
    scheduler.register(identifier, Recorder(complete=False))
    request = Bgrun.ContinuedProcessingRequest.new(identifier, 'Export', None)
    with scheduler_error(Code.NOT_PERMITTED, identifier, 'foreground'):
        scheduler.submit(request)
    scheduler.props.frontmost = True
    scheduler.submit(request)


def test_explain_over_dbus(daemon, schedulers):
    scheduler = schedulers()
    scheduler.register(LATER, Recorder())
    begin = in_an_hour()
    scheduler.submit(processing(LATER, begin=begin, power=True))

    explanation = scheduler.explain(LATER)
    assert explanation.get_identifier() == LATER
    assert not explanation.get_running()
    assert explanation.has_reason(Bgrun.WaitReason.EARLIEST_BEGIN_DATE)
    assert usec(explanation.get_earliest_date()) >= usec(begin) - 1
    assert any(LATER in message or 'begin' in message for message in explanation.get_messages())


# ---- isolation -------------------------------------------------------------

def test_two_connections_cannot_serve_one_app(daemon, schedulers):
    first = schedulers()
    first.register(WORK, Recorder())

    # Another process, another connection, the same app id.
    result = run_child('submit', APP, LATER)
    assert result['backend'] == 'daemon'
    error = result['error']
    assert (error['domain'], error['code']) == ('bgrun-scheduler-error-quark',
                                                int(Code.NOT_PERMITTED))
    assert APP in error['message'] and 'another connection' in error['message']

    # In this process too: one scheduler per app.
    with scheduler_error(Code.NOT_PERMITTED, APP):
        schedulers().register(LATER, Recorder())

    # Once the first one is gone, the app id is free again.
    first.run_dispose()
    assert run_child('submit', APP, LATER)['error'] is None


def test_a_connection_serves_one_app(daemon):
    bus = open_bus()

    def call(method, *args, signature='()'):
        return bus.call_sync(BUS_NAME, '/org/bgrun/Broker1', BUS_NAME, method,
                             GLib.Variant(signature, args), None, Gio.DBusCallFlags.NONE, -1, None)

    def remote_error(method, *args, signature='()'):
        with pytest.raises(GLib.Error) as info:
            call(method, *args, signature=signature)
        return Gio.DBusError.get_remote_error(info.value), info.value.message

    try:
        name, message = remote_error('ListPending')
        assert name == 'org.bgrun.Error.NotPermitted' and 'Attach' in message
        name, message = remote_error('Attach', 'not-an-app-id', signature='(s)')
        assert name == 'org.bgrun.Error.InvalidRequest' and 'not-an-app-id' in message

        call('Attach', APP, signature='(s)')
        call('Attach', APP, signature='(s)')
        name, message = remote_error('Attach', OTHER_APP, signature='(s)')
        assert name == 'org.bgrun.Error.NotPermitted'
        assert APP in message and OTHER_APP in message
    finally:
        bus.close_sync(None)


def test_apps_cannot_see_or_change_each_others_work(daemon, schedulers):
    one, other = schedulers(APP), schedulers(OTHER_APP)
    one.register(LATER, Recorder())
    one.submit(processing(LATER, begin=in_an_hour()))
    one_pending = one.get_pending_requests()
    one_history = one.get_history()
    spin_idle()
    watch_pending, watch_history = ItemsChanged(one_pending), ItemsChanged(one_history)

    other.register(OTHER_WORK, Recorder())
    other.submit(processing(OTHER_WORK, begin=in_an_hour()))
    assert pending_ids(other) == [OTHER_WORK]

    other.cancel(LATER)
    other.cancel_all()
    with scheduler_error(Code.INVALID_REQUEST, LATER):
        other.explain(LATER)

    # A round trip on the first app's connection: anything the daemon had
    # sent it meanwhile has arrived once it returns.
    one.explain(LATER)
    spin_idle()
    assert (watch_pending.count, watch_history.count) == (0, 0)
    assert pending_ids(one) == [LATER]
    assert {identifier for identifier, _e, _m in history(one)} == {LATER}
    assert {identifier for identifier, _e, _m in history(other)} == {OTHER_WORK}


def test_signals_go_to_the_attached_connection_only(daemon, schedulers):
    '''Another connection listening to everything bgrund broadcasts hears
    nothing of an app's work: every signal is addressed to the app.'''
    listener = open_bus()
    heard = []
    listener.signal_subscribe(BUS_NAME, BUS_NAME, None, '/org/bgrun/Broker1', None,
                              Gio.DBusSignalFlags.NONE,
                              lambda *args: heard.append(args[3]))
    try:
        scheduler = schedulers()
        recorder = Recorder(complete=True)
        run_task(scheduler, WORK, recorder)
        spin_until(lambda: running_ids(scheduler) == [], what='the task to end')
        bus_call(listener, 'GetId', None, '(s)')
        spin_idle()
        assert heard == []
    finally:
        listener.close_sync(None)


# ---- durability -----------------------------------------------------------

def test_requests_survive_the_daemon_being_killed(daemon, daemons, schedulers, state_dir):
    scheduler = schedulers()
    scheduler.register(LATER, Recorder())
    scheduler.submit(processing(LATER, begin=in_an_hour()))
    task = run_task(scheduler, WORK, Recorder(complete=False))

    daemon.kill(signal.SIGKILL)
    # The task the daemon was running is over for the app.
    spin_until(lambda: task.props.state == Bgrun.TaskState.EXPIRED,
               what='the running task to end with its daemon')
    assert running_ids(scheduler) == []

    daemons()
    # The scheduler follows the new daemon: it registers again, and its
    # calls work without the app doing anything.
    scheduler.register(APP + '.more', Recorder())
    spin_until(lambda: set(pending_ids(scheduler)) == {LATER, WORK},
               what='the pending list to catch up with the new daemon')

    # The task that was running is recorded as interrupted, queued again.
    assert events(scheduler, WORK)[-1] == Event.EXPIRED
    assert 'Interrupted' in history(scheduler, WORK)[-1][2]

    # And an app starting now sees the same pending requests.
    scheduler.run_dispose()
    assert set(pending_ids(schedulers())) == {LATER, WORK}


def test_an_app_dying_mid_task_leaves_its_request_queued(daemon, schedulers):
    child = run_child('hang', APP, WORK, wait=False)
    try:
        assert child.stdout.readline().strip() == 'running'
    finally:
        child.kill()
        child.wait()

    scheduler = schedulers()
    assert pending_ids(scheduler) == [WORK]
    assert events(scheduler, WORK) == [Event.SUBMITTED, Event.STARTED, Event.EXPIRED]
    assert 'Interrupted' in history(scheduler, WORK)[-1][2]


# ---- the daemon process ---------------------------------------------------

def test_daemon_refuses_a_taken_name_and_replaces_on_request(daemon, daemons, tmp_path):
    second = daemons(directory=str(tmp_path / 'second'), wait=False)
    assert second.wait_exit() == 1
    lines = second.error_output().strip().splitlines()
    assert len(lines) == 1 and BUS_NAME in lines[0] and '--replace' in lines[0], lines

    third = daemons('--replace', '--idle-timeout', '0', directory=str(tmp_path / 'third'),
                    wait=False)
    wait_for_owner(daemon.bus, lambda owner: owner not in (None, daemon.unique_name),
                   'the replacing daemon to own the name')
    assert daemon.wait_exit() == 0
    assert third.running


def test_daemon_version(daemons):
    import subprocess
    from daemon_helpers import BGRUND
    output = subprocess.run([BGRUND, '--version'], capture_output=True, text=True, check=True)
    assert output.stdout.strip() == 'bgrund ' + os.environ['BGRUN_EXPECTED_VERSION']


def test_daemon_raises_its_soft_limit_of_open_files(state_dir):
    '''Started as systemd starts a user service, with a soft limit of
    1,024 open files, bgrund raises it to the hard limit: each transfer
    it hosts holds a socket and a file, and at 1,024 GLib aborted at
    about 500 transfers at once (bench/daemon-transfers).'''
    import resource
    import subprocess
    from daemon_helpers import BGRUND
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard <= 1024:
        pytest.skip(f'the hard limit of open files is {hard}: nothing to raise')

    def as_systemd_starts_it():
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))

    process = subprocess.Popen([BGRUND, '--idle-timeout', '0'], preexec_fn=as_systemd_starts_it,
                               env=dict(os.environ, BGRUN_STATE_DIR=state_dir),
                               stderr=subprocess.DEVNULL)
    try:
        bus = open_bus()
        wait_for_owner(bus, lambda owner: owner is not None or process.poll() is not None,
                       'bgrund to own ' + BUS_NAME)
        assert process.poll() is None
        assert resource.prlimit(process.pid, resource.RLIMIT_NOFILE) == (hard, hard)
        bus.close_sync(None)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_activated_when_needed_and_exits_when_idle(tmp_path, monkeypatch, state_dir):
    '''bgrund is started by the bus for the first app (from the service
    file in data/), stays while an app is attached, exits when idle, and
    is started again, with its requests, for the next app.'''
    bus = PrivateBus(str(tmp_path / 'bus'), exec_args=['--idle-timeout', '1'],
                     env={'BGRUN_STATE_DIR': state_dir})
    monkeypatch.setenv('DBUS_SESSION_BUS_ADDRESS', bus.address)
    made = []
    try:
        assert name_owner(bus.bus) is None and activatable(bus.bus)
        made.append(Bgrun.Scheduler.new(APP))
        assert made[-1].props.backend == DAEMON
        first = name_owner(bus.bus)
        assert first is not None
        made[-1].register(LATER, Recorder())
        made[-1].submit(processing(LATER, begin=in_an_hour()))

        # Twice the idle timeout: an attached app keeps it.
        time.sleep(2)
        assert name_owner(bus.bus) == first

        made[-1].run_dispose()
        wait_for_owner(bus.bus, lambda owner: owner is None, 'bgrund to exit when idle')

        made.append(Bgrun.Scheduler.new(APP))
        assert made[-1].props.backend == DAEMON
        assert pending_ids(made[-1]) == [LATER]
        assert name_owner(bus.bus) not in (None, first)
    finally:
        for scheduler in made:
            scheduler.run_dispose()
        spin_idle()
        bus.close()
