# Workout sessions: the states and transitions of PLATFORM.md, every
# illegal transition refused with a precise error that leaves the state
# alone, state-changed with its dates, pause/resume events, one session
# per app, and the application hold from prepared until ended.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 1. Time moves only through the test clock.

import gc
import itertools

import pytest

from conftest import Bgrun, Gio, GLib, TIMEOUT, usec
from workout_helpers import EventType, Recorder, State, new_session, now, session_error

APP = 'org.example.Workouts'
Code = Bgrun.SessionError

S = State
ACTIONS = {
    'prepare': lambda session: session.prepare(),
    'start_activity': lambda session: session.start_activity(None),
    'pause': lambda session: session.pause(),
    'resume': lambda session: session.resume(),
    'stop_activity': lambda session: session.stop_activity(None),
    'end': lambda session: session.end(),
}

# The legal moves: (state before, action) -> state after. Everything else
# is illegal.
LEGAL = {
    (S.NOT_STARTED, 'prepare'): S.PREPARED,
    (S.NOT_STARTED, 'start_activity'): S.RUNNING,
    (S.PREPARED, 'start_activity'): S.RUNNING,
    (S.PREPARED, 'end'): S.ENDED,
    (S.RUNNING, 'pause'): S.PAUSED,
    (S.RUNNING, 'stop_activity'): S.STOPPED,
    (S.RUNNING, 'end'): S.ENDED,
    (S.PAUSED, 'resume'): S.RUNNING,
    (S.PAUSED, 'stop_activity'): S.STOPPED,
    (S.PAUSED, 'end'): S.ENDED,
    (S.STOPPED, 'end'): S.ENDED,
}

# How to bring a new session to each state.
PATHS = {
    S.NOT_STARTED: [],
    S.PREPARED: ['prepare'],
    S.RUNNING: ['start_activity'],
    S.PAUSED: ['start_activity', 'pause'],
    S.STOPPED: ['start_activity', 'stop_activity'],
    S.ENDED: ['start_activity', 'end'],
}

# The words each refusal must say: the verb and the state the session is in.
VERBS = {'prepare': 'prepare', 'start_activity': 'start', 'pause': 'pause',
         'resume': 'resume', 'stop_activity': 'stop', 'end': 'end'}
STATE_WORDS = {S.NOT_STARTED: 'not started', S.PREPARED: 'prepared', S.RUNNING: 'running',
               S.PAUSED: 'paused', S.STOPPED: 'stopped', S.ENDED: 'ended'}

ALL = [(state, action) for state in PATHS for action in ACTIONS]


@pytest.fixture
def driver():
    return Bgrun.TestDriver.new(APP)


def bring_to(driver, state):
    session = new_session(driver)
    for action in PATHS[state]:
        ACTIONS[action](session)
        driver.advance(10)
    assert session.props.state == state
    return session


def test_a_new_session_has_not_started(driver):
    session = new_session(driver)
    assert session.props.state == S.NOT_STARTED
    assert session.props.start_date is None and session.props.end_date is None
    assert session.get_builder() is session.props.builder
    assert session.get_configuration().props.activity_type == Bgrun.WorkoutActivityType.RUNNING


@pytest.mark.parametrize('state,action', [pair for pair in ALL if pair in LEGAL])
def test_legal_moves(driver, state, action):
    session = bring_to(driver, state)
    recorder = Recorder(session)
    ACTIONS[action](session)
    after = LEGAL[(state, action)]
    assert session.props.state == after
    [(to, frm, date)] = recorder.changes
    assert (to, frm) == (after, state)
    assert usec(date) == usec(now(driver))


@pytest.mark.parametrize('state,action', [pair for pair in ALL if pair not in LEGAL])
def test_illegal_moves_fail_precisely_and_change_nothing(driver, state, action):
    session = bring_to(driver, state)
    recorder = Recorder(session)
    with session_error(Code.INVALID_STATE, VERBS[action], f'it is {STATE_WORDS[state]}'):
        ACTIONS[action](session)
    assert session.props.state == state
    assert recorder.changes == [] and recorder.events == []


def test_start_and_stop_take_their_dates(driver):
    session = new_session(driver)
    start = now(driver).add_seconds(-5)
    session.start_activity(start)
    assert usec(session.props.start_date) == usec(start)
    driver.advance(600)
    stop = now(driver).add_seconds(-30)
    recorder = Recorder(session)
    session.stop_activity(stop)
    assert usec(session.props.end_date) == usec(stop)
    assert usec(recorder.changes[0][2]) == usec(stop)


def test_ending_a_running_session_sets_its_end_date(driver):
    session = new_session(driver)
    session.start_activity(None)
    driver.advance(100)
    session.end()
    assert usec(session.props.end_date) == usec(now(driver))


def test_ending_a_prepared_session_has_no_dates(driver):
    session = new_session(driver)
    session.prepare()
    session.end()
    assert session.props.start_date is None and session.props.end_date is None


def test_state_is_notified_once_per_move(driver):
    session = new_session(driver)
    seen = []
    session.connect('notify::state', lambda s, p: seen.append(s.props.state))
    session.prepare()
    session.start_activity(None)
    session.pause()
    session.resume()
    session.stop_activity(None)
    session.end()
    assert seen == [S.PREPARED, S.RUNNING, S.PAUSED, S.RUNNING, S.STOPPED, S.ENDED]


