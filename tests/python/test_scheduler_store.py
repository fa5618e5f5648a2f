# What survives the app ending: pending requests, history and the refresh
# budget across a restart, catch-up of requests that became due meanwhile,
# no request lost when the process is killed, and store trouble that costs
# neither the process nor (where it can be helped) the requests.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 3, points 1, 7 (persistence), 9 and the "Done when" SIGKILL test.
# A restart is a second Bgrun.Scheduler on the test driver's state
# directory, clock and conditions; the first one is disposed, as the
# process ending would. Killing uses real child processes.

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

import pytest  # noqa: E402

from sched_helpers import (  # noqa: E402
    APP, Code, Event, Reason, Recorder, assert_same_time, continued, events,
    history, later, new_driver, now, open_scheduler, pending_ids,
    pending_request, processing, refresh, scheduler_error, stop, usec, vardict,
    CANCELLED_MESSAGE, SUBMITTED_MESSAGE)
from sched_helpers import placement  # noqa: E402,F401  (a fixture)

# Every test runs with the embedded engine and against bgrund.
pytestmark = pytest.mark.usefixtures('placement')

HISTORY_LIMIT = 1000
CHILD_TIMEOUT = 60


def noop(scheduler, task):
    pass


def store_path(directory, app_id=APP):
    return os.path.join(directory, app_id, 'tasks.db')


# ---- pending requests and history across a restart ----------------------------------

def test_pending_requests_survive_a_restart_with_all_properties():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.props.frontmost = True
    first.register('org.example.App.*', noop)
    begin = later(first, 3600.5)

    first.submit(refresh('org.example.App.feed', begin=begin, repeat=1800,
                         user_info=vardict(feed='news', limit=25)))
    first.submit(processing('org.example.App.index', begin=begin.add_seconds(60),
                            user_info=GLib.Variant('a{sv}', {
                                'paths': GLib.Variant('as', ['/a', '/b']),
                                'nested': GLib.Variant('a{sv}', {'x': GLib.Variant('d', 1.5)}),
                            }),
                            network=True, unmetered=True, power=True, battery=True))
    first.submit(processing('org.example.App.plain'))
    first.submit(continued('org.example.App.export', 'Exporting', 'To Pictures',
                           user_info=vardict(count=12)))
    # The process ends before its main loop ran once: nothing started.
    stop(first)

    second = open_scheduler(driver)
    assert pending_ids(second) == ['org.example.App.feed', 'org.example.App.index',
                                   'org.example.App.plain', 'org.example.App.export']

    feed = pending_request(second, 'org.example.App.feed')
    assert type(feed) is Bgrun.AppRefreshRequest
    assert_same_time(feed.props.earliest_begin_date, begin)
    assert feed.props.repeat_interval == 1800
    assert feed.props.user_info.unpack() == {'feed': 'news', 'limit': 25}

    index = pending_request(second, 'org.example.App.index')
    assert type(index) is Bgrun.ProcessingRequest
    assert_same_time(index.props.earliest_begin_date, begin.add_seconds(60))
    assert index.props.user_info.unpack() == {'paths': ['/a', '/b'], 'nested': {'x': 1.5}}
    assert index.props.requires_network_connectivity
    assert index.props.requires_unmetered_network
    assert index.props.requires_external_power
    assert index.props.requires_battery_not_low

    plain = pending_request(second, 'org.example.App.plain')
    assert plain.props.earliest_begin_date is None
    assert plain.props.user_info is None
    assert not (plain.props.requires_network_connectivity or plain.props.requires_unmetered_network
                or plain.props.requires_external_power or plain.props.requires_battery_not_low)

    export = pending_request(second, 'org.example.App.export')
    assert type(export) is Bgrun.ContinuedProcessingRequest
    assert export.props.title == 'Exporting'
    assert export.props.subtitle == 'To Pictures'
    assert export.props.strategy == Bgrun.SubmissionStrategy.QUEUE
    assert export.props.user_info.unpack() == {'count': 12}

    # And they run, as the kinds they were.
    handler = Recorder()
    second.register('org.example.App.*', handler)
    driver.advance(3600.5 + 60)
    assert sorted((t.props.identifier, type(t).__name__) for t in handler.tasks) == [
        ('org.example.App.export', 'ContinuedProcessingTask'),
        ('org.example.App.feed', 'AppRefreshTask'),
        ('org.example.App.index', 'ProcessingTask'),
        ('org.example.App.plain', 'ProcessingTask'),
    ]


