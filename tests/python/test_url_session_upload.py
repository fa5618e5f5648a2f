# Bgrun.UrlSession uploads against the repo's upload server on loopback:
# plain PUT and POST streamed from a file, and the IETF draft "Resumable
# Uploads for HTTP" (creation with a 104, offset by HEAD, PATCH, 409,
# DELETE), continuing from the server's offset after a dropped connection
# and after the session was created anew; the server's Upload-Limit;
# redirects of uploads, and a busy server's Retry-After.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gc
import os
import signal
import subprocess
import sys
import time

from url_helpers import (  # noqa: F401 (fixtures)
    APP, Bgrun, Code, GLib, Outcome, State, assert_error, body, driven_session, driver,
    scheduler, session_for, sha256_of, state_dir, wait_state)
from url_upload_server import INTEROP_VERSION, UploadServer
from conftest import spin_until

import pytest

Protocol = Bgrun.UploadProtocol
MIB = 1024 * 1024
# Bigger than what loopback socket buffers can hold in flight (several
# MiB each way), so an upload interrupted early still has bytes to send.
INTERRUPTED_SIZE = 24 * MIB


@pytest.fixture
def uploads():
    server = UploadServer()
    yield server
    server.stop()


def source_file(tmp_path, size, name='source.bin', seed=1):
    content = body(size, seed)
    path = tmp_path / name
    path.write_bytes(content)
    return path, content


def gfile(path):
    from gi.repository import Gio
    return Gio.File.new_for_path(str(path))


def upload_task(session, uri, path, method='PUT', resumable=False, protocol=None):
    task = session.upload(uri, gfile(path), method, resumable)
    if protocol is not None:
        task.props.upload_protocol = protocol
    return task


def drop_session(session):
    '''The app's session goes away, as when the app quits.'''
    session.run_dispose()
    del session
    gc.collect()


# ---- plain uploads ---------------------------------------------------------

@pytest.mark.parametrize('method', ['PUT', 'POST'])
def test_a_plain_upload_sends_the_file_byte_identical(scheduler, tmp_path, uploads, method):
    path, content = source_file(tmp_path, 3 * MIB + 17)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/a.bin'), path, method)
    assert task.props.kind == Bgrun.UrlSessionTaskKind.UPLOAD
    assert task.props.state == State.SUSPENDED
    assert task.props.bytes_expected_to_send == len(content)
    assert task.props.bytes_sent == 0
    task.resume()
    assert outcome.wait(task) is None
    assert uploads.content('a.bin') == content
    assert uploads.methods() == [method]
    assert uploads.requests[0][2]['Content-Length'] == str(len(content))
    assert task.props.status_code == 201
    assert task.props.bytes_sent == len(content)
    assert task.props.fraction == 1.0


def test_background_sessions_run_uploads(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 100 * 1024)
    session = session_for(scheduler, 'org.example.Transfers.up')
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/b.bin'), path, 'POST')
    task.resume()
    assert outcome.wait(task) is None
    assert uploads.content('b.bin') == content


def test_an_error_status_fails_with_http_status(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 1000)
    uploads.plain_status = 403
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/c.bin'), path)
    task.resume()
    assert_error(outcome.wait(task), Code.HTTP_STATUS, '403', str(path))
    assert task.props.status_code == 403


def test_bad_input_gives_precise_errors(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 10)
    session = session_for(scheduler)
    uri = uploads.uri('/plain/x')
    with pytest.raises(GLib.Error) as missing:
        session.upload(uri, gfile(tmp_path / 'missing.bin'), 'PUT', False)
    assert_error(missing.value, Code.FILE, 'missing.bin', 'No such file')
    with pytest.raises(GLib.Error) as directory:
        session.upload(uri, gfile(tmp_path), 'PUT', False)
    assert_error(directory.value, Code.FILE, 'not a regular file')
    with pytest.raises(GLib.Error) as method:
        session.upload(uri, gfile(path), 'GET', False)
    assert_error(method.value, Code.NOT_ALLOWED, '“GET”', 'PUT or POST')
    for bad_uri in ['ftp://127.0.0.1/x', 'not a uri', '/plain/x']:
        with pytest.raises(GLib.Error) as invalid:
            session.upload(bad_uri, gfile(path), 'PUT', False)
        assert_error(invalid.value, Code.INVALID_URI, bad_uri)
    assert session.get_tasks().get_n_items() == 0


