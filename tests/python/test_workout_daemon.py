# Workout sessions in the daemon placement (the scheduler talks to bgrund):
# the session, its journal and its recovery are the app's own there too.
# test_workout_relaunch.py has bgrund starting the app again to recover it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, points 1 and 4 in the daemon placement.

import gc
import tempfile

import pytest

from conftest import Bgrun, spin_until
from daemon_helpers import Daemon
from workout_helpers import Quantity, State, new_session, session_error

APP = 'org.example.WorkoutDaemon'


@pytest.fixture
def driver():
    daemon = Daemon(tempfile.mkdtemp(), '--test-mode')
    daemon.wait_owned()
    driver = Bgrun.TestDriver.new_for_daemon(APP)
    assert driver.get_scheduler().props.backend == Bgrun.Backend.DAEMON
    yield driver
    driver.run_dispose()
    daemon.stop()
    assert daemon.process.returncode == 0, daemon.error_output()


def test_a_workout_runs_and_is_recovered_with_the_daemon(driver):
    session = new_session(driver)
    session.start_activity(None)
    builder = session.get_builder()
    builder.begin_collection(None)
    for n in range(20):
        builder.add_sample(Quantity.HEART_RATE, 130 + n, None)
        driver.advance(1)
    with session_error(Bgrun.SessionError.SESSION_IN_PROGRESS):
        new_session(driver)
    del session, builder
    gc.collect()

    results = []
    Bgrun.WorkoutSession.recover_async(driver.get_scheduler(), None,
                                       lambda s, result: results.append(result))
    spin_until(lambda: results, what='recover_async')
    recovered = Bgrun.WorkoutSession.recover_finish(results[0])
    assert recovered.props.state == State.RUNNING
    heart = recovered.get_builder().get_statistics(Quantity.HEART_RATE)
    assert (heart.get_count(), heart.get_maximum()) == (20, 149)
    recovered.end()
    assert recovered.props.state == State.ENDED
