'''bgrun-demo's workout step, as a new user sees it: a simulated run with
its moves, a crash and recovery with every sample, the statistics without
the pause, and the exports.

SPDX-License-Identifier: LGPL-2.1-or-later

Issue 15, point 7 (the demo step).'''

import os
import re
import subprocess

import pytest

DEMO = os.environ.get('BGRUN_DEMO')


@pytest.fixture(scope='module')
def step():
    if not DEMO or not os.path.exists(DEMO):
        pytest.skip('bgrun-demo was not built (-Ddemos=false)')
    child = subprocess.run([DEMO, '--seconds', '1'], capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    start = lines.index('== A workout (simulated 30 minutes) ==')
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith('== '))
    return [line.strip() for line in lines[start + 1:end] if line.strip()]


def test_the_moves_and_their_times(step):
    moves = [re.match(r'(\d\d:\d\d:\d\d)  (\S+) → (\S+)$', line) for line in step]
    moves = [(m.group(2), m.group(3), m.group(1)) for m in moves if m]
    assert [(frm, to) for frm, to, _ in moves] == [
        ('not-started', 'prepared'), ('prepared', 'running'), ('running', 'paused'),
        ('paused', 'running'), ('running', 'stopped'), ('stopped', 'ended')]

    def minutes(time):
        h, m, s = map(int, time.split(':'))
        return h * 60 + m + s / 60

    times = [minutes(time) for _, _, time in moves]
    # Paused at minute 10 for 2 minutes; stopped at minute 30.
    assert [round((t - times[0]) % (24 * 60)) for t in times] == [0, 0, 10, 12, 30, 30]


def test_the_workout_is_recovered_with_every_sample(step):
    assert 'The app is killed at minute 16' in step[4]
    # A sample every 5 s from 0 to 16 min inclusive; 14 min run without the pause.
    assert step[5] == 'Recovered 193 heart-rate samples, 840 s of running; the sensor goes on.'


def test_the_statistics_leave_the_pause_out_and_it_exports(step):
    summary = next(line for line in step if line.startswith('Workout:'))
    assert summary.startswith('Workout: 28:00 running (the 2-minute pause left out), 4.87 km, ')
    assert step[-1] == 'Exported as GPX 1.1 (with heart rate) and TCX (2 laps).'
