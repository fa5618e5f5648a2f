'''The GTK 4 network monitor (demos/network-monitor.py), run as a user
would run it, on a virtual X server of its own: it starts its ongoing
session from its window, closes the window, and keeps counting the UDP
packets this test sends to its loopback port, with the count as the
session's status in its notification (dbusmock's notification daemon),
until the session stops and the app, held by nothing any more, exits.

Skipped, visibly, only when GTK 4's typelib, Xvfb or xwininfo is missing
(tools/debian-packages.txt installs all three).'''

import os
import pathlib
import re
import socket
import subprocess
import time

import pytest

from conftest import ChildLog, dbusmock
from display_helpers import (  # noqa: F401 (display is a fixture)
    DEMO_TIMEOUT, NEEDS_DISPLAY, PYTHON, display, read_line, window_titles)

pytestmark = NEEDS_DISPLAY

DEMO = pathlib.Path(__file__).parents[2] / 'demos' / 'network-monitor.py'


@pytest.fixture
def notifications():
    log = ChildLog()
    process, _ = dbusmock.DBusTestCase.spawn_server_template(
        'notification_daemon', {'capabilities': 'body actions'}, stdout=log.file,
        system_bus=False)
    yield log
    process.terminate()
    process.wait()
    log.close()


def demo_env(display):
    return dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
                GTK_A11Y='none', BGRUN_BACKEND='local')


def test_it_keeps_counting_with_its_window_closed(display, notifications):
    demo = subprocess.Popen([PYTHON, str(DEMO), '--start', '--close-window', '--stop-after', '5'],
                            env=demo_env(display), stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + DEMO_TIMEOUT
        listening = read_line(demo.stdout, deadline, 'the demo to listen')
        match = re.fullmatch(r'network-monitor: listening on 127\.0\.0\.1:(\d+)\n', listening)
        assert match, listening
        port = int(match[1])
        assert read_line(demo.stdout, deadline, 'the session') == 'network-monitor: session running\n'
        assert read_line(demo.stdout, deadline, 'the window to close') == \
            'network-monitor: window closed\n'
        assert 'Network Monitor' not in window_titles(display)

        # Closed, it still counts: the session holds the app.
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            for number in range(1, 6):
                sender.sendto(b'ping', ('127.0.0.1', port))
                assert read_line(demo.stdout, deadline, f'packet {number}') == \
                    f'network-monitor: {number} packet{"s"}\n'
        assert read_line(demo.stdout, deadline, 'the session to end') == \
            'network-monitor: session ended: none\n'
        # Nothing holds the app any more, and it has no window: it exits.
        assert demo.wait(timeout=DEMO_TIMEOUT) == 0

        notified = [line for line in notifications.read().splitlines() if ' Notify ' in line]
        assert notified and '"Network monitor"' in notified[0]
        assert re.search(r'"\d packets"', notified[0]), notified[0]
        assert ' CloseNotification ' in notifications.read()
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


@pytest.mark.parametrize('args, message', [
    (['--stop-after', '0'], '--stop-after'),
    (['--port', '70000'], '--port'),
])
def test_bad_arguments_exit_2(display, args, message):
    child = subprocess.run([PYTHON, str(DEMO)] + args, env=demo_env(display),
                           capture_output=True, text=True, timeout=DEMO_TIMEOUT)
    assert child.returncode == 2
    assert message in child.stderr
