# bgrund launches apps for their due work, and comes back for it: a real
# dbus-daemon of the test's own, the real bgrund started on it by D-Bus
# activation, and a real application (launched_app.py, a Gio.Application)
# made D-Bus activatable there. What a user would notice: the app's
# handler runs while the app was closed, without a window (no `activate`),
# and the app exits afterwards; an app that cannot be started, or does not
# register, says so in its history and keeps its request; bgrund arranges
# to be started again before it exits with work pending.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys

import pytest

from conftest import Bgrun, Gio, GLib, dbusmock, spin_until, usec
from daemon_helpers import PrivateBus, wait_for_owner
from sched_helpers import Event, Recorder, events, pending_ids, processing

HERE = os.path.dirname(os.path.abspath(__file__))
APP_ID = 'org.example.Launched'
REFRESH = APP_ID + '.refresh'
# Starting Python and the app, the 2 s delay, and a bus-started
# GApplication's own few seconds: generous, for a loaded machine.
LAUNCH_TIMEOUT = 60


@pytest.fixture(autouse=True)
def no_forced_backend(monkeypatch):
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)


@pytest.fixture(scope='module', autouse=True)
def shared_session_bus():
    '''GIO's shared session bus connection, made on the bus tests/isolate
    gives this process before any test points DBUS_SESSION_BUS_ADDRESS at
    a bus of its own: made on a test's bus instead, it would end the
    process (SIGTERM) when that bus goes away with its test.'''
    yield Gio.bus_get_sync(Gio.BusType.SESSION, None)


@pytest.fixture
def outdir(tmp_path):
    path = tmp_path / 'app'
    path.mkdir()
    return str(path)


def make_activatable(bus_dir, outdir, mode='serve', script='launched_app.py', env=None):
    '''The two files that make the app (@script, started with @mode and
    the variables of @env) D-Bus activatable: its desktop file with
    DBusActivatable=true (under a data dir of XDG_DATA_DIRS), and its
    session service file, in the service directory of the test's bus.'''
    variables = [f'{name}={value}' for name, value in (env or {}).items()]
    command = ' '.join(['/usr/bin/env'] + variables + [sys.executable, f'{HERE}/{script}', mode, outdir])
    applications = os.path.join(bus_dir, 'data', 'applications')
    os.makedirs(applications)
    with open(os.path.join(applications, APP_ID + '.desktop'), 'w') as desktop:
        desktop.write('[Desktop Entry]\nType=Application\nName=Launched\n'
                      f'Exec={command}\n'
                      'DBusActivatable=true\n')
    with open(os.path.join(bus_dir, 'services', APP_ID + '.service'), 'w') as service:
        service.write('[D-BUS Service]\n'
                      f'Name={APP_ID}\n'
                      f'Exec={command} --gapplication-service\n')


@pytest.fixture
def launch_bus(tmp_path, monkeypatch):
    '''A bus of the test's own on which bgrund is activatable; the
    scheduler in this process and the app's processes use it.'''
    made = []

    def start(launch_timeout=None, idle_timeout=0, test_mode=False):
        bus_dir = str(tmp_path / 'bus')
        env = {'BGRUN_STATE_DIR': str(tmp_path / 'state'),
               'XDG_DATA_DIRS': os.path.join(bus_dir, 'data') + ':/usr/share'}
        if launch_timeout is not None:
            env['BGRUN_TEST_LAUNCH_TIMEOUT'] = str(launch_timeout)
        exec_args = ['--idle-timeout', str(idle_timeout)] + (['--test-mode'] if test_mode else [])
        bus = PrivateBus(bus_dir, exec_args=exec_args, env=env)
        made.append(bus)
        monkeypatch.setenv('DBUS_SESSION_BUS_ADDRESS', bus.address)
        return bus

    yield start
    for bus in made:
        stop_daemon(bus)
        bus.close()


def stop_owner(bus, name):
    '''Ends the process that owns @name on the test's bus, if one does, and
    returns once the name is free.'''
    try:
        (pid,) = bus.bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                   'org.freedesktop.DBus', 'GetConnectionUnixProcessID',
                                   GLib.Variant('(s)', (name,)),
                                   GLib.VariantType.new('(u)'),
                                   Gio.DBusCallFlags.NO_AUTO_START, -1, None).unpack()
    except GLib.Error:
        return
    os.kill(pid, 15)
    spin_until(lambda: not name_has_owner(bus, name), what=f'{name} to leave the bus')


def name_has_owner(bus, name):
    (owned,) = bus.bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                                 'org.freedesktop.DBus', 'NameHasOwner', GLib.Variant('(s)', (name,)),
                                 GLib.VariantType.new('(b)'), Gio.DBusCallFlags.NONE,
                                 -1, None).unpack()
    return owned


def stop_daemon(bus):
    '''Ends the bgrund the bus started (it never exits by itself here).'''
    stop_owner(bus, 'org.bgrun.Broker1')


