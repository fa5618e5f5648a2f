# bgrun-demo's background audio step: against a running sound server it
# records two seconds and plays them back; without one it says why and the
# tour goes on to its end.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, point 9. The server is the tests' private PulseAudio
# (pulse_helpers.py), with a tone playing into the null sink.

import os
import re
import subprocess

import pytest

from pulse_helpers import pulse  # noqa: F401

DEMO = os.environ.get('BGRUN_DEMO')


def run_demo(env):
    if not DEMO or not os.path.exists(DEMO):
        pytest.skip('bgrun-demo was not built (-Ddemos=false)')
    child = subprocess.run([DEMO, '--seconds', '1'], capture_output=True, text=True,
                           timeout=90, env=env)
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    step = lines[lines.index('== Background audio ==') + 1:]
    # The step ends at the next step's heading, or at the tour's end.
    for end, line in enumerate(step):
        if line.startswith('== ') or line == 'Done.':
            return [kept for kept in step[:end] if kept]
    return step


def test_records_and_plays_back_against_the_server(pulse):
    pulse.pactl('load-module', 'module-sine', 'sink=null', 'frequency=440')
    step = run_demo(pulse.env())
    assert step[0].startswith('  Recording 2 s from the default input')
    recorded = re.fullmatch(r'  Recorded (\d+\.\d) s \(loudest (-?\d+) dBFS\) to an Ogg Opus file\.',
                            step[1])
    assert recorded, step
    assert float(recorded[1]) >= 2.0
    assert int(recorded[2]) > -40, 'the tone was heard'
    assert step[2] == '  Playing it back with a playback session (media.role music)…'
    played = re.fullmatch(r'  Played it back: (\d+\.\d) s\.', step[3])
    assert played, step
    assert abs(float(played[1]) - float(recorded[1])) < 0.3


def test_without_a_server_it_says_so_and_goes_on(tmp_path):
    env = dict(os.environ, PULSE_SERVER=f'unix:{tmp_path}/no-server')
    step = run_demo(env)
    assert len(step) == 1, step
    assert step[0].startswith('  Nothing recorded or played: ')
    assert 'sound server' in step[0]
