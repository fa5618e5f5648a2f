# Workout exports read back by gpsbabel: GPX 1.1 with heart rate and
# cadence in Garmin's TrackPointExtension v2, and TCX with laps; points,
# times and heart rates compared with what was recorded. Also the route
# points themselves: their checks and their recovery after a crash.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 5.

import csv
import gc
import io
import math
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import Bgrun, Gio, spin_until, usec
from gi.repository import GObject
from workout_helpers import START, EventType, Quantity, workout_error

APP = 'org.example.WorkoutExport'
Code = Bgrun.WorkoutError
TCX = '{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}'
GPX = '{http://www.topografix.com/GPX/1/1}'

pytestmark = pytest.mark.skipif(shutil.which('gpsbabel') is None,
                                reason='gpsbabel is missing (tools/debian-packages.txt lists it)')


def finish(builder):
    results = []
    builder.finish_workout_async(None, lambda b, result: results.append(result))
    spin_until(lambda: results, what='finish_workout_async')
    return builder.finish_workout_finish(results[0])


def gpsbabel(kind, path):
    '''The track points gpsbabel reads from @path: a list of dicts.'''
    out = subprocess.run(['gpsbabel', '-t', '-i', kind, '-f', str(path), '-o', 'unicsv', '-F', '-'],
                         check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def stamp(seconds):
    '''gpsbabel's unicsv Date and Time of START + @seconds.'''
    date = START.add_seconds(seconds)
    time = date.format('%H:%M:%S')
    if seconds != int(seconds):
        time += '.%03d' % round((seconds - int(seconds)) * 1000)
    return date.format('%Y/%m/%d'), time


def position(n):
    return 48.137154 + n * 0.0001, 11.576124 + n * 0.00015, 519.5 + n / 10


class Run:
    '''An outdoor run of 120 s at 1 Hz: route, heart rate (but none from
    40 to 59 s: the sensor was away), cadence, distance; a lap at 60 s, a
    pause from 90 to 100 s (no points, samples or time then).'''

    def __init__(self, driver, location=Bgrun.WorkoutLocationType.OUTDOOR):
        self.session = Bgrun.WorkoutSession.new(driver.get_scheduler(), Bgrun.WorkoutConfiguration.new(
            Bgrun.WorkoutActivityType.RUNNING, location))
        builder = self.builder = self.session.get_builder()
        clock = driver.get_clock()
        clock.set_now(START)
        self.session.start_activity(START)
        builder.begin_collection(START)
        self.seconds = []
        for n in range(121):
            if 90 <= n < 100:
                if n == 90:
                    self.session.pause()
                clock.set_now(START.add_seconds(n + 1))
                continue
            if n == 100:
                self.session.resume()
            if location == Bgrun.WorkoutLocationType.OUTDOOR:
                builder.add_route_point(*position(n), None)
            if not 40 <= n < 60:
                builder.add_sample(Quantity.HEART_RATE, 120 + n % 40, None)
            builder.add_sample(Quantity.CADENCE, 160 + n % 10, None)
            builder.add_sample(Quantity.DISTANCE, 3.5, None)
            builder.add_sample(Quantity.ACTIVE_ENERGY, 0.25, None)
            if n == 60:
                builder.add_event(Bgrun.WorkoutEvent.new(EventType.LAP, clock.get_now(), 60))
            self.seconds.append(n)
            if n < 120:
                clock.set_now(START.add_seconds(n + 1))
        self.session.stop_activity(None)
        builder.end_collection(None)
        self.session.end()
        self.workout = finish(builder)

    def heart_rate(self, n):
        # Up to 10 s old readings count: 40..49 still have 39's.
        if 40 <= n < 50:
            return 120 + 39 % 40
        if 50 <= n < 60:
            return None
        return 120 + n % 40


@pytest.fixture
def driver():
    return Bgrun.TestDriver.new(APP)


def test_gpx_reads_back_with_points_times_heart_rate_and_cadence(driver, tmp_path):
    run = Run(driver)
    path = tmp_path / 'run.gpx'
    run.workout.export_gpx(Gio.File.new_for_path(str(path)))
    points = gpsbabel('gpx', path)
    assert len(points) == len(run.seconds) == 111
    for point, n in zip(points, run.seconds):
        latitude, longitude, altitude = position(n)
        assert float(point['Latitude']) == pytest.approx(latitude, abs=1e-6)
        assert float(point['Longitude']) == pytest.approx(longitude, abs=1e-6)
        assert float(point['Altitude']) == pytest.approx(altitude, abs=0.05)
        assert (point['Date'], point['Time']) == stamp(n)
        expected = run.heart_rate(n)
        assert point.get('Heartrate', '') == ('' if expected is None else str(expected)), n
        assert point['Cadence'] == str(160 + n % 10)


def test_gpx_starts_a_track_segment_after_each_pause(driver, tmp_path):
    run = Run(driver)
    path = tmp_path / 'run.gpx'
    run.workout.export_gpx(Gio.File.new_for_path(str(path)))
    segments = ET.parse(path).getroot().findall(f'{GPX}trk/{GPX}trkseg')
    assert [len(segment) for segment in segments] == [90, 21]
    # gpsbabel sees the same two segments.
    again = subprocess.run(['gpsbabel', '-t', '-i', 'gpx', '-f', str(path), '-o', 'gpx', '-F', '-'],
                           check=True, capture_output=True, text=True).stdout
    assert again.count('<trkseg>') == 2


def test_tcx_reads_back_and_has_a_lap_per_lap_event(driver, tmp_path):
    run = Run(driver)
    path = tmp_path / 'run.tcx'
    run.workout.export_tcx(Gio.File.new_for_path(str(path)))
    points = gpsbabel('gtrnctr', path)
    assert len(points) == 111
    for point, n in zip(points, run.seconds):
        latitude, longitude, _ = position(n)
        assert float(point['Latitude']) == pytest.approx(latitude, abs=1e-6)
        assert float(point['Longitude']) == pytest.approx(longitude, abs=1e-6)
        assert (point['Date'], point['Time']) == stamp(n)
        expected = run.heart_rate(n)
        assert point.get('Heartrate', '') == ('' if expected is None else str(expected)), n

    activity = ET.parse(path).getroot().find(f'{TCX}Activities/{TCX}Activity')
    assert activity.get('Sport') == 'Running'
    laps = activity.findall(f'{TCX}Lap')
    # 0..59 s and 60..120 s less the 10 s pause; 3.5 m and 0.25 kcal a sample.
    assert [float(lap.find(f'{TCX}TotalTimeSeconds').text) for lap in laps] == [60, 50]
    assert [float(lap.find(f'{TCX}DistanceMeters').text) for lap in laps] == [60 * 3.5, 51 * 3.5]
    assert [int(lap.find(f'{TCX}Calories').text) for lap in laps] == [15, 13]
    assert [len(lap.findall(f'{TCX}Track/{TCX}Trackpoint')) for lap in laps] == [60, 51]
    last = laps[1].findall(f'{TCX}Track/{TCX}Trackpoint')[-1]
    assert float(last.find(f'{TCX}DistanceMeters').text) == 111 * 3.5


def test_an_indoor_workout_is_tcx_only(driver, tmp_path):
    run = Run(driver, Bgrun.WorkoutLocationType.INDOOR)
    with pytest.raises(GObject.GError) as caught:
        run.workout.export_gpx(Gio.File.new_for_path(str(tmp_path / 'run.gpx')))
    assert caught.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_SUPPORTED)
    assert 'no route' in caught.value.message and 'TCX' in caught.value.message
    assert not (tmp_path / 'run.gpx').exists()

    path = tmp_path / 'run.tcx'
    run.workout.export_tcx(Gio.File.new_for_path(str(path)))
    root = ET.parse(path).getroot()
    trackpoints = root.findall(f'.//{TCX}Trackpoint')
    # One point per heart-rate sample, without a position.
    assert len(trackpoints) == 111 - 20
    assert all(point.find(f'{TCX}Position') is None for point in trackpoints)
    assert [int(point.find(f'{TCX}HeartRateBpm/{TCX}Value').text) for point in trackpoints] == \
        [120 + n % 40 for n in run.seconds if not 40 <= n < 60]


