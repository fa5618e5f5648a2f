# Extended runtime sessions as the desktop sees them: the Background
# portal's status line of a running session, and a smart alarm's Stop and
# Snooze actions on a registered GApplication.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 6, points 2 (status line) and 4 (notify_user of a smart alarm).
# Runs with BGRUN_BACKGROUND_PORTAL=1 (set by meson), so the keep-alive
# talks to the Background portal as a sandboxed app would; the portal is
# our template on the private session bus.

import pathlib
import tempfile

import pytest

from conftest import Bgrun, ChildLog, Gio, GLib, dbusmock, spin_idle, spin_until

from gi.repository import GObject  # noqa: E402

APP = 'org.example.SessionApp'
TEMPLATE = str(pathlib.Path(__file__).with_name('keepalive_portal_template.py'))
PORTAL = ('org.freedesktop.portal.Desktop', '/org/freedesktop/portal/desktop')
Type = Bgrun.ExtendedRuntimeType
State = Bgrun.ExtendedRuntimeState
Reason = Bgrun.InvalidationReason


@pytest.fixture
def portal():
    log = tempfile.TemporaryFile(mode='w+')
    process, _ = dbusmock.DBusTestCase.spawn_server_template(TEMPLATE, {}, stdout=log,
                                                             system_bus=False)
    yield
    process.terminate()
    process.wait()


def status_messages():
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync(PORTAL[0], PORTAL[1], 'org.freedesktop.DBus.Mock', 'GetStatusMessages',
                          None, GLib.VariantType('(as)'), Gio.DBusCallFlags.NO_AUTO_START, -1, None)
    return reply.unpack()[0]


def test_the_status_line_counts_down_once_a_minute(portal):
    driver = Bgrun.TestDriver.new(APP)
    session = Bgrun.ExtendedRuntimeSession.new(driver.get_scheduler(), Type.PHYSICAL_THERAPY)
    session.start()
    first = ['Physical therapy session, 60 min left']
    spin_until(lambda: status_messages() == first, what='the first status line')

    driver.advance(59)
    assert status_messages() == first
    driver.advance(1)
    spin_until(lambda: len(status_messages()) == 2, what='the second status line')
    assert status_messages()[-1] == 'Physical therapy session, 59 min left'

    driver.advance(Bgrun.PHYSICAL_THERAPY_DURATION - 61)
    expected = [f'Physical therapy session, {minutes} min left' for minutes in range(60, 0, -1)]
    spin_until(lambda: status_messages()[:60] == expected, what='one status line a minute')
    driver.advance(1)
    assert session.props.state == State.INVALID
    # Nothing more while nothing runs, except clearing the line.
    driver.advance(3600)
    assert status_messages()[60:] in ([], [''])


@pytest.fixture
def notifications():
    '''The notification daemon (dbusmock's template) on the private
    session bus; returns a function listing the Notify calls it received.'''
    log = ChildLog()
    process, _ = dbusmock.DBusTestCase.spawn_server_template('notification_daemon', {},
                                                             stdout=log.file, system_bus=False)

    def notified():
        return [line for line in log.read().splitlines() if ' Notify ' in line]

    yield notified
    process.terminate()
    process.wait()
    log.close()


_application = []


@pytest.fixture
def application(notifications):
    '''The process's one registered GApplication, as in a real app.'''
    if not _application:
        app = Gio.Application(application_id=APP, flags=Gio.ApplicationFlags.NON_UNIQUE)
        app.register(None)
        _application.append(app)
    return _application[0]


def app_session(application):
    clock = Bgrun.TestClock.new(None)
    directory = tempfile.mkdtemp()
    scheduler = GObject.new(Bgrun.Scheduler, application=application, clock=clock,
                            state_directory=directory, frontmost=True)
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, Type.SMART_ALARM)
    reasons = []
    session.connect('invalidated', lambda s, reason, error: reasons.append(reason))
    return clock, session, reasons


def test_notifying_shows_the_alarm_with_stop_and_snooze(application, notifications):
    clock, session, reasons = app_session(application)
    session.start()
    assert not application.has_action('bgrun-smart-alarm-stop')
    session.notify_user(Bgrun.HapticType.NOTIFICATION)
    spin_until(lambda: len(notifications()) == 1, what='the alarm notification')
    [shown] = notifications()
    assert '"Smart alarm"' in shown and '"Stop"' in shown and '"Snooze"' in shown

    application.activate_action('bgrun-smart-alarm-stop', None)
    assert session.props.state == State.INVALID
    assert reasons == [Reason.NONE]
    assert not application.has_action('bgrun-smart-alarm-stop')
    assert not application.has_action('bgrun-smart-alarm-snooze')


def test_snooze_silences_the_alarm_and_rings_again_nine_minutes_later(application,
                                                                      notifications):
    clock, session, reasons = app_session(application)
    session.start()
    session.notify_user(Bgrun.HapticType.NOTIFICATION)
    spin_until(lambda: len(notifications()) == 1, what='the alarm notification')

    application.activate_action('bgrun-smart-alarm-snooze', None)
    assert session.props.state == State.RUNNING
    clock.advance(Bgrun.SMART_ALARM_SNOOZE - 1)
    spin_idle()
    assert len(notifications()) == 1
    clock.advance(1)
    spin_until(lambda: len(notifications()) == 2, what='the alarm to ring again')
    assert '"Snooze"' in notifications()[1]

    clock.advance(Bgrun.SMART_ALARM_DURATION)
    assert reasons == [Reason.EXPIRED]
    assert not application.has_action('bgrun-smart-alarm-snooze')