@pytest.mark.skipif(os.geteuid() == 0, reason='root reads any file')
def test_an_unreadable_file_is_refused(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 10)
    path.chmod(0)
    session = session_for(scheduler)
    with pytest.raises(GLib.Error) as unreadable:
        session.upload(uploads.uri('/plain/x'), gfile(path), 'PUT', False)
    assert_error(unreadable.value, Code.FILE, 'Permission denied')


def test_a_file_that_changes_during_the_upload_fails_with_file(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 2 * MIB)
    uploads.rate = 4 * MIB
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/d.bin'), path)
    task.resume()
    spin_until(lambda: uploads.size_of('d.bin') > 0, what='the first bytes on the server',
               retry_every=0.05)
    with open(path, 'ab') as f:
        f.write(b'more')
    assert_error(outcome.wait(task), Code.FILE, str(path), 'changed')


def test_progress_is_notified_at_most_ten_times_a_second(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 4 * MIB)
    uploads.rate = 8 * MIB
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/e.bin'), path)
    times, fractions = [], []
    task.connect('notify::bytes-sent', lambda t, _p: times.append(time.monotonic()))
    task.connect('notify::fraction', lambda t, _p: fractions.append(t.props.fraction))
    start = time.monotonic()
    task.resume()
    assert outcome.wait(task) is None
    elapsed = time.monotonic() - start
    assert len(times) >= 2
    # Ten a second, plus the first and the final one.
    assert len(times) <= 10 * elapsed + 2, f'{len(times)} notifications in {elapsed:.2f} s'
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def rss_kib():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS in /proc/self/status')


@pytest.mark.skipif('libasan' in os.environ.get('LD_PRELOAD', ''),
                    reason='AddressSanitizer keeps freed memory in quarantine: RSS says nothing')
def test_memory_stays_flat_for_a_big_upload(scheduler, tmp_path, uploads):
    size = 64 * MIB
    path = tmp_path / 'huge.bin'
    with open(path, 'wb') as f:
        for seed in range(size // MIB):
            f.write(body(MIB, seed))
    digest = uploads_digest_of(path)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/huge.bin'), path)
    before = rss_kib()
    peak = [before]
    GLib.timeout_add(20, lambda: peak.append(rss_kib()) or task.props.task_identifier not in outcome.errors)
    task.resume()
    assert outcome.wait(task, timeout=120) is None
    assert uploads.digest('huge.bin') == digest
    growth = max(peak) - before
    assert growth < 16 * 1024, f'RSS grew by {growth} KiB during a 64 MiB upload'


def uploads_digest_of(path):
    import hashlib
    hasher = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(MIB), b''):
            hasher.update(block)
    return 'sha256:' + hasher.hexdigest()


# ---- the IETF draft --------------------------------------------------------

def resumable_uploads(server):
    '''(method, headers) of the requests of the resumable protocol.'''
    return [(method, path, headers) for (method, path, headers) in server.requests]


def test_auto_speaks_the_ietf_draft_to_a_server_without_tus(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 1 * MIB + 5)
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', resumable=True)
    assert task.props.upload_protocol == Protocol.AUTO
    task.resume()
    assert outcome.wait(task) is None
    assert uploads.methods() == ['OPTIONS', 'POST']
    creation = uploads.requests[1][2]
    assert creation['Upload-Draft-Interop-Version'] == INTEROP_VERSION
    assert creation['Upload-Complete'] == '?1'
    assert creation['Upload-Length'] == str(len(content))
    assert uploads.content('1') == content
    assert task.props.status_code == 201


