# Bgrun.UrlSession resuming downloads: Range plus If-Range after a lost
# connection or cancel_with_resume_data (206 continues, 200 starts again,
# 416 with the right length is complete), resume data validation, and
# background sessions reattaching to their tasks, in this process and
# after the process was killed.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import math
import os
import signal
import sqlite3
import subprocess
import sys

from url_helpers import (  # noqa: F401 (fixtures)
    APP, Bgrun, Code, GLib, Outcome, State, assert_error, body,
    cancel_with_resume_data, received_values, scheduler, server, session_for,
    sha256_of, state_dir, transfers_dir, wait_received)
from conftest import spin_until
from url_servers import Nginx

import pytest

SIZE = 1024 * 1024
HALF = 512 * 1024


def fail_halfway(session, server, outcome, checksum=None):
    '''A download (expecting @checksum) that lost its connection after
    HALF bytes; returns the task (completed with NETWORK_LOST) and its
    resume data.'''
    server.drop_after = HALF
    task = session.download(server.uri())
    task.props.expected_checksum = checksum
    task.resume()
    error = outcome.wait(task)
    assert_error(error, Code.NETWORK_LOST, server.uri())
    assert task.props.bytes_received == HALF
    resume_data = task.get_resume_data()
    assert resume_data is not None and resume_data.get_size() > 0
    return task, resume_data


def test_lost_connection_resumes_with_range_and_if_range(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)

    task = session.download_with_resume_data(resume_data)
    assert task.props.state == State.SUSPENDED
    assert task.props.bytes_received == HALF, 'a resumed task starts with what it has'
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert task.props.status_code == 206
    last = server.requests[-1][2]
    assert last['Range'] == f'bytes={HALF}-'
    assert last['If-Range'] == '"v1"', 'the ETag is the validator when there is one'


def test_last_modified_is_the_validator_without_an_etag(scheduler, server):
    server.content = body(SIZE)
    server.etag = None
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    task = session.download_with_resume_data(resume_data)
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.requests[-1][2]['If-Range'] == server.last_modified


