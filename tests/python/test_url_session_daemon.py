# Background URL sessions in the daemon placement: the transfers run in
# bgrund (org.bgrun.Transfers1) and the app's session and tasks mirror
# them. Progress, completion, events kept for an app that was killed and
# delivered exactly once to the next session, resume data, uploads and
# errors, all across D-Bus against loopback servers.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gc
import os
import signal
import subprocess
import sys

from url_helpers import (  # noqa: F401 (fixtures)
    APP, Bgrun, Code, GLib, Outcome, State, assert_error, body, cancel_with_resume_data,
    received_values, server, sha256_of, wait_received, wait_state)
from url_upload_server import UploadServer
from daemon_helpers import Daemon
from conftest import spin_until

import pytest

IDENTIFIER = APP + '.daemon'
SIZE = 1024 * 1024
CHILD = os.path.join(os.path.dirname(__file__), 'url_session_child.py')


@pytest.fixture
def daemon(tmp_path, monkeypatch):
    '''bgrund on the test's bus, and the app's schedulers using it.'''
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    bgrund = Daemon(str(tmp_path / 'bgrund'))
    bgrund.wait_owned()
    yield bgrund
    bgrund.stop()


@pytest.fixture
def uploads():
    upload_server = UploadServer()
    yield upload_server
    upload_server.stop()


def new_session(identifier=IDENTIFIER):
    '''A background session of a new scheduler for APP, as the app
    starting (again) makes one, with an Outcome of its deliveries and the
    list of what was delivered before each events-finished.'''
    scheduler = Bgrun.Scheduler(app_id=APP)
    assert scheduler.props.backend == Bgrun.Backend.DAEMON
    config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    session = Bgrun.UrlSession.new(scheduler, config)
    session.app_scheduler = scheduler
    outcome = Outcome(session)
    finished = []
    session.connect('events-finished', lambda s: finished.append(list(outcome.order)))
    return session, outcome, finished


@pytest.fixture
def daemon_session():
    '''new_session(), whose sessions go away with the test (one session per
    identifier may exist in a process).'''
    sessions = []

    def make(identifier=IDENTIFIER):
        made = new_session(identifier)
        sessions.append(made[0])
        return made
    yield make
    for session in sessions:
        drop(session)


def drop(session):
    '''The app's session and scheduler go away, as when the app quits:
    bgrund serves an app one process at a time, and a scheduler holds the
    app until it is gone.'''
    session.run_dispose()
    session.app_scheduler.run_dispose()
    gc.collect()


def transfers_of(daemon):
    return os.path.join(daemon.state_dir, APP, 'transfers')


def test_a_download_runs_in_bgrund_and_reports_progress(daemon_session, daemon, server):
    server.content = body(2 * SIZE, seed=11)
    server.rate = 1024 * 1024
    session, outcome, finished = daemon_session()
    spin_until(lambda: finished, what='events-finished')
    assert finished == [[]], 'nothing to deliver yet'

    task = session.download(server.uri())
    assert task.props.state == State.SUSPENDED
    assert task.props.uri == server.uri()
    assert list(session.get_tasks()) == [task]
    values = received_values(task)
    locations = []
    session.connect('download-finished', lambda s, t, location: locations.append(location.get_path()))
    task.resume()
    assert outcome.wait(task) is None

    assert outcome.content(task) == server.content
    assert outcome.order == [('download-finished', task.props.task_identifier),
                             ('task-completed', task.props.task_identifier)]
    assert any(0 < value < len(server.content) for value in values), \
        f'progress crossed D-Bus on the way: {values}'
    assert values == sorted(values)
    assert task.props.bytes_received == len(server.content)
    assert task.props.fraction == 1.0
    assert task.props.status_code == 200
    assert list(session.get_tasks()) == []
    assert locations[0].startswith(transfers_of(daemon)), 'bgrund received the body'
    spin_until(lambda: not os.path.exists(locations[0]),
               what='bgrund to remove the file once the event was acknowledged')


def test_a_checksum_that_cannot_be_verified_fails_a_hosted_download_unsent(
        daemon_session, daemon, server):
    server.content = body(SIZE, seed=13)
    session, outcome, _ = daemon_session()
    task = session.download(server.uri())
    task.props.expected_checksum = 'sha256:abc'
    assert task.props.expected_checksum == 'sha256:abc'
    task.resume()
    assert_error(outcome.wait(task), Code.INVALID_VALUE, 'sha256:abc', server.uri())
    assert server.requests == [], 'bgrund did not download it unverified'
    drop(session)

    # bgrund dropped its copy of the task; nothing more comes of it.
    again, outcome, finished = daemon_session()
    spin_until(lambda: finished, what='events-finished')
    assert list(again.get_tasks()) == []
    assert task.props.task_identifier not in outcome.errors, 'the failure came once'


