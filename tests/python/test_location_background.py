# A location session that allows background updates, as the desktop sees
# it: the Background portal's status line while it runs, a different one
# while updates are paused, and nothing once it stops.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, point 2. Runs with BGRUN_BACKGROUND_PORTAL=1 (set by meson), so
# the keep-alive talks to the Background portal as a sandboxed app would;
# the portal is our template on the private session bus.

import pathlib
import tempfile

import pytest

from conftest import Bgrun, Gio, GLib, dbusmock, spin_until
from location_helpers import Recorder, write_gpx

APP = 'org.example.RunTracker'
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


def portal_call(method, reply_type):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync(PORTAL[0], PORTAL[1], 'org.freedesktop.DBus.Mock', method,
                          None, GLib.VariantType(reply_type), Gio.DBusCallFlags.NO_AUTO_START, -1, None)
    return reply.unpack()[0]


def status_messages():
    return portal_call('GetStatusMessages', '(as)')


def session_for(driver, track):
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    session.props.provider = Bgrun.LocationProvider.REPLAY
    replay_file = Gio.File.new_for_path(str(track))
    session.props.replay_file = replay_file
    session.props.replay_speed = 60
    return session


def test_the_portal_says_the_app_uses_the_location(portal, tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    # Ten minutes standing still after a short walk: the session pauses.
    track = write_gpx(tmp_path / 'wait.gpx', [(0, 0), (10, 50)] + [(10 + i * 10, 50) for i in range(1, 61)])
    session = session_for(driver, track)
    session.props.allows_background_updates = True
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: status_messages() == ['Using your location'], what='the status line')
    requests = portal_call('GetBackgroundRequests', '(aa{sv})')
    assert len(requests) == 1 and requests[0]['reason'] == 'Location updates'

    driver.advance(610 / 60)
    assert recorder.signals() == ['paused']
    spin_until(lambda: status_messages()[-1:] == ['Location updates paused: not moving'],
               what='the paused status line')

    session.stop()
    spin_until(lambda: status_messages()[-1:] == [''], what='the status line cleared')


def test_without_background_updates_nothing_is_asked_of_the_portal(portal, tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    session = session_for(driver, write_gpx(tmp_path / 'short.gpx', [(0, 0), (1, 1)]))
    session.start()
    driver.advance(1)

    # Turned on while running: asked at once; off: released at once.
    session.props.allows_background_updates = True
    spin_until(lambda: status_messages() == ['Using your location'], what='the status line')
    session.props.allows_background_updates = False
    spin_until(lambda: status_messages()[-1:] == [''], what='the status line cleared')
    session.stop()
    assert len(portal_call('GetBackgroundRequests', '(aa{sv})')) == 1


def test_the_session_holds_the_application(portal, tmp_path):
    '''A GApplication with nothing else to do returns from run() right
    after activate unless something holds it: the session with background
    updates does, until it stops. Here on the real clock: thirty fixes 10 s
    apart, replayed 300 times faster, arrive over a second.'''
    track = write_gpx(tmp_path / 'loop.gpx', [(i * 10, i * 20) for i in range(30)])
    app = Gio.Application(application_id='org.example.RunTracker.Held',
                          flags=Gio.ApplicationFlags.NON_UNIQUE)
    scheduler = Bgrun.Scheduler.new('org.example.RunTracker.Held')
    session = Bgrun.LocationSession.new(scheduler)
    session.props.provider = Bgrun.LocationProvider.REPLAY
    replay_file = Gio.File.new_for_path(str(track))
    session.props.replay_file = replay_file
    session.props.replay_speed = 300
    session.props.allows_background_updates = True
    recorder = Recorder(session)

    def on_location(_session, _location):
        if len(recorder.locations) == 30:
            session.stop()

    session.connect('location-updated', on_location)
    app.connect('activate', lambda _app: session.start())
    assert app.run([]) == 0
    assert len(recorder.locations) == 30
    assert session.props.running is False
