# The scheduler's front door, through the public API: registering
# handlers, submitting, replacing and cancelling requests, what reaches the
# task, the errors an app gets, and the live lists and history it can show.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 3, points 2, 3, 5 (what the handler receives) and 7. Every test
# drives a Bgrun.TestDriver: time moves only through driver.advance().

import subprocess
import threading
import time

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

import pytest  # noqa: E402

from sched_helpers import (  # noqa: E402
    APP, Code, Event, ItemsChanged, Recorder, assert_same_time, continued,
    events, history, later, new_driver, now, pending_ids, pending_request,
    processing, refresh, running_ids, scheduler_error, usec, vardict,
    CANCELLED_MESSAGE, SUBMITTED_MESSAGE)
from sched_helpers import placement  # noqa: E402,F401  (a fixture)

# Every test runs with the embedded engine and against bgrund.
pytestmark = pytest.mark.usefixtures('placement')

def noop(scheduler, task):
    pass


# ---- registration: identifier rules --------------------------------------------

VALID_IDENTIFIERS = [
    'org.example',
    'org.example.App.refresh',
    'a.b',
    'Org-1.ex_ample.A-B_9',
    'org.' + 'x' * 251,            # 255 bytes, the limit
]

VALID_FAMILIES = [
    'org.example.*',
    'org.example.App.export.*',
]

# (identifier, what the message says beyond naming it)
INVALID_IDENTIFIERS = [
    pytest.param('refresh', 'one element', id='one-element'),
    pytest.param('org..example', 'element 2 is empty', id='empty-inner-element'),
    pytest.param('.org.example', 'element 1 is empty', id='empty-first-element'),
    pytest.param('org.example.', 'is empty', id='empty-last-element'),
    pytest.param('org.exa mple.x', 'U+0020', id='space'),
    pytest.param('org.example/x.y', '/', id='slash'),
    pytest.param('org.exämple.x', 'ä', id='non-ascii'),
    pytest.param('org.example\n.x', 'U+000A', id='newline'),
    pytest.param('org.' + 'x' * 252, '256 bytes', id='256-bytes'),
    pytest.param('org.*', 'one element', id='family-of-one-element'),
    pytest.param('*', 'not valid', id='star'),
    pytest.param('org.example*', '*', id='star-without-dot'),
    pytest.param('org.*.x', '*', id='star-inside'),
    pytest.param('org.example.**', '*', id='double-star'),
]


@pytest.mark.parametrize('identifier', VALID_IDENTIFIERS + VALID_FAMILIES)
def test_register_accepts_valid_identifiers(identifier):
    driver, scheduler = new_driver()
    assert scheduler.register(identifier, noop) is True


@pytest.mark.parametrize('identifier, detail', INVALID_IDENTIFIERS)
def test_register_rejects_invalid_identifier(identifier, detail):
    driver, scheduler = new_driver()
    with scheduler_error(Code.INVALID_REQUEST, identifier, detail):
        scheduler.register(identifier, noop)


def test_register_rejects_empty_identifier():
    driver, scheduler = new_driver()
    with scheduler_error(Code.INVALID_REQUEST, 'empty'):
        scheduler.register('', noop)


@pytest.mark.parametrize('identifier, detail', INVALID_IDENTIFIERS)
def test_submit_rejects_invalid_identifier(identifier, detail):
    '''A malformed identifier is INVALID_REQUEST at submit too (not
    NOT_PERMITTED), and is recorded as rejected.'''
    driver, scheduler = new_driver()
    with scheduler_error(Code.INVALID_REQUEST, identifier) as caught:
        scheduler.submit(processing(identifier))
    assert pending_ids(scheduler) == []
    assert history(scheduler)[-1] == (identifier, Event.REJECTED, caught[0].message)


def test_submit_rejects_a_family_identifier():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.export.*', noop)
    with scheduler_error(Code.INVALID_REQUEST, 'org.example.App.export.*', 'family'):
        scheduler.submit(processing('org.example.App.export.*'))
    assert pending_ids(scheduler) == []


def test_invalid_registration_registers_nothing():
    '''After a refused registration, a submit for a valid identifier that
    only the refused family would have covered is still not permitted.'''
    driver, scheduler = new_driver()
    with scheduler_error(Code.INVALID_REQUEST):
        scheduler.register('org.example.App.bad id.*', noop)
    with scheduler_error(Code.NOT_PERMITTED):
        scheduler.submit(processing('org.example.App.other'))


