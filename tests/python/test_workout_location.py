# A location session as a workout's data source: a replayed track becomes
# the workout's route, distance and speed; pauses of the workout leave the
# way covered meanwhile out; the location session's own pauses become
# motion pauses; the route is exported to GPX and read back by gpsbabel.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 3 (location). Tracks are replayed at their own pace on
# the test clock, which advances through them in no time.

import csv
import io
import shutil
import subprocess

import pytest

from conftest import Bgrun, Gio, GLib, spin_until
from location_helpers import LONGITUDE, latitude, write_gpx
from workout_helpers import START, EventType, Quantity, State, new_session, now, raises, session_error

APP = 'org.example.WorkoutLocation'

# 1 km north, 50 m every 5 s (10 m/s): 21 fixes.
TRACK = [(i * 5, i * 50) for i in range(21)]
# The distances are geodesic (Vincenty) along a meridian near the equator,
# where location_helpers' metres per degree hold to well under a
# millimetre over a kilometre; the helpers write 9 decimals of a degree
# (0.1 mm). So each total is expected within a centimetre.
TOLERANCE = 0.01


@pytest.fixture
def driver():
    return Bgrun.TestDriver.new(APP)


def location_session(driver, path):
    location = Bgrun.LocationSession.new(driver.get_scheduler())
    location.props.provider = Bgrun.LocationProvider.REPLAY
    replay_file = Gio.File.new_for_path(str(path))
    location.props.replay_file = replay_file
    return location


def running(driver, tmp_path, points=TRACK, speed=1.0):
    '''A running, collecting workout fed by a location session replaying
    @points @speed times faster, both started at the clock's now.'''
    driver.get_clock().set_now(START)
    session = new_session(driver)
    location = location_session(driver, write_gpx(tmp_path / 'track.gpx', points))
    location.props.replay_speed = speed
    session.add_location_source(location)
    start = now(driver)
    session.start_activity(start)
    session.get_builder().begin_collection(start)
    location.start()
    return session, location


def stats(session, quantity):
    return session.get_builder().get_statistics(quantity)


def finish(builder):
    results = []
    builder.finish_workout_async(None, lambda b, result: results.append(result))
    spin_until(lambda: results, what='finish_workout_async')
    return builder.finish_workout_finish(results[0])


def test_a_track_becomes_distance_speed_and_route(driver, tmp_path):
    session, location = running(driver, tmp_path)
    driver.advance(0)
    driver.advance(100)

    distance = stats(session, Quantity.DISTANCE)
    # One sample per fix after the first, 50 m each.
    assert distance.get_count() == 20
    assert distance.get_sum() == pytest.approx(1000, abs=TOLERANCE)
    assert distance.get_most_recent() == pytest.approx(50, abs=TOLERANCE)
    # The replay gives each fix after the first the speed from the one
    # before, over the track's own times: 10 m/s.
    speed = stats(session, Quantity.SPEED)
    assert speed.get_count() == 20
    assert speed.get_minimum() == pytest.approx(10, abs=TOLERANCE / 5)
    assert speed.get_maximum() == pytest.approx(10, abs=TOLERANCE / 5)
    location.stop()


def test_a_track_replayed_faster_keeps_the_runners_speed(driver, tmp_path):
    session, location = running(driver, tmp_path, speed=10)
    driver.advance(0)
    driver.advance(10)
    assert stats(session, Quantity.DISTANCE).get_sum() == pytest.approx(1000, abs=TOLERANCE)
    assert stats(session, Quantity.SPEED).get_average() == pytest.approx(10, abs=TOLERANCE / 5)
    # Dated on the workout's clock: the last sample 10 s after the start.
    last = stats(session, Quantity.DISTANCE).get_most_recent_date()
    assert last.difference(session.props.start_date) == 10 * GLib.USEC_PER_SEC