def test_pause_and_resume_emit_events_after_the_state_changed(driver):
    session = new_session(driver)
    session.start_activity(None)
    order = []
    session.connect('state-changed', lambda s, to, frm, date: order.append(('state', to)))
    session.connect('event', lambda s, event: order.append(
        ('event', event.props.event_type, usec(event.props.date))))
    driver.advance(60)
    session.pause()
    paused_at = usec(now(driver))
    driver.advance(30)
    session.resume()
    assert order == [('state', S.PAUSED), ('event', EventType.PAUSE, paused_at),
                     ('state', S.RUNNING), ('event', EventType.RESUME, paused_at + 30_000_000)]
    events = session.get_builder().get_events()
    assert [events.get_item(i).props.event_type for i in range(events.get_n_items())] == \
        [EventType.PAUSE, EventType.RESUME]


def test_one_active_workout_session_per_app(driver):
    first = new_session(driver)
    second = new_session(driver)
    first.prepare()
    # Making a third while one is active fails; preparing or starting the
    # second one fails too, and leaves it not started.
    with session_error(Code.SESSION_IN_PROGRESS, APP, 'already has a workout session'):
        new_session(driver)
    for action in ('prepare', 'start_activity'):
        with session_error(Code.SESSION_IN_PROGRESS, APP):
            ACTIONS[action](second)
        assert second.props.state == S.NOT_STARTED
    first.end()
    second.start_activity(None)
    assert second.props.state == S.RUNNING


def test_another_app_may_run_a_workout_at_the_same_time(driver):
    other = Bgrun.TestDriver.new('org.example.OtherWorkouts')
    new_session(driver).start_activity(None)
    session = new_session(other)
    session.start_activity(None)
    assert session.props.state == S.RUNNING


def test_dropping_an_active_session_frees_the_app_slot(driver):
    session = new_session(driver)
    session.start_activity(None)
    del session
    gc.collect()
    new_session(driver).start_activity(None)


# ---- the application hold --------------------------------------------------
#
# Seen as a user sees it: Gio.Application.run() with no window returns by
# itself once nothing holds the app, and keeps running while something
# does. A held app is one that is still running HELD_FOR seconds after its
# last step (then the test quits it); that is the one real-time wait here.

HELD_FOR = 1

_serial = itertools.count(1)


@pytest.fixture
def app():
    gc.collect()
    application = Gio.Application(application_id=f'org.example.WorkoutHold{next(_serial)}',
                                  flags=Gio.ApplicationFlags.NON_UNIQUE)
    application.register(None)
    return application


def run_app(app, steps, then=None):
    '''Runs @app with no window; activation runs the steps. Returns
    whether the app was still held HELD_FOR seconds later. With @then,
    a held app then runs @then, and the result is a pair: held, and
    whether it was still held HELD_FOR seconds after @then. (An app runs
    once: GApplication refuses a second run() after quit().)'''
    seen = []

    def check():
        seen.append(True)
        if then is not None and len(seen) == 1:
            then()
            return GLib.SOURCE_CONTINUE
        app.quit()
        return GLib.SOURCE_REMOVE

    def activate(_app):
        for step in steps:
            step()

    handler = app.connect('activate', activate)
    guard = GLib.timeout_add_seconds(HELD_FOR, check)
    assert app.run(None) == 0
    app.disconnect(handler)
    if len(seen) < (2 if then is not None and seen else 1):
        GLib.source_remove(guard)
    if then is None:
        return bool(seen)
    return len(seen) >= 1, len(seen) >= 2


def new_app_session(app, tmp_path):
    from gi.repository import GObject
    scheduler = GObject.new(Bgrun.Scheduler, application=app, clock=Bgrun.TestClock.new(None),
                            state_directory=str(tmp_path))
    return Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.CYCLING, Bgrun.WorkoutLocationType.OUTDOOR))


def test_a_session_that_has_not_started_holds_nothing(app, tmp_path):
    session = new_app_session(app, tmp_path)
    assert not run_app(app, [])
    assert session.props.state == S.NOT_STARTED


@pytest.mark.parametrize('state', [S.PREPARED, S.RUNNING, S.PAUSED, S.STOPPED])
def test_an_active_session_holds_the_app_until_it_ends(app, tmp_path, state):
    session = new_app_session(app, tmp_path)
    steps = [lambda action=action: ACTIONS[action](session) for action in PATHS[state]]
    if state == S.PREPARED:
        steps = [session.prepare]
    states = []
    assert run_app(app, steps, then=lambda: (states.append(session.props.state), session.end())) == \
        (True, False)
    assert states == [state]
    assert session.props.state == S.ENDED


def test_preparing_then_running_holds_once(app, tmp_path):
    session = new_app_session(app, tmp_path)
    assert run_app(app, [session.prepare, lambda: session.start_activity(None), session.pause,
                         session.resume, lambda: session.stop_activity(None)],
                   then=session.end) == (True, False)


def test_a_refused_move_takes_no_hold(app, tmp_path):
    session = new_app_session(app, tmp_path)

    def refused():
        with session_error(Code.INVALID_STATE):
            session.pause()

    assert not run_app(app, [refused])


def test_dropping_an_active_session_lets_the_app_go(app, tmp_path):
    sessions = [new_app_session(app, tmp_path)]
    assert run_app(app, [lambda: sessions[0].start_activity(None)],
                   then=lambda: (sessions.clear(), gc.collect())) == (True, False)
