# A smart alarm in the daemon placement: bgrund launches the app at the
# alarm's time, and the app gets its alarm back. A real dbus-daemon of the
# test's own, the real bgrund on it, and the real application of
# test_daemon_launch.py (launched_app.py), whose fixtures and helpers this
# file shares. What a user would notice: the alarm goes off although the
# app was closed, without a window, and an alarm cancelled before its time
# does not start the app.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 6, point 4. Real time: the alarm is a few seconds ahead.

from conftest import Bgrun, GLib, spin_until
from sched_helpers import pending_ids
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, LAUNCH_TIMEOUT, admin_history, launch_bus, lines, make_activatable, no_forced_backend,
    outdir, run_app, scheduler_for_app, shared_session_bus, wait_for_lines)

ALARM_ID = APP_ID + '.smart-alarm'


def alarm_file(tmp_path):
    return tmp_path / 'state' / APP_ID / 'smart-alarm.gvariant'


def test_bgrund_launches_the_closed_app_for_its_smart_alarm(launch_bus, outdir, tmp_path):
    bus = launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir)

    # Frontmost, the app schedules its alarm 3 s ahead, then it is closed.
    run_app('alarm', outdir,
            env={'LAUNCHED_APP_DELAY': '3', 'BGRUN_STATE_DIR': str(tmp_path / 'state')})
    assert lines(outdir, 'started') == ['daemon']
    assert lines(outdir, 'exited') == ['0']
    assert alarm_file(tmp_path).exists()

    # At the alarm's time bgrund starts the app again; its scheduler gives
    # the alarm back, scheduled, and it starts at once: its time has come.
    wait_for_lines(outdir, 'alarm', 2, 'the launched app to get its smart alarm back, running')
    assert lines(outdir, 'alarm') == ['scheduled', 'running']
    assert lines(outdir, 'started') == ['daemon', 'daemon']

    # The app stops the alarm and exits by itself, never having shown a
    # window; the alarm is gone for good, and nothing waits in bgrund.
    wait_for_lines(outdir, 'exited', 2, 'the launched app to exit after its alarm')
    assert lines(outdir, 'exited') == ['0', '0']
    assert lines(outdir, 'activated') == []
    assert not alarm_file(tmp_path).exists()
    history = [(identifier, event) for identifier, event, _m in admin_history(bus)
               if identifier == ALARM_ID]
    assert history == [(ALARM_ID, 'submitted'), (ALARM_ID, 'started'), (ALARM_ID, 'completed')]


def test_an_alarm_invalidated_before_its_time_launches_nothing(launch_bus, outdir, tmp_path,
                                                                monkeypatch):
    bus = launch_bus()
    make_activatable(str(tmp_path / 'bus'), outdir)
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    start = GLib.DateTime.new_now_utc().add_seconds(2)

    scheduler = scheduler_for_app()
    try:
        scheduler.set_frontmost(True)
        alarm = Bgrun.ExtendedRuntimeSession.new(scheduler, Bgrun.ExtendedRuntimeType.SMART_ALARM)
        assert alarm.start_at(start)
        spin_until(lambda: pending_ids(scheduler) == [ALARM_ID],
                   what=lambda: f'the alarm’s launch request among {pending_ids(scheduler)}')

        alarm.invalidate()
        spin_until(lambda: pending_ids(scheduler) == [],
                   what=lambda: f'no request left, not {pending_ids(scheduler)}')
        assert not alarm_file(tmp_path).exists()
    finally:
        scheduler.run_dispose()

    # Past the alarm's time, with the app closed: bgrund has nothing to
    # launch it for, so it never starts.
    later = start.add_seconds(3)
    spin_until(lambda: GLib.DateTime.new_now_utc().compare(later) >= 0,
               timeout=LAUNCH_TIMEOUT, what='the time past the cancelled alarm', retry_every=0.2)
    assert lines(outdir, 'started') == []
    events = [event for identifier, event, _m in admin_history(bus) if identifier == ALARM_ID]
    assert events == ['submitted', 'cancelled']