def test_settings_and_suspend_reach_bgrund(daemon_session, daemon, server):
    server.content = body(2 * SIZE, seed=12)
    server.rate = 256 * 1024
    session, outcome, _ = daemon_session()
    task = session.download(server.uri())
    task.props.description = 'Episode 12'
    task.props.priority = 0.75
    task.props.expected_checksum = sha256_of(server.content)
    drop(session)

    again, outcome, _ = daemon_session()
    (mirror,) = list(again.get_tasks())
    assert mirror.props.task_identifier == task.props.task_identifier
    assert mirror.props.description == 'Episode 12'
    assert mirror.props.priority == 0.75
    assert mirror.props.expected_checksum == sha256_of(server.content)
    assert mirror.props.state == State.SUSPENDED
    mirror.resume()
    wait_received(mirror, 64 * 1024)
    mirror.suspend()
    wait_state(mirror, State.SUSPENDED)
    kept = mirror.props.bytes_received
    server.rate = None
    mirror.resume()
    assert outcome.wait(mirror) is None
    assert outcome.content(mirror) == server.content
    requested = server.requests[-1][2]['Range']
    assert requested.startswith('bytes=') and int(requested[6:-1]) >= kept > 0, \
        f'bgrund continued where it was ({requested}, the mirror showed {kept})'


def test_a_download_started_embedded_continues_in_bgrund(daemon_session, daemon, server):
    '''Issue 16, point 3: both placements keep an app's background
    transfers in <state>/<app id>/, so its work needs no move: a download
    the app started with its engine embedded, and was killed in, is taken
    up by bgrund when the app, now attached to it, makes the session again,
    and goes on from the bytes on disk.'''
    server.content = body(2 * SIZE, seed=21)
    server.rate = 512 * 1024
    child = subprocess.run(
        [sys.executable, CHILD, daemon.state_dir, APP, IDENTIFIER, server.uri(), str(256 * 1024)],
        capture_output=True, text=True, timeout=60, env=dict(os.environ, BGRUN_BACKEND='local'))
    assert child.returncode == -signal.SIGKILL, child.stderr
    task_id = int(child.stdout.split()[0])

    server.rate = None
    session, outcome, finished = daemon_session()
    tasks = list(session.get_tasks())
    assert [task.props.task_identifier for task in tasks] == [task_id]
    assert outcome.wait(tasks[0]) is None
    assert outcome.content(tasks[0]) == server.content
    assert server.requests[-1][2]['Range'].startswith('bytes='), 'resumed, not started over'


def test_a_killed_app_gets_its_completion_once_in_its_next_session(daemon_session, daemon, server):
    server.content = body(2 * SIZE, seed=13)
    server.rate = 512 * 1024
    child = subprocess.run(
        [sys.executable, CHILD, '-', APP, IDENTIFIER, server.uri(), str(256 * 1024)],
        capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    task_id = int(child.stdout.split()[0])

    # The transfer goes on in bgrund with no app at all: it completes, and
    # the downloaded file waits there for the app.
    server.rate = None
    spin_until(lambda: any(not name.endswith('.partial') for name in os.listdir(transfers_of(daemon))),
               what='bgrund to finish the download without the app')

    session, outcome, finished = daemon_session()
    spin_until(lambda: finished, what='events-finished')
    assert finished == [[('download-finished', task_id), ('task-completed', task_id)]], \
        'the completion came once, before events-finished'
    assert outcome.downloads[task_id] == server.content
    assert outcome.errors[task_id] is None
    assert list(session.get_tasks()) == []
    drop(session)

    third, outcome, finished = daemon_session()
    spin_until(lambda: finished, what='events-finished')
    assert finished == [[]], 'an acknowledged event is never delivered again'
    assert list(third.get_tasks()) == []


def test_a_task_running_when_the_app_left_is_mirrored_running(daemon_session, daemon, server):
    server.content = body(2 * SIZE, seed=14)
    server.rate = 256 * 1024
    session, outcome, _ = daemon_session()
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 64 * 1024)
    drop(session)

    again, outcome, finished = daemon_session()
    (mirror,) = list(again.get_tasks())
    assert mirror.props.state == State.RUNNING, 'it went on in bgrund'
    assert mirror.props.bytes_received >= 64 * 1024
    server.rate = None
    assert outcome.wait(mirror) is None
    assert outcome.content(mirror) == server.content
    assert finished == [[]]


