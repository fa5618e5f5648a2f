# The stores of a chaos round, read and written from outside with
# Python's sqlite3, as a third party would: an app's store rewritten in
# libbgrun's first schema (for the migration scenario), and what a store
# holds of an app after a kill (for the migration and placement-move
# scenarios). chaos.py uses it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import sqlite3
import struct
import tempfile

# libbgrun's schema version 1, as migrations[0] of
# libbgrun/store/bgrun-store-schema.c makes it (tests/c/test-store.c
# writes the same for its migration tests).
SCHEMA_1 = '''
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (1);
CREATE TABLE requests (app_id TEXT NOT NULL, identifier TEXT NOT NULL,
  seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (app_id, identifier));
CREATE INDEX requests_in_order ON requests (app_id, seq);
CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL,
  identifier TEXT NOT NULL, event INTEGER NOT NULL, date INTEGER NOT NULL, message TEXT);
CREATE INDEX history_by_app ON history (app_id);
CREATE TABLE kv (app_id TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,
  value BLOB NOT NULL, PRIMARY KEY (app_id, key));
'''

SCHEMA_VERSION = 4
FILES = ('', '-wal', '-shm')


def embedded_path(state_dir, app_id):
    return os.path.join(state_dir, app_id, 'tasks.db')


def daemon_path(state_dir):
    return os.path.join(state_dir, 'daemon', 'tasks.db')


def rewrite_in_schema_1(path, app_id, old_history):
    '''Rewrites the store at @path (closed, made by the current libbgrun)
    in schema version 1 with the same requests and values, its history,
    and @old_history more entries of tasks that ran long ago: what an app
    updated from the first libbgrun finds on disk.'''
    with sqlite3.connect(path) as db:
        requests = db.execute('SELECT app_id, identifier, seq, data FROM requests').fetchall()
        history = db.execute('SELECT app_id, identifier, event, date, message FROM history '
                             'ORDER BY app_id, id').fetchall()
        values = db.execute('SELECT app_id, key, type, value FROM kv').fetchall()
    db.close()
    for suffix in FILES:
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    past = [(app_id, f'{app_id}.past.{n}', n % 3, 1000000 * n, 'long ago')
            for n in range(old_history)]
    db = sqlite3.connect(path)
    with db:
        db.executescript(SCHEMA_1)
        db.executemany('INSERT INTO requests VALUES (?, ?, ?, ?)', requests)
        db.executemany('INSERT INTO history (app_id, identifier, event, date, message) '
                       'VALUES (?, ?, ?, ?, ?)', past + history)
        db.executemany('INSERT INTO kv VALUES (?, ?, ?, ?)', values)
    db.close()


class Snapshot:
    '''What a store held of @app_id when nobody had it open: read from a
    copy, so that the reading (which recovers the log and checkpoints it)
    leaves the files as the killed process left them.'''

    def __init__(self, path, app_id):
        self.exists = os.path.exists(path)
        self.version = 0
        self.log_bytes = 0
        self.requests = []
        self.running = b''
        self.epoch = 0
        self.holds = False
        self.aside = [name for name in os.listdir(os.path.dirname(path))
                      if '.corrupt-' in name] if os.path.isdir(os.path.dirname(path)) else []
        if not self.exists:
            return
        if os.path.exists(path + '-wal'):
            self.log_bytes = os.path.getsize(path + '-wal')
        with tempfile.TemporaryDirectory() as scratch:
            copy = os.path.join(scratch, 'tasks.db')
            for suffix in FILES[:2]:
                if os.path.exists(path + suffix):
                    shutil.copyfile(path + suffix, copy + suffix)
            self.read(copy, app_id)

    def read(self, copy, app_id):
        db = sqlite3.connect(copy)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if 'schema_version' not in tables:      # killed while making it
                return
            (self.version,) = db.execute('SELECT version FROM schema_version').fetchone()
            self.requests = [row[0] for row in db.execute(
                'SELECT identifier FROM requests WHERE app_id = ?', (app_id,))]
            (history,) = db.execute('SELECT count (*) FROM history WHERE app_id = ?',
                                    (app_id,)).fetchone()
            (values,) = db.execute('SELECT count (*) FROM kv WHERE app_id = ?',
                                   (app_id,)).fetchone()
            epoch = db.execute("SELECT type, value FROM kv WHERE app_id = ? AND key = ?",
                               (app_id, 'placement-epoch')).fetchone()
            running = db.execute("SELECT value FROM kv WHERE app_id = ? AND key = ?",
                                 (app_id, 'running-tasks')).fetchone()
        finally:
            db.close()
        if running is not None:
            self.running = bytes(running[0])
        if epoch is not None and epoch[0] == 't' and len(epoch[1]) == 8:
            (self.epoch,) = struct.unpack('<Q', epoch[1])
        self.holds = bool(self.requests or history or values)

    def has(self, identifier):
        '''Whether @identifier is pending, or running (the engine started
        it, and the app may not have heard of it before the kill): the
        running tasks are a serialized aa{sv}, which holds each task's
        identifier as a nul-terminated string.'''
        return identifier in self.requests or (identifier.encode() + b'\0') in self.running


def live_epoch(path, app_id):
    '''@app_id's placement epoch in the store at @path, read in place while
    another process may be writing it (0 when absent or unreadable).'''
    if not os.path.exists(path):
        return 0
    try:
        db = sqlite3.connect(f'file:{path}?mode=rw', uri=True, timeout=1)
        try:
            row = db.execute("SELECT type, value FROM kv WHERE app_id = ? AND key = ?",
                             (app_id, 'placement-epoch')).fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return 0
    if row is None or row[0] != 't' or len(row[1]) != 8:
        return 0
    return struct.unpack('<Q', row[1])[0]