def test_a_changed_resource_starts_again_from_zero(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    server.content = body(SIZE + 1000, seed=9)
    server.etag = '"v2"'

    task = session.download_with_resume_data(resume_data)
    values = received_values(task)
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert task.props.status_code == 200
    assert task.props.bytes_expected == SIZE + 1000
    assert min(values) < HALF, f'the restart from zero was announced: {values}'


def test_a_server_answering_200_to_a_range_starts_again(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    server.ignore_range = True
    task = session.download_with_resume_data(resume_data)
    values = received_values(task)
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert min(values) < HALF


def test_416_with_the_length_on_disk_completes(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    server.content = server.content[:HALF]   # what is on disk is all there is
    task = session.download_with_resume_data(resume_data)
    task.resume()
    assert outcome.wait(task) is None
    assert task.props.status_code == 416
    assert outcome.content(task) == server.content
    assert task.props.bytes_expected == HALF


def test_416_with_another_length_starts_again(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    server.content = server.content[:HALF // 2]
    task = session.download_with_resume_data(resume_data)
    values = received_values(task)
    task.resume()
    assert outcome.wait(task) is None
    assert task.props.status_code == 200
    assert outcome.content(task) == server.content
    assert 'Range' not in server.requests[-1][2]
    assert min(values) < HALF


def test_without_a_validator_it_starts_again_from_zero(scheduler, server):
    server.content = body(SIZE)
    server.etag = None
    server.last_modified = None
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    task = session.download_with_resume_data(resume_data)
    values = received_values(task)
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert 'Range' not in server.requests[-1][2], 'no Range without a validator'
    assert min(values) < HALF


def test_checksum_survives_a_resume(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome, sha256_of(server.content))
    task = session.download_with_resume_data(resume_data)
    assert task.props.expected_checksum == sha256_of(server.content)
    task.resume()
    assert outcome.wait(task) is None, 'the part on disk was hashed again'
    assert server.requests[-1][2]['Range'] == f'bytes={HALF}-'


def test_a_body_corrupted_after_a_resume_fails_the_checksum(scheduler, state_dir, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome, sha256_of(server.content))
    server.corrupt_ranges = True
    task = session.download_with_resume_data(resume_data)
    task.resume()
    assert_error(outcome.wait(task), Code.CHECKSUM_MISMATCH)
    assert os.listdir(transfers_dir(state_dir)) == []


def test_a_range_that_does_not_fit_fails_with_resume_failed(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    server.shift_ranges = 1000
    task = session.download_with_resume_data(resume_data)
    task.resume()
    assert_error(outcome.wait(task), Code.RESUME_FAILED, server.uri(), str(HALF))


def test_cancel_with_resume_data_against_nginx(scheduler, state_dir):
    nginx = Nginx(rate='512k')
    try:
        content = body(2 * SIZE, seed=3)
        uri = nginx.put('slow.bin', content)
        session = session_for(scheduler)
        outcome = Outcome(session)
        task = session.download(uri)
        task.resume()
        wait_received(task, 128 * 1024)
        resume_data = cancel_with_resume_data(task)
        assert_error(outcome.wait(task), Code.CANCELLED)
        assert task.props.bytes_received < len(content)
        kept = task.props.bytes_received

        resumed = session.download_with_resume_data(resume_data)
        assert resumed.props.bytes_received == kept
        resumed.props.expected_checksum = sha256_of(content)
        resumed.resume()
        assert outcome.wait(resumed) is None
        assert resumed.props.status_code == 206, 'nginx continued the body'
        assert outcome.content(resumed) == content
    finally:
        nginx.stop()


def test_suspend_and_resume_continue_with_a_range(scheduler, server):
    server.content = body(SIZE)
    server.rate = 512 * 1024
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 128 * 1024)
    task.suspend()
    assert task.props.state == State.SUSPENDED
    task.resume()
    task.suspend()
    task.resume()
    assert task.props.state == State.RUNNING
    server.rate = None
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.range_requests(), 'the transfer continued with a Range'


def test_resume_data_is_used_once(scheduler, server):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    session.download_with_resume_data(resume_data)
    with pytest.raises(GLib.Error) as raised:
        session.download_with_resume_data(resume_data)
    assert_error(raised.value, Code.RESUME_FAILED, server.uri())


@pytest.mark.parametrize('damage', ['garbage', 'empty', 'truncated', 'magic', 'path'])
def test_bad_resume_data_fails_with_resume_failed(scheduler, server, damage):
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    data = resume_data.get_data()
    bad = {
        'garbage': b'\x00\x01not resume data at all' * 3,
        'empty': b'',
        'truncated': data[:len(data) // 2],
        'magic': data.replace(b'Bgrun', b'Brgun'),
        'path': data.replace(b'.partial', b'.partiax'),
    }[damage]
    with pytest.raises(GLib.Error) as raised:
        session.download_with_resume_data(GLib.Bytes.new(bad))
    assert_error(raised.value, Code.RESUME_FAILED)
    assert len(session.get_tasks()) == 0


def test_mangled_resume_data_never_crashes(scheduler, server):
    import random
    server.content = body(SIZE)
    session = session_for(scheduler)
    outcome = Outcome(session)
    _, resume_data = fail_halfway(session, server, outcome)
    data = resume_data.get_data()
    rng = random.Random(1234)
    for _ in range(300):
        mangled = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            mangled[rng.randrange(len(mangled))] = rng.randrange(256)
        try:
            task = session.download_with_resume_data(GLib.Bytes.new(bytes(mangled)))
        except GLib.Error as error:
            assert_error(error, Code.RESUME_FAILED)
        else:
            assert task.props.state == State.SUSPENDED


# ---- background sessions ----------------------------------------------------

IDENTIFIER = 'org.example.Transfers.background'


def test_a_new_session_reattaches_to_a_suspended_task(scheduler, state_dir, server):
    server.content = body(SIZE)
    server.rate = 512 * 1024
    session = session_for(scheduler, IDENTIFIER)
    task = session.download(server.uri())
    task.props.description = 'the episode'
    task.resume()
    wait_received(task, 128 * 1024)
    task.suspend()
    assert task.props.state == State.SUSPENDED
    task_id = task.props.task_identifier
    session.run_dispose()
    del session, task

    server.rate = None
    again = session_for(scheduler, IDENTIFIER)
    events = []
    again.connect('events-finished', lambda s: events.append(True))
    outcome = Outcome(again)
    tasks = list(again.get_tasks())
    assert [t.props.task_identifier for t in tasks] == [task_id]
    task = tasks[0]
    assert task.props.state == State.SUSPENDED
    assert task.props.bytes_received >= 128 * 1024
    assert task.props.bytes_expected == SIZE
    assert task.props.description == 'the episode'
    assert task.props.uri == server.uri()
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert events == [True]
    assert server.requests[-1][2]['Range'].startswith('bytes=')


def test_a_damaged_store_is_moved_aside_and_transfers_go_on(scheduler, state_dir, server):
    server.content = body(100_000)
    app_dir = os.path.join(state_dir, APP)
    os.makedirs(app_dir, exist_ok=True)
    with open(os.path.join(app_dir, 'transfers.db'), 'wb') as f:
        f.write(b'this is not a database, ' * 100)
    session = session_for(scheduler, IDENTIFIER)
    assert [name for name in os.listdir(app_dir) if name.startswith('transfers.db.corrupt-')]
    assert len(session.get_tasks()) == 0
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content


def test_one_session_per_identifier(scheduler, server):
    first = session_for(scheduler, IDENTIFIER)
    second = session_for(scheduler, IDENTIFIER)
    with pytest.raises(GLib.Error) as raised:
        second.download(server.uri())
    assert_error(raised.value, Code.NOT_ALLOWED, IDENTIFIER)
    assert first.download(server.uri()) is not None


# Another process of the app with the session open, holding one
# suspended download, until the test closes its stdin or kills it.
HOLDER = """
import sys
import gi
gi.require_version('Bgrun', '1.0')
from gi.repository import Bgrun
state_dir, app_id, identifier, uri = sys.argv[1:]
scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state_dir)
config = Bgrun.UrlSessionConfiguration.new_background(identifier)
session = Bgrun.UrlSession.new(scheduler, config)
print(session.download(uri).props.task_identifier, flush=True)
sys.stdin.read()
"""


def test_one_process_runs_a_sessions_tasks(scheduler, state_dir, server):
    holder = subprocess.Popen([sys.executable, '-c', HOLDER, state_dir, APP, IDENTIFIER, server.uri()],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        task_id = int(holder.stdout.readline())
        locked_out = session_for(scheduler, IDENTIFIER)
        assert list(locked_out.get_tasks()) == [], 'the other process runs them'
        with pytest.raises(GLib.Error) as raised:
            locked_out.download(server.uri())
        assert_error(raised.value, Code.NOT_ALLOWED, IDENTIFIER, 'Another process')
        locked_out.run_dispose()
    finally:
        holder.kill()
        holder.wait(timeout=30)

    # The lock went with the process, killed as it was.
    session = session_for(scheduler, IDENTIFIER)
    assert [t.props.task_identifier for t in session.get_tasks()] == [task_id]
    assert session.download(server.uri()) is not None


CHILD = os.path.join(os.path.dirname(__file__), 'url_session_child.py')


def test_a_killed_app_continues_where_it_was(scheduler, state_dir, server):
    server.content = body(2 * SIZE, seed=5)
    server.rate = 512 * 1024
    child = subprocess.run(
        [sys.executable, CHILD, state_dir, APP, IDENTIFIER, server.uri(), str(256 * 1024)],
        capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    task_id = int(child.stdout.split()[0])

    server.rate = None
    session = session_for(scheduler, IDENTIFIER)
    outcome = Outcome(session)
    tasks = list(session.get_tasks())
    assert [t.props.task_identifier for t in tasks] == [task_id]
    task = tasks[0]
    assert task.props.state == State.RUNNING, 'a running task continues'
    on_disk = task.props.bytes_received
    assert on_disk >= 256 * 1024
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.requests[-1][2]['Range'] == f'bytes={on_disk}-'
    assert len(session.get_tasks()) == 0
    session.run_dispose()
    assert list(session_for(scheduler, IDENTIFIER).get_tasks()) == [], \
        'a completed task is not taken up again'


@pytest.mark.parametrize('identifier', [None, 'org.example.Dropped'])
def test_a_session_dropped_while_cancelling_still_gives_resume_data(scheduler, server, identifier):
    '''The app asked for resume data, then let go of its session before the
    answer came: the answer comes anyway, the data continues the download,
    and a later session with the identifier shows no task half cancelled.'''
    server.content = body(4 * SIZE)
    server.rate = 256 * 1024
    session = session_for(scheduler, identifier)
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 64 * 1024)
    answers = []
    task.cancel_with_resume_data_async(
        None, lambda t, result: answers.append(t.cancel_with_resume_data_finish(result)))
    assert task.props.state == State.CANCELING
    session.run_dispose()
    del session

    spin_until(lambda: answers, what='the resume data')
    assert task.props.state == State.COMPLETED
    server.rate = None
    again = session_for(scheduler, identifier)
    assert again.get_tasks().get_n_items() == 0
    outcome = Outcome(again)
    resumed = again.download_with_resume_data(answers[0])
    resumed.resume()
    assert outcome.wait(resumed) is None
    assert outcome.content(resumed) == server.content
    again.run_dispose()


def test_a_recorded_priority_that_is_not_a_number_is_the_default(scheduler, state_dir, server):
    identifier = 'org.example.Damaged'
    session = session_for(scheduler, identifier)
    task = session.download(server.uri())
    task.props.priority = 0.9
    key = str(task.props.task_identifier)
    session.run_dispose()
    database = os.path.join(state_dir, APP, 'transfers.db')
    with sqlite3.connect(database) as db:
        (data,) = db.execute('SELECT data FROM requests WHERE app_id = ? AND identifier = ?',
                             (identifier, key)).fetchone()
        record = GLib.Variant.new_from_bytes(GLib.VariantType('a{sv}'), GLib.Bytes(data), False)
        fields = {name: record.lookup_value(name, None) for name in record.keys()}
        fields['priority'] = GLib.Variant('d', math.nan)
        damaged = GLib.Variant('a{sv}', fields).get_data_as_bytes().get_data()
        db.execute('UPDATE requests SET data = ? WHERE app_id = ? AND identifier = ?',
                   (damaged, identifier, key))
    db.close()

    again = session_for(scheduler, identifier)
    (restored,) = list(again.get_tasks())
    assert restored.props.priority == 0.5
    again.run_dispose()
