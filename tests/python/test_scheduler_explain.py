# "Why hasn't my task run?": Bgrun.Scheduler.explain() for every reason a
# request can wait, and proof that it never disagrees with what the
# scheduler does: when it names no reason and a date, the task runs at that
# date; when it names a reason, fixing exactly that makes the task run.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 3, points 4 and 8. Every test drives a Bgrun.TestDriver: time moves
# only through driver.advance().

import itertools

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

import pytest  # noqa: E402

from sched_helpers import (  # noqa: E402
    Code, Reason, Recorder, assert_same_time, continued, later, new_driver,
    now, open_scheduler, pending_ids, processing, refresh, running_ids,
    scheduler_error, stop, usec)
from sched_helpers import placement  # noqa: E402,F401  (a fixture)

# Every test runs with the embedded engine and against bgrund.
pytestmark = pytest.mark.usefixtures('placement')

ID = 'org.example.App.work'

# Online, unmetered, on mains power, battery full, no power saver.
GOOD = (True, False, False, 100, False)


def noop(scheduler, task):
    pass


def explain(scheduler, identifier=ID):
    '''The explanation, checked for the invariants every one must keep.'''
    explanation = scheduler.explain(identifier)
    assert isinstance(explanation, Bgrun.Explanation)
    assert explanation.props.identifier == identifier
    reasons = explanation.get_reasons()
    messages = explanation.get_messages()
    assert len(messages) == len(reasons), (reasons, messages)
    assert list(explanation.props.messages) == list(messages)
    for message in messages:
        assert isinstance(message, str) and message.strip()
    assert len(set(reasons)) == len(reasons), f'a reason twice: {reasons}'
    for reason in Reason.__enum_values__.values():
        assert explanation.has_reason(reason) == (reason in reasons)
    text = explanation.to_string()
    for message in messages:
        assert message in text
    return explanation


def assert_waits(scheduler, reasons, earliest=None, identifier=ID):
    '''explain() lists exactly @reasons (in any order) and @earliest (a
    GLib.DateTime, or None when a condition blocks).'''
    explanation = explain(scheduler, identifier)
    assert sorted(explanation.get_reasons(), key=int) == sorted(reasons, key=int), \
        explanation.to_string()
    if earliest is None:
        assert explanation.props.earliest_date is None, explanation.to_string()
    else:
        assert_same_time(explanation.props.earliest_date, earliest, 'earliest-date')
    assert explanation.props.running is False
    assert explanation.props.deadline is None
    return explanation


def submit_one(make=processing, conditions=GOOD, low_memory=False, budgets=True, **request_args):
    '''A driver in @conditions with a recording handler for ID, and the
    request made by @make submitted (nothing has run yet: the evaluation
    waits for the main loop).'''
    driver, scheduler = new_driver(budgets=budgets)
    driver.set_conditions(*conditions)
    driver.set_low_memory(low_memory)
    handler = Recorder()
    scheduler.register(ID, handler)
    scheduler.submit(make(ID, **request_args))
    return driver, scheduler, handler


def assert_ran(driver, scheduler, handler, count=1):
    assert len(handler) == count, f'{len(handler)} runs, expected {count}'
    assert ID not in pending_ids(scheduler)
    with scheduler_error(Code.INVALID_REQUEST, ID):
        scheduler.explain(ID)


# ---- one reason at a time -------------------------------------------------------

@pytest.mark.parametrize('make', [refresh, processing], ids=['refresh', 'processing'])
def test_earliest_begin_date(make):
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register(ID, handler)
    begin = later(scheduler, 3600.25)
    scheduler.submit(make(ID, begin=begin))
    driver.advance(0)

    explanation = assert_waits(scheduler, [Reason.EARLIEST_BEGIN_DATE], begin)
    assert len(explanation.get_messages()) == 1

    driver.advance(3600.25 - 0.000001)
    assert len(handler) == 0
    assert_waits(scheduler, [Reason.EARLIEST_BEGIN_DATE], begin)
    driver.advance(0.000001)
    assert_ran(driver, scheduler, handler)
    assert_same_time(handler.started_at[0], begin, 'start')


def test_a_due_request_has_no_reason_and_runs_now():
    driver, scheduler, handler = submit_one(begin=None)
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert_ran(driver, scheduler, handler)


