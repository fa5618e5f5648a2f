# Helpers for test_daemon.py: the real bgrund binary on a test's bus.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/isolate runs every test file under dbus-run-session, so the session
# bus is private to the test. BGRUND (set by tests/python/meson.build) is
# the built daemon. A test starts its own bgrund with its own state
# directory, or a bus of its own (PrivateBus) where bgrund is D-Bus
# activatable from the service file template in data/.

import os
import subprocess
import sys

from conftest import ChildLog, Gio, GLib, TIMEOUT, spin_until

BUS_NAME = 'org.bgrun.Broker1'
BGRUND = os.environ.get('BGRUND')
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))


def open_bus(address=None):
    '''A private connection to the session bus (or to @address): one the
    test can close without touching the connections libbgrun opens.'''
    if address is None:
        address = Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, None)
    flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
             Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
    return Gio.DBusConnection.new_for_address_sync(address, flags, None, None)


def bus_call(bus, method, args=None, reply='()'):
    return bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                         'org.freedesktop.DBus', method, args,
                         GLib.VariantType.new(reply), Gio.DBusCallFlags.NO_AUTO_START,
                         -1, None).unpack()


def name_owner(bus, name=BUS_NAME):
    '''The unique name owning @name, or None. One call, so a name whose
    owner is just leaving never answers both "owned" and "no owner".'''
    try:
        (owner,) = bus_call(bus, 'GetNameOwner', GLib.Variant('(s)', (name,)), '(s)')
    except GLib.Error as error:
        if Gio.DBusError.get_remote_error(error) == 'org.freedesktop.DBus.Error.NameHasNoOwner':
            return None
        raise
    return owner


def wait_for_owner(bus, condition, what):
    '''Runs the main loop until condition(owner of org.bgrun.Broker1).'''
    spin_until(lambda: condition(name_owner(bus)), what=what, retry_every=0.05)


class Daemon:
    '''The built bgrund, run by the test on the session bus. Its stderr
    goes to a file the test can read.'''

    def __init__(self, state_dir, *args, bus=None):
        assert BGRUND, 'BGRUND is not set: run this test through meson'
        self.state_dir = state_dir
        self.args = list(args)
        self.bus = bus or open_bus()
        self.stderr = ChildLog()
        env = dict(os.environ, BGRUN_STATE_DIR=state_dir)
        self.process = subprocess.Popen([BGRUND] + self.args, env=env,
                                        stdout=subprocess.DEVNULL, stderr=self.stderr.file)

    def wait_owned(self):
        '''Waits until this daemon owns the name; returns its unique name.'''
        wait_for_owner(self.bus, lambda owner: owner is not None or not self.running,
                       'bgrund to own ' + BUS_NAME)
        assert self.running, f'bgrund exited with {self.process.returncode}: {self.error_output()}'
        self.unique_name = name_owner(self.bus)
        return self.unique_name

    @property
    def running(self):
        return self.process.poll() is None

    def wait_exit(self, timeout=TIMEOUT):
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f'bgrund still runs after {timeout} s') from None

    def kill(self, sig):
        self.process.send_signal(sig)
        self.process.wait(timeout=TIMEOUT)

    def stop(self):
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def error_output(self):
        return self.stderr.read()


class PrivateBus:
    '''A dbus-daemon of the test's own whose service directory makes bgrund
    activatable, through the service file made from
    data/org.bgrun.Broker1.service.in with Exec pointing at the built
    binary (plus @exec_args). Activated daemons get @env.'''

    def __init__(self, directory, exec_args=(), env=None):
        services = os.path.join(directory, 'services')
        os.makedirs(services)
        with open(os.path.join(SOURCE_ROOT, 'data', 'org.bgrun.Broker1.service.in')) as template:
            text = template.read().replace('@bindir@/bgrund',
                                           ' '.join([BGRUND] + list(exec_args)))
        with open(os.path.join(services, BUS_NAME + '.service'), 'w') as service:
            service.write(text)
        config = os.path.join(directory, 'bus.conf')
        with open(config, 'w') as conf:
            conf.write(f'''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={directory}</listen>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
''')
        self.process = subprocess.Popen(
            ['dbus-daemon', '--config-file=' + config, '--nofork', '--print-address=1'],
            stdout=subprocess.PIPE, stderr=None, env=dict(os.environ, **(env or {})),
            text=True)
        self.address = self.process.stdout.readline().strip()
        assert self.address, 'dbus-daemon did not print its address'
        self.bus = open_bus(self.address)

    def close(self):
        self.bus.close_sync(None)
        self.process.terminate()
        self.process.wait(timeout=TIMEOUT)


def run_child(scenario, *args, env=None, wait=True):
    '''Runs daemon_child.py SCENARIO ARGS… with this Python; returns the
    Popen (started) or, with @wait, its parsed JSON output.'''
    import json
    command = [sys.executable, os.path.join(HERE, 'daemon_child.py'), scenario] + list(args)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=dict(os.environ, **(env or {})))
    if not wait:
        return process
    out, err = process.communicate(timeout=TIMEOUT * 3)
    assert process.returncode == 0, f'child {scenario} failed ({process.returncode}): {err}'
    return json.loads(out.strip().splitlines()[-1])
