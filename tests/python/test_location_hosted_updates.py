# Nothing dropped: the location updates of a session that allows
# background updates go on while its app is killed and while bgrund starts
# it again, and come after the launch, in order, once. A real dbus-daemon
# of the test's own, the real bgrund started on it by D-Bus activation
# with a replayed track as its location, and a real application
# (location_hosted_app.py), killed with SIGKILL, then made D-Bus
# activatable so that bgrund starts it for a region entry.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, point 4.

import os
import subprocess
import sys

from conftest import spin_until
from location_helpers import write_gpx
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, HERE, lines, make_activatable, no_forced_backend, outdir, shared_session_bus,
    stop_daemon, wait_for_lines)
from test_location_region_launch import journaled, private_bus

SCRIPT = 'location_hosted_app.py'


def fixes(outdir, mode):
    return [line.split()[2:] for line in lines(outdir, 'events')
            if line.startswith(f'{mode} fix')]


def test_updates_while_the_app_is_down_or_starting_come_after_the_launch_once(
        tmp_path, outdir, monkeypatch):
    # bgrund's location: north from the start, 50 m every 10 s (replayed
    # 20 times faster), into the depot (200 m around 1000 m north) at
    # 850 m, 170 s in, ending at its centre 30 s later (before the app
    # started for the entry quits, so that the app's own exit, seen on its
    # own line, does not disagree with a later fix of bgrund's). The app's
    # own sessions replay a line 5 km east.
    track = write_gpx(tmp_path / 'walk.gpx', [(i * 10, i * 50) for i in range(21)])
    own = write_gpx(tmp_path / 'own.gpx', [(i * 10, i * 50, 5000) for i in range(41)])
    bus = private_bus(tmp_path, monkeypatch, track)
    try:
        make_activatable(str(tmp_path / 'bus'), outdir, script=SCRIPT, env={'OWN_TRACK': own})
        tracker = subprocess.Popen([sys.executable, os.path.join(HERE, SCRIPT), 'track', outdir],
                                   env={**os.environ, 'OWN_TRACK': str(own)})
        try:
            spin_until(lambda: len(fixes(outdir, 'track')) >= 3,
                       what=lambda: f'three fixes, not {fixes(outdir, "track")}', retry_every=0.1)
        finally:
            tracker.kill()
            tracker.wait()
        assert all(source == 'own' for source, _s in fixes(outdir, 'track'))

        # Killed with its session running: bgrund journals its updates,
        # sees the entry, starts the app, and keeps journaling until the
        # app's session runs again.
        wait_for_lines(outdir, 'exited', 1, 'the app started for the entry to quit')
        assert lines(outdir, 'exited') == ['serve']
        served = [line.split()[1:] for line in lines(outdir, 'events') if line.startswith('serve ')]
        first_own = served.index(next(e for e in served if e[:2] == ['fix', 'own']))
        waited, live = served[:first_own], served[first_own:]
        assert not any(e[:2] == ['fix', 'bgrund'] for e in live), served

        # In order, none twice, none missing: every point of bgrund's
        # track from the kill to the session's start, and the entry just
        # before the fix that caused it.
        times = [int(e[2]) for e in waited if e[0] == 'fix']
        assert len(times) >= 5, waited
        assert times == list(range(times[0], times[0] + 10 * len(times), 10)), times
        assert waited.index(['region', 'enter', 'depot']) == waited.index(['fix', 'bgrund', '170']) - 1
        assert journaled(tmp_path) == 0

        # Started by hand, it is given nothing twice: its session stopped
        # when it quit, so bgrund hosts nothing for it any more.
        child = subprocess.run([sys.executable, os.path.join(HERE, SCRIPT), 'check', outdir],
                               env={**os.environ, 'OWN_TRACK': str(own)},
                               capture_output=True, text=True, timeout=60)
        assert child.returncode == 0, child.stderr
        assert lines(outdir, 'exited') == ['serve', 'check']
        assert fixes(outdir, 'check') == []
        assert journaled(tmp_path) == 0
    finally:
        stop_daemon(bus)
        bus.close()
