#!/usr/bin/python3
# Writes the seed inputs of the fuzz targets that take serialized values,
# answer heads or store files into corpus/<target>/seed-*. The corpora
# then grow with what tools/fuzz --merge keeps. Run it again after a
# format changes.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sqlite3
import sys
import tempfile

import gi

gi.require_version('GLib', '2.0')
from gi.repository import GLib  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
V = GLib.Variant


def write(target, name, data):
    directory = os.path.join(HERE, 'corpus', target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, 'seed-' + name), 'wb') as f:
        f.write(data)


def serialized(type_string, value):
    return V(type_string, value).get_data_as_bytes().get_data()


def resume_data():
    fields = {
        'uri': V('s', 'https://example.org/file.iso'),
        'partial': V('s', '/home/u/.local/state/x/transfers/1.partial'),
        'offset': V('t', 4096), 'expected': V('x', 1 << 20),
        'etag': V('s', '"abc"'), 'last-modified': V('s', 'Sun, 06 Dec 2026 10:00:00 GMT'),
        'checksum': V('s', 'sha256:' + '0' * 64),
    }
    write('resume-data', 'full', serialized('(sqa{sv})', ('org.freedesktop.Bgrun.ResumeData', 1, fields)))
    fields = {k: fields[k] for k in ('uri', 'partial', 'offset')}
    fields['expected'] = V('x', -1)
    write('resume-data', 'unknown-length', serialized('(sqa{sv})', ('org.freedesktop.Bgrun.ResumeData', 1, fields)))
    write('resume-data', 'other-version', serialized('(sqa{sv})', ('org.freedesktop.Bgrun.ResumeData', 2, fields)))


def upload_limit():
    for i, value in enumerate(['max-size=1000000, min-size=1, max-append-size=65536, min-append-size=1, expires=3600',
                               'max-append-size=10;a=1, x=?1, y="s", z=(1 2)', 'max-size=0',
                               'expires=1.5', 'max-append-size=0', 'a, b;c, d=:AAA=:']):
        write('upload-limit', str(i), value.encode())


def answers():
    heads = {
        'ietf': 'HTTP/1.1 204 No Content\r\nUpload-Offset: 1024\r\nUpload-Complete: ?0\r\n'
                'Upload-Limit: max-append-size=512, expires=60\r\n\r\n',
        'tus': 'HTTP/1.1 200 OK\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nUpload-Length: 100\r\n\r\n',
        'options': 'HTTP/1.1 204 No Content\r\nTus-Version: 1.0.0,0.2.2\r\nTus-Extension: creation\r\n\r\n',
    }
    for name, head in heads.items():
        write('upload-headers', name, head.encode())
    ranges = ['bytes 100-199/1000', 'bytes 0-0/*', 'bytes */4096', 'bytes 5-2/1',
              'bytes 0-1/99999999999999999999']
    for i, value in enumerate(ranges):
        write('content-range', str(i), ('HTTP/1.1 206 Partial Content\r\nContent-Range: %s\r\n'
                                        'Content-Length: 100\r\n\r\n' % value).encode())


def request_dicts():
    requests = {
        'refresh': {'kind': V('s', 'app-refresh'), 'identifier': V('s', 'org.example.Fuzz.refresh'),
                    'earliest-begin-date': V('x', 1800000000000000), 'repeat-interval': V('d', 900.0)},
        'processing': {'kind': V('s', 'processing'), 'identifier': V('s', 'org.example.Fuzz.sync'),
                       'requires-network-connectivity': V('b', True),
                       'requires-external-power': V('b', False),
                       'user-info': V('a{sv}', {'n': V('i', 1)})},
        'storage-idle': {'kind': V('s', 'processing'), 'identifier': V('s', 'org.example.Fuzz.tidy'),
                         'requires-storage-not-low': V('b', True),
                         'requires-device-idle': V('b', True)},
        'continued': {'kind': V('s', 'continued-processing'), 'identifier': V('s', 'org.example.Fuzz.export'),
                      'title': V('s', 'Export'), 'subtitle': V('s', 'photos')},
        'huge-interval': {'kind': V('s', 'app-refresh'), 'identifier': V('s', 'org.example.Fuzz.r'),
                          'repeat-interval': V('d', 1e300)},
        'year-9999': {'kind': V('s', 'processing'), 'identifier': V('s', 'org.example.Fuzz.late'),
                      'earliest-begin-date': V('x', 253402300799000000)},
    }
    for name, request in requests.items():
        write('request-dict', name, serialized('(a{sv}b)', (request, name == 'continued')))


