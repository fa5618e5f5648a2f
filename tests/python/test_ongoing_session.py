# Ongoing sessions as the desktop sees them: the notification (through
# org.freedesktop.Notifications: dbusmock's notification daemon, since the
# private session bus has no org.gtk.Notifications, so GIO picks its fdo
# backend), the Background portal (our template, granting or refusing) and
# logind's suspend inhibitor (dbusmock's logind on the private system bus).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 21, points 1 and 2. Runs with BGRUN_BACKGROUND_PORTAL=1 (set by
# meson), so the keep-alive talks to the Background portal as a sandboxed
# app would.

import pathlib
import re
import tempfile
import time

import pytest

from conftest import Bgrun, ChildLog, Gio, GLib, dbusmock, spin_idle, spin_until, system_bus
from portal_helpers import permission_store, set_background_permission  # noqa: F401

from gi.repository import GObject  # noqa: E402

APP = 'org.example.OngoingApp'
TEMPLATE = str(pathlib.Path(__file__).with_name('keepalive_portal_template.py'))
PORTAL = ('org.freedesktop.portal.Desktop', '/org/freedesktop/portal/desktop')
NOTIFICATIONS = ('org.freedesktop.Notifications', '/org/freedesktop/Notifications')
LOGIND = ('org.freedesktop.login1', '/org/freedesktop/login1', 'org.freedesktop.login1.Manager')
STOP_ACTION = 'bgrun-ongoing-stop'
State = Bgrun.OngoingState
Reason = Bgrun.OngoingEndReason


def session_bus():
    return Gio.bus_get_sync(Gio.BusType.SESSION, None)


def mock_call(bus, name, path, method, parameters=None, reply_type=None,
              interface='org.freedesktop.DBus.Mock'):
    reply = bus.call_sync(name, path, interface, method, parameters,
                          GLib.VariantType(reply_type) if reply_type else None,
                          Gio.DBusCallFlags.NO_AUTO_START, -1, None)
    return reply.unpack() if reply is not None else None


# ---- the services ----------------------------------------------------------

@pytest.fixture
def spawn_portal():
    processes = []

    def spawn(**parameters):
        log = tempfile.TemporaryFile(mode='w+')
        process, _ = dbusmock.DBusTestCase.spawn_server_template(TEMPLATE, parameters,
                                                                 stdout=log, system_bus=False)
        processes.append(process)

    yield spawn
    for process in processes:
        process.terminate()
        process.wait()


@pytest.fixture
def portal(spawn_portal):
    spawn_portal()


def status_messages():
    return mock_call(session_bus(), *PORTAL, 'GetStatusMessages', reply_type='(as)')[0]


def background_requests():
    return mock_call(session_bus(), *PORTAL, 'GetBackgroundRequests', reply_type='(aa{sv})')[0]


class Notifications:
    '''dbusmock's notification daemon, and what it was sent, read from its
    log as the server saw it.'''

    ENTRY = re.compile(r'^(?P<time>\d+\.\d+) (?P<method>\w+) (?P<args>.*)$', re.S)
    NOTIFY = re.compile(r'^"(?P<app>[^"]*)" (?P<replaces>\d+) "[^"]*" "(?P<summary>[^"]*)" '
                        r'"(?P<body>[^"]*)" \[(?P<actions>[^\]]*)\]', re.S)

    def __init__(self):
        self.log = ChildLog()
        self.process, _ = dbusmock.DBusTestCase.spawn_server_template(
            'notification_daemon', {'capabilities': 'body actions'}, stdout=self.log.file,
            system_bus=False)

    def entries(self):
        text = self.log.read()
        return [self.ENTRY.match(chunk).groupdict()
                for chunk in re.split(r'\n(?=\d+\.\d+ )', text.strip()) if chunk]

    def notified(self):
        '''Every Notify call, oldest first, with the id the server gave
        (it counts from 1, and keeps the id of a notification replaced).'''
        calls = []
        next_id = 1
        for entry in self.entries():
            if entry['method'] != 'Notify':
                continue
            call = self.NOTIFY.match(entry['args']).groupdict()
            replaces = int(call['replaces'])
            if replaces == 0:
                call['id'] = next_id
                next_id += 1
            else:
                call['id'] = replaces
            labels = re.findall(r'"([^"]*)"', call['actions'])
            call['actions'] = list(zip(labels[0::2], labels[1::2]))
            call['at'] = float(entry['time'])
            calls.append(call)
        return calls

    def closed(self):
        return [int(entry['args']) for entry in self.entries()
                if entry['method'] == 'CloseNotification']

    def invoke(self, notify_id, action_key):
        '''Emits ActionInvoked, as a server does when the user presses a
        button.'''
        mock_call(session_bus(), *NOTIFICATIONS, 'EmitSignal',
                  GLib.Variant('(sssav)', ('org.freedesktop.Notifications', 'ActionInvoked', 'us',
                                           [GLib.Variant('u', notify_id),
                                            GLib.Variant('s', action_key)])))

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()


