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
import subprocess
import time

from display_helpers import (  # noqa: F401 (display is a fixture)
    DEMO_TIMEOUT, NEEDS_DISPLAY, PYTHON, display, read_line, window_titles)

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'meditation-timer.py'

pytestmark = NEEDS_DISPLAY


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