def test_a_dropped_connection_continues_from_the_servers_offset(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 4 * MIB)
    uploads.drop_at = 1 * MIB + 123
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'PUT', True, Protocol.IETF)
    task.resume()
    assert outcome.wait(task) is None
    # The 104 named the upload resource before the connection dropped.
    assert uploads.methods() == ['PUT', 'HEAD', 'PATCH']
    patch = uploads.requests[2][2]
    assert patch['Content-Type'] == 'application/partial-upload'
    assert patch['Upload-Offset'] == str(1 * MIB + 123)
    assert patch['Upload-Complete'] == '?1'
    assert uploads.content('1') == content
    assert uploads.received == len(content), 'bytes were sent twice'


def test_an_offset_mismatch_asks_for_the_offset_again(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 2 * MIB)
    uploads.drop_at = 1 * MIB
    uploads.rollback_to = 512 * 1024
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    assert outcome.wait(task) is None
    # The server lost half of what it had: 409, then the offset again.
    assert uploads.methods() == ['POST', 'HEAD', 'PATCH', 'HEAD', 'PATCH']
    assert [h['Upload-Offset'] for (m, _, h) in uploads.requests if m == 'PATCH'] == \
        [str(1 * MIB), str(512 * 1024)]
    assert uploads.content('1') == content


def test_a_server_that_hides_the_offset_fails_with_resume_failed(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 2 * MIB)
    uploads.drop_at = 1 * MIB
    uploads.hide_offset = True
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    assert_error(outcome.wait(task), Code.RESUME_FAILED, uploads.uri('/uploads'),
                 'did not say how much of the upload it has')
    assert uploads.methods() == ['POST', 'HEAD']


def test_cancel_deletes_the_upload_on_the_server(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 4 * MIB)
    uploads.rate = 2 * MIB
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    spin_until(lambda: uploads.size_of('1') > 0, what='the first bytes on the server',
               retry_every=0.05)
    task.cancel()
    assert_error(outcome.wait(task), Code.CANCELLED)
    assert uploads.methods()[-1] == 'DELETE'
    assert uploads.requests[-1][1] == '/uploads/1'
    assert uploads.deleted == ['1'] and uploads.uploads == {}


def test_a_new_session_continues_from_the_servers_offset(scheduler, tmp_path, uploads):
    identifier = 'org.example.Transfers.resumable'
    path, content = source_file(tmp_path, INTERRUPTED_SIZE)
    uploads.rate = 4 * MIB
    session = session_for(scheduler, identifier)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True)
    task_id = task.props.task_identifier
    task.resume()
    spin_until(lambda: uploads.size_of('1') >= 1 * MIB, what='1 MiB on the server', retry_every=0.05)
    del task
    drop_session(session)
    uploads.rate = None
    # The server reads what was on the wire before it sees the end.
    spin_until(lambda: uploads.reading == 0, what='the server to read the dropped body',
               retry_every=0.05)
    kept = uploads.size_of('1')

    session = session_for(scheduler, identifier)
    outcome = Outcome(session)
    tasks = session.get_tasks()
    assert tasks.get_n_items() == 1
    task = tasks.get_item(0)
    assert task.props.task_identifier == task_id
    assert task.props.kind == Bgrun.UrlSessionTaskKind.UPLOAD
    assert task.props.bytes_expected_to_send == len(content)
    assert outcome.wait(task) is None
    assert uploads.methods()[:2] == ['OPTIONS', 'POST']
    assert uploads.methods()[2:] == ['HEAD', 'PATCH']
    assert int(uploads.requests[-1][2]['Upload-Offset']) >= kept
    assert uploads.content('1') == content
    assert uploads.received == len(content), 'bytes were sent twice'


