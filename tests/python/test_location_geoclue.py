# Location from GeoClue 2, as our dbusmock template of it stands in on the
# private system bus: the client's lifecycle (GetClient, DesktopId,
# accuracy level and thresholds, Start, LocationUpdated, Stop and
# DeleteClient), accuracy changes, a denied request, no agent, and no
# GeoClue at all.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, points 1 and 7.

import math
import pathlib

import pytest

from conftest import Bgrun, GLib, mock_bus, spin_until
from location_helpers import Recorder

APP = 'org.example.Weather'
TEMPLATE = str(pathlib.Path(__file__).with_name('geoclue_template.py'))
CLIENT_IFACE = 'org.freedesktop.GeoClue2.Client'


def geoclue_session(driver, accuracy=Bgrun.LocationAccuracy.BEST, distance_filter=0.0):
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    session.props.provider = Bgrun.LocationProvider.GEOCLUE
    session.props.desired_accuracy = accuracy
    session.props.distance_filter = distance_filter
    session.props.pauses_updates_automatically = False
    return session


def client_properties(geoclue, path):
    obj = mock_bus().get_object(geoclue.bus_name, path)
    return obj.GetAll(CLIENT_IFACE, dbus_interface='org.freedesktop.DBus.Properties')


def clients(geoclue):
    return [str(path) for path in geoclue.mock_call('ListClients')]


def active_client(geoclue):
    for path in clients(geoclue):
        if client_properties(geoclue, path)['Active']:
            return path
    return None


def test_the_client_lifecycle(spawn_mock):
    geoclue = spawn_mock(TEMPLATE)
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver, Bgrun.LocationAccuracy.HUNDRED_METERS, distance_filter=50)
    recorder = Recorder(session)
    session.start()
    assert session.props.active_provider == 'geoclue'
    spin_until(lambda: active_client(geoclue) is not None, what='an active GeoClue client', retry_every=0.05)
    path = active_client(geoclue)
    properties = client_properties(geoclue, path)
    assert properties['DesktopId'] == APP
    assert properties['RequestedAccuracyLevel'] == 6   # street
    assert properties['DistanceThreshold'] == 50
    assert properties['TimeThreshold'] == 0

    geoclue.mock_call('SetLocation', 48.8584, 2.2945, 25.0, 35.0, 1.5, 90.0)
    geoclue.mock_call('SetLocation', 48.8590, 2.2945, 30.0, -1.7976931348623157e308, -1.0, -1.0)
    spin_until(lambda: len(recorder.locations) == 2, what='two locations from GeoClue')
    first, second = recorder.locations
    assert (first.get_latitude(), first.get_longitude()) == (48.8584, 2.2945)
    assert first.get_horizontal_accuracy() == 25.0
    assert first.get_altitude() == 35.0
    assert first.get_speed() == 1.5 and first.get_course() == 90.0
    assert abs(first.get_timestamp().to_unix() - GLib.DateTime.new_now_utc().to_unix()) < 60
    # GeoClue's "unknown" values read as libbgrun's.
    assert math.isnan(second.get_altitude())
    assert second.get_speed() == -1 and second.get_course() == -1
    assert recorder.signals() == []

    session.stop()
    spin_until(lambda: clients(geoclue) == [], what='the client deleted', retry_every=0.05)
    assert 'Stop' in geoclue.log() and 'DeleteClient' in geoclue.log()
    geoclue.mock_call('SetLocation', 1.0, 1.0, 10.0, 0.0, 0.0, 0.0)
    geoclue.barrier()
    assert len(recorder.locations) == 2


@pytest.mark.parametrize('accuracy,level', [
    (Bgrun.LocationAccuracy.BEST, 8),
    (Bgrun.LocationAccuracy.NEAREST_TEN_METERS, 8),
    (Bgrun.LocationAccuracy.HUNDRED_METERS, 6),
    (Bgrun.LocationAccuracy.KILOMETER, 5),
    (Bgrun.LocationAccuracy.THREE_KILOMETERS, 4),
    (Bgrun.LocationAccuracy.REDUCED, 1),
])
def test_accuracy_levels(spawn_mock, accuracy, level):
    geoclue = spawn_mock(TEMPLATE)
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver, accuracy)
    session.start()
    spin_until(lambda: active_client(geoclue) is not None, what='an active GeoClue client', retry_every=0.05)
    assert client_properties(geoclue, active_client(geoclue))['RequestedAccuracyLevel'] == level
    session.stop()


def test_accuracy_changes_while_running(spawn_mock):
    geoclue = spawn_mock(TEMPLATE)
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver, Bgrun.LocationAccuracy.BEST)
    session.start()
    spin_until(lambda: active_client(geoclue) is not None, what='an active GeoClue client', retry_every=0.05)
    path = active_client(geoclue)

    session.props.desired_accuracy = Bgrun.LocationAccuracy.THREE_KILOMETERS
    session.props.distance_filter = 1000
    spin_until(lambda: client_properties(geoclue, path)['RequestedAccuracyLevel'] == 4 and
               client_properties(geoclue, path)['DistanceThreshold'] == 1000,
               what='the new accuracy level and threshold', retry_every=0.05)
    assert client_properties(geoclue, path)['Active']
    session.stop()


def test_a_denied_request(spawn_mock):
    geoclue = spawn_mock(TEMPLATE, {'start_error': 'denied'})
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver)
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what='failed')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.ACCESS_DENIED)
    assert APP in error.message and 'privacy settings' in error.message
    assert session.props.running is False
    spin_until(lambda: clients(geoclue) == [], what=lambda: 'the client given back: ' + geoclue.log(),
               retry_every=0.05)


def test_no_agent(spawn_mock):
    geoclue = spawn_mock(TEMPLATE, {'start_error': 'no-agent'})
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver)
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what='failed')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.GEOCLUE_UNAVAILABLE)
    assert 'no GeoClue agent' in error.message and 'Geolocation disabled' in error.message


def test_no_geoclue(spawn_mock):
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver)
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what='failed')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.GEOCLUE_UNAVAILABLE)
    assert 'GeoClue is not available on the system bus' in error.message


def test_auto_turns_to_geoclue_without_gpsd(spawn_mock, monkeypatch):
    import socket
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]
    monkeypatch.setenv('BGRUN_GPSD', f'127.0.0.1:{port}')
    geoclue = spawn_mock(TEMPLATE)
    driver = Bgrun.TestDriver.new(APP)
    session = geoclue_session(driver)
    session.props.provider = Bgrun.LocationProvider.AUTO
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: active_client(geoclue) is not None, what='an active GeoClue client', retry_every=0.05)
    geoclue.mock_call('SetLocation', 10.0, 20.0, 100.0, 0.0, 0.0, 0.0)
    spin_until(lambda: recorder.locations, what='a location through the automatic choice')
    assert session.props.active_provider == 'geoclue'
    assert recorder.signals() == []
