# Bgrun.Conditions:device-idle from logind (dbusmock's logind template on
# the private system bus), and a scheduler that waits for it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os

import dbus
import pytest

from conftest import Bgrun, NotifyCounter, spin_for, spin_idle, spin_until
from daemon_helpers import Daemon
from gi.repository import GObject

MANAGER = 'org.freedesktop.login1.Manager'
SESSION_IFACE = 'org.freedesktop.login1.Session'
USER_IFACE = 'org.freedesktop.login1.User'
SESSION = '/org/freedesktop/login1/session/c1'
USER = f'/org/freedesktop/login1/user/{os.getuid()}'
APP = 'org.example.Idle'
WORK = APP + '.index'


def add_session(logind, find_by_pid=True):
    '''A session c1 of this user; with @find_by_pid, GetSessionByPID finds
    it for any process, as logind does for a process in that session.'''
    logind.mock_call('AddSession', 'c1', 'seat0', dbus.UInt32(os.getuid()), 'tester', True)
    if find_by_pid:
        logind.mock_call('AddMethod', MANAGER, 'GetSessionByPID', 'u', 'o', f'ret = "{SESSION}"')


def set_idle(logind, path, interface, idle):
    logind.set_property(path, interface, 'IdleHint', dbus.Boolean(idle))


def wait_for_idle(conditions, idle):
    spin_until(lambda: conditions.props.device_idle == idle,
               what=lambda: f'device-idle {idle}; have {conditions.props.device_idle}')


def submit_idle_work(scheduler):
    '''Registers WORK (completing at once) and submits it, requiring an idle
    device; returns the list of the identifiers started.'''
    started = []

    def handler(_scheduler, task):
        started.append(task.props.identifier)
        task.set_task_completed(True)

    scheduler.register(WORK, handler)
    request = Bgrun.ProcessingRequest.new(WORK)
    request.props.requires_device_idle = True
    scheduler.submit(request)
    return started


@pytest.fixture
def logind(spawn_mock):
    return spawn_mock('logind')


def test_follows_the_idle_hint_of_the_process_session(logind):
    add_session(logind)
    conditions = Bgrun.Conditions.new(Bgrun.TestClock.new(None))
    logind.barrier()
    spin_idle()
    assert conditions.props.device_idle is False
    notes = NotifyCounter(conditions, 'device-idle', 'storage-low')

    set_idle(logind, SESSION, SESSION_IFACE, True)
    wait_for_idle(conditions, True)
    assert conditions.get_device_idle() is True
    set_idle(logind, SESSION, SESSION_IFACE, True)      # said again: no change
    set_idle(logind, SESSION, SESSION_IFACE, False)
    wait_for_idle(conditions, False)
    logind.barrier()
    assert notes.seen == {'device-idle': [True, False], 'storage-low': []}
    assert 'GetSessionByPID' in logind.log()


def test_an_idle_session_at_start_is_read(logind):
    add_session(logind)
    set_idle(logind, SESSION, SESSION_IFACE, True)
    conditions = Bgrun.Conditions.new(None)
    wait_for_idle(conditions, True)


def test_outside_any_session_the_user_idle_hint_counts(logind):
    '''bgrund runs as a user service, in no session: GetSessionByPID fails
    and the user's IdleHint (idle when all the user's sessions are) is
    followed instead.'''
    add_session(logind, find_by_pid=False)
    # The template's own GetUser adds a number to a string: it always fails.
    logind.mock_call('AddMethod', MANAGER, 'GetUser', 'u', 'o',
                     'ret = "/org/freedesktop/login1/user/%d" % args[0]')
    conditions = Bgrun.Conditions.new(None)
    set_idle(logind, SESSION, SESSION_IFACE, True)      # not the one it follows
    set_idle(logind, USER, USER_IFACE, True)
    wait_for_idle(conditions, True)
    set_idle(logind, USER, USER_IFACE, False)
    wait_for_idle(conditions, False)
    log = logind.log()
    assert 'GetUser' in log, log


def test_logind_going_away_means_not_idle(logind):
    add_session(logind)
    set_idle(logind, SESSION, SESSION_IFACE, True)
    conditions = Bgrun.Conditions.new(None)
    wait_for_idle(conditions, True)
    logind.stop()
    wait_for_idle(conditions, False)


def test_without_logind_the_session_is_never_idle():
    conditions = Bgrun.Conditions.new(None)
    notes = NotifyCounter(conditions, 'device-idle')
    spin_for(0.3)
    assert conditions.props.device_idle is False
    assert notes.count('device-idle') == 0


def test_a_task_that_needs_an_idle_device_starts_when_the_session_turns_idle(logind, tmp_path):
    add_session(logind)
    clock = Bgrun.TestClock.new(None)
    conditions = Bgrun.Conditions.new(clock)
    scheduler = GObject.new(Bgrun.Scheduler, app_id=APP, state_directory=str(tmp_path),
                            clock=clock, conditions=conditions)
    started = submit_idle_work(scheduler)
    spin_for(0.3)
    logind.barrier()
    assert started == []
    explanation = scheduler.explain(WORK)
    assert list(explanation.get_reasons()) == [Bgrun.WaitReason.DEVICE_NOT_IDLE]

    set_idle(logind, SESSION, SESSION_IFACE, True)
    spin_until(lambda: started == [WORK], what='the task to start once the session is idle')
    scheduler.run_dispose()


def test_bgrund_in_no_session_follows_the_user_and_starts_the_task(logind, tmp_path,
                                                                    monkeypatch):
    '''bgrund, as a systemd user service, is in no session: the user's
    IdleHint decides, and the task runs in the app once it turns true.'''
    add_session(logind, find_by_pid=False)
    logind.mock_call('AddMethod', MANAGER, 'GetUser', 'u', 'o',
                     'ret = "/org/freedesktop/login1/user/%d" % args[0]')
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    daemon = Daemon(str(tmp_path / 'state'), '--idle-timeout', '0')
    try:
        daemon.wait_owned()
        scheduler = Bgrun.Scheduler.new(APP)
        started = submit_idle_work(scheduler)
        spin_until(lambda: 'GetUser' in logind.log(), what='bgrund to ask logind for the user')
        spin_for(0.3)
        assert started == []
        assert list(scheduler.explain(WORK).get_reasons()) == [Bgrun.WaitReason.DEVICE_NOT_IDLE]

        set_idle(logind, USER, USER_IFACE, True)
        spin_until(lambda: started == [WORK], what='the task to start once the user is idle')
        scheduler.run_dispose()
    finally:
        daemon.stop()
    assert daemon.process.returncode == 0, daemon.error_output()