@pytest.fixture
def notifications():
    server = Notifications()
    yield server
    server.stop()


def inhibitors():
    reply = system_bus().call_sync(LOGIND[0], LOGIND[1], LOGIND[2], 'ListInhibitors', None,
                                   GLib.VariantType('(a(ssssuu))'),
                                   Gio.DBusCallFlags.NO_AUTO_START, -1, None)
    return [(what, who, why) for what, who, why, *_ in reply.unpack()[0]]


_application = []


@pytest.fixture
def application(notifications):
    '''The process's one registered GApplication, as in a real app.'''
    if not _application:
        app = Gio.Application(application_id=APP, flags=Gio.ApplicationFlags.NON_UNIQUE)
        app.register(None)
        _application.append(app)
    return _application[0]


@pytest.fixture
def scheduler(application):
    made = GObject.new(Bgrun.Scheduler, application=application, clock=Bgrun.TestClock.new(None),
                       state_directory=tempfile.mkdtemp(), frontmost=True)
    sessions = []
    made.sessions = sessions
    yield made
    for session in sessions:
        session.stop()
    # A session's end reaches the notification up to a quarter of a second
    # later; let it go out before the next test's server starts.
    drain(0.5)


def drain(seconds):
    '''Runs the main loop for @seconds: only for letting deferred work out
    at the end of a test, never to wait for what a test checks.'''
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    source = GLib.timeout_source_new(int(seconds * 1000))
    source.set_callback(lambda *_: GLib.SOURCE_REMOVE)
    source.attach(context)
    while time.monotonic() < deadline:
        context.iteration(True)
    source.destroy()


def new_session(scheduler, title, **props):
    session = Bgrun.OngoingSession.new(scheduler, title)
    for name, value in props.items():
        session.set_property(name, value)
    session.ended_with = []
    session.connect('ended', lambda s, reason: s.ended_with.append(reason))
    scheduler.sessions.append(session)
    return session


# ---- starting --------------------------------------------------------------

def test_start_needs_the_app_frontmost_and_says_how(scheduler, portal):
    scheduler.props.frontmost = False
    session = new_session(scheduler, 'Network monitor')
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.session_error_quark(),
                                Bgrun.SessionError.MUST_BE_ACTIVE_TO_START_OR_SCHEDULE)
    assert APP in raised.value.message and '“Network monitor”' in raised.value.message
    assert 'user action' in raised.value.message
    assert session.props.state == State.NOT_STARTED

    scheduler.props.frontmost = True
    session.start()
    assert session.props.state == State.RUNNING


def test_a_session_is_not_reusable(scheduler, portal):
    session = new_session(scheduler, 'Network monitor')
    session.start()
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.session_error_quark(), Bgrun.SessionError.INVALID_STATE)
    session.stop()
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.session_error_quark(), Bgrun.SessionError.INVALID_STATE)
    assert 'create a new one' in raised.value.message
    assert session.ended_with == [Reason.NONE]
    assert session.props.end_reason == Reason.NONE


def test_the_notification_shows_title_status_and_stop(scheduler, notifications, portal):
    session = new_session(scheduler, 'Port scanner', status='12 devices, 0 packets')
    session.start()
    spin_until(lambda: notifications.notified(), what='the notification')
    [shown] = notifications.notified()
    assert shown['app'] == '' and shown['summary'] == 'Port scanner'
    assert shown['body'] == '12 devices, 0 packets'
    assert shown['actions'] == [(f'app.{STOP_ACTION}::1', 'Stop')]

    # The Background portal lists the app with the title as its status.
    spin_until(lambda: 'Port scanner' in status_messages(), what='the status line')
    assert 'Port scanner' in [r['reason'] for r in background_requests()]

    session.stop()
    spin_until(lambda: notifications.closed() == [shown['id']], what='the withdrawal')
    spin_until(lambda: status_messages()[-1] == '', what='the status line cleared')
    assert session.ended_with == [Reason.NONE]


