# Bgrun.UrlSession in the embedded placement: a background session's
# completions are recorded before they are delivered, so an app killed
# while its handlers run gets the completion (and the file) again, once,
# from its next session, before events-finished.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys

from url_helpers import (  # noqa: F401 (fixtures)
    APP, Bgrun, Code, Outcome, State, assert_error, body, scheduler, server,
    state_dir, transfers_dir)
from conftest import spin_until

CHILD = os.path.join(os.path.dirname(__file__), 'url_handler_child.py')
EXIT_IN_HANDLER = 7
IDENTIFIER = 'org.example.Transfers.events'
SIZE = 1024 * 1024


def events_dir(state_dir):
    return os.path.join(transfers_dir(state_dir), 'events')


def killed_in_handler(state_dir, uri, signal, *extra):
    '''Runs the app that dies in its handler of @signal; returns the task
    identifier and the file the handler was given (None for none).'''
    child = subprocess.run(
        [sys.executable, CHILD, state_dir, APP, IDENTIFIER, uri, signal, *extra],
        capture_output=True, text=True, timeout=120)
    assert child.returncode == EXIT_IN_HANDLER, child.stderr
    task_id, location = child.stdout.split()
    return int(task_id), (None if location == '-' else location)


def new_session(scheduler):
    '''The app's session as it starts again, once it emitted
    events-finished, with an Outcome, what was delivered before each
    events-finished, and the tasks that completed.'''
    session = Bgrun.UrlSession.new(scheduler, Bgrun.UrlSessionConfiguration.new_background(IDENTIFIER))
    outcome = Outcome(session)
    finished = []
    session.connect('events-finished', lambda s: finished.append(list(outcome.order)))
    outcome.tasks = []
    session.connect('task-completed', lambda s, task, error: outcome.tasks.append(task))
    spin_until(lambda: finished, what='events-finished')
    return session, outcome, finished


def assert_nothing_left(state_dir):
    assert not os.path.exists(events_dir(state_dir)), 'no kept file and no events directory is left'
    assert os.listdir(transfers_dir(state_dir)) == []


def test_a_completion_whose_handler_died_is_delivered_once_by_the_next_session(scheduler, state_dir, server):
    server.content = body(SIZE, seed=31)
    task_id, location = killed_in_handler(state_dir, server.uri(), 'download-finished')
    assert os.path.dirname(location) == events_dir(state_dir), 'the file waits with the event'
    assert open(location, 'rb').read() == server.content

    session, outcome, finished = new_session(scheduler)
    assert finished == [[('download-finished', task_id), ('task-completed', task_id)]], \
        'the completion came once, before events-finished'
    assert outcome.downloads[task_id] == server.content
    assert outcome.locations[task_id] == location
    assert outcome.errors[task_id] is None
    assert list(session.get_tasks()) == [], 'the task did not come back as one that never completes'
    assert len(server.requests) == 1, 'nothing was downloaded again'
    session.run_dispose()
    assert_nothing_left(state_dir)

    third, _, finished = new_session(scheduler)
    assert finished == [[]], 'a delivered completion is never delivered again'
    assert list(third.get_tasks()) == []
    third.run_dispose()


def test_a_cancelled_download_delivered_after_the_death_keeps_its_resume_data(scheduler, state_dir, server):
    server.content = body(2 * SIZE, seed=33)
    server.rate = 512 * 1024
    task_id, _ = killed_in_handler(state_dir, server.uri(), 'task-completed', str(128 * 1024))
    server.rate = None

    session, outcome, finished = new_session(scheduler)
    assert finished == [[('task-completed', task_id)]]
    assert_error(outcome.errors[task_id], Code.CANCELLED, server.uri())
    (task,) = outcome.tasks
    assert task.props.task_identifier == task_id
    assert task.props.state == State.COMPLETED
    assert task.props.uri == server.uri()
    received = task.props.bytes_received
    assert received >= 128 * 1024
    resume_data = task.get_resume_data()
    assert resume_data is not None, 'the event kept the resume data'

    resumed = session.download_with_resume_data(resume_data)
    resumed.resume()
    assert outcome.wait(resumed) is None
    assert outcome.content(resumed) == server.content
    assert server.requests[-1][2]['Range'] == f'bytes={received}-'
    session.run_dispose()
    assert_nothing_left(state_dir)

    again, _, finished = new_session(scheduler)
    assert finished == [[]], 'a delivered completion is never delivered again'
    again.run_dispose()


def test_a_normal_completion_is_delivered_once_and_leaves_nothing(scheduler, state_dir, server):
    server.content = body(SIZE, seed=34)
    session, outcome, _ = new_session(scheduler)
    task = session.download(server.uri())
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.order == [('download-finished', task.props.task_identifier),
                             ('task-completed', task.props.task_identifier)]
    assert outcome.content(task) == server.content
    assert not os.path.exists(outcome.locations[task.props.task_identifier])
    assert list(session.get_tasks()) == []
    assert_nothing_left(state_dir)
    session.run_dispose()

    again, _, finished = new_session(scheduler)
    assert finished == [[]]
    assert list(again.get_tasks()) == []
    again.run_dispose()
