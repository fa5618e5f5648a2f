# A pytest plugin for apps that use libbgrun: Bgrun.TestDriver fixtures in
# both placements of the engine.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Load it with `pytest -p bgrun.testing`, or with
# `pytest_plugins = ['bgrun.testing']` in the app's conftest.py. It gives:
#
# - bgrun_driver: a Bgrun.TestDriver for the app id of the bgrun_app_id
#   fixture (override it in conftest.py; "org.example.App" otherwise),
#   online, on mains power, with a full battery. Each test that uses it
#   runs twice: [embedded], with the engine in the test process, and
#   [daemon], against a `bgrund --test-mode` on a private session bus
#   started for the test (skipped when bgrund cannot be found: set BGRUND
#   to its path). Mark a test @pytest.mark.bgrun_embedded_only to run it
#   embedded only. The first daemon test points DBUS_SESSION_BUS_ADDRESS
#   at a dbus-daemon of the test process's own, for the rest of the run:
#   bgrund never appears on the user's session bus;
# - bgrun_new_driver: a function making more drivers in the same
#   placement (each on a fresh engine);
# - run_until(condition, timeout=10): runs the GLib main loop until
#   condition() is true, failing the test on timeout.

import atexit
import os
import shutil
import subprocess
import tempfile

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gio', '2.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

import pytest  # noqa: E402

__all__ = ['run_until']

BUS_NAME = 'org.bgrun.Broker1'


def run_until(condition, timeout=10.0, what=None):
    '''Runs the default main context until condition() is true; fails the
    test, naming @what, after @timeout seconds.'''
    context = GLib.MainContext.default()
    timed_out = []
    source = GLib.timeout_source_new(int(timeout * 1000))
    source.set_callback(lambda *_args: timed_out.append(True) or GLib.SOURCE_REMOVE)
    source.attach(context)
    try:
        while not condition():
            if timed_out:
                pytest.fail(f'timed out after {timeout} s waiting for {what or condition}')
            context.iteration(True)
    finally:
        source.destroy()


def pytest_configure(config):
    config.addinivalue_line('markers', 'bgrun_embedded_only: run only with the embedded engine')


def _find_bgrund():
    return os.environ.get('BGRUND') or shutil.which('bgrund')


_private_bus = []


def _session_bus_address():
    '''The address of a dbus-daemon of this process's own, started at
    the first test that needs it and ended when the process exits (GLib's
    connections to a bus that closes may end the process, so it stays up
    while tests run). Its address becomes DBUS_SESSION_BUS_ADDRESS.'''
    if not _private_bus:
        process = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--print-address=1'],
                                   stdout=subprocess.PIPE, text=True)
        address = process.stdout.readline().strip()
        if not address:
            pytest.fail('dbus-daemon --session did not start')
        atexit.register(process.terminate)
        _private_bus.append(address)
        os.environ['DBUS_SESSION_BUS_ADDRESS'] = address
    return _private_bus[0]


class _DaemonPlacement:
    '''One bgrund --test-mode per driver, each on a store of its own, on
    the private session bus.'''

    def __init__(self, directory, bgrund):
        self.directory = directory
        self.bgrund = bgrund
        self.address = _session_bus_address()
        self.process = None
        self.drivers = []

    def new_driver(self, app_id):
        self.stop_daemon()
        state = tempfile.mkdtemp(dir=self.directory)
        env = dict(os.environ, BGRUN_STATE_DIR=state, DBUS_SESSION_BUS_ADDRESS=self.address)
        self.process = subprocess.Popen([self.bgrund, '--test-mode'], env=env,
                                        stdout=subprocess.DEVNULL)
        connection = Gio.DBusConnection.new_for_address_sync(
            self.address,
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        owned = []
        watch = Gio.bus_watch_name_on_connection(connection, BUS_NAME, Gio.BusNameWatcherFlags.NONE,
                                                 lambda *_args: owned.append(True), None)
        try:
            run_until(lambda: owned or self.process.poll() is not None, what='bgrund to start')
        finally:
            Gio.bus_unwatch_name(watch)
            connection.close_sync(None)
        if not owned:
            pytest.fail(f'bgrund --test-mode exited with {self.process.returncode}')
        driver = Bgrun.TestDriver.new_for_daemon(app_id)
        self.drivers.append(driver)
        return driver

    def stop_daemon(self):
        for driver in self.drivers:
            driver.run_dispose()
        self.drivers.clear()
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def bgrun_app_id():
    '''The app id of the drivers; override this fixture with the app's.'''
    return 'org.example.App'


@pytest.fixture(params=['embedded', 'daemon'])
def bgrun_placement(request):
    '''Where the engine runs: "embedded" or "daemon".'''
    return request.param


@pytest.fixture
def bgrun_new_driver(request, bgrun_placement, tmp_path):
    '''Makes Bgrun.TestDriver objects in the test's placement.'''
    placement = None
    if bgrun_placement == 'daemon':
        if request.node.get_closest_marker('bgrun_embedded_only') is not None:
            pytest.skip('marked bgrun_embedded_only')
        bgrund = _find_bgrund()
        if bgrund is None:
            pytest.skip('bgrund not found: install it, or set BGRUND to its path')
        placement = _DaemonPlacement(str(tmp_path), bgrund)

    def new_driver(app_id):
        driver = placement.new_driver(app_id) if placement else Bgrun.TestDriver.new(app_id)
        driver.set_conditions(True, False, False, 100, False)
        return driver

    yield new_driver
    if placement is not None:
        placement.stop_daemon()


@pytest.fixture
def bgrun_driver(bgrun_new_driver, bgrun_app_id):
    '''A Bgrun.TestDriver for bgrun_app_id in the test's placement.'''
    return bgrun_new_driver(bgrun_app_id)
