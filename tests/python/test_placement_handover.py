# Two placements, one schedule: an app's work moves with it between its
# embedded engine (its own store, <state>/<app id>/tasks.db) and bgrund
# (<state>/daemon/tasks.db), once, and a kill -9 in the middle of the
# move loses nothing and duplicates nothing.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/isolate gives this file a private session bus where bgrund is not
# activatable: an app process finds bgrund only while the test runs one.
# The app is a child process (placement_child.py), so it can be killed,
# and each test has its own state directory. The stores are read here
# with Python's sqlite3, as a third party would.

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import TIMEOUT, GLib
from daemon_helpers import Daemon, open_bus

APP = 'org.example.Moving'
HERE = os.path.dirname(os.path.abspath(__file__))
BGRUNCTL = os.environ.get('BGRUNCTL')


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    directory = str(tmp_path / 'state')
    monkeypatch.setenv('BGRUN_STATE_DIR', directory)
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)
    return directory


@pytest.fixture
def daemons(state_dir):
    started = []

    def start():
        daemon = Daemon(state_dir, '--idle-timeout', '0')
        started.append(daemon)
        daemon.wait_owned()
        return daemon

    yield start
    for daemon in started:
        daemon.stop()


def child(scenario, *args, backend=None, wait=True):
    env = dict(os.environ)
    if backend is not None:
        env['BGRUN_BACKEND'] = backend
    process = subprocess.Popen([sys.executable, os.path.join(HERE, 'placement_child.py'),
                                scenario] + [str(arg) for arg in args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if not wait:
        return process
    out, err = process.communicate(timeout=TIMEOUT * 3)
    assert process.returncode == 0, f'{scenario} failed ({process.returncode}): {err}'
    return json.loads(out.strip().splitlines()[-1])


def ids(count):
    return [f'{APP}.work-{n}' for n in range(count)]


def submitted(count):
    return [[identifier, 'submitted'] for identifier in ids(count)]


class Store:
    '''What one store file holds of APP, read with sqlite3.'''

    def __init__(self, path):
        self.path = path

    def read(self):
        if not os.path.exists(self.path):
            return {'requests': [], 'history': 0, 'epoch': 0, 'holds': False}
        # Read-write: after a kill -9 the first reader recovers the log.
        db = sqlite3.connect(f'file:{self.path}?mode=rw', uri=True, timeout=10)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if 'kv' not in tables:      # killed while making it: nothing in it
                return {'requests': [], 'history': 0, 'epoch': 0, 'holds': False}
            requests = [row[0] for row in db.execute(
                'SELECT identifier FROM requests WHERE app_id = ? ORDER BY seq', (APP,))]
            (history,) = db.execute('SELECT count (*) FROM history WHERE app_id = ?',
                                    (APP,)).fetchone()
            epoch = db.execute("SELECT type, value FROM kv WHERE app_id = ? AND key = ?",
                               (APP, 'placement-epoch')).fetchone()
            (values,) = db.execute('SELECT count (*) FROM kv WHERE app_id = ?', (APP,)).fetchone()
        finally:
            db.close()
        if epoch is not None:
            assert epoch[0] == 't'
            epoch = GLib.Variant.new_from_bytes(GLib.VariantType('t'),
                                                GLib.Bytes.new(epoch[1]), False).get_uint64()
        return {'requests': requests, 'history': history, 'epoch': epoch or 0,
                'holds': bool(requests or history or values)}


def embedded_store(state_dir):
    return Store(os.path.join(state_dir, APP, 'tasks.db'))


def daemon_store(state_dir):
    return Store(os.path.join(state_dir, 'daemon', 'tasks.db'))


def bgrunctl_apps(*args):
    assert BGRUNCTL, 'BGRUNCTL is not set: run this test through meson'
    done = subprocess.run([BGRUNCTL, 'apps', '--json'] + list(args), capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return [app['app-id'] for app in json.loads(done.stdout)]


# ---- embedded, then bgrund ---------------------------------------------------

def test_bgrund_takes_the_embedded_work_on_first_attach(state_dir, daemons):
    assert child('fill', APP, 5, backend='local') == {'backend': 'local'}
    assert embedded_store(state_dir).read()['requests'] == ids(5)

    daemons()
    shown = child('show', APP)
    assert shown['backend'] == 'daemon'
    assert shown['pending'] == ids(5)
    assert shown['history'] == submitted(5)

    # Moved, not copied: the app's own store holds nothing of it any more.
    assert not embedded_store(state_dir).read()['holds']
    assert daemon_store(state_dir).read()['requests'] == ids(5)
    assert bgrunctl_apps() == [APP]
    assert bgrunctl_apps('--state-dir', state_dir) == [APP]

    # Once: attaching again finds the same work, nothing added.
    shown = child('show', APP)
    assert (shown['pending'], shown['history']) == (ids(5), submitted(5))


def test_work_submitted_in_each_placement_in_turn_is_kept_once(state_dir, daemons):
    daemon = daemons()
    child('fill', APP, 2)
    daemon.stop()
    child('fill', APP, 3, backend='local')      # takes the 2 back, submits 0 to 2
    daemons()
    shown = child('show', APP)
    assert shown['pending'] == ids(3)
    assert sorted(shown['history']) == sorted(submitted(2) + submitted(3))


# ---- bgrund, then embedded ---------------------------------------------------

def test_an_app_whose_daemon_is_gone_takes_its_work_back(state_dir, daemons):
    daemon = daemons()
    assert child('fill', APP, 4) == {'backend': 'daemon'}
    daemon.stop()

    # No bgrund on the bus, none activatable: the app runs embedded.
    shown = child('show', APP)
    assert shown['backend'] == 'local'
    assert shown['pending'] == ids(4)
    assert shown['history'] == submitted(4)
    assert not daemon_store(state_dir).read()['holds']
    assert bgrunctl_apps('--state-dir', state_dir) == [APP]

    # And back to bgrund: still the same work, once.
    daemons()
    shown = child('show', APP)
    assert shown['backend'] == 'daemon'
    assert (shown['pending'], shown['history']) == (ids(4), submitted(4))
    assert not embedded_store(state_dir).read()['holds']


def test_bgrund_drops_a_copy_the_app_took_back_before_acting_on_it(state_dir, daemons):
    '''The app took its work back and was killed before it could remove
    bgrund's copy: bgrund, started again, drops that copy unread.'''
    daemon = daemons()
    child('fill', APP, 3)
    daemon.stop()
    stale = os.path.join(state_dir, 'stale.db')
    with sqlite3.connect(daemon_store(state_dir).path) as db:
        db.execute('VACUUM INTO ?', (stale,))
    child('show', APP)                           # takes it back, epoch 2
    os.replace(stale, daemon_store(state_dir).path)
    assert daemon_store(state_dir).read()['holds']
    # Reading the stores, bgrunctl leaves the stale copy out.
    assert bgrunctl_apps('--state-dir', state_dir) == [APP]

    daemons()
    assert bgrunctl_apps() == []
    assert not daemon_store(state_dir).read()['holds']
    assert embedded_store(state_dir).read()['requests'] == ids(3)


# ---- kill -9 in the middle of the move -----------------------------------------
#
# There is no fault injection: the process doing the move (bgrund, or the
# app taking its work back) is killed at random points around the move, in
# a loop. Half the rounds kill after a random delay spread over the time a
# whole move was measured to take; the other half as soon as the taking
# store shows its new epoch, which lands between the move's two
# transactions. Each round then checks that exactly one store holds the
# work as its live copy, complete, and that the next attach finds it all,
# once.

COUNT = 300
ROUNDS = 10


def check_one_complete_state(state_dir, count):
    '''Exactly one store holds APP's work as the live copy, complete; a
    store with an older epoch is a stale copy, never the live one.'''
    embedded, daemon = embedded_store(state_dir).read(), daemon_store(state_dir).read()
    holders = [store for store in (embedded, daemon) if store['holds']]
    assert holders, 'the work is in neither store'
    if len(holders) == 2:
        assert embedded['epoch'] != daemon['epoch'], 'both stores hold the work as live'
    live = max(holders, key=lambda store: store['epoch'])
    assert live['requests'] == ids(count)
    assert live['history'] == count
    return 'daemon' if live is daemon else 'embedded', len(holders) == 2


class Mover:
    '''One round of a move: @start() begins it and returns (the process
    doing it, the app showing its work, the store that takes).'''

    def __init__(self, state_dir):
        self.state_dir = state_dir

    def wait_attaching(self, shower):
        line = shower.stdout.readline()
        assert line.strip() == 'attaching', shower.stderr.read()
        return time.monotonic()


class ToDaemon(Mover):
    def prepare(self):
        child('fill', APP, COUNT, backend='local')

    def start(self):
        self.daemon = Daemon(self.state_dir, '--idle-timeout', '0')
        self.daemon.wait_owned()
        shower = child('show', APP, wait=False)
        return self.daemon.process, shower, daemon_store(self.state_dir)

    def finish(self):
        daemon = Daemon(self.state_dir, '--idle-timeout', '0')
        try:
            daemon.wait_owned()
            return child('show', APP)
        finally:
            daemon.stop()

    def stop(self):
        self.daemon.stop()


class ToEmbedded(Mover):
    def prepare(self):
        daemon = Daemon(self.state_dir, '--idle-timeout', '0')
        try:
            daemon.wait_owned()
            child('fill', APP, COUNT)
        finally:
            daemon.stop()

    def start(self):
        shower = child('show', APP, wait=False)
        return shower, shower, embedded_store(self.state_dir)

    def finish(self):
        return child('show', APP)

    def stop(self):
        pass


def move_duration(mover):
    '''How long after "attaching" a whole move ends, in seconds.'''
    mover.prepare()
    _mover, shower, _taker = mover.start()
    attaching = mover.wait_attaching(shower)
    shower.stdout.readline()
    duration = time.monotonic() - attaching
    shower.communicate()
    mover.stop()
    return duration


def kill_rounds(tmp_path, monkeypatch, mover_type):
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)
    random.seed(os.environ.get('BGRUN_TEST_SEED', time.time()))
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'calibration'))
    duration = move_duration(mover_type(str(tmp_path / 'calibration')))
    seen = []
    for round_ in range(ROUNDS):
        state_dir = str(tmp_path / f'state-{round_}')
        monkeypatch.setenv('BGRUN_STATE_DIR', state_dir)
        mover = mover_type(state_dir)
        mover.prepare()

        process, shower, taker = mover.start()
        attaching = mover.wait_attaching(shower)
        if round_ % 2 == 0:
            time.sleep(random.uniform(0.0, 1.5) * duration)
        else:
            while not taker.read()['epoch'] and time.monotonic() - attaching < TIMEOUT:
                time.sleep(0.001)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=TIMEOUT)
        shower.kill()
        shower.communicate()
        seen.append(check_one_complete_state(state_dir, COUNT))

        # The next attach finds it all, once, and the old store empty.
        shown = mover.finish()
        assert shown['pending'] == ids(COUNT)
        assert shown['history'] == submitted(COUNT)
        assert not (embedded_store if mover_type is ToDaemon else daemon_store)(state_dir).read()['holds']
    print(f'a move took {duration:.3f} s; (live copy, a stale copy left) after each kill: {seen}')
    assert any(stale for _live, stale in seen), 'no kill landed between the two steps'


def test_a_kill_during_the_move_to_bgrund_loses_and_duplicates_nothing(tmp_path, monkeypatch):
    kill_rounds(tmp_path, monkeypatch, ToDaemon)


def test_a_kill_during_the_move_back_to_the_app_loses_and_duplicates_nothing(tmp_path,
                                                                             monkeypatch):
    kill_rounds(tmp_path, monkeypatch, ToEmbedded)
