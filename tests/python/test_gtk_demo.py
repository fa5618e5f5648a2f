'''The GTK 4 meditation timer (demos/meditation-timer.py), run as a user
would run it, on a virtual X server of its own: its window appears with a
mindfulness session running and an hour left on the clock, another X
client sees the window by its title, and the demo ends the session and
exits cleanly.

Skipped, visibly, only when GTK 4's typelib, Xvfb or xwininfo is missing
(tools/debian-packages.txt installs all three).'''

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

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'meditation-timer.py'
PYTHON = '/usr/bin/python3'
# Starting GTK and the session on a loaded machine takes a while.
DEMO_TIMEOUT = 6 * TIMEOUT


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
]


def read_line(stream, deadline, what):
    '''The next line of @stream; fails the test if none comes by @deadline.'''
    line = b''
    while not line.endswith(b'\n'):
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([stream], [], [], max(0.0, remaining))
        if not ready:
            pytest.fail(f'timed out waiting for {what}')
        chunk = os.read(stream.fileno(), 1)
        if not chunk:
            break
        line += chunk
    return line.decode()


@pytest.fixture
def display():
    '''A private Xvfb server; yields its DISPLAY. It tells its display
    number through a pipe once it accepts clients, so nothing sleeps.'''
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
    '''The names of every X window, as another X client sees them.'''
    tree = subprocess.run(['xwininfo', '-root', '-tree'], env=dict(os.environ, DISPLAY=display),
                          capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    return re.findall(r'^\s+0x[0-9a-f]+ "([^"]*)"', tree, re.MULTILINE)


def test_window_shows_a_running_session_and_exits(display):
    env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
               GTK_A11Y='none')
    demo = subprocess.Popen([PYTHON, str(DEMO), '--start', '--exit-after', '1'],
                            env=env, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + DEMO_TIMEOUT
        shown = read_line(demo.stdout, deadline, 'the window with the session running')
        match = re.fullmatch(r'meditation-timer: window shown, session running, (\d\d):(\d\d) left\n',
                             shown)
        assert match, shown
        # A mindfulness session lasts an hour: (almost) all of it is left.
        left = int(match[1]) * 60 + int(match[2])
        assert 3600 - DEMO_TIMEOUT <= left <= 3600, shown
        assert 'Meditation Timer' in window_titles(display)

        ended = read_line(demo.stdout, deadline, 'the session to end')
        # Ended by the demo itself: no reason beyond that.
        assert ended == 'meditation-timer: session ended: none\n'
        assert demo.wait(timeout=DEMO_TIMEOUT) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


def test_bad_arguments_exit_2(display):
    child = subprocess.run([PYTHON, str(DEMO), '--exit-after', '0'],
                           env=dict(os.environ, DISPLAY=display, GTK_A11Y='none'),
                           capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert child.returncode == 2
    assert '--exit-after' in child.stderr


def test_without_a_display_exit_1():
    env = {name: value for name, value in os.environ.items()
           if name not in ('DISPLAY', 'WAYLAND_DISPLAY')}
    child = subprocess.run([PYTHON, str(DEMO), '--start', '--exit-after', '1'], env=env,
                           capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert child.returncode == 1
    assert 'cannot open a display' in child.stderr