def test_stop_on_the_notification_ends_the_session_before_teardown(application, scheduler,
                                                                    notifications, portal):
    session = new_session(scheduler, 'Network monitor')
    seen_in_handler = []

    def on_ended(s, reason):
        seen_in_handler.append((reason, s.props.state, application.has_action(STOP_ACTION),
                                notifications.closed()))

    session.connect('ended', on_ended)
    session.start()
    spin_until(lambda: notifications.notified(), what='the notification')
    [shown] = notifications.notified()
    key, label = shown['actions'][0]
    assert label == 'Stop'

    notifications.invoke(shown['id'], key)
    spin_until(lambda: session.props.state == State.ENDED, what='the session to end')
    assert session.props.end_reason == Reason.USER_STOPPED
    assert session.ended_with == [Reason.USER_STOPPED]
    # In the handler, nothing was torn down yet: the Stop action was still
    # installed and the notification still there.
    assert seen_in_handler == [(Reason.USER_STOPPED, State.ENDED, True, [])]
    assert not application.has_action(STOP_ACTION)
    assert session.props.end_message is None


def test_an_action_for_a_session_that_ended_is_ignored(application, scheduler, notifications,
                                                       portal):
    first = new_session(scheduler, 'Network monitor')
    first.start()
    second = new_session(scheduler, 'Sync')
    second.start()
    application.activate_action(STOP_ACTION, GLib.Variant('s', '99'))
    application.activate_action(STOP_ACTION, GLib.Variant('s', 'not a number'))
    assert first.props.state == State.RUNNING and second.props.state == State.RUNNING
    application.activate_action(STOP_ACTION, GLib.Variant('s', '2'))
    assert second.ended_with == [Reason.USER_STOPPED] and first.props.state == State.RUNNING


def test_sessions_of_one_app_share_one_notification(scheduler, notifications, portal):
    monitor = new_session(scheduler, 'Network monitor', status='3 packets')
    monitor.start()
    sync = new_session(scheduler, 'Sync')
    sync.start()
    spin_until(lambda: any(n['summary'] == '2 activities running'
                           for n in notifications.notified()),
               what='the notification listing both')
    listing = notifications.notified()[-1]
    assert listing['id'] == notifications.notified()[0]['id']
    assert listing['body'] == 'Network monitor — 3 packets\nSync'
    assert listing['actions'] == [(f'app.{STOP_ACTION}::1', 'Stop “Network monitor”'),
                                  (f'app.{STOP_ACTION}::2', 'Stop “Sync”')]

    notifications.invoke(listing['id'], listing['actions'][1][0])
    spin_until(lambda: sync.props.state == State.ENDED, what='Sync to end')
    assert sync.props.end_reason == Reason.USER_STOPPED
    assert monitor.props.state == State.RUNNING
    # A server closes a notification whose button was pressed: the one
    # left is shown anew.
    spin_until(lambda: notifications.notified()[-1]['summary'] == 'Network monitor',
               what='the notification of the session left')
    assert notifications.notified()[-1]['actions'] == [(f'app.{STOP_ACTION}::1', 'Stop')]


def test_status_updates_are_rate_limited_and_the_latest_always_shows(scheduler, notifications,
                                                                     portal):
    session = new_session(scheduler, 'Network monitor', status='0 packets')
    session.start()
    spin_until(lambda: notifications.notified(), what='the notification')
    first_seen = time.monotonic()

    context = GLib.MainContext.default()
    for count in range(1, 21):
        session.props.status = f'{count} packets'
        while context.iteration(False):
            pass
        time.sleep(0.02)
    assert len(notifications.notified()) == 1

    spin_until(lambda: len(notifications.notified()) == 2, what='the trailing update')
    merged_after = time.monotonic() - first_seen
    shown = notifications.notified()
    assert shown[1]['body'] == '20 packets' and shown[1]['id'] == shown[0]['id']
    assert merged_after >= Bgrun.ONGOING_STATUS_MIN_INTERVAL - 0.5
    assert shown[1]['at'] - shown[0]['at'] >= Bgrun.ONGOING_STATUS_MIN_INTERVAL - 0.05

    # Once the interval has passed, a change shows at once.
    time.sleep(Bgrun.ONGOING_STATUS_MIN_INTERVAL)
    session.props.status = '21 packets'
    spin_until(lambda: len(notifications.notified()) == 3, timeout=0.5,
               what='an update at once')
    assert notifications.notified()[2]['body'] == '21 packets'


