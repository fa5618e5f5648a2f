# Workout sessions as the desktop sees them: the Background portal's
# request and status line from the first move of a session until its end.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 1 (the status line). Runs with BGRUN_BACKGROUND_PORTAL=1
# (set by meson), so the keep-alive talks to the Background portal as a
# sandboxed app would; the portal is tests/python/keepalive_portal_template.py
# on the private session bus.

import pathlib
import tempfile

import pytest

from conftest import Bgrun, Gio, GLib, dbusmock, spin_until
from workout_helpers import new_session

APP = 'org.example.WorkoutPortal'
TEMPLATE = str(pathlib.Path(__file__).with_name('keepalive_portal_template.py'))
PORTAL = ('org.freedesktop.portal.Desktop', '/org/freedesktop/portal/desktop')


@pytest.fixture
def portal():
    log = tempfile.TemporaryFile(mode='w+')
    process, _ = dbusmock.DBusTestCase.spawn_server_template(TEMPLATE, {}, stdout=log,
                                                             system_bus=False)
    yield
    process.terminate()
    process.wait()


def mock(method, signature):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync(PORTAL[0], PORTAL[1], 'org.freedesktop.DBus.Mock', method, None,
                          GLib.VariantType(signature), Gio.DBusCallFlags.NO_AUTO_START, -1, None)
    return reply.unpack()[0]


def status_messages():
    return mock('GetStatusMessages', '(as)')


@pytest.mark.parametrize('first', ['prepare', 'start_activity'])
def test_the_status_line_says_workout_in_progress_until_the_end(portal, first):
    driver = Bgrun.TestDriver.new(APP)
    session = new_session(driver)
    assert status_messages() == []
    if first == 'prepare':
        session.prepare()
    else:
        session.start_activity(None)
    spin_until(lambda: status_messages() == ['Workout in progress'], what='the status line')
    assert len(mock('GetBackgroundRequests', '(aa{sv})')) == 1
    session.start_activity(None) if first == 'prepare' else session.pause()
    session.stop_activity(None)
    assert status_messages() == ['Workout in progress']
    session.end()
    spin_until(lambda: status_messages() == ['Workout in progress', ''], what='the line cleared')


def test_a_session_that_never_started_says_nothing(portal):
    driver = Bgrun.TestDriver.new(APP)
    new_session(driver)
    other = Bgrun.TestDriver.new('org.example.WorkoutPortalOther')
    session = new_session(other)
    session.prepare()
    spin_until(lambda: status_messages() == ['Workout in progress'], what='the other app\'s line')
    assert len(mock('GetBackgroundRequests', '(aa{sv})')) == 1