def task_dicts():
    configuration = {'discretionary': V('b', True), 'timeout-for-request': V('d', 60.0),
                     'allows-expensive-network-access': V('b', False)}
    upload = {'uri': V('s', 'http://127.0.0.1:8080/up'), 'path': V('ay', b'/tmp/file\0'),
              'method': V('s', 'POST'), 'resumable': V('b', True), 'protocol': V('u', 1),
              'offset': V('t', 10), 'size': V('t', 100), 'mtime': V('x', 1), 'inode': V('t', 2),
              'device': V('t', 3), 'upload-url': V('s', 'http://127.0.0.1:8080/up/1')}
    download = {'uri': V('s', 'https://example.org/a'), 'partial': V('s', '/tmp/a.partial'),
                'offset': V('t', 0), 'expected': V('x', -1), 'etag': V('s', 'W/"1"')}
    write('task-dict', 'all', serialized('(a{sv}a{sv}a{sv})', (configuration, upload, download)))
    write('task-dict', 'bad-types', serialized('(a{sv}a{sv}a{sv})', (
        {'discretionary': V('s', 'yes'), 'timeout-for-request': V('d', -1.0)},
        {'uri': V('s', 'file:///etc/passwd')}, {'expected': V('x', -5)})))


def store_files():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, 'tasks.db')
        db = sqlite3.connect(path)
        db.executescript('''
            PRAGMA journal_mode=WAL;
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            CREATE TABLE requests_2 (app_id TEXT NOT NULL, identifier TEXT NOT NULL,
              seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (app_id, identifier)) WITHOUT ROWID;
            CREATE TABLE history_2 (app_id TEXT NOT NULL, id INTEGER NOT NULL, identifier TEXT NOT NULL,
              event INTEGER NOT NULL, date INTEGER NOT NULL, message TEXT,
              PRIMARY KEY (app_id, id)) WITHOUT ROWID;
            CREATE TABLE kv (app_id TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,
              value BLOB NOT NULL, PRIMARY KEY (app_id, key));
            INSERT INTO schema_version VALUES (2);''')
        blob = serialized('a{sv}', {'kind': V('s', 'processing'), 'identifier': V('s', 'org.example.A.x')})
        for i in range(40):
            db.execute('INSERT INTO requests_2 VALUES (?, ?, ?, ?)', ('org.example.A', 'org.example.A.t%d' % i, i, blob))
            db.execute('INSERT INTO history_2 VALUES (?, ?, ?, ?, ?, ?)',
                       ('org.example.A', i, 'org.example.A.t%d' % i, 1, 1.5e15 + i, 'x' * (i * 50)))
        db.execute('INSERT INTO kv VALUES (?, ?, ?, ?)', ('org.example.A', 'budget', 'd', serialized('d', 1.0)))
        db.commit()
        with open(path, 'rb') as f:
            main = f.read()
        with open(path + '-wal', 'rb') as f:
            wal = f.read()
        db.close()
    # First byte: 0 all database file, 255 all log; the file then the log.
    write('store-rows', 'wal-only', bytes([255]) + wal)
    split = round(len(main) * 255 / (len(main) + len(wal)))
    write('store-rows', 'with-wal', bytes([255 - split]) + main + wal)
    write('store-rows', 'no-wal', bytes([0]) + main)


if __name__ == '__main__':
    resume_data()
    upload_limit()
    answers()
    request_dicts()
    task_dicts()
    store_files()
    sys.exit(0)
