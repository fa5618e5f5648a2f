# Shared fixtures for the Python suite.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Meson runs every test_*.py file as its own process, wrapped by
# tests/isolate (private session bus, temporary HOME and XDG directories, a
# system bus address that leads nowhere). GIO's network, power-profile and
# memory monitors are per-process singletons chosen by GIO_USE_* variables
# at first use, so files that need different monitors are separate files.
#
# Here: a private system bus started with python-dbusmock before anything
# in the process touches the system bus, helpers that run dbusmock
# templates on it, and helpers that run the GLib main loop until something
# has happened (never for a fixed time).

import os
import signal
import subprocess
import tempfile

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

import dbus  # noqa: E402
import dbusmock  # noqa: E402
import pytest  # noqa: E402

__all__ = ['Bgrun', 'Gio', 'GLib', 'dbus', 'dbusmock']

# How long any single wait may take before the test fails. Generous for a
# loaded CI machine; a passing test never waits this long.
TIMEOUT = 10.0


def spin_until(condition, timeout=TIMEOUT, what=None, retry_every=None):
    '''Run the default main context until condition() is true.

    Fails the test, saying what was awaited, if it is still false after
    @timeout seconds. @what is a string or a function returning one (called
    on timeout, so it can describe the state at that moment).

    condition() is checked again after every main-loop dispatch. A condition
    that itself does something to provoke the event (announces a signal
    until a subscriber that cannot be observed directly has heard it) needs
    calling again even when nothing else happens: @retry_every seconds.
    '''
    context = GLib.MainContext.default()
    timed_out = False

    def on_timeout(*_user_data):
        nonlocal timed_out
        timed_out = True
        return GLib.SOURCE_REMOVE

    # The timeout source also wakes up iteration(True) when nothing else
    # happens, so the loop below never blocks forever.
    sources = [GLib.timeout_source_new(int(timeout * 1000))]
    sources[0].set_callback(on_timeout)
    if retry_every is not None:
        sources.append(GLib.timeout_source_new(int(retry_every * 1000)))
        sources[1].set_callback(lambda *_user_data: GLib.SOURCE_CONTINUE)
    for source in sources:
        source.attach(context)
    try:
        while not condition():
            if timed_out:
                description = what() if callable(what) else what
                pytest.fail(f'timed out after {timeout} s waiting for '
                            f'{description or condition}')
            context.iteration(True)
    finally:
        for source in sources:
            source.destroy()


class ChildLog:
    '''A file a child process writes its output to, which the test reads
    while the child runs. The child's file is opened for appending: sharing
    one file offset with a reader that seeks back to the start would let
    the child's next write land over what it wrote before.'''

    def __init__(self):
        handle, self.path = tempfile.mkstemp(prefix='bgrun-child-', suffix='.log')
        os.close(handle)
        self.file = open(self.path, 'a')

    def read(self):
        with open(self.path) as f:
            return f.read()

    def close(self):
        self.file.close()
        os.unlink(self.path)


def spin_idle():
    '''Dispatch whatever is ready now, without blocking.'''
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def spin_for(seconds):
    '''Runs the main loop for @seconds of real time: time for answers that
    may come (to see that nothing changes).'''
    loop = GLib.MainLoop()
    GLib.timeout_add(int(seconds * 1000), loop.quit)
    loop.run()


def system_bus():
    '''The process's shared GDBus system bus connection (the one libbgrun
    and GIO's monitors use).'''
    return Gio.bus_get_sync(Gio.BusType.SYSTEM, None)


def bus_barrier(name='org.freedesktop.DBus'):
    '''Wait until every message already sent to this process has been
    dispatched on the main loop.

    Makes a round trip to @name (a mock service, or by default the bus
    daemon itself) on the shared system bus connection and runs the main
    loop until the reply is in. A D-Bus peer's messages arrive in the order
    it sent them, and GDBus dispatches them in that order: whatever a mock
    emitted before answering an earlier call (every dbusmock method emits
    its signals before it returns) has been handled once this returns. It
    is how a test checks that something did *not* happen, or happened only
    once, without sleeping. An error reply (a mock that went away) is as
    good a barrier as any other reply.
    '''
    done = []

    def on_reply(connection, result):
        try:
            connection.call_finish(result)
        except GLib.Error:
            pass
        done.append(True)

    if name == 'org.freedesktop.DBus':
        path, iface, method = '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'GetId'
    else:
        path, iface, method = '/', 'org.freedesktop.DBus.Peer', 'Ping'
    system_bus().call(name, path, iface, method, None, None,
                      Gio.DBusCallFlags.NO_AUTO_START, -1, None, on_reply)
    spin_until(lambda: done, what=f'a D-Bus round trip to {name}')


_dbus_python_bus = None