@pytest.mark.parametrize('flag', ['network', 'unmetered'])
def test_no_network(flag):
    driver, scheduler, handler = submit_one(conditions=(False, False, False, 100, False),
                                       **{flag: True})
    driver.advance(0)
    # An unmetered network is a network first: only NO_NETWORK is listed.
    assert_waits(scheduler, [Reason.NO_NETWORK])
    driver.advance(86400)
    assert len(handler) == 0
    driver.set_conditions(True, False, False, 100, False)
    assert_ran(driver, scheduler, handler)


def test_metered_network():
    driver, scheduler, handler = submit_one(conditions=(True, True, False, 100, False),
                                       unmetered=True)
    driver.advance(0)
    assert_waits(scheduler, [Reason.METERED_NETWORK])
    driver.advance(3600)
    assert len(handler) == 0
    driver.set_conditions(True, False, False, 100, False)
    assert_ran(driver, scheduler, handler)


def test_metered_network_is_enough_for_network_connectivity():
    driver, scheduler, handler = submit_one(conditions=(True, True, False, 100, False), network=True)
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert_ran(driver, scheduler, handler)


def test_on_battery():
    driver, scheduler, handler = submit_one(conditions=(True, False, True, 80, False), power=True)
    driver.advance(0)
    assert_waits(scheduler, [Reason.ON_BATTERY])
    driver.advance(3600)
    assert len(handler) == 0
    driver.set_conditions(True, False, False, 80, False)
    assert_ran(driver, scheduler, handler)


def test_battery_low():
    driver, scheduler, handler = submit_one(conditions=(True, False, True, 10, False), battery=True)
    driver.advance(0)
    explanation = assert_waits(scheduler, [Reason.BATTERY_LOW])
    assert '10' in explanation.get_messages()[0]
    driver.set_conditions(True, False, True, 19, False)
    assert len(handler) == 0
    assert_waits(scheduler, [Reason.BATTERY_LOW])
    driver.set_conditions(True, False, True, Bgrun.BATTERY_LOW_LEVEL, False)
    assert_ran(driver, scheduler, handler)


def test_battery_low_does_not_matter_when_plugged_in():
    driver, scheduler, handler = submit_one(conditions=(True, False, False, 10, False), battery=True)
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert_ran(driver, scheduler, handler)


def test_battery_low_is_fixed_by_plugging_in():
    driver, scheduler, handler = submit_one(conditions=(True, False, True, 10, False), battery=True)
    driver.advance(0)
    assert_waits(scheduler, [Reason.BATTERY_LOW])
    driver.set_conditions(True, False, False, 10, False)
    assert_ran(driver, scheduler, handler)


def test_battery_at_20_percent_is_not_low():
    assert Bgrun.BATTERY_LOW_LEVEL == 20
    driver, scheduler, handler = submit_one(conditions=(True, False, True, 20, False), battery=True)
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert_ran(driver, scheduler, handler)


@pytest.mark.parametrize('make', [refresh, processing], ids=['refresh', 'processing'])
def test_power_saver_defers_refresh_and_processing(make):
    driver, scheduler, handler = submit_one(make, conditions=(True, False, True, 80, True))
    driver.advance(0)
    assert_waits(scheduler, [Reason.POWER_SAVER])
    driver.advance(3600)
    assert len(handler) == 0
    driver.set_conditions(True, False, True, 80, False)
    assert_ran(driver, scheduler, handler)


def test_power_saver_does_not_defer_continued_processing():
    driver, scheduler, handler = submit_one(continued, conditions=(True, False, True, 80, True))
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert_ran(driver, scheduler, handler)


def test_low_memory_defers_processing():
    driver, scheduler, handler = submit_one(low_memory=True)
    driver.advance(0)
    assert_waits(scheduler, [Reason.LOW_MEMORY])
    driver.advance(3600)
    assert len(handler) == 0
    driver.set_low_memory(False)
    assert_ran(driver, scheduler, handler)


@pytest.mark.parametrize('make', [refresh, continued], ids=['refresh', 'continued'])
def test_low_memory_does_not_defer_refresh_or_continued(make):
    driver, scheduler, handler = submit_one(make, low_memory=True)
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert_ran(driver, scheduler, handler)


# ---- the refresh budget ------------------------------------------------------------

