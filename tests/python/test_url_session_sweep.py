# Abandoned transfer files: partial downloads no recorded task refers to,
# and files bgrund kept for events no recorded event refers to, are
# removed when a background URL session opens, once they were not
# modified for BGRUN_URL_SESSION_PARTIAL_LIFETIME; everything else stays.
# Ages are the files' modification times, set here with os.utime.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import time
import uuid

from url_helpers import (  # noqa: F401 (fixtures)
    APP, Bgrun, Code, GLib, Outcome, State, assert_error, body, scheduler,
    server, session_for, state_dir, transfers_dir, wait_received)
from test_url_session_daemon_host import (  # noqa: F401 (a fixture)
    App, SESSION, TRANSFER_TIMEOUT, start)
from conftest import Gio, spin_until

import pytest

LIFETIME = Bgrun.URL_SESSION_PARTIAL_LIFETIME
DAY = 24 * 3600
IDENTIFIER = 'org.example.Transfers.background'
OTHER = 'org.example.Transfers.other'
SIZE = 1024 * 1024
HALF = 512 * 1024


def age(path, seconds):
    '''Makes @path (not what a symbolic link points to) look last
    modified @seconds ago.'''
    when = time.time() - seconds
    os.utime(path, (when, when), follow_symlinks=False)


def plant(directory, name, seconds_old, content=b'received bytes'):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    with open(path, 'wb') as f:
        f.write(content)
    age(path, seconds_old)
    return path


def partial_name():
    return f'{uuid.uuid4()}.partial'


def partials(state_dir):
    return sorted(name for name in os.listdir(transfers_dir(state_dir)) if name.endswith('.partial'))


def test_the_lifetime_is_seven_days():
    assert LIFETIME == 7 * DAY


def test_an_old_unreferenced_partial_goes_when_a_session_opens(scheduler, state_dir):
    old = plant(transfers_dir(state_dir), partial_name(), LIFETIME + DAY)
    session_for(scheduler, IDENTIFIER)
    assert not os.path.exists(old)


def test_a_default_session_removes_nothing(scheduler, state_dir):
    old = plant(transfers_dir(state_dir), partial_name(), LIFETIME + DAY)
    session_for(scheduler)
    assert os.path.exists(old), 'only a background session looks at what is recorded'


def test_a_young_unreferenced_partial_stays(scheduler, state_dir):
    young = plant(transfers_dir(state_dir), partial_name(), LIFETIME - DAY)
    future = plant(transfers_dir(state_dir), partial_name(), -DAY)
    session_for(scheduler, IDENTIFIER)
    assert os.path.exists(young) and os.path.exists(future)


def test_other_files_and_symbolic_links_stay(scheduler, state_dir, tmp_path):
    directory = transfers_dir(state_dir)
    others = [plant(directory, name, LIFETIME + DAY)
              for name in ('notes.txt', 'partial', f'{uuid.uuid4()}.download')]
    os.makedirs(os.path.join(directory, 'old.partial'))
    age(os.path.join(directory, 'old.partial'), LIFETIME + DAY)
    outside = plant(str(tmp_path / 'outside'), 'precious.partial', LIFETIME + DAY)
    link = os.path.join(directory, partial_name())
    os.symlink(outside, link)
    age(link, LIFETIME + DAY)

    session_for(scheduler, IDENTIFIER)
    assert all(os.path.exists(path) for path in others)
    assert os.path.isdir(os.path.join(directory, 'old.partial'))
    assert os.path.islink(link) and os.path.exists(outside)


def test_a_symbolic_link_for_the_directory_is_not_followed(scheduler, state_dir, tmp_path):
    elsewhere = str(tmp_path / 'elsewhere')
    old = plant(elsewhere, partial_name(), LIFETIME + DAY)
    os.makedirs(os.path.join(state_dir, APP), exist_ok=True)
    os.symlink(elsewhere, transfers_dir(state_dir))
    session_for(scheduler, IDENTIFIER)
    assert os.path.exists(old)


def suspended_download(scheduler, server, identifier):
    '''A task of the background session @identifier that received part of
    server.content and was suspended, left recorded as the app exits.'''
    server.rate = 512 * 1024
    session = session_for(scheduler, identifier)
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 128 * 1024)
    task.suspend()
    assert task.props.state == State.SUSPENDED
    task_id = task.props.task_identifier
    session.run_dispose()
    server.rate = None
    return task_id