@pytest.mark.parametrize('identifier', ['org.example.App.sync', 'org.example.App.export.*'])
def test_double_registration_is_refused(identifier):
    driver, scheduler = new_driver()
    first = Recorder()
    second = Recorder()
    scheduler.register(identifier, first)
    with scheduler_error(Code.INVALID_REQUEST, identifier, 'already registered'):
        scheduler.register(identifier, second)

    # The first handler stays the one that runs.
    task_id = identifier.replace('*', 'one')
    scheduler.submit(processing(task_id))
    driver.advance(0)
    assert first.identifiers == [task_id]
    assert len(second) == 0


def test_family_registration_runs_every_kind_under_the_prefix():
    driver, scheduler = new_driver()
    family = Recorder()
    scheduler.register('org.example.App.export.*', family)

    scheduler.submit(refresh('org.example.App.export.r'))
    scheduler.submit(processing('org.example.App.export.p'))
    scheduler.submit(continued('org.example.App.export.c'))
    driver.advance(0)

    assert sorted(family.identifiers) == ['org.example.App.export.c',
                                          'org.example.App.export.p',
                                          'org.example.App.export.r']
    kinds = {task.props.identifier: type(task) for task in family.tasks}
    assert kinds == {
        'org.example.App.export.r': Bgrun.AppRefreshTask,
        'org.example.App.export.p': Bgrun.ProcessingTask,
        'org.example.App.export.c': Bgrun.ContinuedProcessingTask,
    }


def test_family_does_not_cover_its_prefix_or_neighbours():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.export.*', noop)
    for identifier in ['org.example.App.export', 'org.example.App.exports.x',
                       'org.example.App.other']:
        with scheduler_error(Code.NOT_PERMITTED, identifier):
            scheduler.submit(processing(identifier))
    assert pending_ids(scheduler) == []


@pytest.mark.parametrize('exact_first', [True, False], ids=['exact-first', 'family-first'])
def test_exact_registration_wins_over_family(exact_first):
    driver, scheduler = new_driver()
    exact = Recorder()
    family = Recorder()
    registrations = [('org.example.App.export.photos', exact),
                     ('org.example.App.export.*', family)]
    if not exact_first:
        registrations.reverse()
    for identifier, handler in registrations:
        scheduler.register(identifier, handler)

    scheduler.submit(processing('org.example.App.export.photos'))
    scheduler.submit(processing('org.example.App.export.music'))
    driver.advance(0)

    assert exact.identifiers == ['org.example.App.export.photos']
    assert family.identifiers == ['org.example.App.export.music']


def test_longest_family_wins():
    driver, scheduler = new_driver()
    outer = Recorder()
    inner = Recorder()
    scheduler.register('org.example.App.*', outer)
    scheduler.register('org.example.App.export.*', inner)

    scheduler.submit(processing('org.example.App.export.photos'))
    scheduler.submit(processing('org.example.App.sync'))
    driver.advance(0)

    assert inner.identifiers == ['org.example.App.export.photos']
    assert outer.identifiers == ['org.example.App.sync']


# ---- submit: not permitted -------------------------------------------------------

@pytest.mark.parametrize('make', [refresh, processing, continued],
                         ids=['refresh', 'processing', 'continued'])
def test_submit_unregistered_is_not_permitted(make):
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.other', noop)
    with scheduler_error(Code.NOT_PERMITTED, 'org.example.App.sync',
                         'Register a handler for') as caught:
        scheduler.submit(make('org.example.App.sync'))

    assert pending_ids(scheduler) == []
    assert history(scheduler) == [('org.example.App.sync', Event.REJECTED, caught[0].message)]


# ---- what reaches the task ---------------------------------------------------------

USER_INFO = {
    'account': GLib.Variant('s', 'alice@example.org'),
    'attempt': GLib.Variant('u', 3),
    'ids': GLib.Variant('ax', [1, -2, 3]),
    'nested': GLib.Variant('a{sv}', {'deep': GLib.Variant('b', True)}),
}

KINDS = [
    pytest.param(refresh, Bgrun.AppRefreshRequest, Bgrun.AppRefreshTask,
                 Bgrun.APP_REFRESH_DURATION, id='refresh'),
    pytest.param(processing, Bgrun.ProcessingRequest, Bgrun.ProcessingTask,
                 Bgrun.PROCESSING_DURATION, id='processing'),
    pytest.param(continued, Bgrun.ContinuedProcessingRequest,
                 Bgrun.ContinuedProcessingTask, Bgrun.CONTINUED_PROCESSING_STALL,
                 id='continued'),
]


