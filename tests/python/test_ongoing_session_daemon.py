# Nothing an ongoing session holds outlives its app, with bgrund: the app
# reports its running sessions to bgrund, which, seeing the app's
# connection go while some still run, records APP_EXITED and withdraws the
# app's notification through org.gtk.Notifications (GNOME Shell's
# interface, mocked here, which GIO then uses for the app's notifications
# too).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 21, point 3 (daemon placement).

import os
import pathlib
import signal
import subprocess
import sys
import tempfile

import pytest

from conftest import ChildLog, Gio, GLib, dbusmock, spin_until
from daemon_helpers import Daemon

CHILD = str(pathlib.Path(__file__).with_name('ongoing_app_child.py'))
APP = CHILD_APP = 'org.example.OngoingChild'
GTK_NOTIFICATIONS = ('org.gtk.Notifications', '/org/gtk/Notifications', 'org.gtk.Notifications')


@pytest.fixture
def daemon():
    made = Daemon(tempfile.mkdtemp())
    made.wait_owned()
    yield made
    made.stop()


@pytest.fixture
def gtk_notifications():
    '''A stand-in for GNOME Shell's org.gtk.Notifications that logs calls.'''
    log = ChildLog()
    process = dbusmock.DBusTestCase.spawn_server(*GTK_NOTIFICATIONS, system_bus=False,
                                                 stdout=log.file)
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    for name, signature in (('AddNotification', 'ssa{sv}'), ('RemoveNotification', 'ss')):
        bus.call_sync(GTK_NOTIFICATIONS[0], GTK_NOTIFICATIONS[1], 'org.freedesktop.DBus.Mock',
                      'AddMethod', GLib.Variant('(sssss)', (GTK_NOTIFICATIONS[2], name, signature,
                                                            '', '')),
                      None, Gio.DBusCallFlags.NO_AUTO_START, -1, None)
    yield log
    process.terminate()
    process.wait()
    log.close()


def history(daemon):
    (entries,) = daemon.bus.call_sync('org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Admin1',
                                      'History', GLib.Variant('(su)', (APP, 0)),
                                      GLib.VariantType.new('(aa{sv})'), Gio.DBusCallFlags.NONE,
                                      -1, None).unpack()
    return [(e['identifier'], e['event'], e['message']) for e in entries]


def attached(daemon):
    (apps,) = daemon.bus.call_sync('org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Admin1',
                                   'ListApps', None, GLib.VariantType.new('(aa{sv})'),
                                   Gio.DBusCallFlags.NONE, -1, None).unpack()
    return any(app['app-id'] == APP and app['attached'] for app in apps)


def exited(daemon):
    return [entry for entry in history(daemon) if entry[1] == 'app-exited']


def calls(log, method):
    return [line for line in log.read().splitlines() if f' {method} ' in line]


def test_bgrund_records_a_killed_apps_session_and_withdraws_its_notification(daemon,
                                                                             gtk_notifications):
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    child = subprocess.Popen([sys.executable, CHILD, 'crash', '-'], stdout=subprocess.PIPE,
                             text=True, env=env)
    word, pid, backend = child.stdout.readline().split()
    assert (word, backend) == ('started', 'daemon')
    spin_until(lambda: calls(gtk_notifications, 'AddNotification'),
               what='the notification, through org.gtk.Notifications')
    assert '"bgrun-ongoing"' in calls(gtk_notifications, 'AddNotification')[0]
    assert exited(daemon) == []

    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()

    spin_until(lambda: exited(daemon), what='the app-exited entry', retry_every=0.1)
    [(identifier, _event, message)] = exited(daemon)
    assert identifier == APP + '.ongoing' and '“Network monitor”' in message
    spin_until(lambda: calls(gtk_notifications, 'RemoveNotification'),
               what='the notification withdrawn by bgrund')
    assert f'"{APP}" "bgrun-ongoing"' in calls(gtk_notifications, 'RemoveNotification')[0]


def test_an_app_that_stops_its_session_leaves_nothing_to_record(daemon):
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    child = subprocess.run([sys.executable, CHILD, 'hold', '-'], stdout=subprocess.PIPE,
                           text=True, env=env, timeout=30)
    assert child.returncode == 0
    assert child.stdout.split('\n')[1:3] == ['ended none', 'returned']
    # Once bgrund has seen the app's connection go, there is nothing to
    # record: the app had reported its session over.
    spin_until(lambda: not attached(daemon), what='bgrund to see the app go', retry_every=0.1)
    assert exited(daemon) == []


def test_an_app_quitting_with_a_session_is_recorded_by_bgrund(daemon):
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    child = subprocess.run([sys.executable, CHILD, 'quit', '-'], stdout=subprocess.PIPE,
                           text=True, env=env, timeout=30)
    assert child.returncode == 0
    assert child.stdout.split('\n')[1:3] == ['ended app-exited', 'returned']
    spin_until(lambda: exited(daemon), what='the app-exited entry', retry_every=0.1)
    spin_until(lambda: not attached(daemon), what='bgrund to see the app go', retry_every=0.1)
    assert len(exited(daemon)) == 1


def test_stop_from_gnome_shell_ends_the_session_as_the_user(daemon, gtk_notifications):
    '''GNOME Shell shows the notification from AddNotification and, when
    the user presses its button, activates the action on the app's
    org.freedesktop.Application interface.'''
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    child = subprocess.Popen([sys.executable, CHILD, 'crash', '-'], stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout.readline().split()[0] == 'started'
        spin_until(lambda: calls(gtk_notifications, 'AddNotification'),
                   what='the notification, through org.gtk.Notifications')
        added = calls(gtk_notifications, 'AddNotification')[0]
        assert '"Network monitor"' in added and '"app.bgrun-ongoing-stop"' in added
        assert '"Stop"' in added

        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        bus.call_sync(CHILD_APP, '/org/example/OngoingChild', 'org.freedesktop.Application',
                      'ActivateAction',
                      GLib.Variant('(sava{sv})', ('bgrun-ongoing-stop', [GLib.Variant('s', '1')],
                                                  {})),
                      None, Gio.DBusCallFlags.NO_AUTO_START, -1, None)
        assert child.stdout.readline().split() == ['ended', 'user-stopped']
        assert child.stdout.readline().split() == ['returned']
        assert child.wait(timeout=10) == 0
        spin_until(lambda: not attached(daemon), what='bgrund to see the app go', retry_every=0.1)
        assert exited(daemon) == []
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