def mock_bus():
    '''The dbus-python connection to the private system bus that tests
    drive the mocks through (one for the process).'''
    global _dbus_python_bus
    if _dbus_python_bus is None:
        _dbus_python_bus = dbusmock.DBusTestCase.get_dbus(system_bus=True)
    return _dbus_python_bus


class Mock:
    '''A dbusmock template running in its own process on the private
    system bus.'''

    def __init__(self, template, parameters=None):
        self.template = template
        # The mock logs every call to its stdout: a file, not a pipe that
        # nobody reads and that would block the mock once full.
        self.log_file = ChildLog()
        self.process, self.obj = dbusmock.DBusTestCase.spawn_server_template(
            template, parameters or {}, stdout=self.log_file.file)
        module = dbusmock.mockobject.load_module(template)
        self.bus_name = module.BUS_NAME

    def mock_call(self, method, *args, path=None):
        '''Calls one of the template's org.freedesktop.DBus.Mock methods
        (EmitSignal, SetProperty, ...), on @path or the main object.'''
        obj = self.obj
        if path is not None:
            obj = mock_bus().get_object(self.bus_name, path)
        return getattr(obj, method)(*args, dbus_interface=dbusmock.MOCK_IFACE)

    def set_property(self, path, interface, name, value):
        '''Sets a property on one of the mock's objects; the mock announces
        it with org.freedesktop.DBus.Properties.PropertiesChanged.'''
        obj = mock_bus().get_object(self.bus_name, path)
        obj.Set(interface, name, value, dbus_interface=dbus.PROPERTIES_IFACE)

    def log(self):
        '''What the mock logged: the calls it received.'''
        return self.log_file.read()

    def barrier(self):
        bus_barrier(self.bus_name if self.running else 'org.freedesktop.DBus')

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        '''Terminates the mock process: its bus name goes away, as when the
        real service stops.'''
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def spawn_template(template, parameters=None):
    '''Starts a dbusmock template on the private system bus; returns a Mock.
    Stop it with Mock.stop() (the spawn_mock fixture does that for you).'''
    return Mock(template, parameters)


def pytest_configure(config):
    config.addinivalue_line(
        'markers', 'local_only(reason): runs with the embedded engine only '
        '(sched_helpers.placement), saying why')


@pytest.fixture(scope='session', autouse=True)
def private_system_bus():
    '''A private system bus for the whole process, started before any test
    (and so before libbgrun or GIO first connect to the system bus, which
    they do once per process). Sets DBUS_SYSTEM_BUS_ADDRESS.'''
    dbusmock.DBusTestCase.start_system_bus()
    address = os.environ['DBUS_SYSTEM_BUS_ADDRESS']

    # The bus daemon forks away from this process; if meson's timeout
    # terminates the test, take the bus (and so the mocks on it) along.
    bus_pid = dbusmock.DBusTestCase.system_bus_pid

    def on_sigterm(signum, _frame):
        try:
            os.kill(bus_pid, signal.SIGTERM)
        except OSError:
            pass
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    signal.signal(signal.SIGTERM, on_sigterm)
    # GDBus's shared connections end the process when their bus goes away;
    # this one goes away on purpose at the end.
    system_bus().set_exit_on_close(False)
    yield address
    global _dbus_python_bus
    if _dbus_python_bus is not None:
        _dbus_python_bus.close()
        _dbus_python_bus = None
    dbusmock.DBusTestCase.tearDownClass()


@pytest.fixture
def spawn_mock():
    '''A function that starts dbusmock templates on the private system bus
    (see spawn_template); whatever it started is stopped after the test.'''
    mocks = []

    def spawn(template, parameters=None):
        mock = spawn_template(template, parameters)
        mocks.append(mock)
        return mock

    yield spawn
    for mock in mocks:
        mock.stop()
    # Let the bus tell this process that the names went away, so the next
    # test starts from a quiet bus.
    bus_barrier()


class NotifyCounter:
    '''Counts notify::<property> emissions of a GObject, per property, and
    records the value each emission saw.'''

    def __init__(self, obj, *names):
        self.obj = obj
        self.seen = {name: [] for name in names}
        self.handlers = [obj.connect(f'notify::{name}', self._on_notify)
                         for name in names]

    def _on_notify(self, obj, pspec):
        self.seen[pspec.name].append(obj.get_property(pspec.name))

    def count(self, name):
        return len(self.seen[name])

    def reset(self):
        for values in self.seen.values():
            values.clear()

    def disconnect(self):
        for handler in self.handlers:
            self.obj.disconnect(handler)
        self.handlers = []


def usec(date_time):
    '''Microseconds since the epoch of a GLib.DateTime.'''
    return date_time.to_unix() * 1_000_000 + date_time.get_microsecond()


def date_time(usecs):
    '''The UTC GLib.DateTime for @usecs microseconds since the epoch.'''
    seconds, rest = divmod(usecs, 1_000_000)
    return GLib.DateTime.new_from_unix_utc(seconds).add(rest)