def run_app(mode, outdir, env=None):
    '''Runs the app by hand, as a user would, until it exits.'''
    child = subprocess.run([sys.executable, os.path.join(HERE, 'launched_app.py'), mode, outdir],
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, **(env or {})))
    assert child.returncode == 0, child.stderr


def lines(outdir, name):
    try:
        with open(os.path.join(outdir, name)) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def wait_for_lines(outdir, name, count, what):
    spin_until(lambda: len(lines(outdir, name)) >= count, timeout=LAUNCH_TIMEOUT,
               what=what, retry_every=0.1)


def admin_history(bus):
    '''The app's history through bgrund's administrative interface, which
    does not attach as the app (an attached app is never launched).'''
    (entries,) = bus.bus.call_sync('org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Admin1',
                                   'History', GLib.Variant('(su)', (APP_ID, 0)),
                                   GLib.VariantType.new('(aa{sv})'), Gio.DBusCallFlags.NONE,
                                   -1, None).unpack()
    return [(e['identifier'], e['event'], e['message']) for e in entries]


def wait_for_event(bus, event):
    spin_until(lambda: any(e == event for _i, e, _m in admin_history(bus)),
               timeout=LAUNCH_TIMEOUT, what=lambda: f'a “{event}” entry in {admin_history(bus)}',
               retry_every=0.2)
    return [(i, m) for i, e, m in admin_history(bus) if e == event]


def scheduler_for_app():
    scheduler = Bgrun.Scheduler.new(APP_ID)
    assert scheduler.props.backend == Bgrun.Backend.DAEMON
    return scheduler


# ---- launching ---------------------------------------------------------------

def test_a_due_refresh_launches_the_closed_app_without_a_window(launch_bus, outdir, tmp_path):
    '''Also: bgrund, idle once the app has gone, stays for work due within
    its idle timeout (2 s) rather than exit.'''
    launch_bus(idle_timeout=2)
    make_activatable(str(tmp_path / 'bus'), outdir)

    # The app runs by hand, schedules its refresh 3 s ahead, and exits.
    run_app('submit', outdir, env={'LAUNCHED_APP_DELAY': '3'})
    assert lines(outdir, 'started') == ['daemon']
    assert lines(outdir, 'exited') == ['0']

    # bgrund starts it again for the refresh; the handler runs in it.
    wait_for_lines(outdir, 'ran', 1, 'the launched app to run its refresh')
    assert lines(outdir, 'ran') == [REFRESH]
    assert lines(outdir, 'started') == ['daemon', 'daemon']

    # It exits by itself after the task, never having shown a window.
    wait_for_lines(outdir, 'exited', 2, 'the launched app to exit after its task')
    assert lines(outdir, 'exited') == ['0', '0']
    assert lines(outdir, 'activated') == []

    scheduler = scheduler_for_app()
    try:
        assert events(scheduler, REFRESH) == [Event.SUBMITTED, Event.STARTED, Event.COMPLETED]
        assert pending_ids(scheduler) == []
    finally:
        scheduler.run_dispose()


def test_an_app_that_cannot_be_activated_is_told_how_to_fix_it(launch_bus, outdir):
    bus = launch_bus()

    run_app('submit', outdir)
    rejected = wait_for_event(bus, 'rejected')

    assert [identifier for identifier, _m in rejected] == [REFRESH]
    message = rejected[0][1]
    assert 'no D-Bus service file' in message and APP_ID in message
    assert 'DBusActivatable=true' in message and APP_ID + '.service' in message
    assert 'stays pending' in message

    # Nothing was started; the request waits for the app's next start, and
    # runs then.
    assert len(lines(outdir, 'started')) == 1
    scheduler = scheduler_for_app()
    try:
        assert pending_ids(scheduler) == [REFRESH]
        recorder = Recorder(complete=True)
        scheduler.register(REFRESH, recorder)
        spin_until(lambda: len(recorder) > 0, what='the refresh to run at the next start')
        assert events(scheduler, REFRESH)[:3] == [Event.SUBMITTED, Event.REJECTED, Event.STARTED]
    finally:
        scheduler.run_dispose()


def test_an_app_that_does_not_register_in_time_fails_the_task(launch_bus, outdir, tmp_path):
    bus = launch_bus(launch_timeout=2)
    make_activatable(str(tmp_path / 'bus'), outdir, mode='no-handler')

    run_app('submit', outdir)
    failed = wait_for_event(bus, 'failed')

    assert [identifier for identifier, _m in failed] == [REFRESH]
    message = failed[0][1]
    assert APP_ID in message and 'within 2 s' in message
    assert 'Register every task identifier' in message and 'stays pending' in message
    # It was started, and the launch holds it (nothing else does) for
    # BGRUN_LAUNCH_REGISTRATION_TIMEOUT (30 s; the daemon here gave up after
    # 2 s); then it lets go, and the app exits.
    assert lines(outdir, 'started') == ['daemon', 'daemon']
    assert lines(outdir, 'exited') == ['0']
    wait_for_lines(outdir, 'exited', 2, 'the app that did not register to exit')
    assert lines(outdir, 'activated') == []

    scheduler = scheduler_for_app()
    try:
        assert pending_ids(scheduler) == [REFRESH]
    finally:
        scheduler.run_dispose()


