# Relevant-shortcut tasks: a daily chance, within the refresh budget, to
# update the app's desktop actions. Embedded through a Bgrun.TestDriver
# (its clock moves only when told); with bgrund, the chance starts the
# closed app, and the next one waits a day in bgrund's store.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 5.

import os
import subprocess
import sys

import pytest

from conftest import Bgrun, GLib
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, HERE, admin_history, lines, no_forced_backend, outdir, shared_session_bus, stop_daemon,
    wait_for_lines)
from test_tasks_connectivity import private_bus

APP = 'org.example.Shortcuts'
SHORTCUT = APP + '.shortcut'
DAY = Bgrun.RELEVANT_SHORTCUT_INTERVAL


@pytest.fixture
def driver():
    driver = Bgrun.TestDriver.new(APP)
    scheduler = driver.get_scheduler()
    driver.tasks = []

    def handler(_scheduler, task):
        driver.tasks.append(task)
        task.set_task_completed(True)

    scheduler.register(SHORTCUT, handler)
    scheduler.register(APP + '.refresh', handler)
    driver.set_conditions(True, False, False, 100, False)
    yield driver
    scheduler.run_dispose()


def shortcuts(driver):
    return [t for t in driver.tasks if isinstance(t, Bgrun.RelevantShortcutRefreshTask)]


def test_a_chance_now_and_then_every_day(driver):
    Bgrun.RelevantShortcutRefreshTask.subscribe(driver.get_scheduler(), True)
    driver.advance(0)
    assert [t.props.identifier for t in shortcuts(driver)] == [SHORTCUT]
    driver.advance(DAY - 1)
    assert len(shortcuts(driver)) == 1
    driver.advance(1)
    assert len(shortcuts(driver)) == 2


def test_it_waits_for_the_refresh_budget(driver):
    scheduler = driver.get_scheduler()
    # The app spends its budget on refreshes first.
    for _ in range(Bgrun.REFRESH_BUDGET):
        scheduler.schedule_refresh(None, None)
        driver.advance(0)
    assert len(driver.tasks) == Bgrun.REFRESH_BUDGET
    Bgrun.RelevantShortcutRefreshTask.subscribe(scheduler, True)
    driver.advance(0)
    assert shortcuts(driver) == []
    explanation = scheduler.explain(SHORTCUT)
    assert Bgrun.WaitReason.BUDGET_EXHAUSTED in explanation.get_reasons()
    driver.advance(3600)
    assert len(shortcuts(driver)) == 1


def test_unsubscribing_withdraws_the_next_chance(driver):
    scheduler = driver.get_scheduler()
    Bgrun.RelevantShortcutRefreshTask.subscribe(scheduler, True)
    driver.advance(0)
    Bgrun.RelevantShortcutRefreshTask.subscribe(scheduler, False)
    driver.advance(2 * DAY)
    assert len(shortcuts(driver)) == 1


def test_the_chance_launches_the_closed_app_and_the_next_waits_a_day(tmp_path, outdir, monkeypatch):
    bus = private_bus(tmp_path, monkeypatch)
    try:
        child = subprocess.run([sys.executable, os.path.join(HERE, 'tasks_launched_app.py'),
                                'shortcuts', outdir], capture_output=True, text=True, timeout=60)
        assert child.returncode == 0, child.stderr
        wait_for_lines(outdir, 'exited', 2, 'the app started for its shortcut task to quit')
        assert lines(outdir, 'ran') == [f'RelevantShortcutRefreshTask {APP_ID}.shortcut']
        assert lines(outdir, 'activated') == []
        # The subscribing process may have been given the first chance as
        # it exited: then it was queued again, as any interrupted task is.
        events = [e for i, e, _m in admin_history(bus) if i == APP_ID + '.shortcut']
        assert events[0] == 'submitted' and events[-3:] == ['started', 'submitted', 'completed']
        (pending,) = bus.bus.call_sync('org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Admin1',
                                       'ListPending', GLib.Variant('(s)', (APP_ID,)),
                                       GLib.VariantType.new('(aa{sv})'), 0, -1, None).unpack()
        [next_one] = [p for p in pending if p['identifier'] == APP_ID + '.shortcut']
        ahead = next_one['earliest-begin-date'] / 1e6 - GLib.DateTime.new_now_utc().to_unix()
        assert DAY - 120 < ahead < DAY + 1
    finally:
        stop_daemon(bus)
        bus.close()
