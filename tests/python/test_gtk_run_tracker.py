'''The GTK 4 run tracker (demos/run-tracker.py), on a virtual X server of
its own, replaying a track the test writes: its window appears with the
session running on the replay, the track is drawn (the saved drawing has
the track's colour along the path), the region on the way is entered and
left, and the demo quits cleanly.

Issue 14, point 9. Skipped, visibly, only when GTK 4's typelib or Xvfb is
missing (tools/debian-packages.txt installs both).'''

import os
import pathlib
import shutil
import subprocess
import time

import gi
import pytest

from conftest import TIMEOUT
from location_helpers import LONGITUDE, latitude, write_gpx
from test_gtk_demo import display, have_gtk4, read_line, window_titles  # noqa: F401

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'run-tracker.py'
PYTHON = '/usr/bin/python3'
DEMO_TIMEOUT = 6 * TIMEOUT

pytestmark = [
    pytest.mark.skipif(not have_gtk4(), reason='GTK 4 typelib (gir1.2-gtk-4.0) missing'),
    pytest.mark.skipif(shutil.which('Xvfb') is None, reason='Xvfb (xvfb) missing'),
]


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
