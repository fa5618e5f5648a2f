# bgrunctl transfers: the background downloads and uploads a developer
# wants to see, with their state and progress, made here with the public
# API (a background BgrunUrlSession against a loopback server) and read
# back from the stores on disk (--state-dir), from the app itself while it
# runs its engine embedded, and from bgrund, which lists the transfers
# recorded under its state directory whoever runs them.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from conftest import Bgrun, Gio, GLib, spin_idle, spin_until
from daemon_helpers import Daemon
from test_bgrunctl import (ask_admin_here, complete, ctl, ctl_json, ctl_spinning, failed,
                           no_daemon_anywhere)
from url_helpers import body, wait_received, wait_state
import url_servers

APP = 'org.example.CtlTransfers'
OTHER_APP = 'org.example.CtlTransfersOther'
SESSION = APP + '.background'
OTHER_SESSION = OTHER_APP + '.background'
NOBODY = 'org.example.Nobody'

State = Bgrun.UrlSessionTaskState

# Big and slow enough that a download started here is still running when
# it is looked at: nothing moves while the test waits for bgrunctl.
SIZE = 8 * 1024 * 1024
RATE = 512 * 1024
UPLOAD_SIZE = 300 * 1024

TRANSFER_KEYS = {'app-id', 'session', 'id', 'kind', 'state', 'waiting-reason', 'uri',
                 'bytes-received', 'bytes-expected', 'bytes-sent', 'bytes-expected-to-send',
                 'status-code', 'priority', 'upload-protocol'}
HEADINGS = ['APP', 'SESSION', 'TASK', 'KIND', 'STATE', 'PROGRESS', 'URI']


@pytest.fixture(autouse=True)
def no_forced_backend(monkeypatch):
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)


@pytest.fixture
def server():
    test_server = url_servers.TestServer(body(SIZE))
    test_server.rate = RATE
    yield test_server
    test_server.stop()


class App:
    '''An app with its engine embedded, keeping its store and transfers
    under @state; @registered on the test's bus as a GApplication, so
    bgrunctl can ask it.'''

    def __init__(self, app_id, state, registered=False):
        self.application = None
        if registered:
            self.application = Gio.Application(application_id=app_id)
            self.application.register(None)
            self.scheduler = Bgrun.Scheduler(application=self.application, state_directory=state)
        else:
            self.scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state)
        self.sessions = []

    def session(self, identifier):
        config = Bgrun.UrlSessionConfiguration.new_background(identifier)
        session = Bgrun.UrlSession.new(self.scheduler, config)
        self.sessions.append(session)
        return session

    def quit(self):
        '''The app exits: its sessions go, their records stay.'''
        if self.scheduler is None:
            return
        for session in self.sessions:
            session.run_dispose()
        self.scheduler.run_dispose()
        spin_idle()
        self.sessions = []
        self.scheduler = None


class Recorded:
    '''Under one state directory, APP's background session with a
    download suspended mid-way, one waiting for its begin date an hour
    ahead, an upload never started, and a download still running; and
    OTHER_APP's session with one download never started.'''

    def __init__(self, state, server, tmp_path, registered=False):
        self.state = state
        self.app = App(APP, state, registered)
        session = self.app.session(SESSION)

        self.suspended = session.download(server.uri())
        self.suspended.resume()
        wait_received(self.suspended, 64 * 1024)
        self.suspended.suspend()
        wait_state(self.suspended, State.SUSPENDED)

        self.waiting = session.download(server.uri())
        self.waiting.props.description = 'the evening edition'
        self.begin = GLib.DateTime.new_now_utc().add_hours(1)
        self.waiting.props.earliest_begin_date = self.begin
        self.waiting.resume()
        wait_state(self.waiting, State.WAITING, Bgrun.UrlSessionWaitReason.EARLIEST_BEGIN_DATE)

        source = tmp_path / 'photo.jpg'
        source.write_bytes(body(UPLOAD_SIZE, seed=3))
        self.upload = session.upload(server.uri('/upload'), Gio.File.new_for_path(str(source)),
                                     'PUT', False)

        self.running = session.download(server.uri())
        self.running.resume()
        wait_received(self.running, 64 * 1024)

        self.other = App(OTHER_APP, state)
        self.other_task = self.other.session(OTHER_SESSION).download(server.uri())

    def ids(self):
        return [task.props.task_identifier
                for task in (self.suspended, self.waiting, self.upload, self.running)]

    def quit(self):
        self.app.quit()
        self.other.quit()


