# Bgrun.BackgroundActivity from Python: keeping a Gio.Application running
# while it finishes work after the user left.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The hold is checked as a user notices it: Gio.Application.run() with no
# window keeps running while an activity is active and returns when the
# last one ended. A run is a list of steps: the first runs on activation,
# each later one from an idle of the application's main loop, so a step
# runs only if the application was still held after the previous one.
# Exceptions raised inside GLib callbacks do not reach pytest, so steps
# record what they saw and the test asserts after run() returned.

import gc
import itertools

import pytest

from conftest import Bgrun, Gio, GLib, NotifyCounter, TIMEOUT, usec

ALLOWANCE = Bgrun.BACKGROUND_ACTIVITY_ALLOWANCE
WARNING = Bgrun.BACKGROUND_ACTIVITY_WARNING
START = GLib.DateTime.new_utc(2030, 1, 1, 12, 0, 0)

_serial = itertools.count(1)


def no_default_application():
    gc.collect()
    return Gio.Application.get_default() is None


@pytest.fixture
def app():
    '''A registered Gio.Application, the default one. The previous test's
    application must be gone: nothing, no activity in particular, may keep
    one alive.'''
    assert no_default_application(), 'an earlier application is still alive'
    application = Gio.Application(
        application_id=f'org.example.BgrunTest.PyActivity{next(_serial)}',
        flags=Gio.ApplicationFlags.NON_UNIQUE)
    application.register(None)
    assert Gio.Application.get_default() == application
    return application


@pytest.fixture
def clock():
    return Bgrun.TestClock.new(START)


def seconds_since_start(clock):
    return (usec(clock.get_now()) - usec(START)) / 1_000_000


class Watcher:
    '''Records the expiring emissions (with the clock's time and the
    activity's state at that moment) and the notifications of an
    activity.'''

    def __init__(self, activity, clock):
        self.expiring = []
        self.notify = NotifyCounter(activity, 'active', 'time-remaining')
        activity.connect('expiring', self._on_expiring, clock)

    def _on_expiring(self, activity, clock):
        self.expiring.append((seconds_since_start(clock), activity.props.active))


def run_app(app, steps):
    '''Runs @app; activation runs steps[0], an idle each later step. Returns
    how many steps ran and whether the guard had to quit the app.'''
    ran = []
    gave_up = []
    pending = []

    def run_step():
        pending.clear()
        steps[len(ran)]()
        ran.append(True)
        if len(ran) < len(steps):
            pending.append(GLib.idle_add(run_step))
        return GLib.SOURCE_REMOVE

    def give_up():
        gave_up.append(True)
        app.quit()
        return GLib.SOURCE_REMOVE

    handler = app.connect('activate', lambda a: run_step())
    guard = GLib.timeout_add_seconds(int(TIMEOUT), give_up)
    status = app.run(None)
    app.disconnect(handler)
    if not gave_up:
        GLib.source_remove(guard)
    for source in pending:
        GLib.source_remove(source)
    assert not gave_up, 'the application was never released'
    assert status == 0
    return len(ran)


def test_expiring_then_automatic_release_ends_run(app, clock):
    state = {}

    def begin():
        state['activity'] = Bgrun.BackgroundActivity.begin_with_clock(
            clock, 'Saving the document')
        state['watcher'] = Watcher(state['activity'], clock)
        state['remaining at start'] = state['activity'].props.time_remaining

    def to_warning():
        clock.advance(ALLOWANCE - WARNING)
        state['expiring at warning'] = list(state['watcher'].expiring)
        state['active at warning'] = state['activity'].props.active
        state['remaining at warning'] = state['activity'].props.time_remaining

    def to_end():
        clock.advance(WARNING)
        state['active at end'] = state['activity'].props.active

    assert run_app(app, [begin, to_warning, to_end]) == 3

    assert state['remaining at start'] == ALLOWANCE
    assert state['expiring at warning'] == [(ALLOWANCE - WARNING, True)]
    assert state['active at warning']
    assert state['remaining at warning'] == WARNING
    assert not state['active at end']
    watcher = state['watcher']
    assert watcher.notify.seen['active'] == [False]
    assert len(watcher.expiring) == 1
    assert clock.get_n_alarms() == 0


def test_end_early(app, clock):
    activity = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Sending the message')
    watcher = Watcher(activity, clock)
    clock.advance(10)

    activity.end()
    assert not activity.props.active
    assert activity.props.time_remaining == 0
    assert clock.get_n_alarms() == 0
    assert watcher.notify.seen['active'] == [False]

    activity.end()
    clock.advance(60)
    assert watcher.expiring == []
    assert watcher.notify.count('active') == 1
    # The date it would have ended at stays.
    assert seconds_since_start(clock) == 70
    assert usec(activity.props.expiration_date) == usec(START.add_seconds(ALLOWANCE))


def test_two_activities_hold_until_both_end(app, clock):
    state = {}

    def begin_first():
        state['first'] = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Saving')

    def begin_second():
        clock.advance(10)
        state['second'] = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Sending')

    def first_runs_out():
        clock.advance(ALLOWANCE - 10)
        state['after first'] = (state['first'].props.active,
                                state['second'].props.active,
                                state['second'].props.time_remaining)

    def second_ends():
        state['second'].end()

    assert run_app(app, [begin_first, begin_second, first_runs_out, second_ends]) == 4
    assert state['after first'] == (False, True, 10)


def test_dropping_an_active_activity_releases(app, clock):
    state = {}

    def begin():
        state['activity'] = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Saving')

    def drop():
        del state['activity']
        gc.collect()
        state['alarms'] = clock.get_n_alarms()

    assert run_app(app, [begin, drop]) == 2
    assert state['alarms'] == 0


def test_time_remaining_follows_the_clock(app, clock):
    activity = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Saving the document')
    notify = NotifyCounter(activity, 'time-remaining')

    assert activity.props.reason == 'Saving the document'
    assert activity.props.active
    assert usec(activity.props.expiration_date) == usec(START.add_seconds(ALLOWANCE))

    seen = []
    for step in (0, 7.5, 10, 12, 0.5):
        clock.advance(step)
        seen.append(activity.props.time_remaining)
    assert seen == [30, 22.5, 12.5, 0.5, 0]
    assert activity.get_time_remaining() == 0
    assert not activity.props.active
    # Not notified as it falls, only when it dropped to 0 at the end.
    assert notify.seen['time-remaining'] == [0]


def test_begin_with_the_system_clock(app):
    activity = Bgrun.BackgroundActivity.begin('Saving the document')
    assert 25 < activity.props.time_remaining <= ALLOWANCE
    activity.end()
    assert not activity.props.active


def test_without_an_application_is_unavailable(clock):
    assert no_default_application()
    with pytest.raises(GLib.Error) as caught:
        Bgrun.BackgroundActivity.begin_with_clock(clock, 'Saving the document')
    assert caught.value.matches(Bgrun.scheduler_error_quark(),
                                Bgrun.SchedulerError.UNAVAILABLE)
    assert 'GApplication must exist' in caught.value.message
    assert clock.get_n_alarms() == 0


def test_empty_reason_is_invalid(app, clock):
    with pytest.raises(GLib.Error) as caught:
        Bgrun.BackgroundActivity.begin_with_clock(clock, '')
    assert caught.value.matches(Bgrun.scheduler_error_quark(),
                                Bgrun.SchedulerError.INVALID_REQUEST)
    assert clock.get_n_alarms() == 0
    # And no hold was taken: the application returns at once.
    assert run_app(app, [lambda: None]) == 1