def test_the_route_exports_to_gpx_with_the_tracks_points(driver, tmp_path):
    if shutil.which('gpsbabel') is None:
        pytest.skip('gpsbabel is missing (tools/debian-packages.txt lists it)')
    session, location = running(driver, tmp_path)
    start = session.props.start_date
    driver.advance(0)
    driver.advance(100)
    location.stop()
    session.stop_activity(None)
    session.get_builder().end_collection(None)
    workout = finish(session.get_builder())
    path = tmp_path / 'run.gpx'
    workout.export_gpx(Gio.File.new_for_path(str(path)))

    out = subprocess.run(['gpsbabel', '-t', '-i', 'gpx', '-f', str(path), '-o', 'unicsv', '-F', '-'],
                         check=True, capture_output=True, text=True).stdout
    points = list(csv.DictReader(io.StringIO(out)))
    assert len(points) == len(TRACK)
    for point, (seconds, north) in zip(points, TRACK):
        assert float(point['Latitude']) == pytest.approx(latitude(north), abs=1e-6)
        assert float(point['Longitude']) == pytest.approx(LONGITUDE, abs=1e-6)
        assert float(point['Altitude']) == pytest.approx(12.0, abs=0.05)
        when = start.add_seconds(seconds)
        assert (point['Date'], point['Time']) == (when.format('%Y/%m/%d'), when.format('%H:%M:%S'))


def test_a_paused_workout_does_not_count_the_way(driver, tmp_path):
    session, location = running(driver, tmp_path)
    driver.advance(0)
    driver.advance(52)          # fixes at 0..50 s: 500 m
    assert stats(session, Quantity.DISTANCE).get_sum() == pytest.approx(500, abs=TOLERANCE)
    session.pause()
    driver.advance(25)          # 55..75 s dropped
    session.resume()
    driver.advance(50)          # 80 s starts afresh; 85..100 s count
    distance = stats(session, Quantity.DISTANCE)
    assert distance.get_sum() == pytest.approx(700, abs=TOLERANCE)
    assert distance.get_count() == 10 + 4
    # The fix that starts afresh has a speed of its own (the replay's,
    # from the dropped fix before it) though no distance.
    assert stats(session, Quantity.SPEED).get_count() == 10 + 5

    session.stop_activity(None)
    session.get_builder().end_collection(None)
    workout = finish(session.get_builder())
    path = tmp_path / 'paused.gpx'
    workout.export_gpx(Gio.File.new_for_path(str(path)))
    text = path.read_text()
    assert text.count('<trkpt') == 11 + 5
    location.stop()


def test_nothing_counts_before_the_workout_runs(driver, tmp_path):
    session = new_session(driver)
    location = location_session(driver, write_gpx(tmp_path / 'track.gpx', TRACK))
    session.add_location_source(location)
    session.prepare()
    location.start()
    driver.advance(0)
    driver.advance(50)          # 0..50 s while prepared: dropped
    start = now(driver)
    session.start_activity(start)
    session.get_builder().begin_collection(start)
    driver.advance(50)          # 55 s starts; 60..100 s count
    assert stats(session, Quantity.DISTANCE).get_sum() == pytest.approx(450, abs=TOLERANCE)
    location.stop()


# 500 m north in 50 s, then standing exactly there until 300 s, then on
# north at 10 m/s until 410 s.
STOP = [(i * 5, i * 50) for i in range(11)] + \
       [(50 + i, 500) for i in range(5, 251, 5)] + \
       [(300 + i, 500 + 10 * i) for i in range(5, 111, 5)]