def test_a_plain_upload_starts_again_in_a_new_session(scheduler, tmp_path, uploads):
    identifier = 'org.example.Transfers.plain'
    path, content = source_file(tmp_path, 4 * MIB)
    uploads.rate = 4 * MIB
    session = session_for(scheduler, identifier)
    task = upload_task(session, uploads.uri('/plain/f.bin'), path)
    task.resume()
    spin_until(lambda: uploads.size_of('f.bin') > 0, what='the first bytes on the server',
               retry_every=0.05)
    del task
    drop_session(session)
    uploads.rate = None

    session = session_for(scheduler, identifier)
    outcome = Outcome(session)
    task = session.get_tasks().get_item(0)
    assert task.props.bytes_sent == 0
    assert outcome.wait(task) is None
    assert uploads.methods() == ['PUT', 'PUT']
    assert uploads.content('f.bin') == content


def test_a_file_changed_while_no_session_ran_fails_with_file(scheduler, tmp_path, uploads):
    identifier = 'org.example.Transfers.changed'
    path, _ = source_file(tmp_path, 4 * MIB)
    uploads.rate = 4 * MIB
    session = session_for(scheduler, identifier)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    spin_until(lambda: uploads.size_of('1') > 0, what='the first bytes on the server',
               retry_every=0.05)
    del task
    drop_session(session)
    path.write_bytes(body(4 * MIB, seed=2))

    session = session_for(scheduler, identifier)
    outcome = Outcome(session)
    task = session.get_tasks().get_item(0)
    assert_error(outcome.wait(task), Code.FILE, str(path), 'changed')


CHILD = os.path.join(os.path.dirname(__file__), 'url_session_child.py')


def test_a_killed_app_continues_its_upload_from_the_servers_offset(scheduler, state_dir, tmp_path, uploads):
    identifier = 'org.example.Transfers.killed'
    path, content = source_file(tmp_path, INTERRUPTED_SIZE)
    uploads.rate = 4 * MIB
    child = subprocess.run(
        [sys.executable, CHILD, state_dir, APP, identifier, uploads.uri('/uploads'), str(1 * MIB), str(path)],
        capture_output=True, text=True, timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr
    task_id = int(child.stdout.split()[0])
    uploads.rate = None
    spin_until(lambda: uploads.reading == 0, what='the server to read the dropped body',
               retry_every=0.05)
    kept = uploads.size_of('1')
    assert kept > 0

    session = session_for(scheduler, identifier)
    outcome = Outcome(session)
    task = session.get_tasks().get_item(0)
    assert task.props.task_identifier == task_id
    assert outcome.wait(task) is None
    assert uploads.methods() == ['POST', 'HEAD', 'PATCH']
    assert uploads.requests[-1][2]['Upload-Offset'] == str(kept)
    assert uploads.content('1') == content
    assert uploads.received == len(content), 'bytes were sent twice'


def suspend_mid_upload(uploads, task):
    spin_until(lambda: uploads.size_of('1') >= 512 * 1024, what='512 KiB on the server',
               retry_every=0.05)
    task.suspend()
    assert task.props.state == State.SUSPENDED
    uploads.rate = None
    spin_until(lambda: uploads.reading == 0, what='the server to read the dropped body',
               retry_every=0.05)


def test_suspend_and_resume_continue_from_the_servers_offset(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, INTERRUPTED_SIZE)
    uploads.rate = 4 * MIB
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    suspend_mid_upload(uploads, task)
    kept = uploads.size_of('1')
    task.resume()
    assert outcome.wait(task) is None
    assert uploads.methods() == ['POST', 'HEAD', 'PATCH']
    assert uploads.requests[-1][2]['Upload-Offset'] == str(kept)
    assert uploads.content('1') == content


def test_an_upload_the_server_forgot_is_created_again(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, INTERRUPTED_SIZE)
    uploads.rate = 4 * MIB
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    suspend_mid_upload(uploads, task)
    del uploads.uploads['1']
    task.resume()
    assert outcome.wait(task) is None
    assert uploads.methods() == ['POST', 'HEAD', 'POST']
    assert uploads.content('2') == content


# ---- Upload-Limit ----------------------------------------------------------

APPEND_LIMIT = 300000


def bodies_of(server, method):
    '''(Upload-Offset, Content-Length, Upload-Complete) of each @method request.'''
    return [(h.get('Upload-Offset'), int(h['Content-Length']), h['Upload-Complete'])
            for (m, _, h) in server.requests if m == method]


def upload_resumable(scheduler, uploads, path, method='POST', protocol=None):
    '''Uploads @path to /uploads: (task, its error or None, every
    bytes-sent value notified).'''
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, method, True, protocol)
    sent = []
    task.connect('notify::bytes-sent', lambda t, _p: sent.append(t.props.bytes_sent))
    task.resume()
    return task, outcome.wait(task), sent