@pytest.mark.parametrize('make, request_type, task_type, duration', KINDS)
def test_request_properties_reach_the_task(make, request_type, task_type, duration):
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.work', handler)
    driver.advance(7.25)    # a start time with a fraction of a second

    request = make('org.example.App.work', user_info=GLib.Variant('a{sv}', USER_INFO))
    scheduler.submit(request)
    assert type(pending_request(scheduler, 'org.example.App.work')) is request_type
    driver.advance(0)

    assert len(handler) == 1
    task = handler.last()
    assert type(task) is task_type
    assert task.props.identifier == 'org.example.App.work'
    assert task.props.state == Bgrun.TaskState.RUNNING
    assert task.props.user_info.unpack() == GLib.Variant('a{sv}', USER_INFO).unpack()
    assert task.props.user_info.get_type_string() == 'a{sv}'
    assert_same_time(task.props.expiration_date, handler.started_at[0].add_seconds(duration),
                     'expiration-date')
    assert running_ids(scheduler) == ['org.example.App.work']


def test_refresh_expiration_is_30_s_and_processing_600_s():
    '''The documented durations, with the values the issue gives.'''
    assert Bgrun.APP_REFRESH_DURATION == 30
    assert Bgrun.PROCESSING_DURATION == 600
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.*', handler)
    scheduler.submit(refresh('org.example.App.r'))
    scheduler.submit(processing('org.example.App.p'))
    driver.advance(0)
    started = {task.props.identifier: task for task in handler.tasks}
    start = handler.started_at[0]
    assert usec(started['org.example.App.r'].props.expiration_date) - usec(start) == 30_000_000
    assert usec(started['org.example.App.p'].props.expiration_date) - usec(start) == 600_000_000


def test_continued_task_gets_title_and_subtitle():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.export', handler)
    scheduler.submit(continued('org.example.App.export', 'Exporting 12 photos', 'To Pictures'))
    driver.advance(0)
    task = handler.last()
    assert task.props.title == 'Exporting 12 photos'
    assert task.props.subtitle == 'To Pictures'


def test_task_without_user_info_has_none():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.work', handler)
    scheduler.submit(processing('org.example.App.work'))
    driver.advance(0)
    assert handler.last().props.user_info is None


def _user_info_of_size(target):
    '''An a{sv} whose serialized size is @target bytes, or None when the
    framing of GVariant makes that exact size impossible.'''
    # GLib.Variant('ay', ...) packs byte by byte, far too slow for 64 KiB.
    blobs = {n: GLib.Variant.new_from_bytes(GLib.VariantType.new('ay'),
                                            GLib.Bytes.new(bytes(n)), True)
             for n in range(target - 48, target - 32)}
    for blob in range(target - 33, target - 48, -1):
        for pad in range(0, 16):
            value = GLib.Variant('a{sv}', {'blob': blobs[blob],
                                           'p': GLib.Variant('s', 'x' * pad)})
            if value.get_size() == target:
                return value
    return None


def _largest_user_info_within(limit):
    for size in range(limit, limit - 16, -1):
        value = _user_info_of_size(size)
        if value is not None:
            return value
    raise AssertionError('no user info just within the limit')


def _smallest_user_info_over(limit):
    for size in range(limit + 1, limit + 16):
        value = _user_info_of_size(size)
        if value is not None:
            return value
    raise AssertionError('no user info just over the limit')


@pytest.mark.parametrize('value', [GLib.Variant('s', 'not a dictionary'), GLib.Variant('a{ss}', {'k': 'v'}),
                                   GLib.Variant('(i)', (1,))])
def test_user_info_that_is_not_a_dictionary_is_kept_and_refused_at_submit(value):
    # It used to print a CRITICAL, drop the value, and submit without it.
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.typed', noop)
    request = Bgrun.ProcessingRequest.new('org.example.App.typed')
    request.props.user_info = value
    assert request.props.user_info.equal(value), 'the value is kept, not dropped'
    with scheduler_error(Code.INVALID_REQUEST, 'org.example.App.typed', 'user-info',
                         value.get_type_string(), 'a{sv}'):
        scheduler.submit(request)
    assert pending_ids(scheduler) == []


def test_user_info_size_limit():
    assert Bgrun.MAX_USER_INFO_SIZE == 65536
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)

    within = _largest_user_info_within(Bgrun.MAX_USER_INFO_SIZE)
    over = _smallest_user_info_over(Bgrun.MAX_USER_INFO_SIZE)
    assert within.get_size() <= Bgrun.MAX_USER_INFO_SIZE < over.get_size()

    scheduler.submit(processing('org.example.App.within', user_info=within))
    with scheduler_error(Code.INVALID_REQUEST, 'org.example.App.over',
                         str(Bgrun.MAX_USER_INFO_SIZE)) as caught:
        scheduler.submit(processing('org.example.App.over', user_info=over))

    assert pending_ids(scheduler) == ['org.example.App.within']
    assert history(scheduler, 'org.example.App.over') == [
        ('org.example.App.over', Event.REJECTED, caught[0].message)]
    driver.advance(0)
    assert handler.identifiers == ['org.example.App.within']
    assert handler.last().props.user_info.get_size() == within.get_size()


