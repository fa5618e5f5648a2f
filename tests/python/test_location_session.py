# Location sessions replaying recorded tracks: delivery at the track's
# times or faster, the distance filter, loud automatic pausing, errors that
# name the line, and the environment variable that makes any app replay.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, points 1, 2, 5 and 6. Every replay is timed by the test
# driver's clock, so a ten-minute track runs in no time and exactly.

import os

import pytest

from conftest import Bgrun, Gio, GLib
from location_helpers import Recorder, write_gpx, write_nmea

APP = 'org.example.Tracker'


@pytest.fixture
def driver():
    return Bgrun.TestDriver.new(APP)


def replay_session(driver, path, speed=1.0):
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    session.props.provider = Bgrun.LocationProvider.REPLAY
    # Held by a name: PyGObject warns about a temporary given to a property.
    replay_file = Gio.File.new_for_path(str(path))
    session.props.replay_file = replay_file
    session.props.replay_speed = speed
    return session


def test_the_names_of_the_api(driver):
    assert [Bgrun.LocationProvider.AUTO, Bgrun.LocationProvider.GEOCLUE,
            Bgrun.LocationProvider.GPSD, Bgrun.LocationProvider.REPLAY] == [0, 1, 2, 3]
    assert [a.value_nick for a in (Bgrun.LocationAccuracy.BEST, Bgrun.LocationAccuracy.NEAREST_TEN_METERS,
                                   Bgrun.LocationAccuracy.HUNDRED_METERS, Bgrun.LocationAccuracy.KILOMETER,
                                   Bgrun.LocationAccuracy.THREE_KILOMETERS, Bgrun.LocationAccuracy.REDUCED)] == \
        ['best', 'nearest-ten-meters', 'hundred-meters', 'kilometer', 'three-kilometers', 'reduced']
    assert Bgrun.RegionEvent.ENTER.value_nick == 'enter' and Bgrun.RegionEvent.EXIT.value_nick == 'exit'
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    assert session.props.provider == Bgrun.LocationProvider.AUTO
    assert session.props.replay_speed == 1.0
    assert session.props.desired_accuracy == Bgrun.LocationAccuracy.BEST
    assert session.props.distance_filter == 0.0
    assert session.props.activity_type == Bgrun.LocationActivityType.OTHER
    assert session.props.pauses_updates_automatically is True
    assert session.props.allows_background_updates is False
    assert session.props.location is None
    assert session.props.running is False
    location = Bgrun.Location.new(52.52, 13.405)
    assert location.get_latitude() == 52.52 and location.get_speed() == -1
    assert Bgrun.LOCATION_PAUSE_DELAY == 180 and Bgrun.LOCATION_MAX_REGIONS >= 100


def test_a_replay_follows_the_tracks_own_times(driver, tmp_path):
    track = write_gpx(tmp_path / 'walk.gpx', [(0, 0), (10, 15), (30, 40), (31, 41.5)])
    session = replay_session(driver, track)
    recorder = Recorder(session)
    notified = []
    session.connect('notify::location', lambda *args: notified.append(session.props.location))

    session.start()
    assert session.props.running and session.props.active_provider == 'replay'
    driver.advance(0)
    assert recorder.norths() == [0.0]
    driver.advance(9.9)
    assert recorder.norths() == [0.0]
    driver.advance(0.1)
    assert recorder.norths() == [0.0, 15.0]
    driver.advance(21)
    assert recorder.norths() == [0.0, 15.0, 40.0, 41.5]
    assert session.props.location.get_latitude() == recorder.locations[-1].get_latitude()
    assert len(notified) == 4
    # The fixes keep the track's times, and GPX's missing speed is worked out.
    assert recorder.locations[1].get_timestamp().format_iso8601() == '2026-05-01T08:00:10Z'
    assert recorder.locations[1].get_speed() == pytest.approx(1.5, abs=1e-3)
    assert recorder.locations[1].get_course() == pytest.approx(0.0, abs=1e-6)
    assert recorder.locations[0].get_altitude() == 12.0


def test_a_faster_replay_and_a_stop_that_is_final(driver, tmp_path):
    track = write_nmea(tmp_path / 'drive.nmea', [(i * 10, i * 100) for i in range(10)])
    session = replay_session(driver, track, speed=10)
    recorder = Recorder(session)
    session.start()
    driver.advance(0)
    driver.advance(3)
    assert recorder.norths() == pytest.approx([0.0, 100.0, 200.0, 300.0], abs=0.2)
    session.stop()
    assert session.props.running is False and session.props.active_provider is None
    driver.advance(100)
    assert len(recorder.norths()) == 4
    # A session may start again; the replay starts from the beginning.
    session.start()
    driver.advance(0)
    assert recorder.norths()[-1] == 0.0


def test_the_distance_filter(driver, tmp_path):
    track = write_gpx(tmp_path / 'steps.gpx', [(i, i * 10) for i in range(10)])
    session = replay_session(driver, track)
    session.props.distance_filter = 25
    recorder = Recorder(session)
    session.start()
    driver.advance(10)
    assert recorder.norths() == [0.0, 30.0, 60.0, 90.0]


def test_a_replay_file_that_does_not_parse_names_the_line(driver, tmp_path):
    track = tmp_path / 'broken.gpx'
    track.write_text('<gpx version="1.1">\n<trk><trkseg>\n'
                     '<trkpt lat="1" lon="2"><time>2026-05-01T08:00:00Z</time></trkpt>\n'
                     '<trkpt lat="one" lon="2"><time>2026-05-01T08:00:01Z</time></trkpt>\n'
                     '</trkseg></trk></gpx>\n')
    session = replay_session(driver, track)
    recorder = Recorder(session)
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.location_error_quark(), Bgrun.LocationError.REPLAY_FILE)
    assert str(track) in raised.value.message
    assert 'line 4: lat=“one” is not a number' in raised.value.message
    # failed says it too, once, and nothing runs.
    [(kind, error)] = recorder.signals()
    assert kind == 'failed' and error.message == raised.value.message
    assert session.props.running is False


