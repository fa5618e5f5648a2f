# HTTP servers on loopback for the URL session tests.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Two real servers, both on 127.0.0.1 and a free port:
#
# - Nginx: the Debian nginx binary, started as a child process with a
#   generated configuration (`daemon off`, every path inside a temporary
#   directory) serving files from its `www` directory, with real range,
#   ETag and If-Range behaviour. `rate` throttles it (nginx's limit_rate),
#   so a test can act while a download runs.
# - TestServer: Python's http.server in a thread, serving one body at
#   /file, that misbehaves on command: drop the connection in the middle
#   of the body, answer a Range with 200, change or leave out its
#   validators, throttle. It logs every request's headers.

import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NGINX = shutil.which('nginx') or '/usr/sbin/nginx'

# How long a server may take to start listening.
START_TIMEOUT = 10.0


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_listening(port, process=None):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f'the server exited with {process.returncode}')
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f'nothing listens on 127.0.0.1:{port}')


NGINX_CONF = '''\
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        {rate}
    }}
}}
'''


class Nginx:
    '''nginx serving the files put() in its www directory.'''

    def __init__(self, rate=None):
        self.dir = tempfile.mkdtemp(prefix='bgrun-nginx-')
        self.port = free_port()
        os.mkdir(os.path.join(self.dir, 'www'))
        conf = os.path.join(self.dir, 'nginx.conf')
        with open(conf, 'w') as f:
            f.write(NGINX_CONF.format(
                dir=self.dir, port=self.port,
                # As root, nginx would hand the workers to "nobody", who
                # cannot read the temporary directory.
                user='user root;' if os.geteuid() == 0 else '',
                rate=f'limit_rate {rate};' if rate else ''))
        self.process = subprocess.Popen(
            [NGINX, '-p', self.dir, '-c', conf, '-e', 'stderr'],
            stdin=subprocess.DEVNULL)
        wait_listening(self.port, self.process)

    def put(self, name, content):
        with open(os.path.join(self.dir, 'www', name), 'wb') as f:
            f.write(content)
        return self.uri(name)

    def uri(self, name):
        return f'http://127.0.0.1:{self.port}/{name}'

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=START_TIMEOUT)
        shutil.rmtree(self.dir, ignore_errors=True)


class TestServer(ThreadingHTTPServer):
    '''Serves self.content at /file. Attributes tests change at will:

    etag, last_modified: the validators sent (None: not sent)
    drop_after: close the connection after sending this many bytes of
        the body (None: send it all); drop_times: for how many requests
    ignore_range: answer 200 with the whole body even to a Range
    rate: bytes per second (None: as fast as possible)
    stall: seconds to wait between the headers and the body
    corrupt_ranges: flip the first byte of every 206 body
    shift_ranges: send a 206 body starting this many bytes after the
        start asked for (with a Content-Range that says so)
    overlong: send this many bytes more than its Content-Range announces
        in every 206 body (its Content-Length counts them)
    statuses: (status, headers) answered, one per request and in order,
        before /file is served again (a busy server: 503, 429...)
    requests: (method, path, headers) of each request, in order
    sending: how many bodies are being sent now (a client that stopped
        reading shows when this drops)

    /loop redirects to itself for ever. With tls=(certfile, keyfile), it
    speaks HTTPS.
    '''

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, content=b'', tls=None, port=0):
        super().__init__(('127.0.0.1', port), Handler)
        self.scheme = 'http'
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.socket = context.wrap_socket(self.socket, server_side=True)
            self.scheme = 'https'
        self.content = content
        self.etag = '"v1"'
        self.last_modified = formatdate(1_700_000_000, usegmt=True)
        self.drop_after = None
        self.drop_times = 1
        self.ignore_range = False
        self.rate = None
        self.stall = 0
        self.corrupt_ranges = False
        self.shift_ranges = 0
        self.overlong = 0
        self.sending = 0
        self.lock = threading.Lock()
        self.statuses = []
        self.requests = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def uri(self, path='/file'):
        return f'{self.scheme}://127.0.0.1:{self.port}{path}'

    def range_requests(self):
        return [h.get('Range') for (_, _, h) in self.requests if h.get('Range')]

    def handle_error(self, request, client_address):
        pass  # a client that hangs up mid-body (a cancelled download)

    def stop(self):
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def validators_match(self, value):
        return value in (self.server.etag, self.server.last_modified)

    def requested_start(self):
        server = self.server
        header = self.headers.get('Range')
        if header is None or server.ignore_range or not header.startswith('bytes='):
            return None
        if_range = self.headers.get('If-Range')
        if if_range is not None and not self.validators_match(if_range):
            return None
        return int(header[len('bytes='):].split('-')[0])

    def send_validators(self):
        if self.server.etag is not None:
            self.send_header('ETag', self.server.etag)
        if self.server.last_modified is not None:
            self.send_header('Last-Modified', self.server.last_modified)

    def do_GET(self):
        server = self.server
        server.requests.append(('GET', self.path, dict(self.headers)))
        if self.path == '/loop':
            self.send_response(302)
            self.send_header('Location', '/loop')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        if self.path == '/file' and server.statuses:
            self.send_status(*server.statuses.pop(0))
            return
        if self.path != '/file':
            self.send_error(404)
            return
        content = server.content
        start = self.requested_start()
        if start is not None and start >= len(content):
            self.send_response(416)
            self.send_header('Content-Range', f'bytes */{len(content)}')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        if start is None:
            self.send_response(200)
            start = 0
        else:
            self.send_response(206)
            start += server.shift_ranges
            self.send_header('Content-Range', f'bytes {start}-{len(content) - 1}/{len(content)}')
        body = content[start:]
        if self.status == 206 and server.corrupt_ranges and body:
            body = bytes([body[0] ^ 0xff]) + body[1:]
        if self.status == 206:
            body += b'x' * server.overlong
        self.send_validators()
        self.send_header('Accept-Ranges', 'bytes')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.flush()
        time.sleep(server.stall)
        self.send_body(body)

    def send_status(self, code, headers):
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', '0')
        self.end_headers()

    def send_response(self, code, message=None):
        self.status = code
        super().send_response(code, message)

    def send_body(self, body):
        with self.server.lock:
            self.server.sending += 1
        try:
            self.send_body_chunks(body)
        finally:
            with self.server.lock:
                self.server.sending -= 1

    def send_body_chunks(self, body):
        server = self.server
        limit = len(body)
        if server.drop_after is not None and server.drop_times > 0:
            server.drop_times -= 1
            limit = min(limit, server.drop_after)
        chunk = 16 * 1024
        for offset in range(0, limit, chunk):
            self.wfile.write(body[offset:min(offset + chunk, limit)])
            self.wfile.flush()
            if server.rate:
                time.sleep(chunk / server.rate)
        if limit < len(body):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
