# Scheduling like WorkManager (issue 16, points 7 to 12): unique work
# policies, retry with backoff, tags, chains, through the public API.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every test runs with the embedded engine and against bgrund, so the new
# fields of a request cross D-Bus and are checked there as well.

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

import pytest  # noqa: E402

from sched_helpers import (  # noqa: E402
    Code, Event, Recorder, history, new_driver, pending_ids, pending_request,
    processing, scheduler_error, SUBMITTED_MESSAGE)
from sched_helpers import placement  # noqa: E402,F401  (a fixture)

pytestmark = pytest.mark.usefixtures('placement')

ID = 'org.example.App.sync'


def later_processing(scheduler, identifier, seconds=3600, **props):
    request = processing(identifier)
    request.props.earliest_begin_date = scheduler.props.clock.get_now().add_seconds(seconds)
    for name, value in props.items():
        request.set_property(name.replace('_', '-'), value)
    return request


# ---- point 9: unique work policies -------------------------------------------

def test_replace_is_the_default():
    driver, scheduler = new_driver()
    scheduler.register(ID, Recorder())
    scheduler.submit(later_processing(scheduler, ID, user_info=GLib.Variant('a{sv}', {'n': GLib.Variant('i', 1)})))
    scheduler.submit(later_processing(scheduler, ID, user_info=GLib.Variant('a{sv}', {'n': GLib.Variant('i', 2)})))
    assert pending_ids(scheduler) == [ID]
    assert pending_request(scheduler, ID).props.user_info.unpack() == {'n': 2}
    assert pending_request(scheduler, ID).props.existing_policy == Bgrun.ExistingRequestPolicy.REPLACE


def test_keep_leaves_the_pending_request():
    driver, scheduler = new_driver()
    scheduler.register(ID, Recorder())
    scheduler.submit(later_processing(scheduler, ID, user_info=GLib.Variant('a{sv}', {'n': GLib.Variant('i', 1)})))
    assert scheduler.submit(later_processing(
        scheduler, ID, seconds=10, existing_policy=Bgrun.ExistingRequestPolicy.KEEP,
        user_info=GLib.Variant('a{sv}', {'n': GLib.Variant('i', 2)}))) is True
    assert pending_ids(scheduler) == [ID]
    assert pending_request(scheduler, ID).props.user_info.unpack() == {'n': 1}
    entries = history(scheduler, ID)
    # The dropped submit added nothing: it is no SUBMITTED entry.
    assert [event for _i, event, _m in entries] == [Event.SUBMITTED, Event.KEPT]
    assert entries[0][2] == SUBMITTED_MESSAGE
    assert 'existing-policy is KEEP' in entries[1][2]


def test_keep_leaves_a_running_task():
    driver, scheduler = new_driver()
    recorder = Recorder(complete=False)
    scheduler.register(ID, recorder)
    scheduler.submit(processing(ID))
    driver.advance(1)
    assert len(recorder) == 1
    keep = processing(ID)
    keep.props.existing_policy = Bgrun.ExistingRequestPolicy.KEEP
    scheduler.submit(keep)
    assert pending_ids(scheduler) == []
    assert history(scheduler, ID)[-1][1] == Event.KEPT
    assert 'task with this identifier is running' in history(scheduler, ID)[-1][2]


def test_keep_submits_when_nothing_is_pending():
    driver, scheduler = new_driver()
    scheduler.register(ID, Recorder())
    scheduler.submit(later_processing(scheduler, ID, existing_policy=Bgrun.ExistingRequestPolicy.KEEP))
    assert pending_ids(scheduler) == [ID]
    assert history(scheduler, ID)[-1][2] == SUBMITTED_MESSAGE


# ---- point 7: retry with backoff ---------------------------------------------

class Retrier:
    '''Asks for a retry on every attempt, recording each attempt's number and
    start time.'''

    def __init__(self):
        self.attempts = []
        self.started = []

    def __call__(self, scheduler, task):
        self.attempts.append(task.props.attempt)
        self.started.append(scheduler.props.clock.get_now().to_unix())
        task.set_task_completed_with_retry()


