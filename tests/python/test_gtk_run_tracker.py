'''The GTK 4 run tracker (demos/run-tracker.py), on a virtual X server of
its own, replaying a track the test writes: its window appears with the
session running on the replay, the track is drawn (the saved drawing has
the track's colour along the path), the region on the way is entered and
left, and the demo quits cleanly. With a workout's heart-rate samples
replayed too, Lap and Export pressed: the live heart rate, and the GPX and
TCX written, read back (gpsbabel) with the track's points, the heart rate
and the laps.

Issue 14, point 9; issue 15, point 7. Skipped, visibly, only when GTK 4's typelib or Xvfb is
missing (tools/debian-packages.txt installs both).'''

import csv
import io
import os
import pathlib
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET

import gi
import pytest

from location_helpers import LONGITUDE, latitude, write_gpx
from display_helpers import (  # noqa: F401 (display is a fixture)
    DEMO_TIMEOUT, NEEDS_DISPLAY, PYTHON, display, read_line, window_titles)

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'run-tracker.py'

pytestmark = NEEDS_DISPLAY


def track_pixels(png):
    '''How many pixels of the track's colour the drawing has, and its size.'''
    gi.require_version('GdkPixbuf', '2.0')
    from gi.repository import GdkPixbuf
    pixbuf = GdkPixbuf.Pixbuf.new_from_file(str(png))
    data = pixbuf.get_pixels()
    n, stride = pixbuf.get_n_channels(), pixbuf.get_rowstride()
    count = 0
    for y in range(pixbuf.get_height()):
        for x in range(pixbuf.get_width()):
            r, g, b = data[y * stride + x * n:y * stride + x * n + 3]
            if r > 200 and g < 60 and b < 70:
                count += 1
    return count, pixbuf.get_width(), pixbuf.get_height()


