# Background URL sessions hosted by bgrund, driven over org.bgrun.Transfers1
# directly, as the app side does: the daemon's half of the daemon placement.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/isolate gives this file a private session bus; each test starts its
# own bgrund (BGRUND) with its own state directory, and its own loopback
# HTTP server. An "app" here is a D-Bus connection attached on
# org.bgrun.Broker1; closing it is the app exiting.

import glob
import os
import signal
import sqlite3

import pytest

from conftest import Bgrun, Gio, GLib, spin_until
from daemon_helpers import Daemon, open_bus
from url_helpers import body, server  # noqa: F401  (a fixture)

APP = 'org.example.Hosted'
OTHER_APP = 'org.example.Intruder'
SESSION = APP + '.downloads'
PATH = '/org/bgrun/Broker1'
TRANSFERS = 'org.bgrun.Transfers1'
MIB = 1024 * 1024

DOWNLOAD = int(Bgrun.UrlSessionTaskKind.DOWNLOAD)
UPLOAD = int(Bgrun.UrlSessionTaskKind.UPLOAD)
DATA = int(Bgrun.UrlSessionTaskKind.DATA)
RUNNING = int(Bgrun.UrlSessionTaskState.RUNNING)
COMPLETED = int(Bgrun.UrlSessionTaskState.COMPLETED)
CANCELLED = ('bgrun-url-session-error-quark', int(Bgrun.UrlSessionError.CANCELLED))

# Generous for a loaded machine; a passing download takes a fraction.
TRANSFER_TIMEOUT = 90


@pytest.fixture
def state_dir(tmp_path):
    return str(tmp_path / 'state')


@pytest.fixture
def start(state_dir):
    '''Starts bgrund (test mode unless options are given) on the test's
    state directory; stops every one started at the end.'''
    started = []

    def start_daemon(*args):
        daemon = Daemon(state_dir, *(args or ('--test-mode',)))
        started.append(daemon)
        daemon.wait_owned()
        return daemon
    yield start_daemon
    for daemon in started:
        daemon.stop()
    for daemon in started:
        output = daemon.error_output()
        assert 'CRITICAL' not in output and 'WARNING' not in output, output


class App:
    '''A connection attached as @app_id that records the Transfers1
    signals it gets.'''

    def __init__(self, app_id=APP, attach=True):
        self.bus = open_bus()
        self.changes = []   # (identifier, task)
        self.events = []    # (identifier, sequence, event)
        self.bus.signal_subscribe(None, TRANSFERS, None, PATH, None,
                                  Gio.DBusSignalFlags.NONE, self.on_signal)
        if attach:
            self.bus.call_sync('org.bgrun.Broker1', PATH, 'org.bgrun.Broker1', 'Attach',
                               GLib.Variant('(s)', (app_id,)), None,
                               Gio.DBusCallFlags.NONE, -1, None)

    def on_signal(self, connection, sender, path, interface, name, parameters):
        if name == 'TaskChanged':
            self.changes.append(parameters.unpack())
        elif name == 'TaskEvent':
            self.events.append(parameters.unpack())

    def call(self, method, signature, args, reply=None):
        result = self.bus.call_sync('org.bgrun.Broker1', PATH, TRANSFERS, method,
                                    GLib.Variant(signature, args),
                                    GLib.VariantType.new(reply) if reply else None,
                                    Gio.DBusCallFlags.NONE, -1, None)
        return result.unpack() if reply else None

    def open(self, identifier=SESSION, configuration=None):
        return self.call('OpenSession', '(sa{sv})', (identifier, configuration or {}),
                         '(aa{sv}a(ta{sv}))')

    def create(self, request, identifier=SESSION):
        return self.call('CreateTask', '(sa{sv})', (identifier, request), '(a{sv})')[0]

    def download(self, uri, identifier=SESSION):
        task = self.create({'kind': GLib.Variant('u', DOWNLOAD), 'uri': GLib.Variant('s', uri)},
                           identifier)
        self.control(task['id'], 'resume', identifier)
        return task

    def control(self, task_id, action, identifier=SESSION):
        self.call('ControlTask', '(sts)', (identifier, task_id, action))

    def acknowledge(self, up_to, identifier=SESSION):
        self.call('AcknowledgeEvents', '(st)', (identifier, up_to))

    def received(self, task_id):
        '''The bytes-received TaskChanged said for @task_id, in order.'''
        return [task['bytes-received'] for (_, task) in self.changes if task['id'] == task_id]

    def cancel_midway(self, uri, at_least):
        '''Downloads @uri, cancels it with resume data once @at_least bytes
        came, and waits for its event: (task, resume data, sequence,
        event).'''
        task = self.download(uri)
        spin_until(lambda: any(r >= at_least for r in self.received(task['id'])),
                   timeout=TRANSFER_TIMEOUT, what='some bytes received')
        (resume_data,) = self.call('CancelWithResumeData', '(st)', (SESSION, task['id']), '(ay)')
        spin_until(lambda: self.events, timeout=TRANSFER_TIMEOUT, what='the cancelled task’s event')
        ((_, sequence, event),) = self.events
        return task, resume_data, sequence, event

    def close(self):
        self.bus.close_sync(None)