@pytest.mark.parametrize('policy, waits', [
    (Bgrun.BackoffPolicy.LINEAR, [15, 30]),
    (Bgrun.BackoffPolicy.EXPONENTIAL, [15, 30]),
])
def test_retry_waits_by_policy_and_counts_attempts(policy, waits):
    driver, scheduler = new_driver()
    retrier = Retrier()
    scheduler.register(ID, retrier)
    request = processing(ID)
    request.set_backoff(policy, 15)
    request.props.max_attempts = 3
    scheduler.submit(request)
    for _ in range(120):
        driver.advance(1)
    assert retrier.attempts == [1, 2, 3]
    assert [b - a for a, b in zip(retrier.started, retrier.started[1:])] == waits
    entries = [entry for entry in scheduler.get_history() if entry.props.identifier == ID]
    assert [(entry.props.event, entry.props.attempt) for entry in entries] == [
        (Event.SUBMITTED, 0),
        (Event.STARTED, 1), (Event.FAILED, 1),
        (Event.STARTED, 2), (Event.FAILED, 2),
        (Event.STARTED, 3), (Event.FAILED, 3)]
    assert 'attempt 2 waits until' in entries[2].props.message
    assert 'at most 3 attempts' in entries[-1].props.message
    assert pending_ids(scheduler) == []


class InterruptedThenRetrier:
    '''Leaves its first `interrupted` runs running (the test takes their
    network away), then asks for a retry on every attempt.'''

    def __init__(self, interrupted):
        self.interrupted = interrupted
        self.attempts = []
        self.started = []

    def __call__(self, scheduler, task):
        self.attempts.append(task.props.attempt)
        self.started.append(scheduler.props.clock.get_now().to_unix())
        if len(self.attempts) > self.interrupted:
            task.set_task_completed_with_retry()


def test_interruptions_spend_no_retry_attempt():
    # An interrupted run counts in `attempt` (every start does, as in
    # WorkManager's runAttemptCount) but not toward max-attempts nor the
    # retry backoff: it used to do both, so this request got one attempt
    # of its own instead of two, and waited 2 x 10 s.
    driver, scheduler = new_driver()
    handler = InterruptedThenRetrier(interrupted=1)
    scheduler.register(ID, handler)
    driver.set_conditions(True, False, False, 100, False)
    request = processing(ID, network=True)
    request.set_backoff(Bgrun.BackoffPolicy.LINEAR, 10)
    request.props.max_attempts = 2
    scheduler.submit(request)
    driver.advance(1)
    assert handler.attempts == [1]
    driver.set_conditions(False, False, False, 100, False)   # interrupted
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    driver.set_conditions(True, False, False, 100, False)
    for _ in range(Bgrun.BACKOFF_INITIAL + 60):
        driver.advance(1)
    assert handler.attempts == [1, 2, 3]
    assert handler.started[2] - handler.started[1] == 10, 'the first retry waits 10 s x 1'
    entries = [entry for entry in scheduler.get_history() if entry.props.identifier == ID]
    assert [(entry.props.event, entry.props.attempt) for entry in entries] == [
        (Event.SUBMITTED, 0),
        (Event.STARTED, 1), (Event.EXPIRED, 1),
        (Event.STARTED, 2), (Event.FAILED, 2),
        (Event.STARTED, 3), (Event.FAILED, 3)]
    assert 'attempt 3 waits until' in entries[4].props.message
    last = entries[-1].props.message
    assert 'at most 2 attempts' in last and 'interrupted runs, 1 so far' in last, last
    assert pending_ids(scheduler) == []


def test_retry_is_explained_as_backoff():
    driver, scheduler = new_driver()
    scheduler.register(ID, Retrier())
    request = processing(ID)
    request.set_backoff(Bgrun.BackoffPolicy.LINEAR, 60)
    scheduler.submit(request)
    driver.advance(1)
    explanation = scheduler.explain(ID)
    assert explanation.has_reason(Bgrun.WaitReason.BACKOFF)
    assert 'asked for a retry' in ' '.join(explanation.get_messages())