@pytest.mark.parametrize('interval, ok', [
    (0, True), (899, False), (899.999, False), (1, False), (900, True), (3600, True),
    (366 * 24 * 3600, True), (366 * 24 * 3600 + 1, False), (1e12, False), (1e13, False),
    (1e308, False), (float('inf'), False)])
def test_repeat_interval_rules(interval, ok):
    assert Bgrun.MINIMUM_REPEAT_INTERVAL == 900
    assert Bgrun.MAXIMUM_REPEAT_INTERVAL == 366 * 24 * 3600
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.refresh', noop)
    request = refresh('org.example.App.refresh', begin=later(scheduler, 3600), repeat=interval)
    if ok:
        assert scheduler.submit(request) is True
        pending = pending_request(scheduler, 'org.example.App.refresh')
        assert pending.props.repeat_interval == interval
    else:
        with scheduler_error(Code.INVALID_REQUEST, 'org.example.App.refresh', '900'):
            scheduler.submit(request)
        assert pending_ids(scheduler) == []


# ---- replacing --------------------------------------------------------------------

def test_submitting_a_pending_identifier_replaces_it():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.sync', handler)
    first_date = later(scheduler, 600)
    second_date = later(scheduler, 1200)

    scheduler.submit(processing('org.example.App.sync', begin=first_date,
                                user_info=vardict(version=1), network=True))
    scheduler.submit(processing('org.example.App.sync', begin=second_date,
                                user_info=vardict(version=2), power=True))

    assert pending_ids(scheduler) == ['org.example.App.sync']
    pending = pending_request(scheduler, 'org.example.App.sync')
    assert_same_time(pending.props.earliest_begin_date, second_date)
    assert pending.props.user_info.unpack() == {'version': 2}
    assert pending.props.requires_external_power is True
    assert pending.props.requires_network_connectivity is False
    assert events(scheduler, 'org.example.App.sync') == [Event.SUBMITTED, Event.SUBMITTED]

    # The first date is gone: nothing runs then.
    driver.advance(600)
    assert len(handler) == 0
    driver.advance(600)
    assert len(handler) == 1
    assert handler.last().props.user_info.unpack() == {'version': 2}
    driver.advance(3600)
    assert len(handler) == 1


def test_replacing_with_another_kind():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.work', handler)
    scheduler.submit(refresh('org.example.App.work', begin=later(scheduler, 60)))
    scheduler.submit(processing('org.example.App.work', begin=later(scheduler, 60)))
    assert [type(r) for r in scheduler.get_pending_requests()] == [Bgrun.ProcessingRequest]
    driver.advance(60)
    assert [type(t) for t in handler.tasks] == [Bgrun.ProcessingTask]


def test_replacing_an_earlier_request_moves_it_last():
    '''Pending requests are listed oldest first; a replaced request counts
    from its new submission.'''
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.*', noop)
    for name in ['a', 'b', 'c']:
        scheduler.submit(processing(f'org.example.App.{name}', begin=later(scheduler, 3600)))
        driver.advance(1)
    scheduler.submit(processing('org.example.App.a', begin=later(scheduler, 3600)))
    assert pending_ids(scheduler) == ['org.example.App.b', 'org.example.App.c',
                                      'org.example.App.a']


# ---- the pending limit --------------------------------------------------------------

