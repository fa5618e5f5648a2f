# Plasma's job tracker: a running continued-processing task and the
# transfers of a background URL session show as jobs through
# org.kde.JobViewServer / org.kde.JobViewV2 (kuiserver_template.py stands
# in for Plasma on the test's session bus), with their title, progress and
# speed, and the user's Cancel, Pause and Resume there reach the task.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import pathlib
import tempfile

import dbus
import dbusmock
import pytest

from conftest import Bgrun, spin_until
from url_helpers import Outcome, body, server, session_for  # noqa: F401 (server: a fixture)

TEMPLATE = str(pathlib.Path(__file__).with_name('kuiserver_template.py'))
TRACKER = 'org.kde.kuiserver'
VIEW_IFACE = 'org.kde.JobViewV2'
APP = 'org.example.Jobs'
KILLABLE, SUSPENDABLE = 1, 2
State = Bgrun.UrlSessionTaskState


@pytest.fixture
def tracker():
    log = tempfile.TemporaryFile(mode='w+')
    process, main = dbusmock.DBusTestCase.spawn_server_template(TEMPLATE, {}, stdout=log,
                                                                system_bus=False)
    yield main
    process.terminate()
    process.wait()


def views(tracker):
    return [(str(path), str(name), int(caps))
            for path, name, _icon, caps in tracker.GetViews(dbus_interface=dbusmock.MOCK_IFACE)]


def view_object(path):
    return dbus.SessionBus().get_object(TRACKER, path)


def calls(path, method=None):
    '''The JobViewV2 calls the view at @path received, as (method, args).'''
    made = [(str(name), [arg for arg in args])
            for _when, name, args in view_object(path).GetCalls(dbus_interface=dbusmock.MOCK_IFACE)]
    return [call for call in made if method is None or call[0] == method]


def last_args(path, method):
    found = calls(path, method)
    return found[-1][1] if found else None


def press(path, signal):
    '''The user presses Cancel, Pause or Resume on the job in Plasma.'''
    view_object(path).EmitSignal(VIEW_IFACE, signal, '', [], dbus_interface=dbusmock.MOCK_IFACE)


def one_view(tracker):
    spin_until(lambda: views(tracker), what='a job view to be requested')
    made = views(tracker)
    assert len(made) == 1, made
    return made[0]


# ---- continued processing ----------------------------------------------------

@pytest.fixture
def driver():
    test_driver = Bgrun.TestDriver.new(APP)
    test_driver.set_conditions(True, False, False, 100, False)
    yield test_driver
    test_driver.run_dispose()


def start_export(driver):
    tasks = []
    scheduler = driver.get_scheduler()
    scheduler.register(APP + '.export.*', lambda _scheduler, task: tasks.append(task))
    request = Bgrun.ContinuedProcessingRequest.new(APP + '.export.1', 'Exporting “Holiday”', '12 clips')
    scheduler.submit(request)
    driver.advance(0)
    assert len(tasks) == 1
    return tasks[0]


def test_a_continued_processing_task_is_a_job_with_its_progress(tracker, driver):
    task = start_export(driver)
    path, name, capabilities = one_view(tracker)
    assert (name, capabilities) == (APP, KILLABLE)
    spin_until(lambda: last_args(path, 'setInfoMessage') == ['Exporting “Holiday”'],
               what='the job to show the title')
    assert last_args(path, 'setDescriptionField') == [0, '', '12 clips']

    task.props.total_units = 4
    task.props.completed_units = 3
    spin_until(lambda: last_args(path, 'setPercent') == [75], what='the job to show 75 %')

    task.set_task_completed(True)
    spin_until(lambda: last_args(path, 'terminate') == [''], what='the job to end')


def test_cancel_in_plasma_expires_the_task(tracker, driver):
    task = start_export(driver)
    expired = []
    task.connect('expired', lambda _task: expired.append(True))
    path, _name, _capabilities = one_view(tracker)
    spin_until(lambda: calls(path), what='the job view to be set up')

    press(path, 'cancelRequested')
    spin_until(lambda: expired, what='Cancel in Plasma to expire the task')


def test_without_a_job_tracker_nothing_is_shown_and_nothing_fails(driver):
    task = start_export(driver)
    task.props.total_units = 2
    task.props.completed_units = 1
    task.set_task_completed(True)
    assert task.props.state == Bgrun.TaskState.COMPLETED


# ---- background transfers ----------------------------------------------------

@pytest.fixture
def scheduler(tmp_path):
    return Bgrun.Scheduler(app_id=APP, state_directory=str(tmp_path / 'state'))


def test_a_background_download_is_a_job_with_progress_speed_pause_and_cancel(tracker, scheduler,
                                                                             server):
    server.content = body(4 * 1024 * 1024)
    server.rate = 256 * 1024                   # bytes a second: 16 s in all
    session = session_for(scheduler, APP + '.downloads')
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()

    path, name, capabilities = one_view(tracker)
    assert (name, capabilities) == (APP, KILLABLE | SUSPENDABLE)
    spin_until(lambda: last_args(path, 'setInfoMessage') == ['Downloading file'],
               what='the job to name the download')
    assert last_args(path, 'setDescriptionField') == [0, 'Source', server.uri()]
    spin_until(lambda: (last_args(path, 'setSpeed') or [0])[0] > 0, what='a speed')
    assert last_args(path, 'setSpeed')[0] < 4 * server.rate
    spin_until(lambda: (last_args(path, 'setProcessedAmount') or [0])[0] > 0, what='bytes done')
    assert last_args(path, 'setTotalAmount') == [len(server.content), 'bytes']

    press(path, 'suspendRequested')
    spin_until(lambda: task.props.state == State.SUSPENDED, what='Pause to suspend the task')
    spin_until(lambda: last_args(path, 'setSuspended') == [True], what='the job to show it paused')

    press(path, 'resumeRequested')
    spin_until(lambda: task.props.state == State.RUNNING, what='Resume to resume the task')
    spin_until(lambda: last_args(path, 'setSuspended') == [False], what='the job to run again')

    press(path, 'cancelRequested')
    error = outcome.wait(task)
    assert error.matches(Bgrun.url_session_error_quark(), Bgrun.UrlSessionError.CANCELLED)
    spin_until(lambda: calls(path, 'terminate'), what='the job to end')
    session.invalidate_and_cancel()


def test_a_finished_download_ends_its_job_successfully(tracker, scheduler, server):
    server.content = body(64 * 1024)
    session = session_for(scheduler, APP + '.small')
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert outcome.wait(task) is None
    path, _name, _capabilities = one_view(tracker)
    spin_until(lambda: last_args(path, 'terminate') == [''], what='the job to end without an error')
    session.invalidate_and_cancel()