def test_cancelled_and_finished_requests_stay_gone_after_a_restart():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.*', Recorder())
    first.submit(processing('org.example.App.done'))
    first.submit(processing('org.example.App.cancelled', begin=later(first, 60)))
    first.submit(processing('org.example.App.kept', begin=later(first, 60)))
    driver.advance(0)
    first.cancel('org.example.App.cancelled')
    stop(first)

    second = open_scheduler(driver)
    assert pending_ids(second) == ['org.example.App.kept']


def test_history_survives_a_restart():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.ok', Recorder())
    first.register('org.example.App.bad', Recorder(success=False))
    first.register('org.example.App.later', noop)
    first.submit(processing('org.example.App.ok'))
    driver.advance(1)
    first.submit(processing('org.example.App.bad'))
    driver.advance(1)
    first.submit(processing('org.example.App.later', begin=later(first, 60)))
    first.cancel('org.example.App.later')
    with scheduler_error(Code.NOT_PERMITTED):
        first.submit(processing('org.example.App.unknown'))
    before = [(e.props.identifier, e.props.event, e.props.message, usec(e.props.date))
              for e in first.get_history()]
    stop(first)

    second = open_scheduler(driver)
    after = [(e.props.identifier, e.props.event, e.props.message, usec(e.props.date))
             for e in second.get_history()]
    assert after == before
    assert [(i, e) for i, e, _m, _d in after] == [
        ('org.example.App.ok', Event.SUBMITTED),
        ('org.example.App.ok', Event.STARTED),
        ('org.example.App.ok', Event.COMPLETED),
        ('org.example.App.bad', Event.SUBMITTED),
        ('org.example.App.bad', Event.STARTED),
        ('org.example.App.bad', Event.FAILED),
        ('org.example.App.later', Event.SUBMITTED),
        ('org.example.App.later', Event.CANCELLED),
        ('org.example.App.unknown', Event.REJECTED),
    ]
    assert 'org.example.App.unknown' in after[-1][2]


def test_history_keeps_the_last_1000_entries():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.h.*', noop)
    live = first.get_history()
    pairs = 600     # 1,200 entries
    for i in range(pairs):
        first.submit(processing(f'org.example.App.h.n{i}', begin=later(first, 60)))
        first.cancel(f'org.example.App.h.n{i}')

    # The oldest 200 entries (pairs 0..99) are gone.
    def check(entries):
        assert len(entries) == HISTORY_LIMIT
        assert entries[0] == ('org.example.App.h.n100', Event.SUBMITTED, SUBMITTED_MESSAGE)
        assert entries[1] == ('org.example.App.h.n100', Event.CANCELLED, CANCELLED_MESSAGE)
        assert entries[-1] == (f'org.example.App.h.n{pairs - 1}', Event.CANCELLED, CANCELLED_MESSAGE)

    assert live.get_n_items() == HISTORY_LIMIT
    check(history(first))
    stop(first)

    second = open_scheduler(driver)
    check(history(second))

    # Still trimmed as it grows after the restart.
    second.register('org.example.App.h.*', noop)
    second.submit(processing('org.example.App.h.more', begin=later(second, 60)))
    entries = history(second)
    assert len(entries) == HISTORY_LIMIT
    assert entries[0] == ('org.example.App.h.n100', Event.CANCELLED, CANCELLED_MESSAGE)
    assert entries[-1] == ('org.example.App.h.more', Event.SUBMITTED, SUBMITTED_MESSAGE)
    stop(second)
    assert len(history(open_scheduler(driver))) == HISTORY_LIMIT


# ---- catch-up ---------------------------------------------------------------------