@pytest.mark.parametrize('props, fragment', [
    ({'backoff_delay': 9.0}, '9 s'),
    ({'backoff_delay': 18001.0}, '18001 s'),
    ({'tags': ['']}, 'Tag 1'),
    ({'tags': [f't{i}' for i in range(17)]}, '17 tags'),
    ({'prerequisites': [ID]}, 'names itself'),
    ({'prerequisites': ['nodots']}, 'Prerequisite 1'),
])
def test_bad_fields_are_invalid_requests(props, fragment):
    driver, scheduler = new_driver()
    scheduler.register(ID, Recorder())
    request = processing(ID)
    for name, value in props.items():
        request.set_property(name.replace('_', '-'), value)
    with scheduler_error(Code.INVALID_REQUEST, ID, fragment):
        scheduler.submit(request)


# ---- point 10: tags ----------------------------------------------------------

def test_tags_list_cancel_and_stay_in_history():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.*', Recorder())
    for name, tags in [('a', ['sync']), ('b', ['sync', 'photos']), ('c', ['photos'])]:
        scheduler.submit(later_processing(scheduler, f'org.example.App.{name}', tags=tags))
    synced = scheduler.get_pending_requests_by_tag('sync')
    assert [request.props.identifier for request in synced] == \
        ['org.example.App.a', 'org.example.App.b']
    changes = []
    synced.connect('items-changed', lambda model, *args: changes.append(args))
    scheduler.submit(later_processing(scheduler, 'org.example.App.d', tags=['sync']))
    assert changes == [(2, 0, 1)]
    scheduler.cancel_by_tag('sync')
    assert pending_ids(scheduler) == ['org.example.App.c']
    assert synced.get_n_items() == 0
    cancelled = [entry for entry in scheduler.get_history()
                 if entry.props.event == Event.CANCELLED]
    assert [entry.props.identifier for entry in cancelled] == \
        ['org.example.App.d', 'org.example.App.b', 'org.example.App.a']
    assert all(entry.has_tag('sync') for entry in cancelled)
    assert list(cancelled[1].props.tags) == ['sync', 'photos']


def test_explain_by_tag_explains_each_tagged_request():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.*', Recorder())
    for name, tags in [('a', ['sync']), ('b', ['photos']), ('c', ['sync', 'photos'])]:
        scheduler.submit(later_processing(scheduler, f'org.example.App.{name}', tags=tags))
    explanations = scheduler.explain_by_tag('sync')
    assert [e.props.identifier for e in explanations] == ['org.example.App.a', 'org.example.App.c']
    assert all(e.has_reason(Bgrun.WaitReason.EARLIEST_BEGIN_DATE) for e in explanations)
    assert all(e.get_messages() == scheduler.explain(e.props.identifier).get_messages()
               for e in explanations)
    assert len(scheduler.explain_by_tag('none')) == 0

    loop = GLib.MainLoop()
    results = []

    def on_explained(source, result):
        results.append(source.explain_by_tag_finish(result))
        loop.quit()

    scheduler.explain_by_tag_async('photos', None, on_explained)
    loop.run()
    assert [e.props.identifier for e in results[0]] == ['org.example.App.b', 'org.example.App.c']


# ---- point 11: progress and output -----------------------------------------------

def test_progress_is_live_and_output_stays_in_history():
    driver, scheduler = new_driver()
    tasks = []
    scheduler.register(ID, lambda scheduler, task: tasks.append(task))
    scheduler.submit(processing(ID))
    driver.advance(1)
    task = tasks[0]
    seen = []
    running = scheduler.get_running_tasks().get_item(0)
    running.connect('notify::progress', lambda task, pspec: seen.append(task.props.progress))
    assert task.set_progress(0.25, GLib.Variant('a{sv}', {'file': GLib.Variant('s', 'a.jpg')}))
    assert seen == [0.25]
    assert running.props.progress_details.unpack() == {'file': 'a.jpg'}
    with pytest.raises(GLib.Error, match='from 0 to 1'):
        task.set_progress(1.5, None)
    assert task.props.progress == 0.25
    assert task.set_output(GLib.Variant('a{sv}', {'count': GLib.Variant('i', 3)}))
    task.set_task_completed(True)
    driver.advance(1)
    ended = [entry for entry in scheduler.get_history()
             if entry.props.identifier == ID and entry.props.event == Event.COMPLETED]
    assert ended[0].get_output().unpack() == {'count': 3}
    assert ended[0].props.attempt == 1