def test_pending_limit():
    assert Bgrun.MAX_PENDING_REQUESTS == 10000
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.bulk.*', noop)
    far = later(scheduler, 86400)

    for i in range(Bgrun.MAX_PENDING_REQUESTS):
        assert scheduler.submit(processing(f'org.example.App.bulk.n{i}', begin=far))
    assert len(scheduler.get_pending_requests()) == Bgrun.MAX_PENDING_REQUESTS

    with scheduler_error(Code.TOO_MANY_PENDING_TASK_REQUESTS, 'org.example.App.bulk.extra',
                         '10000') as caught:
        scheduler.submit(processing('org.example.App.bulk.extra', begin=far))
    assert len(scheduler.get_pending_requests()) == Bgrun.MAX_PENDING_REQUESTS
    assert 'org.example.App.bulk.extra' not in pending_ids(scheduler)
    assert history(scheduler)[-1] == ('org.example.App.bulk.extra', Event.REJECTED,
                                      caught[0].message)

    # Replacing one at the limit is no new request.
    assert scheduler.submit(processing('org.example.App.bulk.n500', begin=far,
                                       user_info=vardict(replaced=True)))
    assert len(scheduler.get_pending_requests()) == Bgrun.MAX_PENDING_REQUESTS
    assert pending_request(scheduler, 'org.example.App.bulk.n500').props.user_info.unpack() == \
        {'replaced': True}

    # A cancel makes room for one more.
    scheduler.cancel('org.example.App.bulk.n0')
    assert scheduler.submit(processing('org.example.App.bulk.extra', begin=far))
    assert len(scheduler.get_pending_requests()) == Bgrun.MAX_PENDING_REQUESTS
    with scheduler_error(Code.TOO_MANY_PENDING_TASK_REQUESTS, '10000'):
        scheduler.submit(processing('org.example.App.bulk.extra2', begin=far))


# ---- schedule_refresh ----------------------------------------------------------------

def test_schedule_refresh_keeps_one_pending_refresh():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register(APP + '.refresh', handler)
    first = later(scheduler, 600)
    second = later(scheduler, 1800)

    assert scheduler.schedule_refresh(first, vardict(round=1))
    assert scheduler.schedule_refresh(second, vardict(round=2))

    assert pending_ids(scheduler) == [APP + '.refresh']
    pending = pending_request(scheduler, APP + '.refresh')
    assert type(pending) is Bgrun.AppRefreshRequest
    assert_same_time(pending.props.earliest_begin_date, second)
    assert pending.props.user_info.unpack() == {'round': 2}

    driver.advance(600)
    assert len(handler) == 0
    driver.advance(1200)
    assert len(handler) == 1
    task = handler.last()
    assert type(task) is Bgrun.AppRefreshTask
    assert task.props.identifier == APP + '.refresh'
    assert task.props.user_info.unpack() == {'round': 2}
    assert pending_ids(scheduler) == []


def test_schedule_refresh_without_date_runs_at_once():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register(APP + '.refresh', handler)
    scheduler.schedule_refresh(None, None)
    driver.advance(0)
    assert handler.identifiers == [APP + '.refresh']
    assert handler.last().props.user_info is None


def test_schedule_refresh_needs_a_registration():
    driver, scheduler = new_driver()
    with scheduler_error(Code.NOT_PERMITTED, APP + '.refresh', 'Register a handler for'):
        scheduler.schedule_refresh(None, None)
    assert pending_ids(scheduler) == []


def test_schedule_refresh_rejects_user_info_that_is_not_a_vardict():
    driver, scheduler = new_driver()
    scheduler.register(APP + '.refresh', noop)
    with scheduler_error(Code.INVALID_REQUEST, APP + '.refresh', 'a{sv}'):
        scheduler.schedule_refresh(None, GLib.Variant('as', ['not', 'a', 'dict']))
    assert pending_ids(scheduler) == []


# ---- continued processing errors ----------------------------------------------------

def test_continued_processing_needs_frontmost():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.export', noop)
    driver.set_frontmost(False)
    with scheduler_error(Code.NOT_PERMITTED, 'org.example.App.export', 'frontmost'):
        scheduler.submit(continued('org.example.App.export'))
    assert pending_ids(scheduler) == []
    assert running_ids(scheduler) == []


def test_continued_processing_fail_strategy_when_slots_are_full():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.export.*', handler)
    for i in range(Bgrun.MAX_CONTINUED_TASKS):
        scheduler.submit(continued(f'org.example.App.export.n{i}', queue=False))
    driver.advance(0)
    assert len(running_ids(scheduler)) == Bgrun.MAX_CONTINUED_TASKS

    with scheduler_error(Code.IMMEDIATE_RUN_INELIGIBLE, 'org.example.App.export.late'):
        scheduler.submit(continued('org.example.App.export.late', queue=False))
    assert pending_ids(scheduler) == []


# ---- cancel ---------------------------------------------------------------------

def test_cancel_removes_a_pending_request_for_good():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    scheduler.submit(processing('org.example.App.a', begin=later(scheduler, 60)))
    scheduler.submit(processing('org.example.App.b', begin=later(scheduler, 60)))

    scheduler.cancel('org.example.App.a')
    assert pending_ids(scheduler) == ['org.example.App.b']
    assert events(scheduler, 'org.example.App.a') == [Event.SUBMITTED, Event.CANCELLED]

    driver.advance(3600)
    assert handler.identifiers == ['org.example.App.b']
    assert Event.STARTED not in events(scheduler, 'org.example.App.a')
    with scheduler_error(Code.INVALID_REQUEST, 'org.example.App.a'):
        driver.run_task_now('org.example.App.a')