@pytest.fixture
def recorded(tmp_path, server):
    world = Recorded(str(tmp_path / 'state'), server, tmp_path)
    yield world
    world.quit()


def partial_sizes(state):
    '''The sizes of APP's partial downloads that hold data.'''
    directory = os.path.join(state, APP, 'transfers')
    sizes = (os.path.getsize(os.path.join(directory, name)) for name in os.listdir(directory))
    return [size for size in sizes if size > 0]


def progress_text(done, expected):
    return f'{GLib.format_size(done)} of {GLib.format_size(expected)} ({done * 100 // expected}%)'


def check_listing(transfers, world):
    '''@transfers (bgrunctl's JSON) is what @world recorded, as a user
    reads it.'''
    assert [(t['app-id'], t['session'], t['id']) for t in transfers] == \
        [(APP, SESSION, task_id) for task_id in world.ids()] + \
        [(OTHER_APP, OTHER_SESSION, world.other_task.props.task_identifier)]
    assert all(TRANSFER_KEYS <= set(t) for t in transfers)
    suspended, waiting, upload, running, other = transfers

    # What the partial files hold is the progress shown. (The running
    # download's may be a write further on by now.)
    sizes = partial_sizes(world.state)
    assert len(sizes) == 2 and suspended['bytes-received'] in sizes, sizes
    assert (suspended['kind'], suspended['state'], suspended['waiting-reason']) == \
        ('download', 'suspended', 'none')
    assert 0 < suspended['bytes-received'] < SIZE
    assert suspended['bytes-expected'] == SIZE
    assert suspended['uri'] == world.suspended.props.uri

    assert (waiting['state'], waiting['waiting-reason']) == ('waiting', 'earliest-begin-date')
    assert waiting['earliest-begin-date'] == \
        world.begin.to_unix() * 1_000_000 + world.begin.get_microsecond()
    assert waiting['description'] == 'the evening edition'
    assert (waiting['bytes-received'], waiting['bytes-expected']) == (0, -1)

    assert (upload['kind'], upload['state']) == ('upload', 'suspended')
    assert (upload['bytes-sent'], upload['bytes-expected-to-send']) == (0, UPLOAD_SIZE)
    assert upload['upload-protocol'] == 'auto'

    assert (running['state'], running['waiting-reason']) == ('running', 'none')
    assert 0 < running['bytes-received'] <= SIZE

    assert (other['kind'], other['state'], other['bytes-received']) == ('download', 'suspended', 0)


def cells(heading, line):
    '''The cells of @line under the columns of @heading (aligned by
    characters; sizes have no-break spaces inside).'''
    starts = [heading.index(name) for name in HEADINGS]
    ends = starts[1:] + [None]
    return [line[start:end].rstrip() for start, end in zip(starts, ends)]


def check_table(text, world):
    lines = text.splitlines()
    assert lines[0].split() == HEADINGS
    assert len(lines) == 6
    suspended, waiting, upload, running, other = (cells(lines[0], line) for line in lines[1:])
    received = ctl_json('transfers', '--state-dir', world.state)[0]['bytes-received']

    assert suspended == [APP, SESSION, str(world.suspended.props.task_identifier), 'download',
                         'suspended', progress_text(received, SIZE), world.suspended.props.uri]
    # It never asked the server: its size is not known yet.
    assert waiting[4:6] == ['waiting (earliest-begin-date)', '0 bytes (size unknown)']
    assert upload[3:6] == ['upload', 'suspended', progress_text(0, UPLOAD_SIZE)]
    assert running[4] == 'running'
    assert other[:2] == [OTHER_APP, OTHER_SESSION]


# ---- stores on disk ----------------------------------------------------------

def test_state_dir_lists_every_apps_transfers_with_state_and_progress(recorded):
    check_listing(ctl_json('transfers', '--state-dir', recorded.state), recorded)


