# bgrunctl for an app that is not running: simulate-launch starts it as a
# due task would, then runs the task; explain says when and how bgrund
# will start it. A real dbus-daemon of the test's own where bgrund and the
# app (launched_app.py, a Gio.Application) are D-Bus activatable, as in
# test_daemon_launch.py, whose fixtures this file shares.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import subprocess
import time

from conftest import TIMEOUT, GLib
from test_daemon_launch import (APP_ID, REFRESH, launch_bus, lines,  # noqa: F401 (fixtures)
                                make_activatable, no_forced_backend, outdir, run_app,
                                shared_session_bus, wait_for_lines)

BGRUNCTL = os.environ.get('BGRUNCTL')


def ctl(*args):
    assert BGRUNCTL, 'BGRUNCTL is not set: run this test through meson'
    return subprocess.run([BGRUNCTL] + list(args), capture_output=True, text=True,
                          timeout=TIMEOUT)


def scheduled_an_hour_ahead(launch_bus, outdir, tmp_path, mode='serve'):
    '''The app ran by hand, scheduled its refresh an hour ahead and exited;
    bgrund can start it again (D-Bus activation).'''
    launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir, mode=mode)
    run_app('submit', outdir, env={'LAUNCHED_APP_DELAY': '3600'})
    assert lines(outdir, 'exited') == ['0']


def test_simulate_launch_starts_the_closed_app_and_runs_the_task(launch_bus, outdir, tmp_path):
    scheduled_an_hour_ahead(launch_bus, outdir, tmp_path)

    done = ctl('simulate-launch', APP_ID, REFRESH)
    assert done.returncode == 0, done.stderr

    # Started as for a due task (without a window), and the task ran at
    # once, an hour early.
    wait_for_lines(outdir, 'ran', 1, 'the launched app to run its refresh')
    assert lines(outdir, 'ran') == [REFRESH]
    assert lines(outdir, 'started') == ['daemon', 'daemon']
    assert lines(outdir, 'activated') == []
    wait_for_lines(outdir, 'exited', 2, 'the launched app to exit after its task')
    history = json.loads(ctl('history', '--app', APP_ID, '--json').stdout)
    assert [entry['event'] for entry in history][-3:] == ['submitted', 'started', 'completed']


def test_simulate_launch_of_an_app_that_registers_no_handler_says_so(launch_bus, outdir,
                                                                     tmp_path):
    scheduled_an_hour_ahead(launch_bus, outdir, tmp_path, mode='no-handler')
    done = ctl('simulate-launch', APP_ID, REFRESH)
    assert done.returncode == 0, done.stderr
    wait_for_lines(outdir, 'started', 2, 'bgrund to start the app')
    # Running, without the handler: now bgrunctl says whose it is.
    done = ctl('simulate-launch', APP_ID, REFRESH)
    assert done.returncode == 1
    assert 'running process of ' + APP_ID in done.stderr
    assert 'bgrun_scheduler_register' in done.stderr
    assert lines(outdir, 'ran') == []


def test_explain_says_when_and_how_bgrund_starts_the_app(launch_bus, outdir, tmp_path):
    scheduled_an_hour_ahead(launch_bus, outdir, tmp_path)

    explanation = json.loads(ctl('explain', APP_ID, REFRESH, '--json').stdout)
    assert explanation['running'] is False
    assert explanation['reasons'][0] == 'not-registered'
    message = explanation['messages'][0]
    assert APP_ID + ' is not running' in message
    assert 'bgrund starts it' in message and 'D-Bus activation' in message
    assert 'no handler' not in ' '.join(explanation['messages']).lower()
    # When: the refresh's earliest begin, an hour ahead.
    earliest = explanation['earliest']
    assert 3500 < (earliest - GLib.get_real_time()) / 1e6 <= 3600
    assert time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(earliest // 1000000)) in message

    text = ctl('explain', APP_ID, REFRESH).stdout
    assert APP_ID + ' is not running' in text