def test_cancel_of_unknown_identifier_does_nothing():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.*', noop)
    scheduler.submit(processing('org.example.App.a', begin=later(scheduler, 60)))
    before = history(scheduler)
    scheduler.cancel('org.example.App.nothing')
    assert pending_ids(scheduler) == ['org.example.App.a']
    assert history(scheduler) == before


def test_cancel_all():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    names = ['org.example.App.a', 'org.example.App.b', 'org.example.App.c']
    scheduler.submit(processing(names[0], begin=later(scheduler, 60)))
    scheduler.submit(refresh(names[1], begin=later(scheduler, 60)))
    scheduler.submit(processing(names[2], begin=later(scheduler, 60), network=True))
    on_pending = ItemsChanged(scheduler.get_pending_requests())
    on_history = ItemsChanged(scheduler.get_history())

    scheduler.cancel_all()
    assert pending_ids(scheduler) == []
    assert on_pending.take() == 1
    assert on_history.take() == 3
    scheduler.cancel_all()          # nothing left: nothing happens
    assert (on_pending.take(), on_history.take()) == (0, 0)
    for name in names:
        assert events(scheduler, name) == [Event.SUBMITTED, Event.CANCELLED]

    driver.advance(3600)
    assert len(handler) == 0
    assert running_ids(scheduler) == []


def test_cancel_does_not_touch_a_running_task():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.sync', handler)
    scheduler.submit(processing('org.example.App.sync'))
    driver.advance(0)
    scheduler.cancel('org.example.App.sync')
    task = handler.last()
    assert task.props.state == Bgrun.TaskState.RUNNING
    assert running_ids(scheduler) == ['org.example.App.sync']
    task.set_task_completed(True)
    driver.advance(0)
    assert events(scheduler, 'org.example.App.sync')[-1] == Event.COMPLETED


# ---- live lists -------------------------------------------------------------------

def test_lists_are_list_models_of_the_right_types():
    driver, scheduler = new_driver()
    for model, item_type in [(scheduler.get_pending_requests(), Bgrun.TaskRequest),
                             (scheduler.get_running_tasks(), Bgrun.Task),
                             (scheduler.get_history(), Bgrun.HistoryEntry)]:
        assert isinstance(model, Gio.ListModel)
        assert model.get_item_type() == item_type.__gtype__


def test_lists_are_live_and_announce_each_change():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.*', handler)
    pending = scheduler.get_pending_requests()
    running = scheduler.get_running_tasks()
    past = scheduler.get_history()
    on_pending, on_running, on_history = (ItemsChanged(pending), ItemsChanged(running),
                                          ItemsChanged(past))

    # submit
    scheduler.submit(processing('org.example.App.x', begin=later(scheduler, 60)))
    assert (on_pending.take(), on_running.take(), on_history.take()) == (1, 0, 1)
    assert pending.get_n_items() == 1
    assert isinstance(pending.get_item(0), Bgrun.ProcessingRequest)
    assert past.get_item(past.get_n_items() - 1).props.event == Event.SUBMITTED

    # replace
    scheduler.submit(refresh('org.example.App.x', begin=later(scheduler, 60)))
    assert (on_pending.take(), on_running.take(), on_history.take()) == (1, 0, 1)
    assert pending.get_n_items() == 1
    assert isinstance(pending.get_item(0), Bgrun.AppRefreshRequest)

    # submit and cancel another
    scheduler.submit(continued('org.example.App.y'))   # starts at the next evaluation
    scheduler.cancel('org.example.App.y')
    assert (on_pending.take(), on_running.take(), on_history.take()) == (2, 0, 2)
    assert [r.props.identifier for r in pending] == ['org.example.App.x']
    driver.advance(0)
    assert (on_pending.take(), on_running.take(), on_history.take()) == (0, 0, 0)

    # start
    driver.advance(60)
    assert (on_pending.take(), on_running.take(), on_history.take()) == (1, 1, 1)
    assert pending.get_n_items() == 0
    assert running.get_n_items() == 1
    task = running.get_item(0)
    assert isinstance(task, Bgrun.AppRefreshTask)
    assert task is handler.last()
    assert past.get_item(past.get_n_items() - 1).props.event == Event.STARTED

    # end
    task.set_task_completed(True)
    driver.advance(0)
    assert (on_pending.take(), on_running.take(), on_history.take()) == (0, 1, 1)
    assert running.get_n_items() == 0
    last = past.get_item(past.get_n_items() - 1)
    assert isinstance(last, Bgrun.HistoryEntry)
    assert (last.props.identifier, last.props.event) == ('org.example.App.x', Event.COMPLETED)