def keep_appends_within(server, limit, where=('OPTIONS', '104', 'creation', 'HEAD')):
    server.max_append_size = limit
    server.upload_limit = {place: f'max-append-size={limit}' for place in where}


def test_max_append_size_splits_the_upload_into_patches(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 1 * MIB + 5)
    keep_appends_within(uploads, APPEND_LIMIT)
    task, error, sent = upload_resumable(scheduler, uploads, path, protocol=Protocol.IETF)
    assert error is None
    # The limit came with the 104: the creation, already on its way with
    # the whole file, is refused before its body; the appends keep to it.
    assert requests_of(uploads) == [('POST', '/uploads'), ('HEAD', '/uploads/1')] + \
        [('PATCH', '/uploads/1')] * 4
    assert bodies_of(uploads, 'PATCH') == [
        ('0', APPEND_LIMIT, '?0'),
        (str(APPEND_LIMIT), APPEND_LIMIT, '?0'),
        (str(2 * APPEND_LIMIT), APPEND_LIMIT, '?0'),
        (str(3 * APPEND_LIMIT), len(content) - 3 * APPEND_LIMIT, '?1'),
    ]
    assert uploads.content('1') == content
    assert uploads.received == len(content), 'bytes were sent twice'
    assert sent == sorted(sent) and sent[-1] == len(content)
    assert task.props.bytes_sent == len(content)


def test_a_limit_from_options_shrinks_the_creation(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 1 * MIB)
    keep_appends_within(uploads, APPEND_LIMIT)
    assert upload_resumable(scheduler, uploads, path, 'PUT')[1] is None
    # Each answer confirmed its offset: no HEAD between the requests.
    assert uploads.methods() == ['OPTIONS', 'PUT', 'PATCH', 'PATCH', 'PATCH']
    assert bodies_of(uploads, 'PUT') == [(None, APPEND_LIMIT, '?0')]
    assert uploads.requests[1][2]['Upload-Length'] == str(len(content))
    assert bodies_of(uploads, 'PATCH') == [
        (str(APPEND_LIMIT), APPEND_LIMIT, '?0'),
        (str(2 * APPEND_LIMIT), APPEND_LIMIT, '?0'),
        (str(3 * APPEND_LIMIT), len(content) - 3 * APPEND_LIMIT, '?1'),
    ]
    assert uploads.content('1') == content
    assert uploads.received == len(content), 'bytes were sent twice'


def test_a_malformed_upload_limit_is_ignored(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 1 * MIB)
    keep_appends_within(uploads, APPEND_LIMIT, where=('OPTIONS',))
    # A max-size read out of it would fail the upload; what OPTIONS said holds.
    for place in ('104', 'creation', 'HEAD'):
        uploads.upload_limit[place] = 'max-size=10, max-append-size=1.5'
    assert upload_resumable(scheduler, uploads, path)[1] is None
    assert uploads.methods() == ['OPTIONS', 'POST', 'PATCH', 'PATCH', 'PATCH']
    assert all(length <= APPEND_LIMIT for (_, length, _) in bodies_of(uploads, 'PATCH'))
    assert uploads.content('1') == content


def test_a_file_over_max_size_fails_before_the_creation(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 5000)
    uploads.max_size = 1000
    uploads.upload_limit = {'OPTIONS': 'max-size=1000'}
    _, error, _ = upload_resumable(scheduler, uploads, path)
    assert_error(error, Code.NOT_ALLOWED, uploads.uri('/uploads'), str(path), '5000 bytes', '1000 bytes')
    assert uploads.methods() == ['OPTIONS']
    assert uploads.received == 0