def test_requests_due_while_not_running_run_after_registration_oldest_first():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.*', noop)
    # Submitted a, b, c in that order; due in the opposite order.
    first.submit(processing('org.example.App.a', begin=later(first, 3 * 3600)))
    driver.advance(60)
    first.submit(processing('org.example.App.b', begin=later(first, 2 * 3600)))
    driver.advance(60)
    first.submit(processing('org.example.App.c', begin=later(first, 1 * 3600)))
    first.submit(processing('org.example.App.d', begin=later(first, 5 * 3600)))
    stop(first)

    driver.advance(4 * 3600)        # the app is not running
    second = open_scheduler(driver)
    handler = Recorder()
    driver.advance(0)
    assert len(handler) == 0        # nothing before registration
    explanation = second.explain('org.example.App.a')
    assert explanation.get_reasons() == [Reason.NOT_REGISTERED]

    registered_at = now(second)
    second.register('org.example.App.*', handler)
    driver.advance(0)
    assert handler.identifiers == ['org.example.App.a', 'org.example.App.b', 'org.example.App.c']
    for started in handler.started_at:
        assert_same_time(started, registered_at, 'catch-up start')
    assert pending_ids(second) == ['org.example.App.d']

    driver.advance(3600)
    assert handler.identifiers[-1] == 'org.example.App.d'


def test_catch_up_waits_for_each_identifier_to_be_registered():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.*', noop)
    first.submit(processing('org.example.App.a', begin=later(first, 60)))
    first.submit(processing('org.example.App.b', begin=later(first, 60)))
    stop(first)
    driver.advance(3600)

    second = open_scheduler(driver)
    b = Recorder()
    a = Recorder()
    second.register('org.example.App.b', b)
    driver.advance(0)
    assert (len(a), len(b)) == (0, 1)
    assert pending_ids(second) == ['org.example.App.a']
    second.register('org.example.App.a', a)
    driver.advance(0)
    assert (len(a), len(b)) == (1, 1)


def test_repeating_refresh_that_missed_intervals_runs_once():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first_handler = Recorder()
    first.register('org.example.App.feed', first_handler)
    first.submit(refresh('org.example.App.feed', repeat=900))
    driver.advance(0)
    assert len(first_handler) == 1
    stop(first)

    driver.advance(3 * 3600)        # twelve intervals missed
    second = open_scheduler(driver)
    handler = Recorder()
    second.register('org.example.App.feed', handler)
    driver.advance(0)
    assert len(handler) == 1
    assert events(second, 'org.example.App.feed').count(Event.STARTED) == 2   # one per process

    # The next occurrence counts from this run, not from the missed ones.
    next_request = pending_request(second, 'org.example.App.feed')
    assert_same_time(next_request.props.earliest_begin_date, later(second, 900))
    driver.advance(899)
    assert len(handler) == 1
    driver.advance(1)
    assert len(handler) == 2


def test_refresh_budget_persists_across_a_restart():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.*', Recorder())
    for i in range(Bgrun.REFRESH_BUDGET):
        first.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    assert events(first, 'org.example.App.r3')[-1] == Event.COMPLETED
    stop(first)

    second = open_scheduler(driver)
    handler = Recorder()
    second.register('org.example.App.*', handler)
    second.submit(refresh('org.example.App.again'))
    driver.advance(0)
    assert len(handler) == 0
    explanation = second.explain('org.example.App.again')
    assert explanation.get_reasons() == [Reason.BUDGET_EXHAUSTED]
    assert_same_time(explanation.props.earliest_date, later(second, 900), 'earliest-date')
    driver.advance(899)
    assert len(handler) == 0
    driver.advance(1)
    assert handler.identifiers == ['org.example.App.again']


def test_fresh_store_has_a_full_budget():
    '''The control for the test above: without the earlier runs, a
    refresh on a new store runs at once.'''
    driver, _ = new_driver()
    scheduler = open_scheduler(driver)
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    scheduler.submit(refresh('org.example.App.again'))
    driver.advance(0)
    assert len(handler) == 1


# ---- killed processes -------------------------------------------------------------

