# The server side of uploads, for test_url_session_upload.py: Python's
# http.server in a thread on 127.0.0.1 and a free port.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# - PUT or POST to /plain/NAME stores the body as NAME (status `plain_status`,
#   after the statuses queued in `plain_statuses`, one per upload: a status,
#   or a (status, [(header, value), ...]) pair such as (503, [('Retry-After',
#   '2')])).
# - A PUT, POST or PATCH to a path in `redirects` (path → (status, Location))
#   is answered with that redirect: the body is read and dropped, or, when
#   the request expects 100-continue, never asked for (the connection
#   stays open). With `refuse_continue`, a creation that expects
#   100-continue is answered 417 Expectation Failed. GET is logged and
#   answered 404 (an upload turned into a GET would show).
# - The IETF draft "Resumable Uploads for HTTP", interop version 6
#   (draft-ietf-httpbis-resumable-upload-05): PUT or POST to /uploads with
#   Upload-Draft-Interop-Version creates an upload resource /uploads/ID,
#   announced in an interim 104 (before the 100 Continue a request with
#   Expect: 100-continue waits for) and in the final answer's Location; HEAD
#   gives Upload-Offset and Upload-Complete; PATCH with
#   application/partial-upload appends at Upload-Offset (409 when that is
#   not the server's offset); DELETE forgets the upload.
# - OPTIONS answers 204 without tus headers.
# - Upload limits: `upload_limit` maps where an `Upload-Limit` header goes
#   ('OPTIONS', '104', 'creation' for the creation's final answer, 'HEAD')
#   to its value, sent as it is (so it may be malformed). The limits the
#   server keeps to are apart: with `max_size`, a creation whose
#   Upload-Length is larger is answered 413 after its 104 (the upload
#   resource stays, for a DELETE); with `max_append_size`, a creation or
#   PATCH whose body is larger is answered 413 without reading it.
#
# Bodies go to files in a temporary directory as they arrive, a chunk at a
# time, so what was received before a connection dropped is kept (the
# draft asks servers to keep it). On command the server throttles its
# reading (`rate`, bytes a second), drops the connection once an upload
# holds `drop_at` bytes, or rolls an upload back to `rollback_to` bytes
# before the next PATCH (so the client's offset no longer matches), or
# leaves Upload-Offset out of its HEAD answers (`hide_offset`).
# `received` counts every body byte read, so a test can tell how many
# bytes were sent twice, and `reading` how many request bodies are being
# read (a client that went away leaves bytes on the wire to read).

import hashlib
import os
import shutil
import socket
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INTEROP_VERSION = '6'
CHUNK = 64 * 1024


class UploadServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), UploadHandler)
        self.dir = tempfile.mkdtemp(prefix='bgrun-upload-')
        self.lock = threading.Lock()
        self.uploads = {}          # id → {'complete': bool, 'length': int or None}
        self.next_id = 1
        self.deleted = []
        self.requests = []         # (method, path, headers)
        self.received = 0
        self.reading = 0           # request bodies being read
        self.rate = None
        self.drop_at = None
        self.rollback_to = None
        self.plain_status = 201
        self.plain_statuses = []   # answered first, one per plain upload
        self.redirects = {}        # path → (status, Location)
        self.hide_offset = False
        self.send_104 = True
        self.refuse_continue = False
        self.upload_limit = {}     # 'OPTIONS', '104', 'creation', 'HEAD' → value
        self.max_size = None
        self.max_append_size = None
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def uri(self, path):
        return f'http://127.0.0.1:{self.port}{path}'

    def path_of(self, name):
        return os.path.join(self.dir, name)

    def size_of(self, name):
        try:
            return os.path.getsize(self.path_of(name))
        except FileNotFoundError:
            return 0

    def content(self, name):
        with open(self.path_of(name), 'rb') as f:
            return f.read()

    def digest(self, name):
        hasher = hashlib.sha256()
        with open(self.path_of(name), 'rb') as f:
            for block in iter(lambda: f.read(1 << 20), b''):
                hasher.update(block)
        return 'sha256:' + hasher.hexdigest()

    def limit_headers(self, where):
        if where not in self.upload_limit:
            return []
        return [('Upload-Limit', self.upload_limit[where])]

    def methods(self):
        return [method for (method, _, _) in self.requests]

    def handle_error(self, request, client_address):
        pass  # a client that went away mid-body

    def stop(self):
        self.shutdown()
        self.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Dropped(Exception):
    pass


class UploadHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def log_request_here(self):
        self.server.requests.append((self.command, self.path, dict(self.headers)))

    def answer(self, status, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def read_body_into(self, name):
        '''Appends the request body to the file @name, chunk by chunk.'''
        server = self.server
        with server.lock:
            server.reading += 1
        try:
            self.read_body_chunks(name)
        finally:
            with server.lock:
                server.reading -= 1

    def read_body_chunks(self, name):
        server = self.server
        left = int(self.headers.get('Content-Length', '0'))
        with open(server.path_of(name), 'ab') as out:
            while left > 0:
                limit = min(CHUNK, left)
                if server.drop_at is not None:
                    limit = min(limit, max(server.drop_at - out.tell(), 0))
                if limit == 0:
                    server.drop_at = None
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    raise Dropped()
                block = self.rfile.read(limit)
                if not block:
                    raise Dropped()
                out.write(block)
                out.flush()
                left -= len(block)
                with server.lock:
                    server.received += len(block)
                if server.rate:
                    time.sleep(len(block) / server.rate)

    def handle_expect_100(self):
        # A creation request hears of its upload resource (104) before it
        # may send its body (100 Continue): create_upload() sends both. A
        # redirect is the final answer, without asking for the body.
        if self.path == '/uploads' and self.server.refuse_continue:
            self.log_request_here()
            self.answer(417)
            return False
        if self.path == '/uploads' or self.path in self.server.redirects:
            return True
        return super().handle_expect_100()

    def redirect(self):
        '''Answers the redirect queued for the path, if any.'''
        if self.path not in self.server.redirects:
            return False
        status, location = self.server.redirects[self.path]
        # Without 100 Continue the body was never asked for: the connection
        # stays open, as a server may keep it (RFC 9110, 10.1.1), and the
        # client must not send the body on it but close it.
        if self.headers.get('Expect', '').lower() != '100-continue':
            self.discard_body()
        self.answer(status, [('Location', location)])
        return True

    def discard_body(self):
        left = int(self.headers.get('Content-Length', '0'))
        while left > 0:
            block = self.rfile.read(min(CHUNK, left))
            if not block:
                return
            left -= len(block)
            with self.server.lock:
                self.server.received += len(block)

    def do_GET(self):
        self.log_request_here()
        self.answer(404)

    def do_OPTIONS(self):
        self.log_request_here()
        self.answer(204, [('Allow', 'OPTIONS, HEAD, PUT, POST, PATCH, DELETE')] +
                    self.server.limit_headers('OPTIONS'))

    def do_PUT(self):
        self.do_POST()

    def do_POST(self):
        self.log_request_here()
        if self.redirect():
            return
        if self.path.startswith('/plain/'):
            self.plain_upload(self.path[len('/plain/'):])
        elif self.path == '/uploads' and self.headers.get('Upload-Draft-Interop-Version') == INTEROP_VERSION:
            self.create_upload()
        else:
            self.answer(404)

    def plain_upload(self, name):
        try:
            os.unlink(self.server.path_of(name))
        except FileNotFoundError:
            pass
        try:
            self.read_body_into(name)
        except Dropped:
            return
        with self.server.lock:
            statuses = self.server.plain_statuses
            status = statuses.pop(0) if statuses else self.server.plain_status
        status, headers = status if isinstance(status, tuple) else (status, [])
        self.answer(status, headers)

    def create_upload(self):
        server = self.server
        with server.lock:
            upload_id = str(server.next_id)
            server.next_id += 1
            length = self.headers.get('Upload-Length')
            server.uploads[upload_id] = {'complete': False, 'length': int(length) if length else None}
        location = f'/uploads/{upload_id}'
        open(server.path_of(upload_id), 'wb').close()
        if server.send_104:
            self.send_response_only(104)
            self.send_header('Location', location)
            self.send_header('Upload-Draft-Interop-Version', INTEROP_VERSION)
            for name, value in server.limit_headers('104'):
                self.send_header(name, value)
            self.end_headers()
        if self.over_limit(length):
            self.refuse_body(server.limit_headers('creation'))
            return
        if self.headers.get('Expect', '').lower() == '100-continue':
            self.send_response_only(100)
            self.end_headers()
        self.wfile.flush()
        self.append_body(upload_id, 201, [('Location', location)] + server.limit_headers('creation'))

    def over_limit(self, upload_length=None):
        server = self.server
        body_length = int(self.headers.get('Content-Length', '0'))
        return ((server.max_size is not None and upload_length is not None and
                 int(upload_length) > server.max_size) or
                (server.max_append_size is not None and body_length > server.max_append_size))

    def refuse_body(self, headers):
        '''413, without asking for the body (or reading it).'''
        if self.headers.get('Expect', '').lower() != '100-continue':
            self.discard_body()
        self.close_connection = True
        self.answer(413, headers)

    def append_body(self, upload_id, status, headers):
        try:
            self.read_body_into(upload_id)
        except Dropped:
            return
        upload = self.server.uploads[upload_id]
        upload['complete'] = self.headers.get('Upload-Complete') == '?1'
        offset = self.server.size_of(upload_id)
        self.answer(status, headers + [('Upload-Offset', str(offset)),
                                       ('Upload-Complete', '?1' if upload['complete'] else '?0')])

    def upload_id(self):
        if not self.path.startswith('/uploads/'):
            return None
        upload_id = self.path[len('/uploads/'):]
        return upload_id if upload_id in self.server.uploads else None

    def do_HEAD(self):
        self.log_request_here()
        upload_id = self.upload_id()
        if upload_id is None:
            self.answer(404)
            return
        upload = self.server.uploads[upload_id]
        headers = [('Upload-Complete', '?1' if upload['complete'] else '?0'), ('Cache-Control', 'no-store')]
        headers += self.server.limit_headers('HEAD')
        if not self.server.hide_offset:
            headers.append(('Upload-Offset', str(self.server.size_of(upload_id))))
        self.answer(204, headers)

    def do_PATCH(self):
        self.log_request_here()
        if self.redirect():
            return
        server = self.server
        upload_id = self.upload_id()
        if upload_id is None:
            self.answer(404)
            return
        if self.headers.get('Content-Type') != 'application/partial-upload':
            self.answer(415)
            return
        if server.rollback_to is not None:
            os.truncate(server.path_of(upload_id), server.rollback_to)
            server.rollback_to = None
        offset = server.size_of(upload_id)
        if self.headers.get('Upload-Offset') != str(offset):
            self.close_connection = True   # the body that came with it is not read
            self.answer(409, [('Upload-Offset', str(offset))])
            return
        if self.over_limit():
            self.refuse_body([])
            return
        self.append_body(upload_id, 204, [])

    def do_DELETE(self):
        self.log_request_here()
        upload_id = self.upload_id()
        if upload_id is None:
            self.answer(404)
            return
        del self.server.uploads[upload_id]
        os.unlink(self.server.path_of(upload_id))
        self.server.deleted.append(upload_id)
        self.answer(204)