def test_exporting_to_a_place_that_cannot_be_written(driver, tmp_path):
    run = Run(driver)
    with pytest.raises(GObject.GError) as caught:
        run.workout.export_tcx(Gio.File.new_for_path(str(tmp_path / 'none' / 'run.tcx')))
    assert caught.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND)


# ---- route points ---------------------------------------------------------------------

@pytest.mark.parametrize('latitude,longitude,altitude', [
    (90.5, 0, 0), (-91, 0, 0), (0, 180.1, 0), (0, -181, 0), (math.nan, 0, 0), (0, math.inf, 0),
    (0, 0, math.inf),
])
def test_bad_route_points_are_refused(driver, latitude, longitude, altitude):
    session = Bgrun.WorkoutSession.new(driver.get_scheduler(), Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR))
    session.start_activity(None)
    session.get_builder().begin_collection(None)
    with workout_error(Code.INVALID_SAMPLE, 'route point', '±90'):
        session.get_builder().add_route_point(latitude, longitude, altitude, None)


def test_route_points_come_in_date_order_while_collecting(driver):
    session = Bgrun.WorkoutSession.new(driver.get_scheduler(), Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR))
    builder = session.get_builder()
    with workout_error(Code.NOT_COLLECTING):
        builder.add_route_point(48, 11, math.nan, None)
    session.start_activity(None)
    builder.begin_collection(None)
    now = driver.get_scheduler().props.clock.get_now()
    builder.add_route_point(48, 11, math.nan, now.add_seconds(5))
    with workout_error(Code.OUT_OF_ORDER, 'route point'):
        builder.add_route_point(48, 11, math.nan, now.add_seconds(4))


def test_the_route_survives_a_crash(tmp_path):
    clock = Bgrun.TestClock.new(START)

    def scheduler():
        return GObject.new(Bgrun.Scheduler, app_id=APP, clock=clock, state_directory=str(tmp_path))

    session = Bgrun.WorkoutSession.new(scheduler(), Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.HIKING, Bgrun.WorkoutLocationType.OUTDOOR))
    session.start_activity(None)
    session.get_builder().begin_collection(None)
    for n in range(30):
        session.get_builder().add_route_point(*position(n), None)
        session.get_builder().add_sample(Quantity.HEART_RATE, 100 + n, None)
        clock.advance(1)
    session.get_builder().add_route_point(45, 7, math.nan, None)   # unknown altitude
    del session
    gc.collect()

    results = []
    Bgrun.WorkoutSession.recover_async(scheduler(), None, lambda s, r: results.append(r))
    spin_until(lambda: results, what='recover_async')
    session = Bgrun.WorkoutSession.recover_finish(results[0])
    session.get_builder().end_collection(None)
    path = tmp_path / 'hike.gpx'
    finish(session.get_builder()).export_gpx(Gio.File.new_for_path(str(path)))
    points = gpsbabel('gpx', path)
    assert len(points) == 31
    assert [(float(p['Latitude']), p['Heartrate']) for p in points[:30]] == \
        [(pytest.approx(position(n)[0], abs=1e-6), str(100 + n)) for n in range(30)]
    assert (float(points[30]['Latitude']), points[30]['Altitude']) == (45, '')