CHILD_PRELUDE = textwrap.dedent('''\
    import os, signal, sys
    import gi
    gi.require_version('GLib', '2.0')
    gi.require_version('GObject', '2.0')
    gi.require_version('Bgrun', '1.0')
    from gi.repository import Bgrun, GLib, GObject
    directory = sys.argv[1]
    scheduler = GObject.new(Bgrun.Scheduler, app_id=%r, state_directory=directory)
''' % APP)

SUBMITTER = CHILD_PRELUDE + textwrap.dedent('''\
    count = int(sys.argv[2])
    scheduler.register('org.example.App.bulk.*', lambda s, t: None)
    begin = GLib.DateTime.new_now_utc().add_days(1)
    for i in range(count):
        identifier = 'org.example.App.bulk.n%d' % i
        info = GLib.Variant('a{sv}', {'index': GLib.Variant('x', i),
                                      'name': GLib.Variant('s', 'item %d' % i)})
        if i % 2:
            request = Bgrun.AppRefreshRequest.new(identifier)
            request.props.repeat_interval = 900 + i
        else:
            request = Bgrun.ProcessingRequest.new(identifier)
            request.props.requires_network_connectivity = i % 4 == 0
            request.props.requires_external_power = True
        request.props.earliest_begin_date = begin.add_seconds(i)
        request.props.user_info = info
        scheduler.submit(request)
    print('submitted', begin.to_unix(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
''')

RUNNER = CHILD_PRELUDE + textwrap.dedent('''\
    kind = sys.argv[2]
    identifier = 'org.example.App.' + kind
    started = []
    scheduler.register(identifier, lambda s, task: started.append(task))
    if kind == 'refresh':
        request = Bgrun.AppRefreshRequest.new(identifier)
    else:
        request = Bgrun.ProcessingRequest.new(identifier)
    request.props.user_info = GLib.Variant('a{sv}', {'kind': GLib.Variant('s', kind)})
    scheduler.submit(request)
    context = GLib.MainContext.default()
    GLib.timeout_add_seconds(30, lambda: os._exit(3))
    while not started:
        context.iteration(True)
    assert started[0].props.state == Bgrun.TaskState.RUNNING
    print('running', flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
''')


def run_child(script, *args):
    return subprocess.run([sys.executable, '-c', script, *map(str, args)],
                          env=dict(os.environ), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=CHILD_TIMEOUT)


@pytest.mark.local_only('a killed child process holds its own embedded store')
def test_sigkill_after_submits_loses_nothing(tmp_path):
    directory = str(tmp_path / 'state')
    count = 200
    child = run_child(SUBMITTER, directory, count)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert child.stdout.startswith('submitted'), child.stderr
    begin = GLib.DateTime.new_from_unix_utc(int(child.stdout.split()[1]))

    driver, _ = new_driver()
    scheduler = open_scheduler(driver, state_directory=directory)
    pending = list(scheduler.get_pending_requests())
    assert [r.props.identifier for r in pending] == \
        [f'org.example.App.bulk.n{i}' for i in range(count)]
    for i, request in enumerate(pending):
        assert request.props.user_info.unpack() == {'index': i, 'name': f'item {i}'}
        assert request.props.earliest_begin_date.to_unix() == begin.to_unix() + i
        if i % 2:
            assert type(request) is Bgrun.AppRefreshRequest
            assert request.props.repeat_interval == 900 + i
        else:
            assert type(request) is Bgrun.ProcessingRequest
            assert request.props.requires_network_connectivity == (i % 4 == 0)
            assert request.props.requires_external_power
    assert [e for _i, e, _m in history(scheduler)] == [Event.SUBMITTED] * count