# ---- point 12: chains --------------------------------------------------------

A, B, C = 'org.example.App.a', 'org.example.App.b', 'org.example.App.c'


def chained(identifier, *prerequisites):
    request = processing(identifier)
    request.props.prerequisites = list(prerequisites)
    return request


def test_chain_waits_for_its_prerequisite_to_complete():
    driver, scheduler = new_driver()
    order = []
    held = []

    def handler(scheduler, task):
        order.append(task.props.identifier)
        if task.props.identifier == A:
            held.append(task)
        else:
            task.set_task_completed(True)

    scheduler.register('org.example.App.*', handler)
    scheduler.submit(processing(A))
    scheduler.submit(chained(B, A))
    scheduler.submit(chained(C, B))
    driver.advance(1)
    assert order == [A]
    explanation = scheduler.explain(B)
    assert explanation.has_reason(Bgrun.WaitReason.PREREQUISITE)
    assert A in ' '.join(explanation.get_messages())
    held[0].set_task_completed(True)
    driver.advance(1)
    driver.advance(1)
    assert order == [A, B, C]


@pytest.mark.parametrize('end, word', [('fail', 'failed'), ('cancel', 'was cancelled')])
def test_chain_is_cancelled_when_a_prerequisite_does_not_complete(end, word):
    driver, scheduler = new_driver()
    recorder = Recorder(success=False)
    scheduler.register('org.example.App.*', recorder)
    first = later_processing(scheduler, A) if end == 'cancel' else processing(A)
    scheduler.submit(first)
    scheduler.submit(chained(B, A))
    scheduler.submit(chained(C, B))
    if end == 'cancel':
        scheduler.cancel(A)
    driver.advance(1)
    assert pending_ids(scheduler) == []
    assert recorder.identifiers == ([A] if end == 'fail' else [])
    entries = {identifier: message for identifier, event, message in history(scheduler)
               if event == Event.CANCELLED}
    assert entries[B] == f'Cancelled because its prerequisite “{A}” {word}.'
    assert entries[C] == f'Cancelled because its prerequisite “{B}” was cancelled.'


def test_chain_needs_its_prerequisites_pending():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.*', Recorder())
    with scheduler_error(Code.INVALID_REQUEST, B, A, 'neither pending nor running'):
        scheduler.submit(chained(B, A))


# ---- point 8: periodic processing with a flex window ----------------------------

def test_periodic_processing_runs_in_the_flex_window():
    driver, scheduler = new_driver()
    recorder = Recorder()
    scheduler.register(ID, recorder)
    request = processing(ID)
    request.props.repeat_interval = 3600
    request.props.flex_interval = 600
    scheduler.submit(request)
    driver.advance(1)
    assert len(recorder) == 1
    first = recorder.started_at[0].to_unix()
    # The next run waits for the window: the last 600 s of the hour.
    driver.advance(2990)
    assert len(recorder) == 1
    assert scheduler.explain(ID).has_reason(Bgrun.WaitReason.EARLIEST_BEGIN_DATE)
    driver.advance(20)
    assert len(recorder) == 2
    assert recorder.started_at[1].to_unix() - first == 3000
    assert pending_request(scheduler, ID).props.repeat_interval == 3600
    assert pending_request(scheduler, ID).props.flex_interval == 600


@pytest.mark.parametrize('repeat, flex, fragment', [
    (600, 0, 'repeat interval'),
    (3600, 100, 'flex interval'),
    (3600, 4000, 'flex interval'),
    (0, 600, 'flex interval'),
])
def test_periodic_processing_intervals_are_checked(repeat, flex, fragment):
    driver, scheduler = new_driver()
    scheduler.register(ID, Recorder())
    request = processing(ID)
    request.props.repeat_interval = repeat
    request.props.flex_interval = flex
    with scheduler_error(Code.INVALID_REQUEST, ID, fragment):
        scheduler.submit(request)