def test_budget_exhausted_after_four_refreshes():
    assert Bgrun.REFRESH_BUDGET == 4
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    start = now(scheduler)
    for i in range(Bgrun.REFRESH_BUDGET + 1):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)

    assert handler.identifiers == [f'org.example.App.r{i}' for i in range(4)]
    # One token comes back a quarter of an hour later.
    token_back = start.add_seconds(3600 / Bgrun.REFRESH_BUDGET)
    explanation = assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], token_back,
                               identifier='org.example.App.r4')
    assert explanation.get_messages()[0]

    driver.advance(899.999999)
    assert len(handler) == 4
    assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], token_back, identifier='org.example.App.r4')
    driver.advance(0.000001)
    assert handler.identifiers[-1] == 'org.example.App.r4'
    assert_same_time(handler.started_at[-1], token_back, 'start')


def test_budget_one_refresh_after_another():
    '''Four refreshes in a row, each submitted after the previous ended:
    the fifth waits until a token is earned back.'''
    driver, scheduler, handler = submit_one(refresh)
    start = now(scheduler)
    driver.advance(0)
    for _ in range(Bgrun.REFRESH_BUDGET - 1):
        scheduler.submit(refresh(ID))
        driver.advance(0)
    assert len(handler) == 4
    scheduler.submit(refresh(ID))
    driver.advance(0)
    assert len(handler) == 4
    assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], start.add_seconds(900))
    driver.advance(900)
    assert len(handler) == 5

    # The fifth took the token that came back: the sixth waits as long.
    scheduler.submit(refresh(ID))
    driver.advance(0)
    assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], later(scheduler, 900))
    driver.advance(900)
    assert len(handler) == 6


def test_budget_refills_four_an_hour_and_holds_no_more_than_four():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(4):
        scheduler.submit(refresh(f'org.example.App.a{i}'))
    driver.advance(0)
    assert len(handler) == 4

    # An hour later the bucket is full again...
    driver.advance(3600)
    for i in range(4):
        scheduler.submit(refresh(f'org.example.App.b{i}'))
    driver.advance(0)
    assert len(handler) == 8

    # ...and five idle hours fill it no further than four.
    driver.advance(5 * 3600)
    for i in range(5):
        scheduler.submit(refresh(f'org.example.App.c{i}'))
    driver.advance(0)
    assert len(handler) == 12
    assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], later(scheduler, 900),
                 identifier='org.example.App.c4')


@pytest.mark.parametrize('nudges', [1, 2, 5, 8])
def test_budget_token_comes_back_on_time_despite_evaluations_in_between(nudges):
    '''The scheduler re-evaluates on every condition change; however many
    times it does while a refresh waits for the budget, the token comes
    back a quarter of an hour after it was spent, not a microsecond later.'''
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(Bgrun.REFRESH_BUDGET + 1):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    token_back = later(scheduler, 900)
    step = 900 / (nudges + 1)
    for n in range(nudges):
        driver.advance(step)
        driver.set_conditions(True, False, False, 99 - n, False)   # an evaluation
        assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], token_back,
                     identifier='org.example.App.r4')
    driver.advance((usec(token_back) - usec(now(scheduler))) / 1_000_000)
    assert handler.identifiers[-1] == 'org.example.App.r4'
    assert_same_time(handler.started_at[-1], token_back, 'start')


@pytest.mark.parametrize('begin_after', [600, 1200])
def test_budget_and_begin_date_the_later_one_counts(begin_after):
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(4):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    begin = later(scheduler, begin_after)
    scheduler.submit(refresh(ID, begin=begin))
    driver.advance(0)

    token_back = later(scheduler, 900)
    expected = begin if begin_after > 900 else token_back
    reasons = [Reason.EARLIEST_BEGIN_DATE, Reason.BUDGET_EXHAUSTED]
    assert_waits(scheduler, reasons, expected)

    driver.advance(min(begin_after, 900))
    if begin_after > 900:
        assert_waits(scheduler, [Reason.EARLIEST_BEGIN_DATE], expected)
    else:
        assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], expected)
    assert ID not in [task.props.identifier for task in handler.tasks]
    driver.advance(abs(begin_after - 900))
    assert handler.identifiers[-1] == ID
    assert_same_time(handler.started_at[-1], expected, 'start')


def test_budget_earliest_date_counts_the_refreshes_queued_ahead():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(Bgrun.REFRESH_BUDGET + 2):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    assert len(handler) == 4

    explanation = explain(scheduler, 'org.example.App.r5')
    assert explanation.get_reasons() == [Reason.BUDGET_EXHAUSTED]
    earliest = explanation.props.earliest_date
    driver.advance((usec(earliest) - usec(now(scheduler))) / 1_000_000)
    # "The earliest time it could run if nothing changes": nothing changed.
    assert 'org.example.App.r5' in handler.identifiers