def test_cancel_with_resume_data_works_across_dbus(daemon_session, daemon, server):
    server.content = body(2 * SIZE, seed=15)
    server.rate = 512 * 1024
    session, outcome, _ = daemon_session()
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 128 * 1024)
    resume_data = cancel_with_resume_data(task)
    assert resume_data.get_size() > 0
    assert_error(outcome.wait(task), Code.CANCELLED)
    assert task.get_resume_data() is not None, 'the event kept it too'

    server.rate = None
    resumed = session.download_with_resume_data(resume_data)
    assert resumed.props.bytes_received >= 128 * 1024
    resumed.resume()
    assert outcome.wait(resumed) is None
    assert outcome.content(resumed) == server.content
    assert resumed.props.status_code == 206
    assert server.range_requests(), 'bgrund continued with a Range'
    with pytest.raises(GLib.Error) as raised:
        session.download_with_resume_data(resume_data)
    assert_error(raised.value, Code.RESUME_FAILED)


def test_an_upload_runs_in_bgrund(daemon_session, daemon, tmp_path, uploads, monkeypatch):
    content = body(3 * SIZE + 5, seed=17)
    path = tmp_path / 'source.bin'
    path.write_bytes(content)
    session, outcome, _ = daemon_session()
    from gi.repository import Gio
    # A relative path reaches bgrund absolute.
    monkeypatch.chdir(tmp_path)
    task = session.upload(uploads.uri('/plain/up.bin'), Gio.File.new_for_path('source.bin'), 'PUT', False)
    assert task.props.kind == Bgrun.UrlSessionTaskKind.UPLOAD
    assert task.props.bytes_expected_to_send == len(content)
    task.resume()
    assert outcome.wait(task) is None
    assert uploads.content('up.bin') == content
    assert task.props.bytes_sent == len(content)
    assert task.props.status_code == 201


def test_errors_come_back_with_their_code(daemon_session, daemon, tmp_path, server):
    session, _, _ = daemon_session()
    from gi.repository import Gio
    with pytest.raises(GLib.Error) as raised:
        session.download('ftp://127.0.0.1/x')
    assert_error(raised.value, Code.INVALID_URI, 'ftp://127.0.0.1/x')
    with pytest.raises(GLib.Error) as raised:
        session.upload(server.uri(), Gio.File.new_for_path(str(tmp_path / 'missing.bin')), 'PUT', False)
    assert_error(raised.value, Code.FILE, 'missing.bin')
    (tmp_path / 'x.bin').write_bytes(b'x')
    with pytest.raises(GLib.Error) as raised:
        session.upload(server.uri(), Gio.File.new_for_path(str(tmp_path / 'x.bin')), 'GET', False)
    assert_error(raised.value, Code.NOT_ALLOWED, 'GET')
    with pytest.raises(GLib.Error) as raised:
        session.download_with_resume_data(GLib.Bytes.new(b'not resume data'))
    assert_error(raised.value, Code.RESUME_FAILED)
    with pytest.raises(GLib.Error) as raised:
        session.data(server.uri())
    assert_error(raised.value, Code.NOT_ALLOWED, IDENTIFIER)
    assert list(session.get_tasks()) == []


def test_invalidate_and_cancel_cancels_in_bgrund(daemon_session, daemon, server):
    server.content = body(2 * SIZE, seed=18)
    server.rate = 256 * 1024
    session, outcome, _ = daemon_session()
    tasks = [session.download(server.uri()) for _ in range(2)]
    for task in tasks:
        task.resume()
    session.invalidate_and_cancel()
    for task in tasks:
        assert_error(outcome.wait(task), Code.CANCELLED)
    with pytest.raises(GLib.Error) as raised:
        session.download(server.uri())
    assert_error(raised.value, Code.NOT_ALLOWED)


def test_without_bgrund_creating_a_task_fails_precisely(daemon_session, monkeypatch, server):
    monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
    session, _, _ = daemon_session()
    with pytest.raises(GLib.Error) as raised:
        session.download(server.uri())
    assert raised.value.matches(Bgrun.scheduler_error_quark(), Bgrun.SchedulerError.UNAVAILABLE)
    assert 'org.bgrun.Broker1' in raised.value.message


def test_a_restarted_bgrund_takes_the_session_up_again(daemon_session, daemon, tmp_path, server):
    server.content = body(2 * SIZE, seed=19)
    server.rate = 256 * 1024
    session, outcome, _ = daemon_session()
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 64 * 1024)
    daemon.kill(signal.SIGKILL)

    server.rate = None
    restarted = Daemon(daemon.state_dir)
    try:
        restarted.wait_owned()
        assert outcome.wait(task) is None, 'the mirror follows the new bgrund'
        assert outcome.content(task) == server.content
        assert outcome.order.count(('task-completed', task.props.task_identifier)) == 1
    finally:
        restarted.stop()
