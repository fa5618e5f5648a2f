# Resumable uploads with the tus 1.0.0 protocol against a real third-party
# server, @tus/server with @tus/file-store (tests/tus-server, pinned), run
# by Node.js on 127.0.0.1: byte-identical results in its file store, AUTO
# choosing tus from its OPTIONS answer, continuing from tus's offset after
# a dropped connection, DELETE on cancel, and a redirected creation.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import urllib.error
import urllib.request

from url_helpers import (  # noqa: F401 (fixtures)
    Bgrun, Code, Outcome, assert_error, body, scheduler, session_for, state_dir)
from url_tus_server import Proxy, TusServer
from url_upload_server import UploadServer
from conftest import spin_until

import pytest
from gi.repository import Gio

Protocol = Bgrun.UploadProtocol
MIB = 1024 * 1024


@pytest.fixture(scope='module')
def tus_server():
    server = TusServer()
    yield server
    server.stop()


@pytest.fixture
def proxy(tus_server):
    forwarder = Proxy(tus_server.port)
    yield forwarder
    forwarder.stop()


def source_file(tmp_path, size, seed):
    content = body(size, seed)
    path = tmp_path / 'source.bin'
    path.write_bytes(content)
    return path, content


def new_uploads(server, before):
    return [upload for upload in server.uploads() if upload not in before]


def run_upload(scheduler, uri, path, protocol, start=None):
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.upload(uri, Gio.File.new_for_path(str(path)), 'POST', True)
    task.props.upload_protocol = protocol
    task.resume()
    if start is not None:
        start(task)
    return outcome.wait(task), task


@pytest.mark.parametrize('protocol', [Protocol.TUS, Protocol.AUTO], ids=['tus', 'auto'])
def test_a_tus_upload_is_byte_identical_in_the_file_store(scheduler, tmp_path, tus_server, protocol):
    path, content = source_file(tmp_path, 3 * MIB + 7, seed=protocol)
    before = tus_server.uploads()
    error, task = run_upload(scheduler, tus_server.uri(), path, protocol)
    # With AUTO, an IETF creation request would have been refused (412):
    # success shows that the OPTIONS answer chose tus.
    assert error is None
    [upload] = new_uploads(tus_server, before)
    assert tus_server.content(upload) == content
    assert task.props.status_code == 204
    assert task.props.bytes_sent == len(content)


def test_a_dropped_connection_continues_from_tus_offset(scheduler, tmp_path, tus_server, proxy):
    size = 6 * MIB
    path, content = source_file(tmp_path, size, seed=7)
    proxy.drop_after = 2 * MIB
    before = tus_server.uploads()
    error, _ = run_upload(scheduler, tus_server.uri(proxy.port), path, Protocol.TUS)
    assert error is None
    assert proxy.drop_after is None, 'the connection was not dropped'
    [upload] = new_uploads(tus_server, before)
    assert tus_server.content(upload) == content
    # Starting again from zero would have sent 2 MiB more than the file.
    resent = proxy.forwarded - size
    assert resent < 256 * 1024, f'{resent} bytes sent again'


def test_cancel_deletes_the_upload_on_the_tus_server(scheduler, tmp_path, tus_server, proxy):
    path, _ = source_file(tmp_path, 8 * MIB, seed=8)
    proxy.rate = 2 * MIB
    before = tus_server.uploads()

    def cancel_once_bytes_arrived(task):
        spin_until(lambda: any(tus_server.size_of(u) > 0 for u in new_uploads(tus_server, before)),
                   what='the first bytes in the file store', retry_every=0.05)
        upload_ids.extend(new_uploads(tus_server, before))
        task.cancel()

    upload_ids = []
    error, _ = run_upload(scheduler, tus_server.uri(proxy.port), path, Protocol.TUS,
                          start=cancel_once_bytes_arrived)
    assert_error(error, Code.CANCELLED)
    assert new_uploads(tus_server, before) == []
    request = urllib.request.Request(f'{tus_server.uri()}/{upload_ids[0]}', method='HEAD',
                                     headers={'Tus-Resumable': '1.0.0'})
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(request, timeout=10)
    assert gone.value.code in (404, 410)


@pytest.mark.parametrize('status', [302, 307])
def test_a_redirected_tus_creation_uploads_to_the_new_server(scheduler, tmp_path, tus_server, status):
    path, content = source_file(tmp_path, 1 * MIB + 11, seed=9)
    before = tus_server.uploads()
    redirector = UploadServer()
    try:
        redirector.redirects['/files'] = (status, tus_server.uri())
        error, task = run_upload(scheduler, redirector.uri('/files'), path, Protocol.TUS)
        assert error is None
        # The creation stayed a POST (a GET would have been logged here
        # too), and the appended bytes went where the new server said.
        assert [(method, where) for (method, where, _) in redirector.requests] == [('POST', '/files')]
        [upload] = new_uploads(tus_server, before)
        assert tus_server.content(upload) == content
        assert task.props.status_code == 204
    finally:
        redirector.stop()