@pytest.mark.local_only('bgrund sends no position: the app reads the list again')
def test_each_pending_change_is_one_exact_items_changed():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.*', Recorder(complete=False))
    pending = scheduler.get_pending_requests()
    watch = ItemsChanged(pending)
    a, b, c = 'org.example.App.a', 'org.example.App.b', 'org.example.App.c'

    for name in (a, b, c):
        scheduler.submit(processing(name, begin=later(scheduler, 60)))
    assert watch.emissions == [(0, 0, 1), (1, 0, 1), (2, 0, 1)]
    first = pending.get_item(0)

    # Replacing b puts it last: its item goes, the new one comes at the end.
    watch.emissions.clear()
    scheduler.submit(refresh(b, begin=later(scheduler, 60)))
    assert watch.emissions == [(1, 1, 0), (2, 0, 1)]
    assert pending_ids(scheduler) == [a, c, b]
    assert pending.get_item(0) is first
    assert isinstance(pending.get_item(2), Bgrun.AppRefreshRequest)

    # Replacing the last one keeps its place: one emission.
    watch.emissions.clear()
    scheduler.submit(processing(b, begin=later(scheduler, 60)))
    assert watch.emissions == [(2, 1, 1)]

    watch.emissions.clear()
    scheduler.cancel(c)
    assert watch.emissions == [(1, 1, 0)]

    # Both start at the same evaluation, oldest first.
    watch.emissions.clear()
    driver.advance(60)
    assert watch.emissions == [(0, 1, 0), (0, 1, 0)]
    assert pending.get_n_items() == 0


class BrokerCalls:
    '''The org.bgrun.Broker1 method calls on the test's session bus, as
    dbus-monitor sees them.'''

    def __init__(self):
        self.lines = []
        self.process = subprocess.Popen(
            ['dbus-monitor', '--session', '--profile',
             "type='method_call',interface='org.bgrun.Broker1'",
             "type='method_call',interface='org.freedesktop.DBus.Peer',member='Ping'"],
            stdout=subprocess.PIPE, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        # Its own NameLost comes once it is a monitor.
        self._wait_for('NameLost')

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip('\n'))

    def _wait_for(self, member, seen=0):
        deadline = time.monotonic() + 10
        while not any(line.endswith('\t' + member) for line in self.lines[seen:]):
            assert time.monotonic() < deadline, f'dbus-monitor did not show {member}'
            time.sleep(0.01)

    def members(self):
        '''The members called so far, once every call made before is seen.'''
        seen = len(self.lines)
        Gio.bus_get_sync(Gio.BusType.SESSION).call_sync(
            'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.Peer', 'Ping',
            None, None, Gio.DBusCallFlags.NONE, -1)
        self._wait_for('Ping', seen)
        return [line.split('\t')[-1] for line in self.lines
                if line.startswith('mc\t') and '\torg.bgrun.Broker1\t' in line]

    def stop(self):
        self.process.terminate()
        self.process.wait()


def test_a_change_in_a_long_pending_list_touches_one_item(placement):
    # Against bgrund each change comes as one numbered PendingChanged: the
    # app used to read the whole list again after every change.
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.bulk.*', noop)
    far = later(scheduler, 86400)
    for i in range(500):
        scheduler.submit(processing(f'org.example.App.bulk.n{i}', begin=far))
    pending = scheduler.get_pending_requests()
    items = list(pending)
    watch = ItemsChanged(pending)
    calls = BrokerCalls() if placement == 'daemon' else None

    try:
        scheduler.cancel('org.example.App.bulk.n250')
        scheduler.submit(processing('org.example.App.bulk.n100', begin=far))
        scheduler.submit(processing('org.example.App.bulk.new', begin=far))
        if calls is not None:
            assert calls.members() == ['Cancel', 'Submit', 'Submit'], 'no list read per change'
    finally:
        if calls is not None:
            calls.stop()
    assert watch.emissions == [(250, 1, 0), (100, 1, 0), (498, 0, 1), (499, 0, 1)]
    kept = [item for i, item in enumerate(items) if i not in (100, 250)]
    assert all(x is y for x, y in zip(list(pending)[:498], kept))
    assert [item.props.identifier for item in pending] == [
        f'org.example.App.bulk.n{i}' for i in range(500) if i not in (100, 250)] + [
        'org.example.App.bulk.n100', 'org.example.App.bulk.new']


