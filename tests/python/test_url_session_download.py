# Bgrun.UrlSession downloads and data tasks against real servers on
# loopback: streaming to a file, progress, integrity, bad input.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import time

from url_helpers import (  # noqa: F401 (fixtures)
    Bgrun, Code, GLib, Outcome, State, assert_error, body, nginx, scheduler,
    server, session_for, sha256_of, state_dir, transfers_dir)

import pytest


def rss_kib():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS in /proc/self/status')


def test_download_is_byte_identical_and_the_file_is_the_apps_to_move(scheduler, state_dir, nginx):
    content = body(8 * 1024 * 1024 + 123)
    uri = nginx.put('big.bin', content)
    session = session_for(scheduler)
    outcome = Outcome(session)

    task = session.download(uri)
    assert task.props.state == State.SUSPENDED, 'tasks are created suspended'
    assert task.props.kind == Bgrun.UrlSessionTaskKind.DOWNLOAD
    assert task.props.uri == uri
    assert task.props.bytes_expected == -1
    assert list(session.get_tasks()) == [task]

    task.resume()
    assert task.props.state == State.RUNNING
    assert outcome.wait(task) is None
    assert outcome.content(task) == content
    assert outcome.order == [('download-finished', task.props.task_identifier),
                             ('task-completed', task.props.task_identifier)]
    location = outcome.locations[task.props.task_identifier]
    assert location.startswith(transfers_dir(state_dir) + os.sep)
    assert not os.path.exists(location), 'the session removes the file the app left'
    assert task.props.status_code == 200
    assert task.props.bytes_received == len(content)
    assert task.props.bytes_expected == len(content)
    assert task.props.fraction == 1.0
    assert task.props.error is None
    assert len(session.get_tasks()) == 0, 'completed tasks leave the list'
    assert os.listdir(transfers_dir(state_dir)) == [], 'nothing is left behind'


def test_the_app_may_keep_the_file_by_moving_it(scheduler, tmp_path, nginx):
    content = body(100_000)
    session = session_for(scheduler)
    kept = tmp_path / 'kept.bin'
    session.connect('download-finished',
                    lambda s, t, location: os.rename(location.get_path(), kept))
    outcome = Outcome(session)
    task = session.download(nginx.put('small.bin', content))
    task.resume()
    assert outcome.wait(task) is None
    assert kept.read_bytes() == content


def test_progress_is_notified_at_most_ten_times_a_second(scheduler, server):
    server.content = body(1024 * 1024)
    server.rate = 700 * 1024   # about 1.5 s
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(server.uri())
    notes = []
    for name in ('bytes-received', 'bytes-expected', 'fraction'):
        task.connect(f'notify::{name}',
                     lambda t, pspec: notes.append((pspec.name, time.monotonic(),
                                                    t.props.bytes_received)))
    task.resume()
    assert outcome.wait(task) is None

    received = [(when, value) for (name, when, value) in notes if name == 'bytes-received']
    assert len(received) >= 5, f'progress was notified on the way: {len(received)} times'
    assert received[-1][1] == len(server.content), 'the final value is notified'
    values = [value for (_, value) in received]
    assert values == sorted(values) and len(set(values)) == len(values)
    # Every notification but the final one is at least 0.1 s after the
    # one before (a little slack for the clock's granularity).
    gaps = [b[0] - a[0] for (a, b) in zip(received, received[1:-1])]
    assert min(gaps) >= 0.095, f'notified {min(gaps):.3f} s apart'
    assert any(name == 'fraction' for (name, _, _) in notes)
    assert any(name == 'bytes-expected' for (name, _, _) in notes)
    assert task.props.fraction == 1.0


def test_memory_stays_flat_for_a_big_download(scheduler, nginx):
    content = body(64 * 1024 * 1024)
    uri = nginx.put('huge.bin', content)
    digest = sha256_of(content)
    del content
    session = session_for(scheduler)
    done = []
    session.connect('task-completed', lambda s, t, error: done.append(error))
    task = session.download(uri)
    task.props.expected_checksum = digest
    before = rss_kib()
    peak = [before]
    GLib.timeout_add(20, lambda: peak.append(rss_kib()) or not done)
    task.resume()
    from conftest import spin_until
    spin_until(lambda: done, timeout=120, what='the 64 MiB download')
    assert done == [None]
    growth = max(peak) - before
    assert growth < 16 * 1024, f'RSS grew by {growth} KiB during a 64 MiB download'


def test_checksum_that_matches(scheduler, nginx):
    content = body(3 * 1024 * 1024 + 7, seed=1)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.put('sum.bin', content))
    task.props.expected_checksum = sha256_of(content).upper().replace('SHA256:', 'sha256:')
    assert task.props.expected_checksum == sha256_of(content)
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == content


def test_checksum_mismatch_fails_and_removes_the_partial_file(scheduler, state_dir, nginx):
    content = body(2 * 1024 * 1024, seed=2)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.put('wrong.bin', content))
    task.props.expected_checksum = sha256_of(b'something else')
    task.resume()
    error = outcome.wait(task)
    assert_error(error, Code.CHECKSUM_MISMATCH, task.props.uri, sha256_of(b'something else'))
    assert outcome.content(task) is None, 'no download-finished for a mismatch'
    assert task.props.error.matches(Bgrun.url_session_error_quark(), Code.CHECKSUM_MISMATCH)
    assert os.listdir(transfers_dir(state_dir)) == []
    assert task.get_resume_data() is None