def test_the_track_is_drawn_as_it_is_replayed(display, tmp_path):
    # 1 km north in 100 s, through a 100 m region at 500 m.
    track = write_gpx(tmp_path / 'run.gpx', [(i * 5, i * 50) for i in range(21)])
    snapshot = tmp_path / 'drawing.png'
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
               GTK_A11Y='none')
    demo = subprocess.Popen([PYTHON, str(DEMO), '--replay', str(track), '--speed', '50',
                             '--region', f'{latitude(500)},{LONGITUDE},100',
                             '--exit-after-fixes', '21', '--snapshot', str(snapshot)],
                            env=env, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + DEMO_TIMEOUT
        assert read_line(demo.stdout, deadline, 'the window') == \
            'run-tracker: window shown, tracking with replay\n'
        assert 'Run Tracker' in window_titles(display)
        assert read_line(demo.stdout, deadline, 'the entry') == 'run-tracker: entered region1\n'
        assert read_line(demo.stdout, deadline, 'the exit') == 'run-tracker: left region1\n'
        assert read_line(demo.stdout, deadline, 'the end') == 'run-tracker: drew 21 locations, 1000 m\n'
        assert demo.wait(timeout=DEMO_TIMEOUT) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()

    red, width, height = track_pixels(snapshot)
    # A 4-pixel line along most of the drawing's height: north is up.
    assert width >= 300 and height >= 200
    assert red >= 3 * 0.8 * height, red


def test_a_track_that_does_not_parse_is_said(display, tmp_path):
    track = tmp_path / 'broken.nmea'
    track.write_text('$GPRMC,080000.00,A,5231.2000,N\n')
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
               GTK_A11Y='none')
    child = subprocess.run([PYTHON, str(DEMO), '--replay', str(track), '--exit-after-fixes', '1'],
                           env=env, capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert child.returncode == 1
    assert 'run-tracker: failed: ' in child.stdout
    assert 'line 1: an RMC sentence has 5 fields' in child.stdout


TCX = '{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}'


def read_demo_line(stream, deadline, what):
    '''The next line, past the region events: the regions an earlier test
    monitored stay monitored (they are stored, as an app's should be).'''
    while True:
        line = read_line(stream, deadline, what)
        if not line.startswith(('run-tracker: entered ', 'run-tracker: left ')):
            return line
# Heart rate in the first 0.4 s of the workout: the 1 km track takes 2 s
# at 50 times its speed, so every reading is in by its end.
SAMPLES = '0 heart-rate 120\n0.2 heart-rate 135\n0.4 heart-rate 150\n'


@pytest.mark.skipif(shutil.which('gpsbabel') is None, reason='gpsbabel (gpsbabel) missing')
def test_a_run_with_heart_rate_and_laps_is_exported(display, tmp_path):
    # 1 km north in 100 s from 100 m north of the equator (gpsbabel reads a
    # TCX point at latitude 0 as one without a position).
    track = write_gpx(tmp_path / 'run.gpx', [(i * 5, 100 + i * 50) for i in range(21)])
    samples = tmp_path / 'heart.replay'
    samples.write_text(SAMPLES)
    snapshot = tmp_path / 'drawing.png'
    export = tmp_path / 'exported'
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
               GTK_A11Y='none')
    demo = subprocess.Popen([PYTHON, str(DEMO), '--replay', str(track), '--speed', '50',
                             '--samples', str(samples), '--lap-after-fixes', '7,14',
                             '--export', str(export),
                             '--exit-after-fixes', '21', '--snapshot', str(snapshot)],
                            env=env, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + DEMO_TIMEOUT
        assert read_demo_line(demo.stdout, deadline, 'the window') == \
            'run-tracker: window shown, tracking with replay\n'
        assert read_demo_line(demo.stdout, deadline, 'lap 1') == 'run-tracker: lap 1\n'
        assert read_demo_line(demo.stdout, deadline, 'lap 2') == 'run-tracker: lap 2\n'
        assert read_demo_line(demo.stdout, deadline, 'the drawing') == \
            'run-tracker: drew 21 locations, 1000 m\n'
        assert read_demo_line(demo.stdout, deadline, 'the export') == \
            'run-tracker: exported 21 locations, 2 laps, 1000 m, heart rate 150\n'
        assert demo.wait(timeout=DEMO_TIMEOUT) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()

    red, width, height = track_pixels(snapshot)
    assert width >= 300 and height >= 200
    assert red >= 3 * 0.8 * height, red

    # The GPX: the track's 21 points, with the heart rate of their moment.
    gpx = export.with_suffix('.gpx')
    out = subprocess.run(['gpsbabel', '-t', '-i', 'gpx', '-f', str(gpx), '-o', 'unicsv', '-F', '-'],
                         check=True, capture_output=True, text=True).stdout
    points = list(csv.DictReader(io.StringIO(out)))
    assert len(points) == 21
    for point, north in zip(points, range(100, 1101, 50)):
        assert float(point['Latitude']) == pytest.approx(latitude(north), abs=1e-6)
        assert float(point['Longitude']) == pytest.approx(LONGITUDE, abs=1e-6)
        assert point.get('Heartrate', '') in ('', '120', '135', '150')
    assert points[-1]['Heartrate'] == '150'

    # The TCX: three laps (two Lap presses), all the points, the whole way.
    root = ET.parse(export.with_suffix('.tcx')).getroot()
    laps = root.findall(f'{TCX}Activities/{TCX}Activity/{TCX}Lap')
    assert len(laps) == 3
    assert sum(len(lap.findall(f'{TCX}Track/{TCX}Trackpoint')) for lap in laps) == 21
    assert sum(float(lap.find(f'{TCX}DistanceMeters').text) for lap in laps) == \
        pytest.approx(1000, abs=0.1)
    assert len(subprocess.run(['gpsbabel', '-t', '-i', 'gtrnctr', '-f', str(export.with_suffix('.tcx')),
                               '-o', 'unicsv', '-F', '-'],
                              check=True, capture_output=True, text=True).stdout.splitlines()) == 1 + 21
