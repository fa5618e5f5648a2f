# The pytest plugin of the Python binding (bindings/python/bgrun/testing.py)
# as an app's own suite uses it: meson runs this file with
# `pytest -p bgrun.testing`, and each test that takes bgrun_driver runs
# with the embedded engine and against a bgrund --test-mode (BGRUND).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import datetime

from gi.repository import Bgrun

import pytest

from bgrun.testing import run_until

APP = 'org.example.PluginApp'


@pytest.fixture
def bgrun_app_id():
    return APP


def test_the_driver_runs_a_refresh_at_its_date(bgrun_driver, bgrun_placement):
    scheduler = bgrun_driver.get_scheduler()
    assert scheduler.props.app_id == APP
    assert scheduler.props.backend == (Bgrun.Backend.DAEMON if bgrun_placement == 'daemon'
                                       else Bgrun.Backend.LOCAL)
    runs = []
    scheduler.register(APP + '.refresh', lambda s, task: runs.append(task) or task.set_task_completed(True))
    request = Bgrun.AppRefreshRequest.new(APP + '.refresh')
    request.earliest_begin_date = bgrun_driver.get_clock().get_now() + datetime.timedelta(minutes=30)
    scheduler.submit(request)

    bgrun_driver.advance(datetime.timedelta(minutes=29))
    assert runs == []
    bgrun_driver.advance(datetime.timedelta(minutes=1))
    run_until(lambda: runs, what='the refresh to run')
    history = scheduler.get_history()
    assert history[len(history) - 1].props.event == Bgrun.HistoryEvent.COMPLETED


def test_more_drivers_share_the_placement(bgrun_new_driver, bgrun_placement):
    first = bgrun_new_driver(APP)
    second = bgrun_new_driver(APP + '.Other')
    assert second.get_scheduler().props.app_id == APP + '.Other'
    if bgrun_placement == 'embedded':
        # Embedded drivers are independent; a daemon serves one per test.
        assert first.get_scheduler().props.app_id == APP


@pytest.mark.bgrun_embedded_only
def test_embedded_only_skips_the_daemon(bgrun_driver, bgrun_placement):
    assert bgrun_placement == 'embedded'