# ---- the desktop's say ----------------------------------------------------

def test_a_granting_portal_lets_the_session_run(scheduler, portal):
    session = new_session(scheduler, 'Network monitor')
    session.start()
    spin_until(lambda: background_requests(), what='the background request')
    # The Response follows the request's reply: a round trip after it, the
    # answer has been handled.
    spin_until(lambda: 'Network monitor' in status_messages(), what='the status line')
    mock_call(session_bus(), *PORTAL, 'GetStatusMessages', reply_type='(as)')
    GLib.MainContext.default().iteration(False)
    assert session.props.state == State.RUNNING and session.ended_with == []


def test_a_refusing_portal_ends_the_session_saying_where_to_allow_it(application, scheduler,
                                                                     spawn_portal):
    spawn_portal(background=False)
    session = new_session(scheduler, 'Network monitor')
    session.start()
    spin_until(lambda: session.props.state == State.ENDED, what='the refusal')
    assert session.ended_with == [Reason.DENIED]
    assert session.props.end_reason == Reason.DENIED
    message = session.props.end_message
    assert 'Settings ▸ Apps' in message and APP in message and 'Run in Background' in message
    assert not application.has_action(STOP_ACTION)


def test_taking_the_permission_back_later_ends_the_session(scheduler, portal, permission_store):
    session = new_session(scheduler, 'Network monitor')
    session.start()
    spin_until(lambda: 'Network monitor' in status_messages(), what='the status line')
    # Another app's answer, or a yes, changes nothing.
    set_background_permission('org.example.Other', 'no')
    set_background_permission(APP, 'yes')
    spin_idle()
    assert session.props.state == State.RUNNING

    set_background_permission(APP, 'no')
    spin_until(lambda: session.props.state == State.ENDED, what='the permission taken back')
    assert session.ended_with == [Reason.DENIED]


def test_prevents_sleep_holds_a_suspend_inhibitor_while_it_runs(scheduler, spawn_mock, portal):
    spawn_mock('logind')
    session = new_session(scheduler, 'Network monitor', prevents_sleep=True)
    in_handler = []
    session.connect('ended', lambda s, r: in_handler.append(inhibitors()))
    session.start()
    spin_until(lambda: inhibitors() == [('sleep', APP, 'Network monitor')],
               what='the suspend inhibitor')

    session.props.prevents_sleep = False
    spin_until(lambda: inhibitors() == [], what='the inhibitor to go')
    session.props.prevents_sleep = True
    spin_until(lambda: inhibitors() == [('sleep', APP, 'Network monitor')],
               what='the inhibitor again')

    session.stop()
    assert in_handler == [[('sleep', APP, 'Network monitor')]]
    spin_until(lambda: inhibitors() == [], what='the inhibitor released')


def test_no_inhibitor_without_prevents_sleep(scheduler, spawn_mock, portal):
    spawn_mock('logind')
    quiet = new_session(scheduler, 'Network monitor')
    quiet.start()
    # Both ask logind on one connection, in order: once the second one's
    # inhibitor is there, the first one's would have been too.
    sleepless = new_session(scheduler, 'Backup', prevents_sleep=True)
    sleepless.start()
    spin_until(lambda: inhibitors() != [], what="the second session's inhibitor")
    assert inhibitors() == [('sleep', APP, 'Backup')]


def test_a_session_outlives_its_disposed_scheduler(application, notifications, portal):
    scheduler = GObject.new(Bgrun.Scheduler, application=application,
                            clock=Bgrun.TestClock.new(None), state_directory=tempfile.mkdtemp(),
                            frontmost=True)
    session = Bgrun.OngoingSession.new(scheduler, 'Network monitor')
    ended = []
    session.connect('ended', lambda s, reason: ended.append(reason))
    session.start()
    spin_until(lambda: notifications.notified(), what='the notification')
    scheduler.run_dispose()
    # The session holds what it shares with the app's other sessions: it
    # goes on, and ends cleanly (criticals are fatal in the tests).
    assert session.props.state == State.RUNNING and application.has_action(STOP_ACTION)
    session.stop()
    assert ended == [Reason.NONE] and session.props.state == State.ENDED
    assert not application.has_action(STOP_ACTION)
    spin_until(lambda: notifications.closed(), what='the notification withdrawn')
