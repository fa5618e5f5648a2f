# A notification's button pressed while the app does not run: bgrund
# (--serve-notifications) shows the app's GNotification through
# org.freedesktop.Notifications (python-dbusmock's notification_daemon on
# the test's own session bus) and, when the button is pressed, runs the
# app's action as GNOME Shell does, which starts the closed app without a
# window; the app gets the action as an intent task with the usual
# deadline. The reply the action starts, a background download, goes on
# in bgrund after the app has exited, as a call declined from a
# notification would.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 6.

import os
import sqlite3

import dbusmock

from conftest import ChildLog, spin_until
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, lines, no_forced_backend, outdir, shared_session_bus, stop_daemon, wait_for_lines)
from test_tasks_connectivity import private_bus, run_app
from url_helpers import body, server  # noqa: F401 (a fixture)

FDO_IFACE = 'org.freedesktop.Notifications'
MIB = 1024 * 1024


def recorded_events(state_dir):
    '''Completions bgrund recorded for the app's background URL sessions.'''
    path = os.path.join(state_dir, APP_ID, 'transfers.db')
    try:
        with sqlite3.connect(f'file:{path}?mode=ro', uri=True) as db:
            return db.execute('SELECT count (*) FROM events').fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_button_pressed_on_a_closed_app_launches_it_and_its_reply_goes_on(
        tmp_path, outdir, monkeypatch, server):
    server.content = body(2 * MIB, seed=7)
    server.rate = 256 * 1024
    bus = private_bus(tmp_path, monkeypatch, bgrund_args=['--serve-notifications'],
                      app_env={'TASKS_REPLY_URI': server.uri()})
    log = ChildLog()
    mock, obj = dbusmock.DBusTestCase.spawn_server_template(
        'notification_daemon', {}, stdout=log.file, system_bus=False)
    try:
        run_app('notify', outdir)
        spin_until(lambda: 'Notify' in log.read(), what='the notification shown')
        shown = log.read()
        assert 'Missed call' in shown and 'Decline' in shown, shown
        assert lines(outdir, 'exited') == ['notify']

        # Pressed once the app has gone: the first notification, its
        # first button.
        obj.EmitSignal(FDO_IFACE, 'ActionInvoked', 'us', [1, 'button0'],
                       dbus_interface=dbusmock.MOCK_IFACE)

        wait_for_lines(outdir, 'exited', 2, 'the app started for the button to quit')
        assert lines(outdir, 'action') == ['decline call-42']
        [ran] = lines(outdir, 'ran')
        kind, identifier, action, parameter = ran.split(' ')
        assert (kind, action, parameter) == ('IntentDidRunRefreshTask', 'decline', "'call-42'")
        assert identifier.startswith(APP_ID + '.intent.')
        assert lines(outdir, 'activated') == []

        # The app has exited; its reply is still on its way, in bgrund.
        assert recorded_events(str(tmp_path / 'state')) == 0
        server.rate = None
        # Seen either as the recorded event or, when bgrund has already
        # started the app and it took the outcome between two looks, as
        # what the app wrote.
        spin_until(lambda: recorded_events(str(tmp_path / 'state')) == 1
                   or lines(outdir, 'reply'), timeout=90,
                   what='the reply completed after the app exited', retry_every=0.2)

        # Its outcome starts the app once more, which takes it.
        wait_for_lines(outdir, 'exited', 3, 'the app started for the reply’s outcome to quit')
        assert lines(outdir, 'reply') == [str(2 * MIB)]
        assert lines(outdir, 'ran')[1] == f'UrlSessionRefreshTask {APP_ID}.replies'
        spin_until(lambda: recorded_events(str(tmp_path / 'state')) == 0,
                   what='the outcome acknowledged', retry_every=0.2)
    finally:
        mock.terminate()
        mock.wait()
        stop_daemon(bus)
        bus.close()
