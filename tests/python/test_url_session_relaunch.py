# A background download outlives its app, and its app is started again for
# the result: a real dbus-daemon of the test's own, the real bgrund started
# on it by D-Bus activation, nginx on loopback, and a real application
# (url_launched_app.py, a Gio.Application) made D-Bus activatable there.
# What a user would notice: the app exits in the middle of a download; the
# download finishes anyway; the app is started without a window, gets the
# file and the completion once, and exits; started by hand afterwards, it
# gets nothing twice.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys

import pytest

from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, HERE, admin_history, launch_bus, lines, make_activatable, no_forced_backend, outdir,
    shared_session_bus, stop_owner, wait_for_event, wait_for_lines)
from url_helpers import Bgrun, GLib, body
from url_servers import Nginx

from gi.repository import Gio

SCRIPT = 'url_launched_app.py'
SESSION = APP_ID + '.downloads'
SIZE = 3 * 1024 * 1024


def admin_pending(bus):
    '''The app's pending requests (bgrund's own included) through Admin1.'''
    (requests,) = bus.bus.call_sync('org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Admin1',
                                    'ListPending', GLib.Variant('(s)', (APP_ID,)),
                                    GLib.VariantType.new('(aa{sv})'), Gio.DBusCallFlags.NONE,
                                    -1, None).unpack()
    return [request['identifier'] for request in requests]


@pytest.fixture
def slow_nginx():
    # About 3 s for the whole body: the app is gone long before the end.
    server = Nginx(rate='1m')
    yield server
    server.stop()


def run_app(mode, outdir, uri):
    child = subprocess.run([sys.executable, os.path.join(HERE, SCRIPT), mode, outdir],
                           capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, SESSION_ID=SESSION, DOWNLOAD_URI=uri))
    assert child.returncode == 0, child.stderr


def test_the_app_is_started_again_for_a_download_that_finished_without_it(
        launch_bus, outdir, tmp_path, slow_nginx):
    launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir, script=SCRIPT,
                     env={'SESSION_ID': SESSION})
    content = body(SIZE, seed=7)
    uri = slow_nginx.put('big.bin', content)

    # The app starts a download and exits while it runs.
    run_app('download', outdir, uri)
    assert lines(outdir, 'started') == ['daemon']
    assert lines(outdir, 'download-running') == ['True']
    assert lines(outdir, 'exited') == ['0']

    # bgrund finishes it and starts the app for it: no window, the file and
    # the completion once, then the events are over and the task completes.
    wait_for_lines(outdir, 'exited', 2, 'the app started for its download to exit')
    assert lines(outdir, 'started') == ['daemon', 'daemon']
    assert lines(outdir, 'activated') == []
    assert lines(outdir, 'refresh') == [SESSION]
    (task_id,) = lines(outdir, 'downloaded')
    assert lines(outdir, 'completed') == [f'{task_id} ok']
    assert lines(outdir, 'events-finished') == ['download', 'serve']
    assert lines(outdir, 'task-state') == ['completed']
    downloaded = os.path.join(outdir, f'download-{task_id}')
    assert os.path.getsize(downloaded) == SIZE
    with open(downloaded, 'rb') as f:
        assert f.read() == content

    # Started by hand again, it gets no event twice.
    run_app('check', outdir, uri)
    assert lines(outdir, 'downloaded') == [task_id]
    assert lines(outdir, 'events-finished') == ['download', 'serve', 'check']


def test_an_app_that_quits_on_events_finished_leaves_no_task_behind(
        launch_bus, outdir, tmp_path, slow_nginx):
    # It used to leave its refresh task running: bgrund recorded it as
    # expired (interrupted) and kept a stale request pending.
    bus = launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir, mode='serve-quit', script=SCRIPT,
                     env={'SESSION_ID': SESSION})
    uri = slow_nginx.put('big.bin', body(SIZE, seed=9))

    run_app('download', outdir, uri)
    wait_for_lines(outdir, 'exited', 2, 'the app started for its download to quit')
    assert lines(outdir, 'events-finished') == ['download', 'serve-quit']
    assert lines(outdir, 'task-state') == ['completed']

    events = [(identifier, event) for identifier, event, _m in admin_history(bus)
              if identifier == SESSION]
    assert events[-2:] == [(SESSION, 'started'), (SESSION, 'completed')]
    assert admin_pending(bus) == []


def test_an_app_started_for_its_events_that_never_attaches_is_told_why(
        launch_bus, outdir, tmp_path, slow_nginx):
    bus = launch_bus(launch_timeout=3)
    make_activatable(str(tmp_path / 'bus'), outdir, mode='no-scheduler', script=SCRIPT,
                     env={'SESSION_ID': SESSION})
    uri = slow_nginx.put('big.bin', body(SIZE, seed=8))

    run_app('download', outdir, uri)
    failed = wait_for_event(bus, 'failed')

    assert [identifier for identifier, _m in failed] == [SESSION]
    message = failed[0][1]
    assert 'events of this URL session' in message and 'did not attach' in message
    assert 'scheduler for its GApplication' in message
    assert 'register a handler' not in message
    assert lines(outdir, 'started') == ['daemon', 'none']
    # The events wait for the app: created by hand, the session takes them.
    stop_owner(bus, APP_ID)
    run_app('check', outdir, uri)
    assert len(lines(outdir, 'downloaded')) == 1
