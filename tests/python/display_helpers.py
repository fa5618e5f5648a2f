# What the tests of the GTK demos share: a private Xvfb display, the
# skips when GTK 4 or the X tools are missing, and reading a demo's output
# line by line without sleeping.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import re
import select
import shutil
import subprocess
import time

import gi
import pytest

from conftest import TIMEOUT

PYTHON = '/usr/bin/python3'
DEMO_TIMEOUT = 6 * TIMEOUT


def have_gtk4():
    try:
        gi.require_version('Gtk', '4.0')
    except ValueError:
        return False
    return True


# A test file of a GTK demo sets `pytestmark = NEEDS_DISPLAY` (plus its own).
NEEDS_DISPLAY = [
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