@pytest.mark.parametrize('checksum', ['sha256:abc', 'md5:' + '0' * 32, 'sha256:' + 'g' * 64, ''])
def test_a_checksum_that_cannot_be_verified_fails_the_download_before_it_starts(
        scheduler, nginx, checksum):
    # It used to print a CRITICAL, drop the value and download unverified.
    content = body(100_000, seed=3)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.put('unverifiable.bin', content))
    task.props.expected_checksum = checksum
    assert task.props.expected_checksum == checksum, 'the value is kept, not dropped'
    task.resume()
    error = outcome.wait(task)
    assert_error(error, Code.INVALID_VALUE, 'expected-checksum', task.props.uri)
    assert checksum in error.message
    assert outcome.content(task) is None
    assert task.props.bytes_received == 0, 'nothing was transferred'


def test_a_valid_checksum_set_after_a_bad_one_is_used(scheduler, nginx):
    content = body(50_000, seed=4)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.put('fixed.bin', content))
    task.props.expected_checksum = 'sha256:abc'
    task.props.expected_checksum = sha256_of(content)
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == content


def test_http_error_status(scheduler, nginx):
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.uri('missing.bin'))
    task.resume()
    assert_error(outcome.wait(task), Code.HTTP_STATUS, '404', task.props.uri)
    assert task.props.status_code == 404


def test_connection_refused_is_network_lost(scheduler, server):
    uri = server.uri()
    server.stop()
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(uri)
    task.resume()
    assert_error(outcome.wait(task), Code.NETWORK_LOST, uri)
    assert task.props.status_code == 0


@pytest.mark.parametrize('uri', ['not a uri', 'ftp://127.0.0.1/file', 'http:///file',
                                 '/just/a/path', 'file:///etc/passwd'])
def test_invalid_uri(scheduler, uri):
    session = session_for(scheduler)
    with pytest.raises(GLib.Error) as raised:
        session.download(uri)
    assert_error(raised.value, Code.INVALID_URI, uri)
    with pytest.raises(GLib.Error) as raised:
        session.data(uri)
    assert_error(raised.value, Code.INVALID_URI, uri)
    assert len(session.get_tasks()) == 0


def test_data_task_on_a_default_session(scheduler, nginx):
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.data(nginx.put('hello.txt', b'hello, world\n'))
    assert task.props.kind == Bgrun.UrlSessionTaskKind.DATA
    assert task.get_response_body() is None
    task.resume()
    assert outcome.wait(task) is None
    assert task.get_response_body().get_data() == b'hello, world\n'
    assert task.props.bytes_received == 13
    assert outcome.content(task) is None, 'no download-finished for data tasks'


def test_data_task_on_a_background_session_is_not_allowed(scheduler, nginx):
    session = session_for(scheduler, 'org.example.Transfers.bg')
    with pytest.raises(GLib.Error) as raised:
        session.data(nginx.uri('hello.txt'))
    assert_error(raised.value, Code.NOT_ALLOWED, 'org.example.Transfers.bg')


def test_cancel_removes_what_was_received(scheduler, state_dir, server):
    server.content = body(2 * 1024 * 1024)
    server.rate = 512 * 1024
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(server.uri())
    states = []
    task.connect('notify::state', lambda t, _p: states.append(t.props.state))
    task.resume()
    from url_helpers import wait_received
    wait_received(task, 64 * 1024)
    task.cancel()
    assert_error(outcome.wait(task), Code.CANCELLED, server.uri())
    assert states == [State.RUNNING, State.CANCELING, State.COMPLETED]
    assert os.listdir(transfers_dir(state_dir)) == []


def test_a_stalled_server_times_out(scheduler, server):
    server.content = body(1000)
    server.stall = 5
    config = Bgrun.UrlSessionConfiguration.new_default()
    config.props.timeout_for_request = 1
    session = Bgrun.UrlSession.new(scheduler, config)
    config.props.timeout_for_request = 60
    assert session.props.configuration.props.timeout_for_request == 1, 'the session keeps a copy'
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert_error(outcome.wait(task), Code.TIMED_OUT, server.uri())


def test_a_task_waits_for_its_earliest_begin_date(scheduler, nginx):
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(nginx.put('later.bin', b'later'))
    begin = GLib.DateTime.new_now_utc().add_seconds(1)
    task.props.earliest_begin_date = begin
    states = []
    task.connect('notify::state', lambda t, _p: states.append((t.props.state, time.monotonic())))
    task.resume()
    assert task.props.state == State.WAITING
    assert outcome.wait(task) is None
    assert outcome.content(task) == b'later'
    assert [s for (s, _) in states] == [State.WAITING, State.RUNNING, State.COMPLETED]
    assert GLib.DateTime.new_now_utc().compare(begin) >= 0


def test_a_task_that_finished_cannot_be_cancelled_or_suspended(scheduler, nginx):
    content = body(200_000)
    session = session_for(scheduler)
    seen = []

    def on_download_finished(session, task, location):
        task.cancel()
        task.suspend()
        seen.append(task.props.state)

    session.connect('download-finished', on_download_finished)
    outcome = Outcome(session)
    task = session.download(nginx.put('fast.bin', content))
    task.resume()
    assert outcome.wait(task) is None
    assert seen == [State.COMPLETED]
    assert outcome.content(task) == content


def test_invalidated_sessions_refuse_new_tasks(scheduler, nginx, server):
    server.content = body(1024 * 1024)
    server.rate = 256 * 1024
    session = session_for(scheduler)
    outcome = Outcome(session)
    running = session.download(server.uri())
    waiting = session.download(server.uri())
    running.resume()
    session.invalidate_and_cancel()
    with pytest.raises(GLib.Error) as raised:
        session.download(nginx.uri('x'))
    assert_error(raised.value, Code.NOT_ALLOWED)
    assert_error(outcome.wait(running), Code.CANCELLED)
    assert_error(outcome.wait(waiting), Code.CANCELLED)
