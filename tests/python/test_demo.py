'''bgrun-demo, run as a new user would run it: it must finish on its own,
show the clock and conditions, and show the scheduler running a refresh
and a processing task with the real clock, and a physical-therapy session
over a simulated hour, and a background download from its own web server.'''

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


def test_runs_a_physical_therapy_session_to_its_end(demo_output):
    lines = demo_output.splitlines()
    heading = lines.index('== A physical-therapy session (simulated hour) ==')
    session = lines[heading + 1:]

    def index_of(*words):
        return next(i for i, line in enumerate(session) if all(w in line for w in words))

    started = index_of('session started, runs until')
    refused = index_of('A second session is refused', 'only one session runs at a time')
    warned = index_of('session will expire')
    ended = index_of('session invalidated (expired)')
    assert started < refused < warned < ended
    # The simulated hour: the session ends an hour after it started.
    start_time = session[started].split()[1]
    end_time = session[ended].split()[1]
    assert session[started].endswith(session[ended].split()[0] + ' ' + end_time)
    assert start_time != end_time


def test_the_daemon_launches_a_closed_app_for_its_due_task(demo_output):
    lines = demo_output.splitlines()
    step = lines[lines.index('== The daemon launches a closed app ==') + 1:]
    assert 'schedules its refresh 2 s ahead, and exits' in step[1]
    assert step[2:5] == [
        '  bgrund launched org.bgrun.Demo.Launched for its due task '
        'org.bgrun.Demo.Launched.refresh: the handler ran in the new process.',
        '  No window: the app was started for an action, without activate.',
        '  The app exited by itself after its task.',
    ]


def test_bad_arguments_exit_2():
    if not DEMO or not os.path.exists(DEMO):
        pytest.skip('bgrun-demo was not built (-Ddemos=false)')
    child = subprocess.run([DEMO, '--seconds', '0'], capture_output=True, text=True,
                           timeout=30)
    assert child.returncode == 2
    assert '--seconds' in child.stderr


def test_downloads_from_its_own_server_with_progress_and_a_verified_checksum(demo_output):
    lines = demo_output.splitlines()
    step = lines[lines.index('== A background download ==') + 1:]
    # GLib writes sizes with a no-break space in UTF-8 locales.
    step = [line.replace('\xa0', ' ') for line in step[:step.index('')]]
    progress = [line for line in step if line.startswith('  downloading: ')]
    # Not a terminal: a few lines instead of one redrawn line, growing to the whole body.
    percents = [int(line.split('(')[1].split(' %')[0]) for line in progress]
    assert len(percents) >= 2 and percents == sorted(percents) and percents[-1] == 100
    assert progress[-1] == '  downloading: 8.0 of 8.0 MiB (100 %)'
    expected = next(line for line in step if line.startswith('  expecting sha256:'))
    digest = expected.split('sha256:')[1].rstrip('.')
    assert len(digest) == 64
    finished = step.index(next(line for line in step if line.startswith('  download-finished: ')))
    moved = step[finished + 1]
    assert moved.startswith('  Moved it to ') and ': 8.0 MiB, and its SHA-256 matched' in moved
    assert ('sha256:' + digest)[:16] in moved
    assert step[finished + 2] == '  task-completed with no error.'
    assert step.index(progress[-1]) < finished
    # The step cleans up after itself: the downloaded file is gone.
    assert not os.path.exists(moved.split('Moved it to ')[1].split(':')[0])


def test_shows_the_tasks_the_system_starts_over_a_simulated_day(demo_output):
    lines = demo_output.splitlines()
    heading = lines.index('== Tasks the system starts (simulated day) ==')
    step = lines[heading + 1:heading + 6]
    assert 'shortcut task' in step[0]
    assert step[1] == '  The user closes the mail window.'
    assert 'snapshot task (app-backgrounded)' in step[2]
    assert 'snapshot task (return-to-default-state): the window shows the inbox again' in step[3]
    assert 'shortcut task' in step[4]


def test_a_push_message_through_a_stand_in_distributor_wakes_the_closed_app(demo_output):
    lines = demo_output.splitlines()
    heading = lines.index('== A push message wakes a closed app (UnifiedPush) ==')
    step = lines[heading + 1:heading + 8]
    # What is simulated is said so.
    assert 'a stand-in UnifiedPush distributor in this process' in step[0]
    assert 'RFC 8291’s example keys' in step[1]
    assert step[2].startswith('  org.bgrun.Demo.Push registered with the distributor, got its endpoint '
                              'http://127.0.0.1:')
    assert step[3] == '  An application server posted RFC 8291’s example message to the endpoint: HTTP 201.'
    # Decrypted in the launched app, run by bgrund.
    assert step[4] == ('  The distributor’s Message call launched org.bgrun.Demo.Push (D-Bus activation); '
                       'it decrypted the message, and bgrund ran its push task: '
                       '“When I grow up, I want to be a watermelon”')
    assert step[5].startswith('  The app acknowledged the message (id ')
    assert step[6] == '  The app exited by itself after its task.'