@pytest.mark.local_only('a killed child process holds its own embedded store')
@pytest.mark.parametrize('kind', ['refresh', 'processing'])
def test_sigkill_while_a_task_runs_records_it_and_queues_it_again(tmp_path, kind):
    directory = str(tmp_path / 'state')
    identifier = 'org.example.App.' + kind
    child = run_child(RUNNER, directory, kind)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert child.stdout == 'running\n', child.stderr

    driver, _ = new_driver()
    scheduler = open_scheduler(driver, state_directory=directory)
    entries = history(scheduler, identifier)
    assert [e for _i, e, _m in entries] == [Event.SUBMITTED, Event.STARTED, Event.EXPIRED]
    message = entries[-1][2]
    assert 'interrupted' in message.lower(), message

    assert pending_ids(scheduler) == [identifier]
    request = pending_request(scheduler, identifier)
    assert request.props.user_info.unpack() == {'kind': kind}

    handler = Recorder()
    scheduler.register(identifier, handler)
    driver.advance(0)
    if kind == 'processing':
        # An interrupted processing request waits out its first backoff.
        assert len(handler) == 0
        assert scheduler.explain(identifier).has_reason(Reason.BACKOFF)
        driver.advance(Bgrun.BACKOFF_INITIAL)
    assert handler.identifiers == [identifier]
    assert handler.last().props.user_info.unpack() == {'kind': kind}

    # Recorded once: a second restart finds nothing more to recover.
    stop(scheduler)
    again = open_scheduler(driver, state_directory=directory)
    assert events(again, identifier).count(Event.EXPIRED) == 1
    assert pending_ids(again) == []


def test_dispose_while_a_task_runs_counts_as_interrupted():
    '''The same recovery without a real kill: the scheduler goes away with
    its task still running.'''
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.sync', Recorder(complete=False))
    first.submit(processing('org.example.App.sync'))
    driver.advance(0)
    stop(first)

    second = open_scheduler(driver)
    assert events(second, 'org.example.App.sync')[-1] == Event.EXPIRED
    assert pending_ids(second) == ['org.example.App.sync']


# ---- store trouble ----------------------------------------------------------------

@pytest.mark.local_only('about the embedded store\'s location')
def test_unwritable_location_fails_submit_with_unavailable(tmp_path):
    blocker = tmp_path / 'blocker'
    blocker.write_text('a regular file where a directory should be\n')
    directory = str(blocker / 'state')

    driver, _ = new_driver()
    scheduler = open_scheduler(driver, state_directory=directory)
    scheduler.register('org.example.App.sync', noop)
    live_history = scheduler.get_history()
    with scheduler_error(Code.UNAVAILABLE, directory, 'org.example.App') as caught:
        scheduler.submit(processing('org.example.App.sync'))
    assert store_path(directory) in caught[0].message
    assert pending_ids(scheduler) == []
    last = live_history.get_item(live_history.get_n_items() - 1)
    assert (last.props.identifier, last.props.event, last.props.message) == \
        ('org.example.App.sync', Event.REJECTED, caught[0].message)

    # The location is tried again at the next submit.
    blocker.unlink()
    assert scheduler.submit(processing('org.example.App.sync', begin=later(scheduler, 60)))
    stop(scheduler)
    assert pending_ids(open_scheduler(driver, state_directory=directory)) == \
        ['org.example.App.sync']


@pytest.mark.local_only('about the embedded store\'s location')
def test_store_path_that_is_a_directory_fails_submit_with_unavailable(tmp_path):
    directory = str(tmp_path / 'state')
    os.makedirs(store_path(directory))
    driver, _ = new_driver()
    scheduler = open_scheduler(driver, state_directory=directory)
    scheduler.register('org.example.App.sync', noop)
    with scheduler_error(Code.UNAVAILABLE, store_path(directory)):
        scheduler.submit(processing('org.example.App.sync'))
    assert pending_ids(scheduler) == []


OPENER = CHILD_PRELUDE + textwrap.dedent('''\
    scheduler.register('org.example.App.sync', lambda s, t: None)
    request = Bgrun.ProcessingRequest.new('org.example.App.sync')
    request.props.earliest_begin_date = GLib.DateTime.new_now_utc().add_days(1)
    scheduler.submit(request)
    print(' '.join(r.props.identifier for r in scheduler.get_pending_requests()), flush=True)
''')


