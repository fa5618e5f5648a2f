# Bad input and hostile servers: each ends the task concerned with a
# precise error, and nothing else is harmed: other tasks finish, what was
# received stays for resuming where that makes sense.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

import pytest  # noqa: E402

from url_helpers import (  # noqa: E402,F401
    APP, Code, Outcome, State, assert_error, body, driven_session, driver, nginx, scheduler,
    server, session_for, state_dir, transfers_dir, wait_state)
from url_servers import TestServer  # noqa: E402

Reason = Bgrun.UrlSessionWaitReason
IDENTIFIER = 'org.example.Transfers.hostile'
CHILD = os.path.join(os.path.dirname(__file__), 'url_disk_full_child.py')


def test_invalid_uris_leave_running_tasks_alone(scheduler, nginx):
    content = body(300_000)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.put('fine.bin', content))
    task.resume()
    for uri in ['gopher://127.0.0.1/file', 'http://', 'https:relative', 'http://exa mple.org/']:
        with pytest.raises(GLib.Error) as raised:
            session.download(uri)
        assert_error(raised.value, Code.INVALID_URI, uri)
    assert list(session.get_tasks()) == [task]
    assert outcome.wait(task) is None
    assert outcome.content(task) == content


def test_an_unusable_state_directory_is_a_file_error(tmp_path, server):
    blocker = tmp_path / 'not-a-directory'
    blocker.write_bytes(b'')
    scheduler = Bgrun.Scheduler(app_id=APP, state_directory=str(blocker / 'state'))
    session = session_for(scheduler)
    with pytest.raises(GLib.Error) as raised:
        session.download(server.uri())
    assert_error(raised.value, Code.FILE, str(blocker))


def test_a_receiving_directory_that_went_away_is_a_file_error(scheduler, state_dir, server):
    server.content = b'nowhere to go'
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(server.uri())
    receiving = transfers_dir(state_dir)
    os.rmdir(receiving)
    with open(receiving, 'w'):
        pass
    task.resume()
    assert_error(outcome.wait(task), Code.FILE, receiving)
    assert server.requests == []


def test_a_full_disk_keeps_what_was_written_for_resuming(state_dir, server):
    server.content = body(600_000)
    limit = 200_000
    child = subprocess.run([sys.executable, CHILD, state_dir, APP, server.uri(), str(limit)],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    code, message, resume_hex = child.stdout.split('\n')[:3]
    assert code == 'file', message
    assert 'File too large' in message and transfers_dir(state_dir) in message
    assert resume_hex, 'the bytes written before the disk was full were kept'

    # Room again: the same app continues where the disk was full.
    scheduler = Bgrun.Scheduler(app_id=APP, state_directory=state_dir)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download_with_resume_data(GLib.Bytes.new(bytes.fromhex(resume_hex)))
    assert 0 < task.props.bytes_received <= limit
    offset = task.props.bytes_received
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.range_requests() == [f'bytes={offset}-']


def fail_once_then(driver, server, **misbehaviour):
    '''A background download dropped at 100 kB, then tried again against a
    server that misbehaves so; returns (session, task, outcome): the
    session must stay alive for its tasks to run.'''
    server.content = body(300_000)
    server.drop_after = 100_000
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_state(task, State.WAITING, Reason.RETRY)
    for name, value in misbehaviour.items():
        setattr(server, name, value)
    driver.advance(1.01)
    return session, task, outcome


def test_a_content_range_other_than_asked_fails_and_is_not_retried(driver, server):
    _session, task, outcome = fail_once_then(driver, server, shift_ranges=1000)
    assert_error(outcome.wait(task), Code.RESUME_FAILED, server.uri(), '100000')
    assert len(server.range_requests()) == 1
    assert task.get_resume_data() is not None


def test_a_body_longer_than_announced_fails(driver, server):
    _session, task, outcome = fail_once_then(driver, server, overlong=100)
    assert_error(outcome.wait(task), Code.BAD_RESPONSE, server.uri(), 'Check the server')
    assert len(server.range_requests()) == 1


def test_a_redirect_loop_ends(scheduler, server):
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(server.uri('/loop'))
    task.resume()
    assert_error(outcome.wait(task), Code.BAD_RESPONSE, server.uri('/loop'), '20 times')
    assert 15 <= len(server.requests) <= 25


@pytest.fixture
def tls_server(tmp_path):
    cert, key = str(tmp_path / 'cert.pem'), str(tmp_path / 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
                    '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1',
                    '-addext', 'subjectAltName=IP:127.0.0.1'],
                   check=True, capture_output=True, timeout=60)
    https = TestServer(b'secret', tls=(cert, key))
    yield https
    https.stop()


def test_a_self_signed_certificate_fails_without_retry(driver, tls_server):
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(tls_server.uri())
    reasons = []
    task.connect('notify::waiting-reason', lambda t, _p: reasons.append(t.props.waiting_reason))
    task.resume()
    assert_error(outcome.wait(task), Code.TLS, tls_server.uri(), 'certificate')
    assert Reason.RETRY not in reasons
    assert tls_server.requests == []


def test_a_server_that_stalls_mid_body_times_out(scheduler, server):
    server.content = body(200_000)
    server.drop_after = None
    server.rate = 50_000
    config = Bgrun.UrlSessionConfiguration.new_default()
    config.props.timeout_for_request = 1
    session = Bgrun.UrlSession.new(scheduler, config)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    # 16 kB every 0.33 s keeps it alive; then the server goes quiet.
    from url_helpers import wait_received
    wait_received(task, 32_000)
    server.rate = 16 * 1024 / 5
    assert_error(outcome.wait(task), Code.TIMED_OUT, server.uri(), 'timeout-for-request')
    assert task.get_resume_data() is not None


def test_an_upload_to_a_server_that_never_answers_times_out(scheduler, tmp_path):
    import socket
    from gi.repository import Gio

    source = tmp_path / 'source.bin'
    source.write_bytes(body(100_000))
    silent = socket.socket()
    silent.bind(('127.0.0.1', 0))
    silent.listen(1)
    uri = 'http://127.0.0.1:%d/uploads' % silent.getsockname()[1]
    try:
        config = Bgrun.UrlSessionConfiguration.new_default()
        config.props.timeout_for_request = 1
        session = Bgrun.UrlSession.new(scheduler, config)
        outcome = Outcome(session)
        # A resumable creation waits for 100 Continue, which never comes.
        task = session.upload(uri, Gio.File.new_for_path(str(source)), 'POST', True)
        task.props.upload_protocol = Bgrun.UploadProtocol.IETF
        task.resume()
        assert_error(outcome.wait(task), Code.TIMED_OUT, uri, 'timeout-for-request')
    finally:
        silent.close()
