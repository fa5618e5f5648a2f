# bgrun-demo's location step, as a new user sees it: a run replayed from a
# recorded track, with its locations 100 m apart, the pause at a crossing
# and its end, and the park entered and left, in that order.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, point 9.

import os
import re
import subprocess

import pytest

DEMO = os.environ.get('BGRUN_DEMO')


@pytest.fixture(scope='module')
def location_step():
    if not DEMO or not os.path.exists(DEMO):
        pytest.skip('bgrun-demo was not built (-Ddemos=false)')
    child = subprocess.run([DEMO, '--seconds', '1'], capture_output=True, text=True, timeout=90)
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    start = lines.index('== A run, replayed from a recorded track (simulated 11 minutes) ==')
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith('=='))
    return [line for line in lines[start + 1:end] if line.strip()]


def test_the_run_is_told_in_order(location_step):
    def index_of(text):
        return next(i for i, line in enumerate(location_step) if text in line)

    paused = index_of('updates paused: the runner has not moved for 180 s')
    resumed = index_of('updates resumed')
    entered = index_of('entered the region “park”')
    left = index_of('left the region “park”')
    assert paused < resumed < entered < left
    assert '12 locations delivered by the replay provider.' in location_step[-1]


def test_locations_are_100_m_apart_and_at_the_tracks_times(location_step):
    fixes = [re.match(r'\s+(\d\d:\d\d:\d\d)\s+\S+ \S+\s+(\d+) m from the start', line)
             for line in location_step]
    fixes = [(m.group(1), int(m.group(2))) for m in fixes if m]
    assert len(fixes) == 12
    assert fixes[0] == ('07:00:00', 0)
    distances = [d for _, d in fixes]
    assert all(b - a >= 100 for a, b in zip(distances, distances[1:]))
    # Nothing while paused: from the last fix before the crossing to the
    # first after it, four minutes and more pass.
    times = [t for t, _ in fixes]
    assert '07:02:55' in times and '07:07:30' in times
    assert times.index('07:07:30') == times.index('07:02:55') + 1