def test_a_partial_a_task_refers_to_stays_however_old(scheduler, state_dir, server):
    server.content = body(SIZE)
    task_id = suspended_download(scheduler, server, IDENTIFIER)
    (name,) = partials(state_dir)
    age(os.path.join(transfers_dir(state_dir), name), 10 * LIFETIME)

    # Another session of the app opens first: the task is not its own,
    # but it is recorded all the same.
    session_for(scheduler, OTHER)
    assert partials(state_dir) == [name]

    session = session_for(scheduler, IDENTIFIER)
    outcome = Outcome(session)
    (task,) = session.get_tasks()
    assert task.props.task_identifier == task_id
    assert task.props.bytes_received >= 128 * 1024
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.requests[-1][2]['Range'].startswith('bytes=')


def fail_halfway(scheduler, server):
    '''Resume data of a default session's download that lost its
    connection halfway, and the name of its partial file.'''
    server.content = body(SIZE)
    server.drop_after = HALF
    session = session_for(scheduler)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert_error(outcome.wait(task), Code.NETWORK_LOST)
    server.drop_after = None
    resume_data = task.get_resume_data()
    assert resume_data is not None
    return session, resume_data


def test_young_resume_data_survives_a_session_opening(scheduler, state_dir, server):
    session, resume_data = fail_halfway(scheduler, server)
    (name,) = partials(state_dir)
    age(os.path.join(transfers_dir(state_dir), name), LIFETIME - DAY)
    session_for(scheduler, IDENTIFIER)

    outcome = Outcome(session)
    task = session.download_with_resume_data(resume_data)
    assert task.props.bytes_received == HALF
    task.resume()
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert server.requests[-1][2]['Range'] == f'bytes={HALF}-'


def test_resume_data_older_than_the_lifetime_fails_with_resume_failed(scheduler, state_dir, server):
    session, resume_data = fail_halfway(scheduler, server)
    (name,) = partials(state_dir)
    age(os.path.join(transfers_dir(state_dir), name), LIFETIME + 60)
    session_for(scheduler, IDENTIFIER)
    assert partials(state_dir) == []

    with pytest.raises(GLib.Error) as raised:
        session.download_with_resume_data(resume_data)
    assert_error(raised.value, Code.RESUME_FAILED, server.uri(), 'seven days', 'Start the download again')
    assert len(session.get_tasks()) == 0


# ---- files bgrund kept for events --------------------------------------------

def events_dir(state_dir):
    return os.path.join(state_dir, 'org.example.Hosted', 'transfers', 'events')


def test_bgrund_removes_old_event_files_no_event_refers_to(start, state_dir, server):
    server.content = body(100_000, seed=4)
    start()
    app = App()
    app.open()
    task = app.download(server.uri())
    spin_until(lambda: app.events, timeout=TRANSFER_TIMEOUT, what='the download’s TaskEvent')
    ((_, sequence, event),) = app.events
    assert event['task']['id'] == task['id']
    kept = event['location']
    assert os.path.dirname(kept) == events_dir(state_dir)
    age(kept, 10 * LIFETIME)
    orphan = plant(events_dir(state_dir), str(uuid.uuid4()), LIFETIME + DAY)
    young = plant(events_dir(state_dir), str(uuid.uuid4()), LIFETIME - DAY)
    old_partial = plant(os.path.dirname(events_dir(state_dir)), partial_name(), LIFETIME + DAY)

    # Opening another session of the app in bgrund sweeps.
    app.open(SESSION + '.more')
    assert not os.path.exists(orphan) and not os.path.exists(old_partial)
    assert os.path.exists(young)
    with open(kept, 'rb') as f:
        assert f.read() == server.content, 'the file of an unacknowledged event stays'

    app.acknowledge(sequence)
    assert not os.path.exists(kept)
    app.close()


def test_bgrund_keeps_a_partial_an_event_s_resume_data_refers_to(start, state_dir, server):
    server.content = body(3 * SIZE, seed=5)
    server.rate = 512 * 1024
    start()
    app = App()
    app.open()
    _task, resume_data, sequence, cancelled = app.cancel_midway(server.uri(), 128 * 1024)
    assert 'resume-data' in cancelled
    transfers = os.path.dirname(events_dir(state_dir))
    (partial,) = [name for name in os.listdir(transfers) if name.endswith('.partial')]
    age(os.path.join(transfers, partial), 10 * LIFETIME)

    app.open(SESSION + '.more')
    assert os.path.exists(os.path.join(transfers, partial)), 'the event is not acknowledged yet'

    app.acknowledge(sequence)
    app.open(SESSION + '.again')
    assert not os.path.exists(os.path.join(transfers, partial))
    with pytest.raises(GLib.Error) as info:
        app.create({'resume-data': GLib.Variant('ay', bytes(resume_data))})
    assert Gio.DBusError.get_remote_error(info.value) == 'org.bgrun.UrlSessionError.ResumeFailed'
    assert 'seven days' in info.value.message
    app.close()
