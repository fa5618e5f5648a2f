# Helpers shared by the URL session tests (test_url_session_*.py).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Everything goes through the public API: a Bgrun.Scheduler with a private
# state directory stands for the app, sessions and tasks are created as an
# app would, and the main loop runs until something happened (never for a
# fixed time).

import hashlib
import os

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

import pytest  # noqa: E402

from conftest import spin_until  # noqa: E402
from url_servers import Nginx, TestServer  # noqa: E402

APP = 'org.example.Transfers'
Code = Bgrun.UrlSessionError
State = Bgrun.UrlSessionTaskState

# Generous for a loaded machine; a passing download takes a fraction.
DOWNLOAD_TIMEOUT = 60.0


def body(size, seed=0):
    '''@size bytes that differ from one offset to the next.'''
    block = hashlib.sha256(str(seed).encode()).digest() * 2048
    return (block * (size // len(block) + 1))[:size]


def sha256_of(content):
    return 'sha256:' + hashlib.sha256(content).hexdigest()


@pytest.fixture
def state_dir(tmp_path):
    return str(tmp_path / 'state')


@pytest.fixture
def scheduler(state_dir):
    return Bgrun.Scheduler(app_id=APP, state_directory=state_dir)


@pytest.fixture
def server():
    test_server = TestServer()
    yield test_server
    test_server.stop()


@pytest.fixture
def nginx():
    server = Nginx()
    yield server
    server.stop()


def transfers_dir(state_dir):
    return os.path.join(state_dir, APP, 'transfers')


def session_for(scheduler, identifier=None):
    if identifier is None:
        config = Bgrun.UrlSessionConfiguration.new_default()
    else:
        config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    return Bgrun.UrlSession.new(scheduler, config)


class Outcome:
    '''What a session said about its tasks: the content of each finished
    download (read during ::download-finished, as the file is removed
    after) and the error each completed with.'''

    def __init__(self, session):
        self.downloads = {}
        self.locations = {}
        self.errors = {}
        self.order = []
        session.connect('download-finished', self.on_download_finished)
        session.connect('task-completed', self.on_task_completed)

    def on_download_finished(self, session, task, location):
        self.order.append(('download-finished', task.props.task_identifier))
        self.locations[task.props.task_identifier] = location.get_path()
        with open(location.get_path(), 'rb') as f:
            self.downloads[task.props.task_identifier] = f.read()

    def on_task_completed(self, session, task, error):
        self.order.append(('task-completed', task.props.task_identifier))
        assert task.props.state == State.COMPLETED
        self.errors[task.props.task_identifier] = error

    def wait(self, task, timeout=DOWNLOAD_TIMEOUT):
        task_id = task.props.task_identifier
        spin_until(lambda: task_id in self.errors, timeout=timeout,
                   what=lambda: f'task {task_id} to complete '
                   f'({task.props.bytes_received} bytes, state {task.props.state.value_nick})')
        return self.errors[task_id]

    def content(self, task):
        return self.downloads.get(task.props.task_identifier)


def assert_error(error, code, *fragments):
    assert error is not None, f'expected {code.value_nick}, got success'
    assert error.matches(Bgrun.url_session_error_quark(), code), \
        f'expected {code.value_nick}, got {error.domain} {error.code}: {error.message}'
    for fragment in fragments:
        assert fragment in error.message, f'“{fragment}” not in “{error.message}”'


def received_values(task):
    '''Every bytes-received value notified, in order.'''
    values = []
    task.connect('notify::bytes-received', lambda t, _p: values.append(t.props.bytes_received))
    return values


def wait_received(task, at_least):
    spin_until(lambda: task.props.bytes_received >= at_least,
               what=lambda: f'{at_least} bytes (have {task.props.bytes_received})')


def cancel_with_resume_data(task):
    result = {}
    task.cancel_with_resume_data_async(None, lambda t, res: result.setdefault('res', res))
    spin_until(lambda: 'res' in result, what='the resume data')
    return task.cancel_with_resume_data_finish(result['res'])


@pytest.fixture
def driver():
    '''A test driver whose scheduler's clock and conditions the sessions
    made with driven_session() wait on: a network, unmetered, on AC.'''
    test_driver = Bgrun.TestDriver.new(APP)
    test_driver.set_conditions(True, False, False, 100, False)
    return test_driver


def driven_session(driver, identifier=None, **settings):
    '''A session on @driver's scheduler; @settings are configuration
    properties (allows_metered_network=False...).'''
    if identifier is None:
        config = Bgrun.UrlSessionConfiguration.new_default()
    else:
        config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    for name, value in settings.items():
        setattr(config.props, name, value)
    return Bgrun.UrlSession.new(driver.get_scheduler(), config)


def wait_state(task, state, reason=None):
    '''Spins until @task is in @state (with waiting-reason @reason).'''
    spin_until(lambda: task.props.state == state and
               (reason is None or task.props.waiting_reason == reason),
               what=lambda: f'{state.value_nick}/{reason and reason.value_nick} '
               f'(is {task.props.state.value_nick}/{task.props.waiting_reason.value_nick})')