def _open_in_child(directory, recovers=False):
    '''Opens the store in a child that submits org.example.App.sync; with
    @recovers, what the damaged store gave back is pending before it.'''
    child = run_child(OPENER, directory)
    assert child.returncode == 0, child.stderr
    pending = child.stdout.split()
    assert pending[-1] == 'org.example.App.sync', child.stderr
    assert (len(pending) > 1) == recovers, (pending, child.stderr)
    child.pending = pending
    return child


def _warnings(stderr):
    return [line for line in stderr.splitlines() if 'WARNING' in line]


def _corrupt_copies(directory):
    folder = os.path.dirname(store_path(directory))
    return sorted(name for name in os.listdir(folder) if name.startswith('tasks.db.corrupt-'))


def _check_moved_aside(directory, child, content=None):
    '''The store was moved aside, with @content (bytes) if given, a single
    warning named both paths, and the fresh store works. Returns the path
    of the copy.'''
    path = store_path(directory)
    copies = _corrupt_copies(directory)
    assert len(copies) == 1, copies
    aside = os.path.join(os.path.dirname(path), copies[0])
    if content is not None:
        with open(aside, 'rb') as kept:
            assert kept.read() == content
    warnings = _warnings(child.stderr)
    assert len(warnings) == 1, child.stderr
    assert path in warnings[0] and aside in warnings[0], warnings[0]

    # The fresh store is a working one: what the child submitted, and what
    # was recovered, is there.
    driver, _ = new_driver()
    scheduler = open_scheduler(driver, state_directory=directory)
    assert pending_ids(scheduler) == child.pending
    return aside


@pytest.mark.local_only('about the embedded store file')
def test_corrupt_store_is_moved_aside_and_a_fresh_one_started(tmp_path):
    directory = str(tmp_path / 'state')
    path = store_path(directory)
    os.makedirs(os.path.dirname(path))
    garbage = b'This is not an SQLite database, just some bytes.\n' * 100
    with open(path, 'wb') as f:
        f.write(garbage)

    child = _open_in_child(directory)
    _check_moved_aside(directory, child, garbage)


@pytest.mark.local_only('about the embedded store file')
def test_store_from_a_newer_libbgrun_is_moved_aside(tmp_path):
    directory = str(tmp_path / 'state')
    path = store_path(directory)
    os.makedirs(os.path.dirname(path))
    db = sqlite3.connect(path)
    db.executescript('CREATE TABLE schema_version (version INTEGER NOT NULL);'
                     'INSERT INTO schema_version VALUES (99);')
    db.close()

    child = _open_in_child(directory)
    # Opening it may have touched its header (journal mode); its data is
    # what is kept.
    aside = _check_moved_aside(directory, child)
    db = sqlite3.connect(aside)
    assert db.execute('SELECT version FROM schema_version').fetchall() == [(99,)]
    db.close()
    assert '99' in _warnings(child.stderr)[0]


@pytest.mark.local_only('about the embedded store file')
def test_empty_store_file_is_set_up_without_warnings(tmp_path):
    '''An empty file is schema version 0: migrated, not moved aside.'''
    directory = str(tmp_path / 'state')
    path = store_path(directory)
    os.makedirs(os.path.dirname(path))
    open(path, 'wb').close()

    child = _open_in_child(directory)
    assert _warnings(child.stderr) == [], child.stderr
    assert _corrupt_copies(directory) == []
    driver, _ = new_driver()
    assert pending_ids(open_scheduler(driver, state_directory=directory)) == \
        ['org.example.App.sync']