def test_repeating_refresh_reappears_in_the_pending_list_when_it_ends():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.feed', handler)
    pending = scheduler.get_pending_requests()
    scheduler.submit(refresh('org.example.App.feed', repeat=900))
    driver.advance(0)
    assert pending.get_n_items() == 0
    on_pending = ItemsChanged(pending)
    driver.advance(10)
    handler.last().set_task_completed(True)
    driver.advance(0)
    assert on_pending.take() == 1
    assert pending_ids(scheduler) == ['org.example.App.feed']
    assert_same_time(pending.get_item(0).props.earliest_begin_date, later(scheduler, 900))


# ---- history ----------------------------------------------------------------------

def test_history_records_a_completed_task_with_dates():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.sync', handler)
    submitted_at = now(scheduler)
    scheduler.submit(processing('org.example.App.sync', begin=later(scheduler, 60)))
    driver.advance(60)
    started_at = now(scheduler)
    driver.advance(5)
    handler.last().set_task_completed(True)
    driver.advance(0)

    entries = list(scheduler.get_history())
    assert [(e.props.identifier, e.props.event) for e in entries] == [
        ('org.example.App.sync', Event.SUBMITTED),
        ('org.example.App.sync', Event.STARTED),
        ('org.example.App.sync', Event.COMPLETED),
    ]
    assert_same_time(entries[0].props.date, submitted_at, 'SUBMITTED date')
    assert_same_time(entries[1].props.date, started_at, 'STARTED date')
    assert_same_time(entries[2].props.date, started_at.add_seconds(5), 'COMPLETED date')
    assert handler.last().props.state == Bgrun.TaskState.COMPLETED
    assert running_ids(scheduler) == []
    assert pending_ids(scheduler) == []


def test_history_records_failure():
    driver, scheduler = new_driver()
    handler = Recorder(success=False)
    scheduler.register('org.example.App.sync', handler)
    scheduler.submit(processing('org.example.App.sync'))
    driver.advance(0)
    assert handler.last().props.state == Bgrun.TaskState.FAILED
    assert events(scheduler, 'org.example.App.sync') == [
        Event.SUBMITTED, Event.STARTED, Event.FAILED]
    assert running_ids(scheduler) == []
    # A failed one-off request is not retried.
    assert pending_ids(scheduler) == []


def test_history_records_expiry_and_the_running_list_follows():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.refresh', handler)
    scheduler.submit(refresh('org.example.App.refresh'))
    driver.advance(0)
    task = handler.last()
    expired_states = []
    task.connect('expired', lambda t: expired_states.append(t.props.state))

    driver.advance(Bgrun.APP_REFRESH_DURATION - 0.001)
    assert expired_states == []
    assert running_ids(scheduler) == ['org.example.App.refresh']

    driver.advance(0.001)
    assert expired_states == [Bgrun.TaskState.RUNNING]     # told while still running
    assert running_ids(scheduler) == ['org.example.App.refresh']
    assert not task.get_cancellable().is_cancelled()

    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    assert task.get_cancellable().is_cancelled()
    assert running_ids(scheduler) == []
    identifier, event, message = history(scheduler)[-1]
    assert (identifier, event) == ('org.example.App.refresh', Event.EXPIRED)
    assert message


def test_history_records_expire_task():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.sync', handler)
    scheduler.submit(processing('org.example.App.sync'))
    driver.advance(0)
    driver.expire_task('org.example.App.sync')
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    assert handler.last().props.state == Bgrun.TaskState.EXPIRED
    assert events(scheduler, 'org.example.App.sync')[-1] == Event.EXPIRED


def test_history_records_cancel_and_rejection_messages():
    driver, scheduler = new_driver()
    scheduler.register('org.example.App.sync', noop)
    scheduler.submit(processing('org.example.App.sync', begin=later(scheduler, 60)))
    scheduler.cancel('org.example.App.sync')
    with scheduler_error(Code.NOT_PERMITTED) as not_permitted:
        scheduler.submit(processing('org.example.App.nope'))
    with scheduler_error(Code.INVALID_REQUEST) as invalid:
        scheduler.submit(refresh('org.example.App.sync', repeat=60))

    assert history(scheduler) == [
        ('org.example.App.sync', Event.SUBMITTED, SUBMITTED_MESSAGE),
        ('org.example.App.sync', Event.CANCELLED, CANCELLED_MESSAGE),
        ('org.example.App.nope', Event.REJECTED, not_permitted[0].message),
        ('org.example.App.sync', Event.REJECTED, invalid[0].message),
    ]
    for error in (not_permitted[0], invalid[0]):
        assert error.message
