# A region event launches the app that monitors the region: a real
# dbus-daemon of the test's own, the real bgrund started on it by D-Bus
# activation with a replayed track as its location, and a real application
# (region_launched_app.py) made D-Bus activatable there. What a user would
# notice: the app monitors a region and exits; the device walks into the
# region; the app is started and its location session reports the entry,
# once; started by hand afterwards, it reports nothing twice.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, points 3 (daemon part) and 4; test_location_region_journal.py
# has the journal on its own.

import os
import sqlite3
import subprocess
import sys

from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, HERE, admin_history, lines, no_forced_backend, outdir, shared_session_bus,
    stop_daemon, wait_for_lines)
from daemon_helpers import PrivateBus
from location_helpers import write_gpx

SCRIPT = 'region_launched_app.py'


def make_activatable(bus_dir, outdir):
    '''As test_daemon_launch.make_activatable, for this app.'''
    command = ' '.join([sys.executable, f'{HERE}/{SCRIPT}', 'serve', outdir])
    applications = os.path.join(bus_dir, 'data', 'applications')
    os.makedirs(applications)
    with open(os.path.join(applications, APP_ID + '.desktop'), 'w') as desktop:
        desktop.write('[Desktop Entry]\nType=Application\nName=Depots\n'
                      f'Exec={command}\nDBusActivatable=true\n')
    with open(os.path.join(bus_dir, 'services', APP_ID + '.service'), 'w') as service:
        service.write(f'[D-BUS Service]\nName={APP_ID}\nExec={command} --gapplication-service\n')


def private_bus(tmp_path, monkeypatch, track, idle_timeout=0):
    '''A bus of the test's own where bgrund is activatable, with @track
    (replayed 20 times faster) as its location.'''
    bus_dir = str(tmp_path / 'bus')
    env = {'BGRUN_STATE_DIR': str(tmp_path / 'state'),
           'XDG_DATA_DIRS': os.path.join(bus_dir, 'data') + ':/usr/share',
           'BGRUN_LOCATION_REPLAY': str(track),
           'BGRUN_LOCATION_REPLAY_SPEED': '20'}
    bus = PrivateBus(bus_dir, exec_args=['--idle-timeout', str(idle_timeout)], env=env)
    monkeypatch.setenv('DBUS_SESSION_BUS_ADDRESS', bus.address)
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    return bus


def journaled(tmp_path):
    '''How many region events bgrund's journal holds for the app.'''
    path = tmp_path / 'state' / 'daemon' / 'location.db'
    if not path.exists():
        return 0
    with sqlite3.connect(f'file:{path}?mode=ro', uri=True) as db:
        return db.execute('SELECT COUNT(*) FROM events WHERE app_id = ?', (APP_ID,)).fetchone()[0]


def run_app(mode, outdir):
    child = subprocess.run([sys.executable, os.path.join(HERE, SCRIPT), mode, outdir],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr


def test_entering_a_region_launches_the_app_which_gets_the_entry_once(tmp_path, outdir,
                                                                      monkeypatch):
    # bgrund's location: from the start, 1000 m south of the depot, into
    # it, in 100 s replayed 20 times faster; it ends inside.
    track = write_gpx(tmp_path / 'walk.gpx', [(i * 10, i * 100) for i in range(11)])
    bus = private_bus(tmp_path, monkeypatch, track)
    try:
        make_activatable(str(tmp_path / 'bus'), outdir)

        # The app monitors the depot and exits; bgrund watches from now.
        run_app('monitor', outdir)
        assert lines(outdir, 'started') == ['daemon']

        # The device walks in: bgrund starts the app, whose session reports
        # the entry.
        wait_for_lines(outdir, 'exited', 2, 'the app started for the entry to quit')
        assert lines(outdir, 'exited') == ['monitor', 'serve']
        assert lines(outdir, 'started') == ['daemon', 'daemon']
        assert lines(outdir, 'region') == ['enter depot']
        events = [event for identifier, event, _m in admin_history(bus)
                  if identifier == 'org.bgrun.location-region']
        assert events[-2:] == ['started', 'completed']

        # Started by hand, it is told nothing twice.
        run_app('check', outdir)
        assert lines(outdir, 'region') == ['enter depot']
        assert lines(outdir, 'exited') == ['monitor', 'serve', 'check']
        assert journaled(tmp_path) == 0
    finally:
        stop_daemon(bus)
        bus.close()


def test_an_app_running_without_a_session_is_told_of_what_bgrund_sees(tmp_path, outdir,
                                                                      monkeypatch):
    # The launched app creates a session but never starts it: bgrund goes
    # on watching for it, and the exit, seen while it runs, reaches it too.
    track = write_gpx(tmp_path / 'through.gpx', [(i * 10, i * 100) for i in range(21)] +
                      [(200 + i * 10, 2000) for i in range(1, 11)])
    bus = private_bus(tmp_path, monkeypatch, track)
    try:
        make_activatable(str(tmp_path / 'bus'), outdir)
        run_app('monitor', outdir)
        wait_for_lines(outdir, 'exited', 2, 'the app started for the entry to quit')
        assert lines(outdir, 'exited') == ['monitor', 'serve']
        assert lines(outdir, 'region') == ['enter depot', 'exit depot']
        assert journaled(tmp_path) == 0
    finally:
        stop_daemon(bus)
        bus.close()
