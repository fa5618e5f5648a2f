# bgrunctl sessions and bgrunctl stop: the sessions apps keep running, as
# an app with its engine embedded shows its own (on its Admin1), and as
# bgrund knows them from what the apps it serves report.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 21, point 2 (bgrunctl).

import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile

import pytest

from conftest import Bgrun, Gio, GLib, spin_idle
from daemon_helpers import Daemon
from test_bgrunctl import ctl, ctl_spinning, no_daemon_anywhere

from gi.repository import GObject  # noqa: E402

APP = 'org.example.CtlSessions'
CHILD = str(pathlib.Path(__file__).with_name('ongoing_app_child.py'))
CHILD_APP = 'org.example.OngoingChild'


@pytest.fixture
def embedded_app(monkeypatch):
    '''This process as an app with its engine embedded, frontmost.'''
    no_daemon_anywhere()
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    application = Gio.Application(application_id=APP)
    application.register(None)
    scheduler = GObject.new(Bgrun.Scheduler, application=application, frontmost=True,
                            state_directory=tempfile.mkdtemp())
    yield scheduler
    scheduler.run_dispose()
    spin_idle()


def ongoing(scheduler, title, **props):
    session = Bgrun.OngoingSession.new(scheduler, title)
    for name, value in props.items():
        session.set_property(name, value)
    session.ended_with = []
    session.connect('ended', lambda s, reason: s.ended_with.append(reason))
    session.start()
    return session


def test_sessions_and_stop_with_the_engine_embedded(embedded_app):
    monitor = ongoing(embedded_app, 'Network monitor', status='3 packets', prevents_sleep=True)
    mindful = Bgrun.ExtendedRuntimeSession.new(embedded_app,
                                               Bgrun.ExtendedRuntimeType.MINDFULNESS)
    mindful.start()
    sync = ongoing(embedded_app, 'Sync')
    try:
        result = ctl_spinning('sessions', '--app', APP, '--json')
        assert result.returncode == 0, result.stderr
        listed = json.loads(result.stdout)
        assert [(s['app-id'], s['kind'], s['title']) for s in listed] == [
            (APP, 'extended-runtime', 'Mindfulness session'),
            (APP, 'ongoing', 'Network monitor'),
            (APP, 'ongoing', 'Sync')]
        assert listed[1]['status'] == '3 packets' and listed[1]['prevents-sleep'] is True
        assert 'status' not in listed[2] and listed[2]['prevents-sleep'] is False
        assert 'expiration-date' in listed[0]

        result = ctl_spinning('sessions', '--app', APP)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0].split()[:4] == ['APP', 'KIND', 'TITLE', 'STATUS']
        assert 'Network monitor' in lines[2] and '3 packets' in lines[2]

        # Several sessions run: which one must be said.
        result = ctl_spinning('stop', APP)
        assert result.returncode != 0
        assert 'runs 3 sessions' in result.stderr and '“Sync”' in result.stderr
        result = ctl_spinning('stop', APP, 'Radar')
        assert result.returncode != 0
        assert 'no session called “Radar”' in result.stderr and '“Network monitor”' in result.stderr

        # As the user's Stop: the app hears USER_STOPPED.
        result = ctl_spinning('stop', APP, 'Network monitor')
        assert result.returncode == 0, result.stderr
        assert 'Stopped “Network monitor”' in result.stdout
        assert monitor.ended_with == [Bgrun.OngoingEndReason.USER_STOPPED]
        assert sync.props.state == Bgrun.OngoingState.RUNNING

        result = ctl_spinning('stop', APP, 'Mindfulness session')
        assert result.returncode == 0, result.stderr
        assert mindful.props.state == Bgrun.ExtendedRuntimeState.INVALID

        # The only session left needs no title.
        result = ctl_spinning('stop', APP)
        assert result.returncode == 0, result.stderr
        assert sync.ended_with == [Bgrun.OngoingEndReason.USER_STOPPED]

        result = ctl_spinning('sessions', '--app', APP)
        assert result.returncode == 0 and 'No running sessions.' in result.stdout
        result = ctl_spinning('stop', APP)
        assert result.returncode != 0 and 'nothing to stop' in result.stderr
    finally:
        for session in (monitor, sync):
            session.stop()
        mindful.invalidate()


@pytest.mark.parametrize('args, message', [
    (('stop',), 'takes APP [TITLE]'),
    (('stop', 'org.example.A', 'Title', 'extra'), 'takes APP [TITLE]'),
    (('stop', 'not an app id'), 'APP must be an application id'),
    (('sessions', 'extra'), 'takes no arguments'),
])
def test_usage_errors(args, message):
    result = ctl(*args)
    assert result.returncode == 2 and message in result.stderr


def test_bgrund_knows_extended_runtime_sessions_too():
    daemon = Daemon(tempfile.mkdtemp())
    daemon.wait_owned()
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    child = subprocess.Popen([sys.executable, CHILD, 'both', '-'], stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline().split()[2] == 'daemon'
        result = ctl('sessions', '--app', CHILD_APP, '--json')
        assert result.returncode == 0, result.stderr
        assert [(s['kind'], s['title']) for s in json.loads(result.stdout)] == [
            ('extended-runtime', 'Physical therapy session'), ('ongoing', 'Network monitor')]

        result = ctl('stop', CHILD_APP, 'Physical therapy session')
        assert result.returncode == 0, result.stderr
        assert child.stdout.readline().split() == ['invalidated', 'none']
        result = ctl('sessions', '--app', CHILD_APP, '--json')
        assert [s['kind'] for s in json.loads(result.stdout)] == ['ongoing']
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        daemon.stop()


def test_bgrund_lists_what_its_apps_report_and_passes_stop_on():
    daemon = Daemon(tempfile.mkdtemp())
    daemon.wait_owned()
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    child = subprocess.Popen([sys.executable, CHILD, 'crash', '-'], stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline().split()[2] == 'daemon'

        result = ctl('sessions', '--json')
        assert result.returncode == 0, result.stderr
        listed = json.loads(result.stdout)
        assert [(s['app-id'], s['kind'], s['title']) for s in listed] == [
            (CHILD_APP, 'ongoing', 'Network monitor')]

        result = ctl('sessions', '--app', 'org.example.Nobody', '--json')
        assert result.returncode == 0 and json.loads(result.stdout) == []

        result = ctl('stop', CHILD_APP, 'Radar')
        assert result.returncode == 1
        assert 'no session called “Radar”' in result.stderr and '“Network monitor”' in result.stderr
        result = ctl('stop', 'org.example.Nobody')
        assert result.returncode == 1 and 'nothing to stop' in result.stderr

        # bgrund passes the user's Stop on to the app, which ends the
        # session as the Stop button would; nothing holds it any more.
        result = ctl('stop', CHILD_APP)
        assert result.returncode == 0, result.stderr
        assert child.stdout.readline().split() == ['ended', 'user-stopped']
        assert child.stdout.readline().split() == ['returned']
        assert child.wait(timeout=10) == 0
        result = ctl('sessions', '--json')
        assert result.returncode == 0 and json.loads(result.stdout) == []
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        daemon.stop()