def test_state_dir_prints_a_table(recorded):
    result = ctl('transfers', '--state-dir', recorded.state)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ''
    check_table(result.stdout, recorded)


def test_app_filters_and_an_unknown_app_fails(recorded):
    only = ctl_json('transfers', '--state-dir', recorded.state, '--app', OTHER_APP)
    assert [(t['app-id'], t['id']) for t in only] == \
        [(OTHER_APP, recorded.other_task.props.task_identifier)]
    failed(ctl('transfers', '--state-dir', recorded.state, '--app', NOBODY),
           NOBODY, 'no background transfers recorded', recorded.state)


def test_the_listing_survives_the_app_and_shows_what_it_recorded(recorded):
    before = ctl_json('transfers', '--state-dir', recorded.state)
    recorded.quit()
    # The running download was stopped with the app; what it had is on
    # disk, and its record still says it was running.
    after = ctl_json('transfers', '--state-dir', recorded.state)
    check_listing(after, recorded)
    assert after[3]['bytes-received'] >= before[3]['bytes-received']
    del before[3]['bytes-received'], after[3]['bytes-received']
    assert after == before


def test_completions_the_app_was_not_given_are_listed(tmp_path):
    # Twice an app dies handling a completion, in two sessions: each
    # completion waits, recorded, for its session to be created again, and
    # bgrunctl shows it until then.
    state = str(tmp_path / 'state')
    handler_child = os.path.join(os.path.dirname(__file__), 'url_handler_child.py')
    sessions = [SESSION, SESSION + '2']
    small = url_servers.TestServer(body(300_000, seed=5))
    small.rate = 1024 * 1024
    try:
        done, cancelled = (
            subprocess.run([sys.executable, handler_child, state, APP, session, small.uri(), *args],
                           capture_output=True, text=True, timeout=120)
            for session, args in zip(sessions, (['download-finished'], ['task-completed', str(100_000)])))
    finally:
        small.stop()
    assert done.returncode == cancelled.returncode == 7, (done.stderr, cancelled.stderr)
    done_id, cancelled_id = int(done.stdout.split()[0]), int(cancelled.stdout.split()[0])

    listed = ctl_json('transfers', '--state-dir', state)
    assert [(t['session'], t['id'], t['event'], t['state']) for t in listed] == \
        [(sessions[0], done_id, 1, 'completed'), (sessions[1], cancelled_id, 1, 'completed')]
    assert 'error' not in listed[0] and listed[0]['bytes-received'] == 300_000
    assert 'cancelled' in listed[1]['error']
    assert all(set(t) == TRANSFER_KEYS | {'event'} | ({'error'} if 'error' in t else set())
               for t in listed)
    table = ctl('transfers', '--state-dir', state).stdout
    assert 'completed, not yet delivered' in table and 'failed, not yet delivered' in table

    # The app's next sessions are given them: nothing is left to list.
    app = App(APP, state)
    delivered = []
    for identifier in sessions:
        app.session(identifier).connect('events-finished', lambda s: delivered.append(s))
    spin_until(lambda: len(delivered) == 2, what='events-finished of both sessions')
    app.quit()
    assert ctl_json('transfers', '--state-dir', state) == []


def test_no_transfers_and_no_stores(tmp_path):
    empty = tmp_path / 'empty'
    empty.mkdir()
    assert ctl('transfers', '--state-dir', str(empty)).stdout == 'No transfers.\n'
    assert ctl_json('transfers', '--state-dir', str(empty)) == []
    assert os.listdir(empty) == []


def put_row(database, session, key, data):
    with sqlite3.connect(database) as db:
        (seq,) = db.execute('SELECT COALESCE(MAX(seq), 0) + 1 FROM requests').fetchone()
        db.execute('INSERT INTO requests (app_id, identifier, seq, data) VALUES (?, ?, ?, ?)',
                   (session, key, seq, data))
    db.close()


