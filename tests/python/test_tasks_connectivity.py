# Connectivity tasks: full network connectivity coming back after an
# outage wakes the apps that subscribed. NetworkManager is python-dbusmock's
# template on the private system bus, read by GIO's NetworkManager monitor
# (GIO_USE_NETWORK_MONITOR=networkmanager, set by meson for this file) in
# this process (the embedded placement) and in bgrund (the daemon
# placement), which starts the app when it does not run.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 2.

import os
import subprocess
import sys

import pytest

from conftest import Bgrun, Gio, GLib, bus_barrier, dbus, spawn_template, spin_until
from daemon_helpers import PrivateBus
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, HERE, admin_history, lines, no_forced_backend, outdir, shared_session_bus,
    stop_daemon, wait_for_lines)

NM_PATH = '/org/freedesktop/NetworkManager'
NM_IFACE = 'org.freedesktop.NetworkManager'
CONNECTED_GLOBAL, CONNECTED_SITE, DISCONNECTED = 70, 60, 20
CONNECTIVITY_NONE, CONNECTIVITY_LIMITED, CONNECTIVITY_FULL = 1, 3, 4
CONNECTIVITY = APP_ID + '.connectivity'
SCRIPT = 'tasks_launched_app.py'


class NetworkManager:
    def __init__(self):
        self.mock = spawn_template('networkmanager', {
            'State': dbus.UInt32(CONNECTED_GLOBAL),
            'Connectivity': dbus.UInt32(CONNECTIVITY_FULL),
        })

    def set(self, state, connectivity):
        '''Changes State and Connectivity together, as NetworkManager does.'''
        for name, value in (('State', state), ('Connectivity', connectivity)):
            self.mock.mock_call('SetProperty', dbus.ObjectPath(NM_PATH), NM_IFACE,
                                name, dbus.UInt32(value, variant_level=1))
        self.mock.barrier()


@pytest.fixture(scope='module')
def network_manager(private_system_bus):
    # Before anything in this process asks GIO for its monitor.
    nm = NetworkManager()
    monitor = Gio.NetworkMonitor.get_default()
    assert type(monitor).__gtype__.name == 'GNetworkMonitorNM', \
        'run with GIO_USE_NETWORK_MONITOR=networkmanager (meson test does)'
    yield nm
    nm.mock.stop()


@pytest.fixture(autouse=True)
def online(network_manager):
    network_manager.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)
    monitor = Gio.NetworkMonitor.get_default()
    spin_until(lambda: monitor.props.connectivity == Gio.NetworkConnectivity.FULL,
               what='GIO to see full connectivity')
    return network_manager


def connectivity_is(wanted):
    monitor = Gio.NetworkMonitor.get_default()
    spin_until(lambda: monitor.props.connectivity == wanted,
               what=lambda: f'connectivity {wanted}, have {monitor.props.connectivity}')


# ---- embedded ----------------------------------------------------------------

@pytest.fixture
def embedded(monkeypatch, tmp_path):
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    scheduler = Bgrun.Scheduler.new(APP_ID)
    assert scheduler.props.backend == Bgrun.Backend.LOCAL
    tasks = []

    def handler(_scheduler, task):
        tasks.append(task)
        task.set_task_completed(True)

    scheduler.register(CONNECTIVITY, handler)
    yield scheduler, tasks
    scheduler.run_dispose()


def test_the_network_coming_back_wakes_a_subscribed_app(online, embedded):
    scheduler, tasks = embedded
    Bgrun.ConnectivityRefreshTask.subscribe(scheduler, True)

    online.set(DISCONNECTED, CONNECTIVITY_NONE)
    connectivity_is(Gio.NetworkConnectivity.LOCAL)
    bus_barrier()
    assert tasks == []

    online.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)
    spin_until(lambda: tasks, what='a connectivity task')
    assert isinstance(tasks[0], Bgrun.ConnectivityRefreshTask)
    assert tasks[0].props.identifier == CONNECTIVITY
    assert tasks[0].props.state == Bgrun.TaskState.COMPLETED

    # A limited network is an outage too; full connectivity staying full
    # is not a return.
    online.set(CONNECTED_SITE, CONNECTIVITY_LIMITED)
    connectivity_is(Gio.NetworkConnectivity.LIMITED)
    online.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)
    spin_until(lambda: len(tasks) == 2, what='a second connectivity task')
    online.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)
    bus_barrier()
    GLib.MainContext.default().iteration(False)
    assert len(tasks) == 2