@pytest.mark.local_only('about the embedded store file')
def test_truncated_store_is_moved_aside(tmp_path):
    '''A store cut short (a full disk, a bad copy) fails its integrity
    check: it is kept aside and scheduling goes on.'''
    directory = str(tmp_path / 'state')
    driver, _ = new_driver()
    first = open_scheduler(driver, state_directory=directory)
    first.register('org.example.App.*', noop)
    for i in range(200):
        first.submit(processing(f'org.example.App.n{i}', begin=later(first, 3600),
                                user_info=vardict(pad='x' * 500)))
    stop(first)
    path = store_path(directory)
    assert os.listdir(os.path.dirname(path)) == ['tasks.db']     # checkpointed and closed
    size = os.path.getsize(path)
    with open(path, 'r+b') as f:
        f.truncate(size // 2)
    with open(path, 'rb') as f:
        content = f.read()

    # What the intact pages held comes back, said in the history (it used
    # to be lost: a fresh, empty store).
    child = _open_in_child(directory, recovers=True)
    _check_moved_aside(directory, child, content)
    recovered = child.pending[:-1]
    assert all(identifier.startswith('org.example.App.n') for identifier in recovered)
    assert 'pending requests' in _warnings(child.stderr)[0]
    driver, _ = new_driver()
    scheduler = open_scheduler(driver, state_directory=directory)
    (entry,) = [e for e in history(scheduler) if e[1] == Event.RECOVERED]
    assert entry[0] == APP and f'{len(recovered)} pending requests' in entry[2], entry


# ---- more that survives a restart ---------------------------------------------------

def test_backoff_survives_a_restart():
    '''A processing request queued again after its conditions stopped
    holding keeps its backoff, and its count of attempts, across a restart.'''
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.sync', Recorder(complete=False))
    first.submit(processing('org.example.App.sync', network=True))
    driver.advance(0)
    driver.set_conditions(False, False, False, 100, False)
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    retry = later(first, Bgrun.BACKOFF_INITIAL)
    driver.set_conditions(True, False, False, 100, False)
    assert first.explain('org.example.App.sync').get_reasons() == [Reason.BACKOFF]
    stop(first)

    second = open_scheduler(driver)
    handler = Recorder(complete=False)
    second.register('org.example.App.sync', handler)
    driver.advance(0)
    explanation = second.explain('org.example.App.sync')
    assert explanation.get_reasons() == [Reason.BACKOFF]
    assert_same_time(explanation.props.earliest_date, retry, 'earliest-date')
    driver.advance(Bgrun.BACKOFF_INITIAL)
    assert len(handler) == 1

    # The second interruption waits twice as long: the attempts were kept.
    driver.set_conditions(False, False, False, 100, False)
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    driver.set_conditions(True, False, False, 100, False)
    assert_same_time(second.explain('org.example.App.sync').props.earliest_date,
                     later(second, 2 * Bgrun.BACKOFF_INITIAL), 'earliest-date')


def test_unregistered_leftovers_can_be_cancelled_but_not_replaced():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.*', noop)
    first.submit(processing('org.example.App.old', begin=later(first, 60)))
    first.submit(processing('org.example.App.gone', begin=later(first, 60)))
    stop(first)

    second = open_scheduler(driver)
    assert pending_ids(second) == ['org.example.App.old', 'org.example.App.gone']
    with scheduler_error(Code.NOT_PERMITTED, 'org.example.App.old'):
        second.submit(processing('org.example.App.old'))
    second.cancel('org.example.App.gone')
    assert pending_ids(second) == ['org.example.App.old']
    assert events(second, 'org.example.App.gone')[-1] == Event.CANCELLED
    stop(second)
    assert pending_ids(open_scheduler(driver)) == ['org.example.App.old']


def test_task_interrupted_while_a_replacement_waits_is_recorded():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register('org.example.App.sync', Recorder(complete=False))
    first.submit(processing('org.example.App.sync', user_info=vardict(n=1)))
    driver.advance(0)
    first.submit(processing('org.example.App.sync', user_info=vardict(n=2)))
    driver.advance(0)
    assert events(first, 'org.example.App.sync') == [Event.SUBMITTED, Event.STARTED,
                                                     Event.SUBMITTED]
    stop(first)     # the process ends while the first task runs

    second = open_scheduler(driver)
    # The replacement is still what waits...
    assert [r.props.user_info.unpack() for r in second.get_pending_requests()] == [{'n': 2}]
    # ...and the task that was running is accounted for.
    entries = history(second, 'org.example.App.sync')
    assert [e for _i, e, _m in entries] == [Event.SUBMITTED, Event.STARTED, Event.SUBMITTED,
                                            Event.EXPIRED]
    assert 'interrupted' in entries[-1][2].lower()
