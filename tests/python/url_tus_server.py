# A real tus 1.0.0 server for the upload tests: @tus/server with
# @tus/file-store (pinned in tests/tus-server/package-lock.json), run by
# Node.js on 127.0.0.1 and a free port; and a TCP proxy in front of it that
# throttles and drops connections on command.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The npm packages are installed into TUS_SERVER_DIR (in the build
# directory) by npm_peer.

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import npm_peer
from url_servers import free_port, wait_listening

SOURCE = os.environ.get('TUS_SERVER_SOURCE', os.path.join(os.path.dirname(__file__), '..', 'tus-server'))
INSTALL_DIR = os.environ.get('TUS_SERVER_DIR', os.path.join(tempfile.gettempdir(), 'bgrun-tus-server'))


def install():
    '''Installs the pinned server into INSTALL_DIR unless it is there.'''
    npm_peer.install(SOURCE, INSTALL_DIR, ('server.mjs',))


class TusServer:
    '''@tus/server with uploads under /files, stored in self.store.'''

    def __init__(self):
        install()
        self.store = tempfile.mkdtemp(prefix='bgrun-tus-store-')
        self.port = free_port()
        node = shutil.which('node') or '/usr/bin/node'
        self.process = subprocess.Popen(
            [node, 'server.mjs', str(self.port), self.store], cwd=INSTALL_DIR,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_listening(self.port, self.process)

    def uri(self, port=None):
        return f'http://127.0.0.1:{port or self.port}/files'

    def uploads(self):
        '''The identifiers of the uploads in the file store.'''
        return sorted(name for name in os.listdir(self.store) if not name.endswith('.json'))

    def content(self, upload_id):
        with open(os.path.join(self.store, upload_id), 'rb') as f:
            return f.read()

    def size_of(self, upload_id):
        return os.path.getsize(os.path.join(self.store, upload_id))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.store, ignore_errors=True)


class Proxy:
    '''Forwards 127.0.0.1:self.port to @target_port. `rate` throttles what
    the client sends (bytes a second); `drop_after` closes the first
    connection that forwarded that many bytes to the server. `forwarded`
    counts the bytes the client sent through.'''

    CHUNK = 64 * 1024

    def __init__(self, target_port):
        self.target_port = target_port
        self.rate = None
        self.drop_after = None
        self.forwarded = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(('127.0.0.1', 0))
        self.port = self.listener.getsockname()[1]
        self.closed = False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(('127.0.0.1', self.target_port))
            threading.Thread(target=self.pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self.pipe, args=(upstream, client, False), daemon=True).start()

    def should_drop(self, sent):
        with self.lock:
            if self.drop_after is not None and sent >= self.drop_after:
                self.drop_after = None
                return True
        return False

    def pipe(self, source, target, upstream):
        sent = 0
        try:
            while True:
                limit = self.CHUNK
                if upstream and self.drop_after is not None:
                    limit = max(1, min(limit, self.drop_after - sent))
                data = source.recv(limit)
                if not data:
                    break
                target.sendall(data)
                if upstream:
                    sent += len(data)
                    with self.lock:
                        self.forwarded += len(data)
                    if self.should_drop(sent):
                        break
                    if self.rate:
                        time.sleep(len(data) / self.rate)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def stop(self):
        self.closed = True
        self.listener.close()
