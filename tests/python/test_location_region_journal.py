# Region events that wait in bgrund's journal, and bgrund staying up to
# watch regions: a real dbus-daemon of the test's own and the real bgrund
# started on it by D-Bus activation with a replayed track as its location
# (the helpers of test_location_region_launch.py).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, point 4.

import time

from conftest import spin_until
from daemon_helpers import name_owner, wait_for_owner
from location_helpers import write_gpx
from test_daemon_launch import (  # noqa: F401 (fixtures)
    admin_history, lines, no_forced_backend, outdir, shared_session_bus, stop_daemon)
from test_location_region_launch import journaled, private_bus, run_app


def test_events_wait_in_the_journal_and_come_in_order(tmp_path, outdir, monkeypatch):
    # The app cannot be started (it is not D-Bus activatable): the device
    # walks into the depot and out again, and both wait in bgrund's journal
    # for the app's next start by hand, which gets them in order, once.
    track = write_gpx(tmp_path / 'through.gpx', [(i * 10, i * 100) for i in range(21)])
    bus = private_bus(tmp_path, monkeypatch, track)
    try:
        run_app('monitor', outdir)
        rejected = [m for identifier, event, m in wait_for_rejection(bus)
                    if identifier == 'org.bgrun.location-region' and event == 'rejected']
        assert 'no D-Bus service file' in rejected[0]
        spin_until(lambda: journaled(tmp_path) == 2, what=lambda: f'{journaled(tmp_path)} events journaled',
                   retry_every=0.2)

        run_app('check', outdir)
        assert lines(outdir, 'region') == ['enter depot', 'exit depot']
        assert journaled(tmp_path) == 0
        run_app('check', outdir)
        assert lines(outdir, 'region') == ['enter depot', 'exit depot']
    finally:
        stop_daemon(bus)
        bus.close()


def wait_for_rejection(bus):
    spin_until(lambda: any(e == 'rejected' for _i, e, _m in admin_history(bus)),
               what=lambda: f'a “rejected” entry in {admin_history(bus)}', retry_every=0.2)
    return admin_history(bus)


def test_bgrund_stays_while_it_watches_and_not_when_it_cannot(tmp_path, outdir, monkeypatch):
    # Idle after 1 s, but an app's regions are watched: bgrund stays.
    track = write_gpx(tmp_path / 'still.gpx', [(i * 60, 0) for i in range(61)])
    bus = private_bus(tmp_path, monkeypatch, track, idle_timeout=1)
    try:
        run_app('monitor', outdir)
        owner = name_owner(bus.bus)
        assert owner is not None
        time.sleep(3)
        assert name_owner(bus.bus) == owner
    finally:
        stop_daemon(bus)
        bus.close()


def test_bgrund_that_cannot_watch_does_not_stay_for_it(tmp_path, outdir, monkeypatch):
    # Its location does not parse: it says so, and exits when idle.
    track = tmp_path / 'broken.gpx'
    track.write_text('<gpx><trkpt lat="north" lon="10"/></gpx>\n')
    bus = private_bus(tmp_path, monkeypatch, track, idle_timeout=1)
    try:
        run_app('monitor', outdir)
        wait_for_owner(bus.bus, lambda owner: owner is None, 'bgrund to exit when idle')
    finally:
        stop_daemon(bus)
        bus.close()