def remote_error(info):
    return Gio.DBusError.get_remote_error(info.value)


def recorded_events(state_dir, app_id=APP):
    '''The number of events in @app_id's transfers.db, read as bgrunctl
    would; 0 while there is no such table or file yet.'''
    path = os.path.join(state_dir, app_id, 'transfers.db')
    try:
        with sqlite3.connect(f'file:{path}?mode=ro', uri=True) as db:
            return db.execute('SELECT count (*) FROM events').fetchone()[0]
    except sqlite3.Error:
        return 0


def partial_sizes(state_dir):
    return [os.path.getsize(path)
            for path in glob.glob(os.path.join(state_dir, APP, 'transfers', '*.partial'))]


def content_of(event):
    with open(event['location'], 'rb') as f:
        return f.read()


# ---- completions outlive the app -------------------------------------------

def test_a_download_completes_after_the_app_left(start, state_dir, server):
    server.content = body(2 * MIB, seed=1)
    server.rate = 512 * 1024
    start()
    app = App()
    tasks, events = app.open()
    assert (tasks, events) == ([], [])
    task = app.download(server.uri())
    assert task['kind'] == DOWNLOAD and task['uri'] == server.uri()
    spin_until(lambda: any(r > 0 for r in app.received(task['id'])),
               timeout=TRANSFER_TIMEOUT, what='progress as TaskChanged')
    app.close()

    server.rate = None
    spin_until(lambda: recorded_events(state_dir) == 1, timeout=TRANSFER_TIMEOUT,
               what='the completion recorded while no app runs', retry_every=0.1)

    # The next app gets the event in OpenSession's reply, once, with the
    # file kept for it.
    app = App()
    tasks, events = app.open()
    assert tasks == []
    assert len(events) == 1
    sequence, event = events[0]
    assert event['task']['id'] == task['id']
    assert event['task']['state'] == COMPLETED
    assert 'error' not in event['task']
    assert content_of(event) == server.content
    app.close()

    # Not acknowledged: still there for the app after that.
    app = App()
    assert [s for (s, _) in app.open()[1]] == [sequence]
    app.acknowledge(sequence)
    assert app.open()[1] == []
    assert not os.path.exists(event['location']), 'the kept file goes with the event'
    assert app.events == [], 'events in the reply are not sent again'
    app.close()


def test_an_open_session_gets_task_events(start, server):
    server.content = body(MIB, seed=2)
    server.rate = 512 * 1024
    start()
    app = App()
    app.open()
    task = app.download(server.uri())
    spin_until(lambda: app.events, timeout=TRANSFER_TIMEOUT, what='TaskEvent')

    ((identifier, sequence, event),) = app.events
    assert identifier == SESSION
    assert event['task']['id'] == task['id'] and event['task']['state'] == COMPLETED
    assert content_of(event) == server.content

    # Progress went out as TaskChanged, growing, and not more often than
    # ten times a second (with room for a state change or two).
    received = app.received(task['id'])
    assert len(received) >= 2 and received == sorted(received)
    assert any(t['state'] == RUNNING for (_, t) in app.changes)
    assert len(received) <= 10 * (len(server.content) / server.rate) + 10

    app.acknowledge(sequence)
    assert app.open()[1] == []


def test_cancel_with_resume_data_continues_in_a_new_task(start, server):
    server.content = body(3 * MIB, seed=5)
    server.rate = 512 * 1024
    start()
    app = App()
    app.open()
    task, resume_data, first, cancelled = app.cancel_midway(server.uri(), 256 * 1024)
    assert cancelled['task']['error'][:2] == CANCELLED
    assert 'location' not in cancelled

    server.rate = None
    requests_before = len(server.requests)
    again = app.create({'resume-data': GLib.Variant('ay', bytes(resume_data))})
    assert again['id'] != task['id']
    app.control(again['id'], 'resume')
    spin_until(lambda: len(app.events) == 2, timeout=TRANSFER_TIMEOUT, what='the new task’s event')
    (_, second, event) = app.events[1]
    assert second > first
    assert content_of(event) == server.content
    (_, _, headers) = server.requests[requests_before]
    assert headers.get('Range', '').startswith('bytes=') and headers['Range'] != 'bytes=0-'

    # Resume data is used once.
    with pytest.raises(GLib.Error) as info:
        app.create({'resume-data': GLib.Variant('ay', bytes(resume_data))})
    assert remote_error(info) == 'org.bgrun.UrlSessionError.ResumeFailed'


