# Snapshot tasks from a GTK application's real windows: its last window
# hidden, or minimised by the window manager, is APP_BACKGROUNDED, with no
# help from the app (it never sets its scheduler's frontmost). A real
# Gtk.Application on a private Xvfb display; openbox minimises its
# windows. Embedded, and with bgrund on the test's own bus, which runs the
# task in the app.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 1.

import os
import shutil
import subprocess
import time

import gi
import pytest

from display_helpers import DEMO_TIMEOUT, NEEDS_DISPLAY, PYTHON, display, read_line  # noqa: F401
from test_daemon_launch import no_forced_backend, shared_session_bus, stop_daemon  # noqa: F401
from test_tasks_connectivity import private_bus

pytestmark = NEEDS_DISPLAY

APP = 'org.example.Windows'
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gtk_windows_app.py')
BACKGROUNDED = 'snapshot app-backgrounded'


@pytest.fixture(params=['local', 'daemon'])
def placement(request, tmp_path, monkeypatch):
    '''The embedded engine, or bgrund on a bus of the test's own.'''
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    if request.param == 'local':
        monkeypatch.setenv('BGRUN_BACKEND', 'local')
        yield 'local'
        return
    bus = private_bus(tmp_path, monkeypatch)
    try:
        yield 'daemon'
    finally:
        stop_daemon(bus)
        bus.close()


@pytest.fixture
def window_manager(display, tmp_path):
    '''openbox on the display; yields once it manages windows (it runs
    its --startup command then, which writes to a FIFO: openbox closes
    the descriptors it does not know before it runs a command).'''
    if shutil.which('openbox') is None:
        pytest.skip('openbox (the window manager that minimises) missing')
    fifo = str(tmp_path / 'openbox-up')
    os.mkfifo(fifo)
    # Read and write: no end of file before openbox writes.
    reader = os.fdopen(os.open(fifo, os.O_RDWR), 'rb', buffering=0)
    wm = subprocess.Popen(['openbox', '--sm-disable', '--startup', f'sh -c "echo up > {fifo}"'],
                          env=dict(os.environ, DISPLAY=display),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with reader:
        assert read_line(reader, time.monotonic() + DEMO_TIMEOUT, 'openbox to start') == 'up\n'
    yield display
    wm.terminate()
    wm.wait(timeout=DEMO_TIMEOUT)


class App:
    '''gtk_windows_app.py on @display, driven line by line.'''

    def __init__(self, display, gtk='4.0'):
        env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSK_RENDERER='cairo',
                   GTK_A11Y='none')
        self.process = subprocess.Popen([PYTHON, SCRIPT, APP, gtk], env=env,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.lines = []

    def wait_for(self, wanted):
        '''Reads what the app says until @wanted.'''
        deadline = time.monotonic() + DEMO_TIMEOUT
        while True:
            line = read_line(self.process.stdout, deadline, repr(wanted)).rstrip('\n')
            if not line:
                pytest.fail(f'the app ended before saying {wanted!r}; it said {self.lines}')
            self.lines.append(line)
            if line == wanted:
                return

    def do(self, command):
        self.process.stdin.write(f'{command}\n'.encode())
        self.process.stdin.flush()
        self.wait_for(f'did {command}')

    def quit(self):
        '''Everything the app said, once it quit.'''
        out, _ = self.process.communicate(b'quit\n', timeout=DEMO_TIMEOUT)
        assert self.process.returncode == 0
        return self.lines + out.decode().splitlines()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def start_app():
    apps = []

    def start(display, gtk='4.0'):
        app = App(display, gtk)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.kill()


def test_hiding_the_last_window_is_app_backgrounded(placement, display, start_app):
    app = start_app(display)
    app.wait_for(f'ready {placement}')
    # One window of two hidden: the app is still in front.
    app.do('hide one')
    app.do('hide two')
    app.wait_for(BACKGROUNDED)
    # Shown again, then hidden again: a second one.
    app.do('present one')
    app.do('hide one')
    app.wait_for(BACKGROUNDED)
    said = app.quit()
    assert said.count(BACKGROUNDED) == 2, said
    assert said.index(BACKGROUNDED) > said.index('did hide two'), said


def test_minimising_the_last_window_is_app_backgrounded(placement, window_manager, start_app):
    app = start_app(window_manager)
    app.wait_for(f'ready {placement}')
    app.do('minimize one')
    app.wait_for('one minimized')
    app.do('minimize two')
    app.wait_for(BACKGROUNDED)
    # Brought back by the window manager, minimised again: a second one.
    app.do('present two')
    app.wait_for('two normal')
    app.do('minimize two')
    app.wait_for(BACKGROUNDED)
    said = app.quit()
    assert said.count(BACKGROUNDED) == 2, said
    assert said.index(BACKGROUNDED) > said.index('one minimized'), said


@pytest.mark.skipif('3.0' not in gi.Repository.get_default().enumerate_versions('Gtk'),
                    reason='GTK 3 typelib (gir1.2-gtk-3.0) missing')
def test_a_gtk3_application_too(placement, window_manager, start_app):
    app = start_app(window_manager, '3.0')
    app.wait_for(f'ready {placement}')
    app.do('hide one')
    app.do('minimize two')
    app.wait_for(BACKGROUNDED)
    said = app.quit()
    assert said.count(BACKGROUNDED) == 1, said