def test_a_replay_needs_a_file_that_exists(driver, tmp_path):
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    session.props.provider = Bgrun.LocationProvider.REPLAY
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.location_error_quark(), Bgrun.LocationError.INVALID_STATE)
    assert 'replay-file' in raised.value.message
    missing = Gio.File.new_for_path(str(tmp_path / 'missing.gpx'))
    session.props.replay_file = missing
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.location_error_quark(), Bgrun.LocationError.REPLAY_FILE)
    assert 'missing.gpx cannot be read' in raised.value.message


def test_a_running_session_does_not_start_twice(driver, tmp_path):
    session = replay_session(driver, write_gpx(tmp_path / 't.gpx', [(0, 0)]))
    session.start()
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert raised.value.matches(Bgrun.location_error_quark(), Bgrun.LocationError.INVALID_STATE)
    assert APP in raised.value.message


# A drive: 50 m north every 5 s to 500 m, five minutes standing still
# there (with a few metres of GPS jitter), then on north at 10 m/s. NMEA
# keeps positions to 0.0001 minute (0.2 m), hence the approximations.
STOP = [(i * 5, i * 50) for i in range(0, 11)] + \
       [(50 + i, 500 + (3 if i % 20 else -2)) for i in range(5, 301, 5)] + \
       [(350 + i, 500 + 10 * i) for i in range(5, 61, 5)]


def test_updates_pause_loudly_when_the_device_stands_still(driver, tmp_path):
    session = replay_session(driver, write_nmea(tmp_path / 'stop.nmea', STOP), speed=60)
    recorder = Recorder(session)
    paused = []
    session.connect('notify::paused', lambda *args: paused.append(session.props.paused))
    session.start()
    driver.advance(500 / 60)

    assert recorder.signals() == ['paused', 'resumed']
    events = recorder.events
    before = events[:events.index('paused')]
    during = events[events.index('paused') + 1:events.index('resumed')]
    after = events[events.index('resumed') + 1:]
    # Stopped at 500 m at t=50 s; paused by the first fix at least
    # BGRUN_LOCATION_PAUSE_DELAY later (t=230 s), which is not delivered:
    # 11 fixes on the way, 35 while standing (t=55 to 225).
    assert len(before) == 11 + 35
    assert Bgrun.LOCATION_PAUSE_DELAY == 180
    assert during == []
    # Resumed by the first fix beyond BGRUN_LOCATION_PAUSE_RADIUS of where
    # it stopped (550 m), which is delivered, and the rest after it.
    assert after[0][1] == pytest.approx(550, abs=0.2)
    assert len(after) == 12
    assert paused == [True, False]


def test_pausing_can_be_turned_off_and_that_resumes(driver, tmp_path):
    session = replay_session(driver, write_nmea(tmp_path / 'stop.nmea', STOP), speed=60)
    recorder = Recorder(session)
    session.start()
    driver.advance(300 / 60)
    assert recorder.signals() == ['paused']
    count = len(recorder.locations)
    session.props.pauses_updates_automatically = False
    assert recorder.signals() == ['paused', 'resumed']
    assert session.props.paused is False
    driver.advance(1 / 60 * 10)
    assert len(recorder.locations) > count
    driver.advance(500 / 60)
    assert recorder.signals() == ['paused', 'resumed']


def test_fitness_does_not_pause_indoors(driver, tmp_path):
    # HDOP 20 is a 100 m accuracy: no clear view of the sky.
    indoors = write_nmea(tmp_path / 'treadmill.nmea', STOP, hdop=20.0)
    session = replay_session(driver, indoors, speed=60)
    session.props.activity_type = Bgrun.LocationActivityType.FITNESS
    recorder = Recorder(session)
    session.start()
    driver.advance(500 / 60)
    assert recorder.signals() == []
    assert len(recorder.locations) == len(STOP)

    # Outdoors, with good fixes, a fitness session pauses like any other.
    outdoors = write_nmea(tmp_path / 'park.nmea', STOP, hdop=1.0)
    session = replay_session(driver, outdoors, speed=60)
    session.props.activity_type = Bgrun.LocationActivityType.FITNESS
    recorder = Recorder(session)
    session.start()
    driver.advance(500 / 60)
    assert recorder.signals() == ['paused', 'resumed']


def test_the_replay_variable_drives_any_app(driver, tmp_path, monkeypatch):
    track = write_gpx(tmp_path / 'route.gpx', [(0, 0), (10, 100), (20, 200)])
    monkeypatch.setenv('BGRUN_LOCATION_REPLAY', str(track))
    monkeypatch.setenv('BGRUN_LOCATION_REPLAY_SPEED', '10')
    # The app asked for GeoClue, and knows nothing of replays.
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    session.props.provider = Bgrun.LocationProvider.GEOCLUE
    recorder = Recorder(session)
    session.start()
    assert session.props.active_provider == 'replay'
    driver.advance(2)
    assert recorder.norths() == [0.0, 100.0, 200.0]

    monkeypatch.setenv('BGRUN_LOCATION_REPLAY_SPEED', 'fast')
    session.stop()
    with pytest.raises(GLib.Error) as raised:
        session.start()
    assert 'BGRUN_LOCATION_REPLAY_SPEED=fast' in raised.value.message
