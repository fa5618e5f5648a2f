'''bgrun-demo, run as a new user would run it: it must finish on its own,
show the clock and conditions, and show the scheduler running a refresh
and a processing task with the real clock.'''

import os
import subprocess

import pytest

DEMO = os.environ.get('BGRUN_DEMO')


@pytest.fixture(scope='module')
def demo_output():
    if not DEMO or not os.path.exists(DEMO):
        pytest.skip('bgrun-demo was not built (-Ddemos=false)')
    child = subprocess.run([DEMO, '--seconds', '1'], capture_output=True, text=True,
                           timeout=60)
    assert child.returncode == 0, child.stderr
    return child.stdout


def test_shows_clock_and_conditions(demo_output):
    assert '== Clock and conditions ==' in demo_output
    assert 'network available:' in demo_output
    assert 'alarm fired at' in demo_output


def test_runs_both_tasks_through_the_scheduler(demo_output):
    lines = demo_output.splitlines()

    def index_of(*words):
        return next(i for i, line in enumerate(lines) if all(w in line for w in words))

    submitted = index_of('submitted', 'org.bgrun.Demo.refresh')
    started = index_of('started', 'org.bgrun.Demo.refresh')
    completed = index_of('completed', 'org.bgrun.Demo.refresh')
    assert submitted < started < completed
    assert index_of('completed', 'org.bgrun.Demo.sync') > index_of('started', 'org.bgrun.Demo.sync')
    assert 'BgrunAppRefreshTask' in demo_output and 'BgrunProcessingTask' in demo_output


def test_explains_and_refuses(demo_output):
    assert 'is still ahead' in demo_output
    assert 'Refused as expected' in demo_output
    assert 'rejected' in demo_output


def test_bad_arguments_exit_2():
    if not DEMO or not os.path.exists(DEMO):
        pytest.skip('bgrun-demo was not built (-Ddemos=false)')
    child = subprocess.run([DEMO, '--seconds', '0'], capture_output=True, text=True,
                           timeout=30)
    assert child.returncode == 2
    assert '--seconds' in child.stderr