def test_budget_does_not_hold_processing():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(Bgrun.REFRESH_BUDGET):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    scheduler.submit(processing(ID))
    assert_waits(scheduler, [], now(scheduler))
    driver.advance(0)
    assert handler.identifiers[-1] == ID


def test_budget_disabled_runs_at_once():
    driver, scheduler = new_driver(budgets=False)
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(Bgrun.REFRESH_BUDGET + 3):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    assert len(handler) == 7


def test_disabling_budgets_releases_a_waiting_refresh():
    driver, scheduler = new_driver()
    handler = Recorder()
    scheduler.register('org.example.App.*', handler)
    for i in range(Bgrun.REFRESH_BUDGET + 1):
        scheduler.submit(refresh(f'org.example.App.r{i}'))
    driver.advance(0)
    assert_waits(scheduler, [Reason.BUDGET_EXHAUSTED], later(scheduler, 900),
                 identifier='org.example.App.r4')
    driver.set_budgets_enabled(False)
    assert handler.identifiers[-1] == 'org.example.App.r4'


# ---- slots, registration, the same task running -------------------------------------

def test_continued_slots_full():
    assert Bgrun.MAX_CONTINUED_TASKS == 4
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register('org.example.App.*', handler)
    for i in range(Bgrun.MAX_CONTINUED_TASKS):
        scheduler.submit(continued(f'org.example.App.c{i}'))
    driver.advance(0)
    assert len(running_ids(scheduler)) == 4

    scheduler.submit(continued(ID))
    driver.advance(60)      # well within the running tasks' stall limit
    assert pending_ids(scheduler) == [ID]
    explanation = assert_waits(scheduler, [Reason.CONTINUED_SLOTS_FULL])
    assert '4' in explanation.get_messages()[0]

    # Other work does not take a continued slot.
    scheduler.submit(processing('org.example.App.p'))
    driver.advance(0)
    assert_waits(scheduler, [Reason.CONTINUED_SLOTS_FULL])

    handler.tasks[1].set_task_completed(True)
    driver.advance(0)
    assert handler.identifiers[-1] == ID
    assert ID in running_ids(scheduler)


def test_not_registered_in_this_process():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register(ID, noop)
    first.submit(processing(ID))
    stop(first)       # before its main loop ran: still pending

    second = open_scheduler(driver)
    driver.advance(3600)
    explanation = assert_waits(second, [Reason.NOT_REGISTERED])
    assert 'register one when the app starts' in explanation.get_messages()[0]
    assert pending_ids(second) == [ID]

    handler = Recorder()
    second.register(ID, handler)
    driver.advance(0)
    assert len(handler) == 1
    assert pending_ids(second) == []


def test_not_registered_and_a_date_ahead():
    driver, _ = new_driver()
    first = open_scheduler(driver)
    first.register(ID, noop)
    begin = later(first, 7200)
    first.submit(processing(ID, begin=begin))
    stop(first)

    second = open_scheduler(driver)
    assert_waits(second, [Reason.NOT_REGISTERED, Reason.EARLIEST_BEGIN_DATE])
    handler = Recorder()
    second.register(ID, handler)
    driver.advance(0)
    assert_waits(second, [Reason.EARLIEST_BEGIN_DATE], begin)
    driver.advance(7200)
    assert len(handler) == 1


def test_already_running():
    driver, scheduler = new_driver()
    handler = Recorder(complete=False)
    scheduler.register(ID, handler)
    scheduler.submit(processing(ID, user_info=GLib.Variant('a{sv}', {'n': GLib.Variant('i', 1)})))
    driver.advance(0)
    first = handler.last()

    scheduler.submit(processing(ID, user_info=GLib.Variant('a{sv}', {'n': GLib.Variant('i', 2)})))
    driver.advance(60)
    assert len(handler) == 1
    assert pending_ids(scheduler) == [ID]
    explanation = explain(scheduler)
    assert explanation.get_reasons() == [Reason.ALREADY_RUNNING]
    assert explanation.props.running is True
    assert explanation.props.earliest_date is None
    assert_same_time(explanation.props.deadline, first.props.expiration_date, 'deadline')

    first.set_task_completed(True)
    driver.advance(0)
    assert len(handler) == 2
    assert handler.last().props.user_info.unpack() == {'n': 2}
    assert pending_ids(scheduler) == []


