# Snapshot tasks: when the app leaves the foreground, after it stayed in
# the background for BGRUN_SNAPSHOT_RETURN_TO_DEFAULT_DELAY, when it was
# started in the background, and at the time it scheduled (its own, or
# the estimated expiration of its last snapshot). Embedded through a
# Bgrun.TestDriver, whose clock moves only when told; with bgrund, a
# scheduled snapshot starts the closed app, and an app started in the
# background for a task gets its prelaunch snapshot.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 1.

import os

import pytest

from conftest import Bgrun, GLib
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, admin_history, lines, no_forced_backend, outdir, shared_session_bus, stop_daemon,
    wait_for_lines)
from test_tasks_connectivity import private_bus

APP = 'org.example.Snapshots'
Reason = Bgrun.SnapshotReason


@pytest.fixture
def driver():
    driver = Bgrun.TestDriver.new(APP)
    scheduler = driver.get_scheduler()
    driver.tasks = []

    def handler(_scheduler, task):
        driver.tasks.append(task)
        if driver.complete:
            task.set_task_completed(True)

    driver.complete = True
    scheduler.register(APP + '.snapshot.*', handler)
    driver.set_frontmost(True)
    yield driver
    scheduler.run_dispose()


def reasons(driver):
    return [task.props.reason for task in driver.tasks]


def later(driver, seconds):
    return driver.get_scheduler().props.clock.get_now().add_seconds(seconds)


def test_leaving_the_foreground_and_staying_away_give_snapshots(driver):
    Bgrun.SnapshotRefreshTask.subscribe(driver.get_scheduler(), True)
    driver.set_frontmost(False)
    driver.advance(0)
    assert reasons(driver) == [Reason.APP_BACKGROUNDED]
    assert driver.tasks[0].props.identifier == APP + '.snapshot.app-backgrounded'

    driver.advance(Bgrun.SNAPSHOT_RETURN_TO_DEFAULT_DELAY - 1)
    assert reasons(driver) == [Reason.APP_BACKGROUNDED]
    driver.advance(1)
    assert reasons(driver) == [Reason.APP_BACKGROUNDED, Reason.RETURN_TO_DEFAULT_STATE]


def test_coming_back_in_time_gives_no_return_to_the_default_state(driver):
    Bgrun.SnapshotRefreshTask.subscribe(driver.get_scheduler(), True)
    driver.set_frontmost(False)
    driver.advance(60)
    driver.set_frontmost(True)
    driver.advance(Bgrun.SNAPSHOT_RETURN_TO_DEFAULT_DELAY)
    assert reasons(driver) == [Reason.APP_BACKGROUNDED]


def test_an_app_that_did_not_subscribe_gets_none(driver):
    driver.set_frontmost(False)
    driver.advance(Bgrun.SNAPSHOT_RETURN_TO_DEFAULT_DELAY + 1)
    assert driver.tasks == []


def test_a_scheduled_snapshot_and_its_estimated_expiration(driver):
    scheduler = driver.get_scheduler()
    Bgrun.SnapshotRefreshTask.schedule(scheduler, later(driver, 60),
                                       GLib.Variant('a{sv}', {'view': GLib.Variant('s', 'inbox')}))
    # A second call replaces the first.
    Bgrun.SnapshotRefreshTask.schedule(scheduler, later(driver, 90),
                                       GLib.Variant('a{sv}', {'view': GLib.Variant('s', 'outbox')}))
    driver.advance(89)
    assert driver.tasks == []
    driver.complete = False
    driver.advance(1)
    [task] = driver.tasks
    assert task.props.reason == Reason.APP_SCHEDULED
    assert task.props.user_info.unpack()['view'] == 'outbox'

    expires = later(driver, 120)
    task.set_task_completed_with_snapshot(True, expires, GLib.Variant('a{sv}', {'view': GLib.Variant('s', 'new')}))
    assert task.props.state == Bgrun.TaskState.COMPLETED
    assert task.props.restored_default_state is True
    assert task.props.estimated_expiration.equal(expires)
    assert task.props.snapshot_user_info.unpack() == {'view': 'new'}

    driver.advance(119)
    assert len(driver.tasks) == 1
    driver.advance(1)
    assert reasons(driver) == [Reason.APP_SCHEDULED, Reason.APP_SCHEDULED]
    assert driver.tasks[1].props.user_info.unpack()['view'] == 'new'


def test_a_scheduled_snapshot_launches_the_closed_app_and_a_prelaunch_follows(tmp_path, outdir,
                                                                             monkeypatch):
    import subprocess
    import sys
    bus = private_bus(tmp_path, monkeypatch, app_env={'TASKS_SNAPSHOTS': '1'})
    try:
        child = subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__),
                                                             'tasks_launched_app.py'),
                                'snapshot', outdir],
                               capture_output=True, text=True, timeout=60,
                               env=dict(os.environ, TASKS_DELAY='3'))
        assert child.returncode == 0, child.stderr
        wait_for_lines(outdir, 'exited', 2, 'the app started for its snapshot to quit')
        ran = lines(outdir, 'ran')
        assert ran[0] == f'SnapshotRefreshTask {APP_ID}.snapshot.app-scheduled app-scheduled inbox'
        assert ran[1:] == [], 'a snapshot started in the background is no prelaunch of its own'
        assert lines(outdir, 'activated') == []
        events = [e for i, e, _m in admin_history(bus) if i == APP_ID + '.snapshot.app-scheduled']
        assert events == ['submitted', 'started', 'completed']
    finally:
        stop_daemon(bus)
        bus.close()


def test_an_app_started_in_the_background_gets_a_prelaunch_snapshot(tmp_path, outdir, monkeypatch):
    from test_tasks_intent import activate_action
    bus = private_bus(tmp_path, monkeypatch, app_env={'TASKS_SNAPSHOTS': '1'})
    try:
        activate_action(bus.bus, 'open-folder', GLib.Variant('s', 'Inbox'))
        wait_for_lines(outdir, 'exited', 1, 'the app started for its action to quit')
        ran = [line.split(' ')[0] for line in lines(outdir, 'ran')]
        assert ran == ['IntentDidRunRefreshTask', 'SnapshotRefreshTask']
        assert lines(outdir, 'ran')[1].split(' ')[2] == 'prelaunch'
    finally:
        stop_daemon(bus)
        bus.close()