def test_the_location_sessions_pauses_are_motion_pauses(driver, tmp_path):
    session, location = running(driver, tmp_path, STOP)
    start = session.props.start_date
    driver.advance(0)
    driver.advance(410)

    assert location.props.paused is False
    events = [(e.get_event_type(), e.get_date().difference(start) / GLib.USEC_PER_SEC)
              for e in session.get_builder().get_events()]
    # Paused by the first fix BGRUN_LOCATION_PAUSE_DELAY after the stop at
    # 50 s; resumed by the first fix beyond BGRUN_LOCATION_PAUSE_RADIUS of
    # it: 550 m, at 305 s.
    assert events == [(EventType.MOTION_PAUSED, 50 + Bgrun.LOCATION_PAUSE_DELAY),
                      (EventType.MOTION_RESUMED, 305)]
    # The motion pause is not active time.
    assert session.get_builder().get_elapsed_time() == pytest.approx(410 - (305 - 230))
    # The whole way counts, the 50 m that resumed included (from where
    # the runner stopped); standing still adds nothing.
    assert stats(session, Quantity.DISTANCE).get_sum() == pytest.approx(500 + 1100, abs=TOLERANCE)
    location.stop()


def test_an_app_motion_pause_drops_the_way_too(driver, tmp_path):
    session, location = running(driver, tmp_path)
    builder = session.get_builder()
    driver.advance(0)
    driver.advance(22)          # 0..20 s: 200 m
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_PAUSED, now(driver), 0))
    driver.advance(20)          # 25..40 s dropped
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_RESUMED, now(driver), 0))
    driver.advance(60)          # 45 s starts afresh; 50..100 s count
    assert stats(session, Quantity.DISTANCE).get_sum() == pytest.approx(200 + 550, abs=TOLERANCE)
    location.stop()


def test_a_location_session_feeds_a_workout_once(driver, tmp_path):
    session = new_session(driver)
    location = location_session(driver, write_gpx(tmp_path / 'track.gpx', TRACK))
    session.add_location_source(location)
    with raises(Gio.io_error_quark(), Gio.IOErrorEnum.EXISTS, 'already feeds the workout'):
        session.add_location_source(location)
    # Another location session is another source.
    other = location_session(driver, write_gpx(tmp_path / 'other.gpx', TRACK))
    session.add_location_source(other)


def test_no_location_source_is_added_to_an_ended_session(driver, tmp_path):
    session = new_session(driver)
    session.start_activity(None)
    session.end()
    assert session.props.state == State.ENDED
    location = location_session(driver, write_gpx(tmp_path / 'track.gpx', TRACK))
    with session_error(Bgrun.SessionError.INVALID_STATE, 'ended'):
        session.add_location_source(location)


def test_an_ended_workout_stops_listening(driver, tmp_path):
    session, location = running(driver, tmp_path)
    driver.advance(0)
    driver.advance(50)
    session.end()
    assert session.props.state == State.ENDED
    sum_before = stats(session, Quantity.DISTANCE).get_sum()
    driver.advance(50)          # the location session goes on, unheard
    assert location.props.running is True
    assert stats(session, Quantity.DISTANCE).get_sum() == sum_before
    location.stop()


def fix(north, seconds, speed=-1.0):
    '''A location @north metres up the meridian, taken @seconds after
    START, with @speed (-1: unknown, as GeoClue may say).'''
    return Bgrun.Location.new_full(latitude(north), LONGITUDE, 12.0, 5.0, 5.0, speed, -1.0,
                                   START.add_seconds(seconds))


def test_a_location_without_speed_gets_one_from_its_timestamps(driver, tmp_path):
    # A provider that reports no speed (the replay always derives one), so
    # fixes are handed to the location session's signal directly.
    session, location = running(driver, tmp_path, points=[(0, 0)])
    location.stop()
    location.emit('location-updated', fix(0, 0))
    driver.advance(1)
    location.emit('location-updated', fix(20, 4))         # 20 m in 4 s of its own time
    driver.advance(1)
    location.emit('location-updated', fix(50, 10, 3.5))   # its own speed wins
    speed = stats(session, Quantity.SPEED)
    assert speed.get_count() == 2
    assert speed.get_maximum() == pytest.approx(5, abs=1e-3)
    assert speed.get_most_recent() == pytest.approx(3.5)
    assert stats(session, Quantity.DISTANCE).get_sum() == pytest.approx(50, abs=TOLERANCE)
