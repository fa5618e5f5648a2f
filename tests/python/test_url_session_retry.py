# Background transfers that fail in a way that may pass are tried again:
# after a backoff on the session's clock (a Bgrun.TestDriver's, so the
# tests let time pass instead of sleeping), or after the server's
# Retry-After, until timeout-for-resource. Final failures end at once.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun  # noqa: E402

from conftest import spin_until  # noqa: E402
from url_helpers import (  # noqa: E402,F401
    Code, Outcome, State, assert_error, body, driven_session, driver, received_values,
    server, wait_state)
from url_servers import TestServer, free_port  # noqa: E402

Reason = Bgrun.UrlSessionWaitReason
IDENTIFIER = 'org.example.Transfers.retry'


def gets(server):
    return [headers for (method, path, headers) in server.requests if method == 'GET']


def wait_retrying(task):
    wait_state(task, State.WAITING, Reason.RETRY)


def test_a_busy_server_is_asked_again_after_its_retry_after(driver, server):
    server.content = body(10_000)
    server.statuses = [(503, {'Retry-After': '30'})]
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_retrying(task)
    assert task.props.status_code == 503
    driver.advance(29)
    assert task.props.state == State.WAITING
    assert len(gets(server)) == 1
    driver.advance(2)
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert len(gets(server)) == 2


def test_retry_after_as_an_http_date(driver, server):
    server.content = b'later, please'
    when = driver.get_clock().get_now().add_seconds(120)
    server.statuses = [(429, {'Retry-After': when.format('%a, %d %b %Y %H:%M:%S GMT')})]
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_retrying(task)
    driver.advance(110)
    assert task.props.state == State.WAITING
    driver.advance(11)
    assert outcome.wait(task) is None
    assert outcome.content(task) == b'later, please'


def test_backoff_grows_between_attempts(driver, server):
    server.content = b'eventually'
    server.statuses = [(500, {})] * 3 + [(408, {})]
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    # The n-th wait lies between 2^(n-2) and 2^(n-1) seconds.
    for attempt, (low, high) in enumerate([(0.5, 1), (1, 2), (2, 4), (4, 8)], start=1):
        spin_until(lambda: len(gets(server)) == attempt and task.props.waiting_reason == Reason.RETRY,
                   what=f'attempt {attempt} to fail')
        driver.advance(low - 0.01)
        assert len(gets(server)) == attempt, f'attempt {attempt + 1} came before {low} s'
        driver.advance(high - low + 0.02)
        spin_until(lambda: len(gets(server)) == attempt + 1, what=f'attempt {attempt + 1}')
    assert outcome.wait(task) is None


def test_a_dropped_download_continues_from_its_offset(driver, server):
    server.content = body(400_000)
    server.drop_after = 150_000
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_retrying(task)
    offset = task.props.bytes_received
    assert offset >= 100_000
    driver.advance(1.01)
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.range_requests() == [f'bytes={offset}-']


def test_a_changed_etag_between_attempts_starts_again_from_zero(driver, server):
    server.content = body(300_000, seed=1)
    server.drop_after = 100_000
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    values = received_values(task)
    task.resume()
    wait_retrying(task)
    kept = task.props.bytes_received
    before = len(values)
    server.content = body(300_000, seed=2)
    server.etag = '"v2"'
    server.rate = 1_000_000
    driver.advance(1.01)
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert gets(server)[1]['If-Range'] == '"v1"'
    assert min(values[before:]) < kept, f'the restart from zero was announced: {values}'


def test_a_client_error_fails_at_once(driver, server):
    server.statuses = [(404, {})]
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert_error(outcome.wait(task), Code.HTTP_STATUS, server.uri(), '404')
    assert task.props.status_code == 404
    assert len(gets(server)) == 1


def test_retries_stop_at_timeout_for_resource(driver, server):
    server.statuses = [(502, {})] * 100
    session = driven_session(driver, IDENTIFIER, timeout_for_resource=20)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    while task.props.state != State.COMPLETED:
        assert len(gets(server)) < 10, 'it never gave up'
        driver.advance(1)
        spin_until(lambda: task.props.state in (State.WAITING, State.COMPLETED),
                   what='the attempt to end')
    error = outcome.wait(task)
    assert_error(error, Code.TIMED_OUT, 'timeout-for-resource', '502', server.uri())
    assert 3 <= len(gets(server)) <= 6


def test_connection_refused_is_retried(driver):
    port = free_port()
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(f'http://127.0.0.1:{port}/file')
    task.resume()
    wait_retrying(task)
    late = TestServer(b'up again', port=port)
    try:
        driver.advance(1.01)
        assert outcome.wait(task) is None
        assert outcome.content(task) == b'up again'
    finally:
        late.stop()


def test_a_default_session_does_not_retry(driver, server):
    server.statuses = [(503, {'Retry-After': '1'})]
    session = driven_session(driver)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert_error(outcome.wait(task), Code.HTTP_STATUS, '503')
    assert len(gets(server)) == 1


def test_a_stalled_background_request_times_out_and_is_retried(driver, server):
    server.content = body(1000)
    server.stall = 4
    session = driven_session(driver, IDENTIFIER, timeout_for_request=1)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_retrying(task)
    server.stall = 0
    driver.advance(1.01)
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content


def test_a_background_upload_is_sent_again_after_a_server_error(driver, tmp_path):
    from gi.repository import Gio
    from url_upload_server import UploadServer

    content = body(50_000)
    source = tmp_path / 'source.bin'
    source.write_bytes(content)
    uploads = UploadServer()
    try:
        uploads.plain_statuses = [503]
        session = driven_session(driver, IDENTIFIER)
        outcome = Outcome(session)
        task = session.upload(uploads.uri('/plain/up.bin'), Gio.File.new_for_path(str(source)),
                              'PUT', False)
        task.resume()
        wait_retrying(task)
        assert task.props.status_code == 503
        driver.advance(Bgrun.URL_SESSION_RETRY_BASE)
        assert outcome.wait(task) is None
        assert task.props.status_code == 201
        assert uploads.content('up.bin') == content
        assert [method for (method, _path, _headers) in uploads.requests].count('PUT') == 2
    finally:
        uploads.stop()