def test_damaged_records_and_databases_are_skipped_with_a_warning(recorded):
    database = os.path.join(recorded.state, APP, 'transfers.db')
    # A well-formed dictionary that is no task record: no resume point.
    not_a_task = GLib.Variant('a{sv}', {'id': GLib.Variant('t', 99), 'kind': GLib.Variant('u', 0),
                                        'state': GLib.Variant('u', 1)})
    put_row(database, SESSION, '99', not_a_task.get_data_as_bytes().get_data())
    broken = os.path.join(recorded.state, 'org.example.Broken', 'transfers.db')
    os.makedirs(os.path.dirname(broken))
    with open(broken, 'wb') as f:
        f.write(b'this is not an SQLite database' * 100)
    with open(broken, 'rb') as f:
        broken_bytes = f.read()

    result = ctl('transfers', '--state-dir', recorded.state, '--json')
    assert result.returncode == 0, result.stderr
    check_listing(json.loads(result.stdout), recorded)
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2, result.stderr
    assert broken in warnings[0] and 'Cannot read the store' in warnings[0]
    assert 'Skipped task 99 of the session “' + SESSION + '”' in warnings[1]
    assert database in warnings[1]
    # Reading repaired, moved or created nothing.
    with open(broken, 'rb') as f:
        assert f.read() == broken_bytes
    assert os.listdir(os.path.dirname(broken)) == ['transfers.db']


# ---- the app, its engine embedded ----------------------------------------------

@pytest.fixture
def registered(tmp_path, server):
    no_daemon_anywhere()
    world = Recorded(str(tmp_path / 'state'), server, tmp_path, registered=True)
    yield world
    world.quit()


def test_an_app_running_its_engine_embedded_lists_its_own_transfers(registered):
    recorded = registered
    result = ctl_spinning('transfers', '--app', APP, '--json')
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    # Only its own, the same as on disk (the running download may have
    # moved on while this process answered).
    on_disk = ctl_json('transfers', '--state-dir', recorded.state, '--app', APP)
    assert [(t['app-id'], t['id'], t['state']) for t in listed] == \
        [(t['app-id'], t['id'], t['state']) for t in on_disk]
    assert listed[:3] == on_disk[:3]

    result = ctl_spinning('transfers', '--app', APP)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == HEADINGS


def ask_app(app_id):
    '''What the app's own org.bgrun.Admin1 answers ListTransfers(@app_id):
    the transfers, or the D-Bus error name.'''
    try:
        return ask_admin_here(APP, 'ListTransfers', app_id)
    except GLib.Error as error:
        return Gio.DBusError.get_remote_error(error)


def test_an_embedded_app_never_shows_another_apps_transfers(registered):
    # OTHER_APP recorded under the same state directory, yet "" is this
    # app only.
    assert {t['app-id'] for t in ask_app('')} == {APP}
    assert len(ask_app('')) == 4
    assert ask_app(OTHER_APP) == 'org.bgrun.Error.NotPermitted'


# ---- bgrund ------------------------------------------------------------------------

@pytest.fixture
def daemon_over(recorded):
    '''bgrund (test mode) on the state directory the apps recorded in,
    after they quit.'''
    recorded.quit()
    daemon = Daemon(recorded.state, '--test-mode', '--idle-timeout', '0')
    daemon.wait_owned()
    yield daemon
    daemon.stop()


def test_bgrund_lists_the_transfers_under_its_state_directory(recorded, daemon_over):
    listed = ctl_json('transfers')
    check_listing(listed, recorded)
    assert listed == ctl_json('transfers', '--state-dir', recorded.state)

    result = ctl('transfers')
    assert result.returncode == 0, result.stderr
    check_table(result.stdout, recorded)


def test_bgrund_filters_by_app_and_names_an_unknown_one(recorded, daemon_over):
    assert [t['app-id'] for t in ctl_json('transfers', '--app', OTHER_APP)] == [OTHER_APP]
    assert [t['app-id'] for t in ctl_json('transfers', '-a', APP)] == [APP] * 4
    failed(ctl('transfers', '--app', NOBODY), NOBODY, 'no background transfers recorded')


# ---- completion ------------------------------------------------------------------

def test_bash_completes_transfers_and_its_apps(recorded):
    assert complete('bgrunctl tra') == ['transfers']
    assert complete('bgrunctl transfers --') == ['--app', '--help', '--json', '--state-dir']
    assert complete(f'bgrunctl --state-dir {recorded.state} transfers --app org.example.CtlT') == \
        [APP, OTHER_APP]
