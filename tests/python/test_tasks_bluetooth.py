# Bluetooth alert tasks: a GATT characteristic the app subscribed to
# notifies a value. BlueZ is tests/python/bluez_gatt_template.py (a
# heart-rate sensor, python-dbusmock) on the private system bus, followed
# by this process (embedded) or by bgrund, which starts the closed app
# with the value as the task's data.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 3.

import os
import pathlib
import subprocess
import sys

import pytest

from conftest import Bgrun, GLib, dbus, spin_until
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, HERE, admin_history, lines, no_forced_backend, outdir, shared_session_bus, stop_daemon,
    wait_for_lines)
from test_tasks_connectivity import private_bus
from tasks_launched_app import MEASUREMENT, SENSOR

TEMPLATE = str(pathlib.Path(__file__).with_name('bluez_gatt_template.py'))
APP = 'org.example.Alerts'


def measure(mock, data):
    '''The sensor sends @data; whether notifications were on.'''
    return mock.mock_call('Measure', dbus.Array(data, signature='y'))


@pytest.fixture
def bluez(spawn_mock):
    return spawn_mock(TEMPLATE, {})


@pytest.fixture
def scheduler(monkeypatch, tmp_path):
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    scheduler = Bgrun.Scheduler.new(APP)
    scheduler.tasks = []

    def handler(_scheduler, task):
        scheduler.tasks.append((type(task).__name__, task.props.device_address,
                                task.props.characteristic_uuid, task.props.value.get_data()))
        task.set_task_completed(True)

    scheduler.register(APP + '.bluetooth-alert.*', handler)
    yield scheduler
    scheduler.run_dispose()


def test_each_notified_value_is_a_task(bluez, scheduler):
    Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, SENSOR.lower(), MEASUREMENT.upper(), True)
    spin_until(lambda: measure(bluez, [0x00, 72]), what='the notifications started', retry_every=0.1)
    measure(bluez, [0x00, 75])
    spin_until(lambda: len(scheduler.tasks) >= 2, what='two Bluetooth alert tasks')
    assert scheduler.tasks[0] == ('BluetoothAlertRefreshTask', SENSOR, MEASUREMENT, bytes([0, 72]))
    assert scheduler.tasks[1][3] == bytes([0, 75])


def test_bad_addresses_and_uuids_are_refused(scheduler):
    for address, uuid, what in [('F0:13:C3:5A:22', MEASUREMENT, 'not a Bluetooth address'),
                                (SENSOR, '2a37', 'not a characteristic UUID')]:
        with pytest.raises(GLib.Error) as info:
            Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, address, uuid, True)
        assert info.value.matches(Bgrun.SchedulerError.quark(), Bgrun.SchedulerError.INVALID_REQUEST)
        assert what in info.value.message


def test_a_value_notified_while_the_app_is_closed_launches_it(bluez, tmp_path, outdir, monkeypatch):
    bus = private_bus(tmp_path, monkeypatch)
    try:
        child = subprocess.run([sys.executable, os.path.join(HERE, 'tasks_launched_app.py'),
                                'bluetooth', outdir], capture_output=True, text=True, timeout=60)
        assert child.returncode == 0, child.stderr
        assert (tmp_path / 'state' / 'daemon' / 'triggers.ini').read_text().count(SENSOR) == 1

        # bgrund turns the notifications on; then the sensor measures.
        spin_until(lambda: measure(bluez, [0x00, 64]), what='bgrund to start the notifications',
                   retry_every=0.2)
        wait_for_lines(outdir, 'exited', 2, 'the app started for the alert to quit')
        [ran] = lines(outdir, 'ran')
        kind, identifier, address, value = ran.split(' ')
        assert (kind, address, value) == ('BluetoothAlertRefreshTask', SENSOR, '0040')
        assert identifier.startswith(APP_ID + '.bluetooth-alert.')
        assert lines(outdir, 'activated') == []
    finally:
        stop_daemon(bus)
        bus.close()