def drive_clock(bus, method, when=None):
    '''Calls org.bgrun.Testing1 on a bgrund --test-mode: its clock's now
    and next alarm after @method (µs).'''
    args = GLib.Variant('(x)', (when,)) if when is not None else None
    (now, next_alarm, _n) = bus.bus.call_sync(
        'org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Testing1', method, args,
        GLib.VariantType.new('(xxu)'), Gio.DBusCallFlags.NO_AUTO_START, -1, None).unpack()
    return now, next_alarm


def test_in_test_mode_the_registration_timeout_is_test_time(launch_bus, outdir, tmp_path):
    '''bgrund --test-mode times a launched app's registration on its test
    clock, as everything else: an app that never registers fails when the
    test's clock passes BGRUN_LAUNCH_REGISTRATION_TIMEOUT, not 30 real
    seconds later.'''
    bus = launch_bus(test_mode=True)
    make_activatable(str(tmp_path / 'bus'), outdir, mode='no-handler')
    run_app('submit', outdir)                 # a refresh due in 2 s
    _now, due = drive_clock(bus, 'Settle')
    drive_clock(bus, 'StepTo', due)          # due: bgrund starts the app
    wait_for_lines(outdir, 'started', 2, 'bgrund to start the app')

    second = 1_000_000
    drive_clock(bus, 'StepTo', due + (Bgrun.LAUNCH_REGISTRATION_TIMEOUT - 1) * second)
    assert [e for _i, e, _m in admin_history(bus)] == ['submitted'], admin_history(bus)
    drive_clock(bus, 'StepTo', due + Bgrun.LAUNCH_REGISTRATION_TIMEOUT * second)
    failed = [(i, m) for i, e, m in admin_history(bus) if e == 'failed']
    assert [identifier for identifier, _m in failed] == [REFRESH]
    assert f'within {Bgrun.LAUNCH_REGISTRATION_TIMEOUT} s' in failed[0][1]


def test_a_launched_app_crashing_mid_task_leaves_the_request_queued(launch_bus, outdir,
                                                                    tmp_path):
    bus = launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir, mode='crash')

    run_app('submit', outdir)
    expired = wait_for_event(bus, 'expired')

    assert [identifier for identifier, _m in expired] == [REFRESH]
    assert 'Interrupted' in expired[0][1]
    assert lines(outdir, 'ran') == [REFRESH]
    scheduler = scheduler_for_app()
    try:
        assert events(scheduler, REFRESH) == [Event.SUBMITTED, Event.STARTED, Event.EXPIRED]
        assert pending_ids(scheduler) == [REFRESH]
    finally:
        scheduler.run_dispose()


# ---- coming back for work --------------------------------------------------

@pytest.fixture
def systemd(launch_bus):
    '''python-dbusmock's systemd manager on the test's bus, standing in for
    the systemd user manager.'''
    bus = launch_bus(idle_timeout=1)
    process, manager = dbusmock.DBusTestCase.spawn_server_template(
        'systemd', {}, stdout=subprocess.DEVNULL, system_bus=False)
    yield bus, manager
    process.terminate()
    process.wait()


def wait_for_exit(bus):
    wait_for_owner(bus.bus, lambda owner: owner is None, 'bgrund to exit when idle')


def calls(manager, method):
    return [args for _time, args in manager.GetMethodCalls(method, dbus_interface=dbusmock.MOCK_IFACE)]


def submit_and_leave(*requests):
    scheduler = scheduler_for_app()
    scheduler.register(REFRESH, Recorder())
    for request in requests:
        scheduler.submit(request)
    scheduler.run_dispose()


def test_bgrund_leaves_a_timer_for_the_next_due_work(systemd):
    bus, manager = systemd
    begin = GLib.DateTime.new_now_utc().add_hours(1)
    submit_and_leave(processing(REFRESH, begin=begin))

    wait_for_exit(bus)

    # At startup it stopped the timer an earlier bgrund may have left.
    assert calls(manager, 'StopUnit') == [['bgrund.timer', 'replace']]
    # Before exiting: bgrund.timer, which starts bgrund.service, at the
    # request's earliest begin date (to the second, rounded up).
    (started,) = calls(manager, 'StartTransientUnit')
    name, mode, properties, aux = started
    assert (name, mode, list(aux)) == ('bgrund.timer', 'replace', [])
    properties = dict(properties)
    seconds = (usec(begin) + 999999) // 1000000
    expected = GLib.DateTime.new_from_unix_utc(seconds).format('%Y-%m-%d %H:%M:%S UTC')
    assert [tuple(timer) for timer in properties['TimersCalendar']] == [('OnCalendar', expected)]
    assert bool(properties['RemainAfterElapse']) is False
    assert properties['AccuracyUSec'] == 1000000


def test_bgrund_leaves_no_timer_without_pending_work(systemd):
    bus, manager = systemd
    submit_and_leave()

    wait_for_exit(bus)

    assert calls(manager, 'StartTransientUnit') == []