def test_a_file_over_max_size_deletes_the_created_upload(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 5000)
    uploads.max_size = 1000
    uploads.upload_limit = {'104': 'max-size=1000', 'creation': 'max-size=1000'}
    _, error, _ = upload_resumable(scheduler, uploads, path, protocol=Protocol.IETF)
    assert_error(error, Code.NOT_ALLOWED, uploads.uri('/uploads'), str(path), '5000 bytes', '1000 bytes')
    assert requests_of(uploads) == [('POST', '/uploads'), ('DELETE', '/uploads/1')]
    assert uploads.deleted == ['1'] and uploads.received == 0


def test_a_413_within_max_append_size_fails_the_upload(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 1 * MIB)
    keep_appends_within(uploads, APPEND_LIMIT)
    uploads.max_append_size = APPEND_LIMIT // 3    # smaller than it says
    task, error, _ = upload_resumable(scheduler, uploads, path, protocol=Protocol.IETF)
    assert_error(error, Code.HTTP_STATUS, '413', str(path), f'{APPEND_LIMIT} bytes per request')
    assert task.props.status_code == 413
    assert uploads.methods() == ['POST', 'HEAD', 'PATCH']


# ---- redirects -------------------------------------------------------------

def requests_of(server):
    return [(method, path) for (method, path, _) in server.requests]


@pytest.mark.parametrize('method', ['PUT', 'POST'])
@pytest.mark.parametrize('status', [301, 302, 307, 308])
def test_a_redirected_upload_sends_the_whole_file_again(scheduler, tmp_path, uploads, method, status):
    path, content = source_file(tmp_path, 1 * MIB + 3)
    uploads.redirects['/old'] = (status, '/plain/moved.bin')
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/old'), path, method)
    task.resume()
    assert outcome.wait(task) is None
    # The same method, never a GET without the body.
    assert requests_of(uploads) == [(method, '/old'), (method, '/plain/moved.bin')]
    assert uploads.requests[1][2]['Content-Length'] == str(len(content))
    assert uploads.content('moved.bin') == content
    assert task.props.status_code == 201
    assert task.props.bytes_sent == len(content)


@pytest.mark.parametrize('method', ['PUT', 'POST'])
def test_see_other_fails_the_upload_with_bad_response(scheduler, tmp_path, uploads, method):
    path, _ = source_file(tmp_path, 10_000)
    uploads.redirects['/form'] = (303, '/result')
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/form'), path, method)
    task.resume()
    assert_error(outcome.wait(task), Code.BAD_RESPONSE, uploads.uri('/form'), str(path),
                 '303', uploads.uri('/result'), '307 or 308')
    assert requests_of(uploads) == [(method, '/form')]
    assert task.props.status_code == 303


def test_a_redirect_to_another_scheme_fails_with_bad_response(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 1000)
    uploads.redirects['/old'] = (307, 'ftp://127.0.0.1/moved.bin')
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/old'), path)
    task.resume()
    assert_error(outcome.wait(task), Code.BAD_RESPONSE, 'ftp://127.0.0.1/moved.bin',
                 'not an absolute http or https URI')
    assert requests_of(uploads) == [('PUT', '/old')]


def test_a_redirect_loop_fails_with_bad_response(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 1000)
    uploads.redirects['/loop'] = (308, '/loop')
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/loop'), path)
    task.resume()
    assert_error(outcome.wait(task), Code.BAD_RESPONSE, uploads.uri('/loop'), 'more than 20 times')
    assert uploads.methods() == ['PUT'] * 21


