# The GTK 4 podcast player (demos/podcast-player.py) as a user runs it, on
# a virtual X server and a private PulseAudio server: its window appears
# playing the first episode, another X client sees it by its title, the
# media keys' path (MPRIS, driven by playerctl) pauses and resumes it, and
# it exits cleanly.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, point 9. Skipped, visibly, only when GTK 4's typelib, Xvfb,
# xwininfo or playerctl is missing (tools/debian-packages.txt has them).

import os
import pathlib
import shutil
import subprocess
import time

import pytest

from conftest import TIMEOUT
from display_helpers import (  # noqa: F401 (display is a fixture)
    DEMO_TIMEOUT, NEEDS_DISPLAY, PYTHON, display, read_line, window_titles)
from pulse_helpers import make_vorbis, pulse  # noqa: F401

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'podcast-player.py'
APP = 'org.bgrun.Demo.PodcastPlayer'


pytestmark = NEEDS_DISPLAY + [
    pytest.mark.skipif(shutil.which('playerctl') is None, reason='playerctl missing'),
]


def playerctl(*args):
    return subprocess.run(['playerctl', f'--player={APP}', *args], capture_output=True,
                          text=True, timeout=TIMEOUT).stdout.strip()


def test_the_window_plays_and_media_keys_pause_it(display, pulse, tmp_path):
    first, second = tmp_path / 'episode-1.ogg', tmp_path / 'episode-2.ogg'
    make_vorbis(first, 20, title='Episode 1', artist='The Show')
    make_vorbis(second, 20, title='Episode 2', artist='The Show')
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
               GTK_A11Y='none')
    demo = subprocess.Popen([PYTHON, str(DEMO), '--play', '--exit-after', '8', str(first),
                             str(second)], env=env, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + DEMO_TIMEOUT
        shown = read_line(demo.stdout, deadline, 'the window playing')
        assert shown == f'podcast-player: window shown, playing {first.as_uri()}\n'
        assert 'Podcasts' in window_titles(display)
        assert [s.get('media.role') for s in pulse.sink_inputs()] == ['music']

        assert playerctl('status') == 'Playing'
        playerctl('pause')
        assert read_line(demo.stdout, deadline, 'the pause') == 'podcast-player: paused\n'
        playerctl('play')
        assert read_line(demo.stdout, deadline, 'the resume') == 'podcast-player: playing\n'
        assert playerctl('metadata', 'title') == 'Episode 1'

        assert read_line(demo.stdout, deadline, 'the end') == 'podcast-player: stopped\n'
        assert demo.wait(timeout=DEMO_TIMEOUT) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


def test_bad_arguments_exit_2(display):
    child = subprocess.run([PYTHON, str(DEMO), '--exit-after', '0', 'x.ogg'],
                           env=dict(os.environ, DISPLAY=display, GTK_A11Y='none'),
                           capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert child.returncode == 2
    assert '--exit-after' in child.stderr