def test_invalidate_and_cancel_then_open_a_new_session(start, server):
    server.content = body(2 * MIB, seed=6)
    server.rate = 256 * 1024
    start()
    app = App()
    app.open()
    task = app.download(server.uri())
    app.call('Invalidate', '(sb)', (SESSION, True))
    spin_until(lambda: app.events, timeout=TRANSFER_TIMEOUT, what='the cancelled task’s event')
    assert app.events[0][2]['task']['id'] == task['id']
    assert app.events[0][2]['task']['error'][:2] == CANCELLED
    with pytest.raises(GLib.Error) as info:
        app.create({'kind': GLib.Variant('u', DOWNLOAD), 'uri': GLib.Variant('s', server.uri())})
    assert remote_error(info) == 'org.bgrun.UrlSessionError.NotAllowed'
    assert 'invalidated' in info.value.message

    # Once its tasks are done, opening the identifier again gives a new
    # session, with the events still to acknowledge.
    tasks, events = app.open()
    assert tasks == [] and len(events) == 1
    assert app.create({'kind': GLib.Variant('u', DOWNLOAD), 'uri': GLib.Variant('s', server.uri())})


# ---- SIGKILL -----------------------------------------------------------------

def test_a_killed_bgrund_continues_the_download(start, state_dir, server):
    server.content = body(6 * MIB, seed=3)
    server.rate = 512 * 1024
    daemon = start()
    app = App()
    app.open()
    task = app.download(server.uri())
    spin_until(lambda: any(r >= MIB for r in app.received(task['id'])),
               timeout=TRANSFER_TIMEOUT, what='a mebibyte received')
    daemon.kill(signal.SIGKILL)
    (on_disk,) = partial_sizes(state_dir)
    app.close()
    requests_before = len(server.requests)

    # The new bgrund takes the download up by itself, before any app
    # comes back.
    server.rate = None
    start()
    spin_until(lambda: recorded_events(state_dir) == 1, timeout=TRANSFER_TIMEOUT,
               what='the download to complete in the new bgrund', retry_every=0.1)
    app = App()
    tasks, events = app.open()
    assert tasks == []
    ((_, event),) = events
    assert event['task']['id'] == task['id']
    assert content_of(event) == server.content, 'byte-identical'

    # It went on with a Range, from the offset recorded on disk: at most
    # 1 MiB of what was on disk was fetched again.
    ranges = [h.get('Range') for (_, _, h) in server.requests[requests_before:]]
    assert ranges and ranges[0] is not None, ranges
    start_at = int(ranges[0][len('bytes='):].split('-')[0])
    assert on_disk - MIB <= start_at <= on_disk


# ---- who may do what -------------------------------------------------------

def test_a_connection_that_did_not_attach_is_not_permitted(start):
    start()
    stranger = App(attach=False)
    with pytest.raises(GLib.Error) as info:
        stranger.open()
    assert remote_error(info) == 'org.bgrun.Error.NotPermitted'
    assert 'Attach' in info.value.message


def test_another_app_cannot_see_or_touch_the_session(start, server):
    start()
    owner = App()
    owner.open()
    task = owner.create({'kind': GLib.Variant('u', DOWNLOAD), 'uri': GLib.Variant('s', server.uri())})

    intruder = App(OTHER_APP)
    with pytest.raises(GLib.Error) as info:
        intruder.control(task['id'], 'resume')
    assert remote_error(info) == 'org.bgrun.UrlSessionError.NotAllowed'
    assert SESSION in info.value.message and 'OpenSession' in info.value.message
    # The same identifier is another session for another app.
    assert intruder.open() == ([], [])
    intruder.control(task['id'], 'cancel')
    intruder.close()

    (kept,) = owner.open()[0]
    assert kept['id'] == task['id'] and kept['state'] != COMPLETED
    assert owner.events == []


# ---- bad calls ---------------------------------------------------------------