def test_backoff_after_conditions_stopped_holding():
    driver, scheduler, handler = submit_one(network=True)
    handler.complete = False
    driver.advance(0)
    assert len(handler) == 1

    driver.set_conditions(False, False, False, 100, False)     # the network drops
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    assert handler.last().props.state == Bgrun.TaskState.EXPIRED
    ended = now(scheduler)
    driver.set_conditions(True, False, False, 100, False)      # and comes back

    retry = ended.add_seconds(Bgrun.BACKOFF_INITIAL)
    assert_waits(scheduler, [Reason.BACKOFF], retry)
    driver.advance(Bgrun.BACKOFF_INITIAL - 0.000001)
    assert len(handler) == 1
    driver.advance(0.000001)
    assert len(handler) == 2
    assert_same_time(handler.started_at[-1], retry, 'retry')

    # A second interruption doubles the wait.
    driver.set_conditions(False, False, False, 100, False)
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    ended = now(scheduler)
    assert_waits(scheduler, [Reason.BACKOFF, Reason.NO_NETWORK])
    driver.set_conditions(True, False, False, 100, False)
    assert_waits(scheduler, [Reason.BACKOFF], ended.add_seconds(2 * Bgrun.BACKOFF_INITIAL))
    driver.advance(2 * Bgrun.BACKOFF_INITIAL)
    assert len(handler) == 3


# ---- several reasons at once ------------------------------------------------------

def test_no_network_power_saver_and_date_ahead_all_listed():
    driver, scheduler = new_driver()
    driver.set_conditions(False, False, False, 100, True)
    handler = Recorder()
    scheduler.register(ID, handler)
    begin = later(scheduler, 3600)
    scheduler.submit(processing(ID, begin=begin, network=True))
    driver.advance(0)

    explanation = assert_waits(scheduler, [Reason.EARLIEST_BEGIN_DATE, Reason.NO_NETWORK,
                                           Reason.POWER_SAVER])
    assert len(set(explanation.get_messages())) == 3

    driver.set_conditions(True, False, False, 100, True)
    assert_waits(scheduler, [Reason.EARLIEST_BEGIN_DATE, Reason.POWER_SAVER])
    driver.set_conditions(True, False, False, 100, False)
    assert_waits(scheduler, [Reason.EARLIEST_BEGIN_DATE], begin)
    driver.advance(3600)
    assert len(handler) == 1


def test_every_processing_condition_at_once_fixed_one_by_one():
    driver, scheduler = new_driver()
    driver.set_conditions(False, False, True, 10, True)
    driver.set_low_memory(True)
    handler = Recorder()
    scheduler.register(ID, handler)
    scheduler.submit(processing(ID, network=True, power=True, battery=True))
    driver.advance(0)

    waiting = {Reason.NO_NETWORK, Reason.ON_BATTERY, Reason.BATTERY_LOW,
               Reason.POWER_SAVER, Reason.LOW_MEMORY}
    assert_waits(scheduler, waiting)

    fixes = [
        (Reason.LOW_MEMORY, lambda: driver.set_low_memory(False)),
        (Reason.POWER_SAVER, lambda: driver.set_conditions(False, False, True, 10, False)),
        (Reason.NO_NETWORK, lambda: driver.set_conditions(True, False, True, 10, False)),
        (Reason.BATTERY_LOW, lambda: driver.set_conditions(True, False, True, 50, False)),
        (Reason.ON_BATTERY, lambda: driver.set_conditions(True, False, False, 50, False)),
    ]
    for reason, fix in fixes:
        fix()
        waiting.discard(reason)
        if waiting:
            assert len(handler) == 0, f'ran with {waiting} still in the way'
            assert_waits(scheduler, waiting)
    assert_ran(driver, scheduler, handler)


# ---- the explanation agrees with the engine, exhaustively ---------------------------

REQUESTS = {
    'refresh': (refresh, {}),
    'continued': (continued, {}),
    'processing': (processing, {}),
    'network': (processing, {'network': True}),
    'unmetered': (processing, {'unmetered': True}),
    'power': (processing, {'power': True}),
    'battery': (processing, {'battery': True}),
    'everything': (processing, {'network': True, 'unmetered': True, 'power': True,
                                'battery': True}),
}

CONDITIONS = list(itertools.product(
    [True, False],                                  # network available
    [False, True],                                  # metered
    [(False, 100), (True, 80), (True, 10), (True, -1)],  # on battery, level
    [False, True],                                  # power saver
    [False, True],                                  # low memory
))