def test_a_redirected_creation_continues_on_the_new_server(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 2 * MIB)
    moved = UploadServer()
    try:
        uploads.redirects['/uploads'] = (307, moved.uri('/uploads'))
        moved.drop_at = 1 * MIB
        session = session_for(scheduler)
        outcome = Outcome(session)
        task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
        task.resume()
        assert outcome.wait(task) is None
        # The creation asked for 100-continue: the redirect came before
        # the body, which went to the new server only.
        assert requests_of(uploads) == [('POST', '/uploads')]
        assert uploads.received == 0
        # The relative Location of the upload resource is the new server's.
        assert requests_of(moved) == [('POST', '/uploads'), ('HEAD', '/uploads/1'), ('PATCH', '/uploads/1')]
        assert moved.content('1') == content
        assert moved.received == len(content), 'bytes were sent twice'
    finally:
        moved.stop()


def test_answers_that_come_before_the_body_end_their_connection(scheduler, tmp_path, uploads):
    # Each hop answers the creation's 100-continue with a redirect and
    # keeps its connection open. libsoup 3.2, closing such an answer,
    # waits for a second one on that connection and now and then crashes
    # building that wait: 57 such answers make that all but certain
    # without the fix.
    hops = [f'/hop/{n}' for n in range(19)]
    for here, there in zip(hops, hops[1:] + ['/uploads']):
        uploads.redirects[here] = (307, there)
    session = session_for(scheduler)
    outcome = Outcome(session)
    sent = 0
    for n in range(1, 4):
        path, content = source_file(tmp_path, 100_000, f'source-{n}.bin', seed=n)
        before = len(uploads.requests)
        task = upload_task(session, uploads.uri(hops[0]), path, 'POST', True, Protocol.IETF)
        task.resume()
        assert outcome.wait(task) is None
        creation = requests_of(uploads)[before:before + len(hops) + 1]
        assert creation == [('POST', hop) for hop in hops] + [('POST', '/uploads')]
        assert uploads.content(str(n)) == content
        sent += len(content)
        assert uploads.received == sent, 'a body went out before its 100 Continue'


def test_a_refused_100_continue_sends_the_creation_again_without_it(scheduler, tmp_path, uploads):
    path, content = source_file(tmp_path, 300_000)
    uploads.refuse_continue = True
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    assert outcome.wait(task) is None
    assert requests_of(uploads) == [('POST', '/uploads'), ('POST', '/uploads')]
    first, second = (headers for (_, _, headers) in uploads.requests)
    assert first['Expect'] == '100-continue' and 'Expect' not in second
    assert uploads.content('1') == content
    assert uploads.received == len(content)


def test_a_see_other_answer_to_an_append_fails_with_bad_response(scheduler, tmp_path, uploads):
    path, _ = source_file(tmp_path, 2 * MIB)
    uploads.drop_at = 1 * MIB
    uploads.redirects['/uploads/1'] = (303, '/done')
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/uploads'), path, 'POST', True, Protocol.IETF)
    task.resume()
    assert_error(outcome.wait(task), Code.BAD_RESPONSE, uploads.uri('/uploads/1'), '303', uploads.uri('/done'))
    assert requests_of(uploads) == [('POST', '/uploads'), ('HEAD', '/uploads/1'), ('PATCH', '/uploads/1')]


# ---- Retry-After -----------------------------------------------------------

def test_a_busy_server_gets_the_upload_again_after_its_retry_after(driver, tmp_path, uploads):
    path, content = source_file(tmp_path, 200_000)
    uploads.plain_statuses = [(503, [('Retry-After', '2')])]
    session = driven_session(driver, 'org.example.Transfers.busy')
    outcome = Outcome(session)
    task = upload_task(session, uploads.uri('/plain/later.bin'), path)
    task.resume()
    wait_state(task, State.WAITING, Bgrun.UrlSessionWaitReason.RETRY)
    assert task.props.status_code == 503
    # Longer than the first backoff: only the Retry-After is waited for.
    driver.advance(1.9)
    assert task.props.state == State.WAITING
    assert uploads.methods() == ['PUT']
    driver.advance(0.2)
    assert outcome.wait(task) is None
    assert uploads.methods() == ['PUT', 'PUT']
    assert uploads.content('later.bin') == content
    assert task.props.status_code == 201
