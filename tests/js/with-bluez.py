#!/usr/bin/env python3
# Runs a directory of gjs tests with BlueZ on a private system bus: the
# Python suite's heart-rate sensor (tests/python/bluez_gatt_template.py,
# python-dbusmock) on a dbus-daemon of its own, which
# DBUS_SYSTEM_BUS_ADDRESS points the tests at. The TAP that runner.js
# prints passes through; the exit status is the runner's.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     with-bluez.py GJS RUNNER_JS TEST_DIR

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_TESTS = os.path.join(HERE, '..', 'python')
sys.path.insert(0, PYTHON_TESTS)

from conftest import dbusmock, spawn_template  # noqa: E402


def main(gjs, runner, directory):
    dbusmock.DBusTestCase.start_system_bus()
    sensor = spawn_template(os.path.join(PYTHON_TESTS, 'bluez_gatt_template.py'))
    try:
        return subprocess.run([gjs, '-m', runner, directory], env=os.environ).returncode
    finally:
        sensor.stop()
        dbusmock.DBusTestCase.tearDownClass()


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