def expected_reasons(kind, flags, network, metered, on_battery, level, saver, low_memory):
    '''The rules of issue 3, point 4, written out independently.'''
    reasons = set()
    if kind == 'continued':
        return reasons
    if saver:
        reasons.add(Reason.POWER_SAVER)
    if kind == 'refresh':
        return reasons
    needs_network = flags.get('network') or flags.get('unmetered')
    if needs_network and not network:
        reasons.add(Reason.NO_NETWORK)
    elif flags.get('unmetered') and metered:
        reasons.add(Reason.METERED_NETWORK)
    if flags.get('power') and on_battery:
        reasons.add(Reason.ON_BATTERY)
    if flags.get('battery') and on_battery and 0 <= level < Bgrun.BATTERY_LOW_LEVEL:
        reasons.add(Reason.BATTERY_LOW)
    if low_memory:
        reasons.add(Reason.LOW_MEMORY)
    return reasons


@pytest.mark.parametrize('name', list(REQUESTS))
def test_explanation_matches_the_rules_and_what_happens(name):
    make, flags = REQUESTS[name]
    kind = name if name in ('refresh', 'continued') else 'processing'
    for network, metered, (on_battery, level), saver, low_memory in CONDITIONS:
        case = (f'{name}: network={network} metered={metered} on_battery={on_battery} '
                f'level={level} power_saver={saver} low_memory={low_memory}')
        driver, scheduler, handler = submit_one(make, (network, metered, on_battery, level, saver),
                                           low_memory, **flags)
        expected = expected_reasons(kind, flags, network, metered, on_battery, level, saver,
                                    low_memory)
        explanation = explain(scheduler)
        assert set(explanation.get_reasons()) == expected, case
        if expected:
            assert explanation.props.earliest_date is None, case
        else:
            assert_same_time(explanation.props.earliest_date, now(scheduler), case)

        driver.advance(0)
        assert len(handler) == (0 if expected else 1), case
        if expected:
            # Nothing but time passing changes nothing.
            driver.advance(7 * 86400)
            assert len(handler) == 0, case
            assert set(explain(scheduler).get_reasons()) == expected, case
            driver.set_conditions(*GOOD)
            driver.set_low_memory(False)
            assert len(handler) == 1, case


# ---- running tasks and unknown identifiers ------------------------------------------

@pytest.mark.parametrize('make, duration', [
    (refresh, Bgrun.APP_REFRESH_DURATION),
    (processing, Bgrun.PROCESSING_DURATION),
    (continued, Bgrun.CONTINUED_PROCESSING_STALL),
], ids=['refresh', 'processing', 'continued'])
def test_running_task_has_its_deadline(make, duration):
    driver, scheduler, handler = submit_one(make)
    handler.complete = False
    driver.advance(0)
    task = handler.last()
    explanation = explain(scheduler)
    assert explanation.props.running is True
    assert explanation.get_reasons() == []
    assert explanation.props.earliest_date is None
    assert_same_time(explanation.props.deadline, task.props.expiration_date, 'deadline')
    assert usec(explanation.props.deadline) - usec(handler.started_at[0]) == duration * 1_000_000


def test_continued_deadline_moves_with_progress():
    driver, scheduler, handler = submit_one(continued)
    handler.complete = False
    driver.advance(0)
    task = handler.last()
    task.props.total_units = 10
    driver.advance(300)
    task.props.completed_units = 1
    driver.advance(0)
    expected = later(scheduler, Bgrun.CONTINUED_PROCESSING_STALL)
    assert_same_time(task.props.expiration_date, expected, 'expiration-date')
    assert_same_time(explain(scheduler).props.deadline, expected, 'deadline')


def test_explain_unknown_identifier():
    driver, scheduler = new_driver()
    scheduler.register(ID, noop)
    with scheduler_error(Code.INVALID_REQUEST, 'org.example.App.nothing'):
        scheduler.explain('org.example.App.nothing')


def test_explain_after_the_task_ended():
    driver, scheduler, handler = submit_one()
    driver.advance(0)
    assert len(handler) == 1
    with scheduler_error(Code.INVALID_REQUEST, ID):
        scheduler.explain(ID)


def test_explain_a_cancelled_request():
    driver, scheduler, handler = submit_one(begin=None, network=True,
                                       conditions=(False, False, False, 100, False))
    assert_waits(scheduler, [Reason.NO_NETWORK])
    scheduler.cancel(ID)
    with scheduler_error(Code.INVALID_REQUEST, ID):
        scheduler.explain(ID)
