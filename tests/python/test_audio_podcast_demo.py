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
import re
import select
import shutil
import subprocess
import time

import gi
import pytest

from conftest import TIMEOUT
from pulse_helpers import make_vorbis, pulse  # noqa: F401

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'podcast-player.py'
PYTHON = '/usr/bin/python3'
DEMO_TIMEOUT = 6 * TIMEOUT
APP = 'org.bgrun.Demo.PodcastPlayer'


def have_gtk4():
    try:
        gi.require_version('Gtk', '4.0')
    except ValueError:
        return False
    return True


pytestmark = [
    pytest.mark.skipif(not have_gtk4(), reason='GTK 4 typelib (gir1.2-gtk-4.0) missing'),
    pytest.mark.skipif(shutil.which('Xvfb') is None, reason='Xvfb (xvfb) missing'),
    pytest.mark.skipif(shutil.which('xwininfo') is None, reason='xwininfo (x11-utils) missing'),
    pytest.mark.skipif(shutil.which('playerctl') is None, reason='playerctl missing'),
]


def read_line(stream, deadline, what):
    line = b''
    while not line.endswith(b'\n'):
        ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            pytest.fail(f'timed out waiting for {what}')
        chunk = os.read(stream.fileno(), 1)
        if not chunk:
            break
        line += chunk
    return line.decode()


@pytest.fixture
def display():
    read_end, write_end = os.pipe()
    server = subprocess.Popen(['Xvfb', '-displayfd', str(write_end), '-nolisten', 'tcp',
                               '-screen', '0', '800x600x24'],
                              pass_fds=[write_end], stdout=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as reader:
        number = read_line(reader, time.monotonic() + DEMO_TIMEOUT, 'Xvfb to start').strip()
    assert number.isdigit(), f'Xvfb did not start (said {number!r})'
    yield f':{number}'
    server.terminate()
    server.wait(timeout=TIMEOUT)


def window_titles(display):
    tree = subprocess.run(['xwininfo', '-root', '-tree'], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    return re.findall(r'^\s+0x[0-9a-f]+ "([^"]*)"', tree, re.MULTILINE)


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