def test_an_app_that_did_not_subscribe_or_stopped_is_not_woken(online, embedded):
    scheduler, tasks = embedded
    online.set(DISCONNECTED, CONNECTIVITY_NONE)
    online.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)
    connectivity_is(Gio.NetworkConnectivity.FULL)

    Bgrun.ConnectivityRefreshTask.subscribe(scheduler, True)
    Bgrun.ConnectivityRefreshTask.subscribe(scheduler, False)
    online.set(DISCONNECTED, CONNECTIVITY_NONE)
    connectivity_is(Gio.NetworkConnectivity.LOCAL)
    online.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)
    connectivity_is(Gio.NetworkConnectivity.FULL)
    for _ in range(20):
        GLib.MainContext.default().iteration(False)
    assert tasks == []


# ---- the daemon --------------------------------------------------------------

def make_activatable(bus_dir, outdir, env=None):
    '''The desktop and service files that make the app (started in its
    "serve" mode with the variables of @env) D-Bus activatable.'''
    variables = [f'{name}={value}' for name, value in (env or {}).items()]
    command = ' '.join(['/usr/bin/env'] + variables + [sys.executable, f'{HERE}/{SCRIPT}', 'serve', outdir])
    applications = os.path.join(bus_dir, 'data', 'applications')
    os.makedirs(applications)
    with open(os.path.join(applications, APP_ID + '.desktop'), 'w') as desktop:
        desktop.write('[Desktop Entry]\nType=Application\nName=Launched\n'
                      f'Exec={command}\nDBusActivatable=true\n')
    with open(os.path.join(bus_dir, 'services', APP_ID + '.service'), 'w') as service:
        service.write(f'[D-BUS Service]\nName={APP_ID}\nExec={command} --gapplication-service\n')


def private_bus(tmp_path, monkeypatch, bgrund_args=(), app_env=None):
    '''A bus of the test's own where bgrund (with @bgrund_args) and the
    app are activatable; bgrund reads NetworkManager on this process's
    private system bus.'''
    bus_dir = str(tmp_path / 'bus')
    env = {'BGRUN_STATE_DIR': str(tmp_path / 'state'),
           'XDG_DATA_DIRS': os.path.join(bus_dir, 'data') + ':/usr/share'}
    bus = PrivateBus(bus_dir, exec_args=['--idle-timeout', '0'] + list(bgrund_args), env=env)
    monkeypatch.setenv('DBUS_SESSION_BUS_ADDRESS', bus.address)
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    make_activatable(bus_dir, str(tmp_path / 'app'), app_env)
    return bus


def run_app(mode, outdir):
    child = subprocess.run([sys.executable, os.path.join(HERE, SCRIPT), mode, outdir],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr


def test_the_network_coming_back_launches_a_closed_subscribed_app(online, tmp_path, outdir,
                                                                   monkeypatch):
    bus = private_bus(tmp_path, monkeypatch)
    try:
        run_app('subscribe', outdir)
        assert lines(outdir, 'started') == ['daemon']
        assert (tmp_path / 'state' / 'daemon' / 'triggers.ini').exists()

        online.set(DISCONNECTED, CONNECTIVITY_NONE)
        online.set(CONNECTED_GLOBAL, CONNECTIVITY_FULL)

        wait_for_lines(outdir, 'exited', 2, 'the app started for the network to quit')
        assert lines(outdir, 'ran') == [f'ConnectivityRefreshTask {CONNECTIVITY}']
        assert lines(outdir, 'started') == ['daemon', 'daemon']
        assert lines(outdir, 'activated') == []
        events = [event for identifier, event, _m in admin_history(bus) if identifier == CONNECTIVITY]
        assert events == ['submitted', 'started', 'completed']
    finally:
        stop_daemon(bus)
        bus.close()
