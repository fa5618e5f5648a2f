# In the daemon placement an app killed during a workout is started again
# to recover it: a real dbus-daemon of the test's own, the real bgrund
# started on it by D-Bus activation, and a real application
# (workout_launched_app.py), killed with SIGKILL mid-workout, made D-Bus
# activatable so that bgrund can start it again.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 4 (the daemon placement).

import os
import signal
import subprocess
import sys
import time

from test_daemon_launch import (  # noqa: F401 (fixtures)
    HERE, admin_history, launch_bus, lines, make_activatable, no_forced_backend, outdir,
    shared_session_bus, wait_for_lines)

SCRIPT = 'workout_launched_app.py'
RECOVERY = 'org.bgrun.workout-recovery'


def app_env(tmp_path):
    '''The app run by hand keeps its state where bgrund's apps do.'''
    return dict(os.environ, BGRUN_STATE_DIR=str(tmp_path / 'state'))


def test_an_app_killed_mid_workout_is_started_again_and_gets_it_back(launch_bus, outdir,
                                                                     tmp_path):
    bus = launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir, script=SCRIPT)
    worker = subprocess.Popen([sys.executable, os.path.join(HERE, SCRIPT), 'work', outdir],
                              stdout=subprocess.PIPE, text=True, env=app_env(tmp_path))
    try:
        for n in range(40):
            assert worker.stdout.readline().strip() == f'sample {n}'
        worker.send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
    finally:
        worker.wait()
    assert lines(outdir, 'started') == ['work daemon']

    # bgrund starts it again, without a window; the recovery task's
    # handler gets the workout back as it was, with every sample added.
    wait_for_lines(outdir, 'recovered', 1, 'the app started again to recover its workout')
    assert lines(outdir, 'started') == ['work daemon', 'serve daemon']
    assert lines(outdir, 'task') == [f'WorkoutRecoveryTask {RECOVERY}']
    state, count, maximum = lines(outdir, 'recovered')[0].split()
    assert state == 'running'
    # The 40 printed, and at most the one added when the kill came.
    assert int(count) in (40, 41) and int(maximum) == 100 + int(count) - 1
    assert time.monotonic() - killed_at < 30

    # It ended the workout and quit: it is not started again, and the
    # task completed by itself once the workout was back.
    wait_for_lines(outdir, 'exited', 1, 'the started app to quit')
    time.sleep(2)
    assert lines(outdir, 'exited') == ['serve']
    events = [event for identifier, event, _m in admin_history(bus) if identifier == RECOVERY]
    assert events == ['submitted', 'started', 'completed']


def test_an_app_that_ended_its_workout_is_not_started_again(launch_bus, outdir, tmp_path):
    bus = launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir, script=SCRIPT)
    child = subprocess.run([sys.executable, os.path.join(HERE, SCRIPT), 'end', outdir],
                           capture_output=True, text=True, timeout=60, env=app_env(tmp_path))
    assert child.returncode == 0, child.stderr
    assert lines(outdir, 'exited') == ['end']
    time.sleep(3)
    assert lines(outdir, 'started') == ['end daemon']
    assert [e for identifier, e, _m in admin_history(bus) if identifier == RECOVERY] == []