def test_bad_calls_get_precise_errors(start, server, tmp_path):
    start()
    app = App()

    def error_of(method, signature, args):
        with pytest.raises(GLib.Error) as info:
            app.call(method, signature, args)
        return remote_error(info), info.value.message

    name, message = error_of('CreateTask', '(sa{sv})', ('org.example.Hosted.unknown', {}))
    assert name == 'org.bgrun.UrlSessionError.NotAllowed' and 'OpenSession' in message

    name, message = error_of('OpenSession', '(sa{sv})', (SESSION, {'discretionary': GLib.Variant('s', 'yes')}))
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and '“discretionary”' in message
    name, message = error_of('OpenSession', '(sa{sv})', (SESSION, {'max-connections-per-host': GLib.Variant('u', 0)}))
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and 'max-connections-per-host' in message
    app.open(configuration={'some-future-key': GLib.Variant('b', True)})  # ignored

    def create_error(request):
        return error_of('CreateTask', '(sa{sv})', (SESSION, request))

    name, message = create_error({'kind': GLib.Variant('u', DOWNLOAD)})
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and '“uri”' in message
    name, message = create_error({'kind': GLib.Variant('s', 'download'), 'uri': GLib.Variant('s', server.uri())})
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and '“kind”' in message
    name, message = create_error({'kind': GLib.Variant('u', 7), 'uri': GLib.Variant('s', server.uri())})
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and '7' in message
    name, message = create_error({'kind': GLib.Variant('u', DOWNLOAD), 'uri': GLib.Variant('s', 'ftp://x/y')})
    assert name == 'org.bgrun.UrlSessionError.InvalidUri' and 'ftp://x/y' in message
    name, message = create_error({'kind': GLib.Variant('u', DATA), 'uri': GLib.Variant('s', server.uri())})
    assert name == 'org.bgrun.UrlSessionError.NotAllowed' and 'download' in message
    name, message = create_error({'kind': GLib.Variant('u', UPLOAD), 'uri': GLib.Variant('s', server.uri()),
                                  'file': GLib.Variant('s', 'relative/file.bin')})
    assert name == 'org.bgrun.UrlSessionError.File' and 'relative/file.bin' in message
    missing = str(tmp_path / 'missing.bin')
    name, message = create_error({'kind': GLib.Variant('u', UPLOAD), 'uri': GLib.Variant('s', server.uri()),
                                  'file': GLib.Variant('s', missing)})
    assert name == 'org.bgrun.UrlSessionError.File' and missing in message
    name, message = create_error({'resume-data': GLib.Variant('ay', b'garbage')})
    assert name == 'org.bgrun.UrlSessionError.ResumeFailed'

    task = app.create({'kind': GLib.Variant('u', DOWNLOAD), 'uri': GLib.Variant('s', server.uri())})
    name, message = error_of('ControlTask', '(sts)', (SESSION, task['id'], 'pause'))
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and '“pause”' in message
    name, message = error_of('UpdateTask', '(sta{sv})', (SESSION, task['id'], {'priority': GLib.Variant('d', 2.0)}))
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and 'priority' in message
    name, message = error_of('UpdateTask', '(sta{sv})',
                             (SESSION, task['id'], {'expected-checksum': GLib.Variant('i', 0)}))
    assert name == 'org.freedesktop.DBus.Error.InvalidArgs' and 'expected-checksum' in message

    # None of that touched the task.
    (kept,) = app.open()[0]
    assert kept['id'] == task['id'] and kept['priority'] == 0.5
    # Unknown tasks are ignored, as the contract says.
    app.control(9999, 'cancel')
    app.call('UpdateTask', '(sta{sv})', (SESSION, task['id'], {'description': GLib.Variant('s', 'Episode 1')}))
    assert app.open()[0][0]['description'] == 'Episode 1'


# ---- staying alive -----------------------------------------------------------

def test_a_running_transfer_keeps_bgrund_from_exiting_when_idle(start, state_dir, server):
    # Six seconds of transfer against a two-second idle timeout: the
    # completion is only recorded if bgrund stayed for it.
    server.content = body(3 * MIB, seed=4)
    server.rate = 512 * 1024
    daemon = start('--idle-timeout', '2')
    app = App()
    app.open()
    app.download(server.uri())
    app.close()

    spin_until(lambda: recorded_events(state_dir) == 1 or not daemon.running,
               timeout=TRANSFER_TIMEOUT, what='the download to complete', retry_every=0.1)
    assert recorded_events(state_dir) == 1, f'bgrund exited mid-download: {daemon.error_output()}'
    assert daemon.wait_exit() == 0, 'idle again once the transfer is done'
