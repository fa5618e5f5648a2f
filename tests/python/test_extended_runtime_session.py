# Extended runtime sessions through the public API: every type of the
# table, every state, every error code and invalidation reason, the rules
# (frontmost, one per app, the resign grace), smart alarms (scheduling,
# resume, persistence across a process restart, the notify rule) and the
# logind inhibitor that a running session holds.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 6, points 2, 3, 4 and 7. Time moves only through the test clock
# (driver.advance(), or TestClock.set_now() to stand for a machine that
# was suspended); nothing sleeps.

import gc
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import Bgrun, GLib, NotifyCounter, spin_idle, spin_until, system_bus

APP = 'org.example.Sessions'
Type = Bgrun.ExtendedRuntimeType
State = Bgrun.ExtendedRuntimeState
Reason = Bgrun.InvalidationReason
Code = Bgrun.SessionError

WARNING = Bgrun.EXTENDED_RUNTIME_WILL_EXPIRE_WARNING
GRACE = Bgrun.EXTENDED_RUNTIME_RESIGN_GRACE
ALARM = Bgrun.SMART_ALARM_DURATION

# type, duration, whether it needs the app in the foreground, logind's "what"
TABLE = [
    (Type.SELF_CARE, 600, True, 'idle', 'Self care session'),
    (Type.MINDFULNESS, 3600, True, 'idle', 'Mindfulness session'),
    (Type.PHYSICAL_THERAPY, 3600, False, 'sleep', 'Physical therapy session'),
    (Type.SMART_ALARM, 1800, False, 'sleep', 'Smart alarm'),
]


def usec(date_time):
    return date_time.to_unix() * 1_000_000 + date_time.get_microsecond()


class Events:
    '''Records a session's signals, with the clock's time of each.'''

    def __init__(self, session):
        self.clock = session.props.scheduler.props.clock
        self.seen = []
        session.connect('started', lambda s: self._add('started'))
        session.connect('will-expire', lambda s: self._add('will-expire'))
        session.connect('invalidated', lambda s, reason, error: self._add('invalidated', reason, error))

    def _add(self, name, *args):
        self.seen.append((name, usec(self.clock.get_now())) + args)

    def names(self):
        return [event[0] for event in self.seen]

    def invalidations(self):
        return [event[2:] for event in self.seen if event[0] == 'invalidated']


def new_driver():
    driver = Bgrun.TestDriver.new(APP)
    return driver, driver.get_scheduler()


def new_session(scheduler, session_type):
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, session_type)
    return session, Events(session)


def now(scheduler):
    return scheduler.props.clock.get_now()


def expect_error(code, *fragments):
    return _ErrorCheck(Bgrun.session_error_quark(), int(code), fragments)


class _ErrorCheck:
    def __init__(self, domain, code, fragments):
        self.domain, self.code, self.fragments = domain, code, fragments
        self.error = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        assert kind is not None and issubclass(kind, GLib.Error), 'no error was raised'
        assert value.matches(self.domain, self.code), f'got {value.domain} {value.code}: {value.message}'
        for fragment in self.fragments:
            assert fragment in value.message, f'{fragment!r} not in {value.message!r}'
        self.error = value
        return True


# ---- the table ----------------------------------------------------------------

@pytest.mark.parametrize('session_type,duration,frontmost,what,name', TABLE)
def test_each_type_runs_for_its_duration_and_warns_before(session_type, duration, frontmost,
                                                         what, name):
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, session_type)
    start = usec(now(scheduler))

    assert session.props.state == State.NOT_STARTED
    assert session.props.expiration_date is None
    assert session.start()
    assert session.props.state == State.RUNNING
    assert usec(session.props.expiration_date) == start + duration * 1_000_000
    assert usec(session.props.start_date) == start
    assert events.names() == ['started']

    driver.advance(duration - WARNING - 1)
    assert events.names() == ['started']
    driver.advance(1)
    assert events.seen[-1] == ('will-expire', start + (duration - WARNING) * 1_000_000)
    driver.advance(WARNING - 1)
    assert session.props.state == State.RUNNING

    driver.advance(1)
    assert session.props.state == State.INVALID
    assert session.props.invalidation_reason == Reason.EXPIRED
    assert events.seen[-1] == ('invalidated', start + duration * 1_000_000, Reason.EXPIRED, None)
    driver.advance(3600)
    assert events.names() == ['started', 'will-expire', 'invalidated']


@pytest.mark.parametrize('session_type,duration,frontmost,what,name', TABLE)
def test_leaving_the_foreground_ends_only_frontmost_types(session_type, duration, frontmost,
                                                         what, name):
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, session_type)
    session.start()

    driver.set_frontmost(False)
    driver.advance(GRACE - 1)
    assert session.props.state == State.RUNNING
    driver.advance(1)
    if frontmost:
        assert session.props.state == State.INVALID
        assert events.invalidations() == [(Reason.RESIGNED_FRONTMOST, None)]
    else:
        assert session.props.state == State.RUNNING
        assert events.invalidations() == []


def test_a_short_trip_out_of_the_foreground_is_forgiven():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.MINDFULNESS)
    session.start()

    for _ in range(3):
        driver.set_frontmost(False)
        driver.advance(GRACE - 1)
        driver.set_frontmost(True)
        driver.advance(GRACE * 2)
    assert session.props.state == State.RUNNING
    assert events.invalidations() == []


# ---- states and invalidation ----------------------------------------------------

def test_states_move_forward_and_are_notified_once_each():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SMART_ALARM)
    counter = NotifyCounter(session, 'state', 'expiration-date', 'start-date')
    start = now(scheduler).add_seconds(600)

    assert session.start_at(start)
    driver.advance(600)
    session.invalidate()
    session.invalidate()

    assert counter.seen['state'] == [State.SCHEDULED, State.RUNNING, State.INVALID]
    assert counter.count('expiration-date') == 1
    assert [usec(d) for d in counter.seen['start-date']] == [usec(start)]
    assert events.names() == ['started', 'invalidated']
    assert events.invalidations() == [(Reason.NONE, None)]


def test_invalidate_before_start_ends_it_for_good():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SELF_CARE)
    session.invalidate()

    assert session.props.state == State.INVALID
    assert events.invalidations() == [(Reason.NONE, None)]
    with expect_error(Code.INVALID_STATE, 'not reusable'):
        session.start()
    with expect_error(Code.INVALID_STATE, 'has ended'):
        session.notify_user(Bgrun.HapticType.CLICK)


def test_a_session_cannot_start_twice():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SMART_ALARM)
    session.start()
    with expect_error(Code.INVALID_STATE, 'already started'):
        session.start()
    with expect_error(Code.INVALID_STATE):
        session.start_at(now(scheduler).add_seconds(60))
    assert session.props.state == State.RUNNING


# ---- rules and their errors --------------------------------------------------------

@pytest.mark.parametrize('session_type', [row[0] for row in TABLE])
def test_starting_needs_the_app_frontmost(session_type):
    driver, scheduler = new_driver()
    driver.set_frontmost(False)
    session, events = new_session(scheduler, session_type)

    with expect_error(Code.MUST_BE_ACTIVE_TO_START_OR_SCHEDULE, APP, 'not frontmost'):
        session.start()
    assert session.props.state == State.NOT_STARTED
    assert events.seen == []

    driver.set_frontmost(True)
    assert session.start()


def test_scheduling_needs_the_app_frontmost():
    driver, scheduler = new_driver()
    driver.set_frontmost(False)
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    with expect_error(Code.MUST_BE_ACTIVE_TO_START_OR_SCHEDULE):
        session.start_at(now(scheduler).add_seconds(60))
    assert session.props.state == State.NOT_STARTED


def test_one_running_session_per_app():
    driver, scheduler = new_driver()
    first, first_events = new_session(scheduler, Type.PHYSICAL_THERAPY)
    second, second_events = new_session(scheduler, Type.MINDFULNESS)
    first.start()

    with expect_error(Code.SESSION_IN_PROGRESS, APP, 'Physical therapy session') as check:
        second.start()
    assert second.props.state == State.INVALID
    assert second.props.invalidation_reason == Reason.SESSION_IN_PROGRESS
    [(reason, error)] = second_events.invalidations()
    assert reason == Reason.SESSION_IN_PROGRESS
    assert error.matches(Bgrun.session_error_quark(), int(Code.SESSION_IN_PROGRESS))
    assert error.message == check.error.message
    assert first.props.state == State.RUNNING and first_events.invalidations() == []

    # Once the first ends, another may run.
    first.invalidate()
    third, _ = new_session(scheduler, Type.SELF_CARE)
    assert third.start()


def test_one_scheduled_smart_alarm_per_app():
    driver, scheduler = new_driver()
    first, _ = new_session(scheduler, Type.SMART_ALARM)
    second, second_events = new_session(scheduler, Type.SMART_ALARM)
    first.start_at(now(scheduler).add_seconds(3600))

    with expect_error(Code.SESSION_IN_PROGRESS, 'already has a smart alarm scheduled'):
        second.start_at(now(scheduler).add_seconds(7200))
    assert second_events.invalidations()[0][0] == Reason.SESSION_IN_PROGRESS
    assert first.props.state == State.SCHEDULED

    # A scheduled alarm does not stop another session from running.
    therapy, _ = new_session(scheduler, Type.PHYSICAL_THERAPY)
    assert therapy.start()


def test_smart_alarm_at_most_36_hours_ahead():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    too_far = now(scheduler).add_seconds(Bgrun.SMART_ALARM_MAX_ADVANCE + 1)
    with expect_error(Code.SCHEDULED_TOO_FAR_IN_ADVANCE, '36 hours', too_far.format_iso8601()):
        session.start_at(too_far)
    assert session.props.state == State.NOT_STARTED

    assert session.start_at(now(scheduler).add_seconds(Bgrun.SMART_ALARM_MAX_ADVANCE))
    assert session.props.state == State.SCHEDULED


@pytest.mark.parametrize('session_type', [Type.SELF_CARE, Type.MINDFULNESS, Type.PHYSICAL_THERAPY])
def test_only_smart_alarms_can_be_scheduled(session_type):
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, session_type)
    with expect_error(Code.NOT_SUPPORTED, 'Only smart alarms'):
        session.start_at(now(scheduler).add_seconds(60))
    assert session.props.state == State.NOT_STARTED


def test_notifying_needs_a_running_session():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    with expect_error(Code.NOT_YET_STARTED, 'not started yet'):
        session.notify_user(Bgrun.HapticType.NOTIFICATION)
    session.start_at(now(scheduler).add_seconds(60))
    with expect_error(Code.NOT_YET_STARTED):
        session.notify_user(Bgrun.HapticType.NOTIFICATION)
    driver.advance(60)
    assert session.notify_user(Bgrun.HapticType.NOTIFICATION)


def test_an_alarm_that_cannot_be_stored_is_invalidated_with_the_error():
    driver, scheduler = new_driver()
    # Something that is not a file where the alarm is kept.
    os.makedirs(os.path.join(driver.get_state_directory(), APP, 'smart-alarm.gvariant'))
    session, events = new_session(scheduler, Type.SMART_ALARM)

    with pytest.raises(GLib.Error) as info:
        session.start_at(now(scheduler).add_seconds(60))
    assert info.value.domain == 'g-file-error-quark'
    assert session.props.invalidation_reason == Reason.ERROR
    [(reason, error)] = events.invalidations()
    assert reason == Reason.ERROR and error.message == info.value.message


def test_the_machine_suspending_suppresses_a_running_session():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.PHYSICAL_THERAPY)
    session.start()
    driver.advance(60)
    scheduler.props.clock.time_changed(Bgrun.TimeChange.RESUMED)
    assert events.invalidations() == [(Reason.SUPPRESSED_BY_SYSTEM, None)]


def test_a_session_outlives_its_disposed_scheduler():
    '''The app's scheduler goes away first (as at process exit): the
    session still ends cleanly, once.'''
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.PHYSICAL_THERAPY)
    session.start()
    scheduler.run_dispose()
    session.invalidate()
    assert events.invalidations() == [(Reason.NONE, None)]


# ---- smart alarms ----------------------------------------------------------------------

def test_smart_alarm_starts_at_its_date_and_runs_for_its_window():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SMART_ALARM)
    start = now(scheduler).add_seconds(8 * 3600)
    session.start_at(start)
    assert session.props.state == State.SCHEDULED
    assert session.props.expiration_date is None

    driver.advance(8 * 3600 - 1)
    assert events.seen == []
    driver.advance(1)
    assert events.seen == [('started', usec(start))]
    assert usec(session.props.expiration_date) == usec(start) + ALARM * 1_000_000


def test_a_smart_alarm_for_a_date_already_past_starts_at_once():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SMART_ALARM)
    right_now = now(scheduler)
    start = right_now.add_seconds(-60)
    assert session.start_at(start)
    driver.advance(0)
    assert events.seen == [('started', usec(right_now))]
    # Its window is counted from the date it was given.
    assert usec(session.props.expiration_date) == usec(start) + ALARM * 1_000_000
    assert session.props.state == State.RUNNING


def test_a_machine_asleep_at_alarm_time_starts_it_at_resume_within_the_window():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SMART_ALARM)
    start = now(scheduler).add_seconds(3600)
    session.start_at(start)

    resumed = start.add_seconds(ALARM - WARNING // 2)
    driver.get_clock().set_now(resumed)
    spin_idle()
    assert session.props.state == State.RUNNING
    # The window closes when it would have: little is left, so the warning
    # comes at once.
    assert usec(session.props.expiration_date) == usec(start) + ALARM * 1_000_000
    assert events.names() == ['started', 'will-expire']
    assert events.seen[0][1] == usec(resumed)


def test_a_machine_asleep_through_the_window_expires_the_alarm():
    driver, scheduler = new_driver()
    session, events = new_session(scheduler, Type.SMART_ALARM)
    start = now(scheduler).add_seconds(3600)
    session.start_at(start)

    driver.get_clock().set_now(start.add_seconds(ALARM))
    spin_idle()
    assert session.props.state == State.INVALID
    assert events.names() == ['invalidated']
    assert events.invalidations() == [(Reason.EXPIRED, None)]


def history_of(scheduler):
    return [(entry.props.identifier, entry.props.event, entry.props.message)
            for entry in scheduler.get_history()]


def test_a_smart_alarm_that_never_notifies_is_notified_for_and_recorded():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    session.start()
    driver.advance(ALARM)

    notified = [entry for entry in history_of(scheduler)
                if entry[1] == Bgrun.HistoryEvent.NOTIFIED]
    assert len(notified) == 1
    identifier, _, message = notified[0]
    assert identifier == APP + '.smart-alarm'
    assert 'Notify the user from the session' in message


def test_a_smart_alarm_that_notifies_is_not_recorded():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    session.start()
    driver.advance(60)
    assert session.notify_user(Bgrun.HapticType.NOTIFICATION)
    driver.advance(ALARM)
    assert session.props.state == State.INVALID
    assert Bgrun.HistoryEvent.NOTIFIED not in [entry[1] for entry in history_of(scheduler)]


def test_other_types_need_not_notify():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.PHYSICAL_THERAPY)
    session.start()
    driver.advance(3600)
    assert Bgrun.HistoryEvent.NOTIFIED not in [entry[1] for entry in history_of(scheduler)]


def test_repeating_notification_stops_when_the_callback_says_so():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    session.start()
    calls = []
    destroyed = []

    def again(s, haptic, data):
        assert s is session and haptic == Bgrun.HapticType.RETRY
        calls.append(haptic)
        return len(calls) < 3

    class Data:
        def __del__(self):
            destroyed.append(True)

    assert session.notify_user_repeating(Bgrun.HapticType.RETRY, 0.01, again, Data())
    spin_until(lambda: len(calls) == 3, what='three repetitions')
    spin_until(lambda: destroyed, what='the callback data to be released')
    # Notifying counts: the alarm ends without a NOTIFIED entry.
    driver.advance(ALARM)
    assert Bgrun.HistoryEvent.NOTIFIED not in [entry[1] for entry in history_of(scheduler)]


def test_repeating_notification_ends_with_the_session():
    driver, scheduler = new_driver()
    session, _ = new_session(scheduler, Type.SMART_ALARM)
    session.start()
    calls = []
    assert session.notify_user_repeating(Bgrun.HapticType.NOTIFICATION,
                                         Bgrun.EXTENDED_RUNTIME_REPEAT_INTERVAL_DEFAULT,
                                         lambda s, haptic: calls.append(haptic) or True)
    session.invalidate()
    with expect_error(Code.INVALID_STATE):
        session.notify_user_repeating(Bgrun.HapticType.NOTIFICATION, 1.0, None)
    assert calls == []


# ---- persistence across a restart ------------------------------------------------------

CHILD = textwrap.dedent('''
    import sys
    import gi
    gi.require_version('Bgrun', '1.0')
    from gi.repository import Bgrun, GLib, GObject
    directory, start_unix, now_unix = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    clock = Bgrun.TestClock.new(GLib.DateTime.new_from_unix_utc(now_unix))
    scheduler = GObject.new(Bgrun.Scheduler, app_id=%r, clock=clock,
                            state_directory=directory, frontmost=True)
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, Bgrun.ExtendedRuntimeType.SMART_ALARM)
    session.start_at(GLib.DateTime.new_from_unix_utc(start_unix))
    print(session.props.state.value_nick)
''' % APP)


def schedule_in_child(directory, start_unix, now_unix):
    child = subprocess.run([sys.executable, '-c', CHILD, directory, str(start_unix), str(now_unix)],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == 'scheduled'


class Restart:
    '''The app starting again: a scheduler on @directory with a test clock
    at @now_unix, collecting the sessions it gives back.'''

    def __init__(self, directory, now_unix):
        self.clock = Bgrun.TestClock.new(GLib.DateTime.new_from_unix_utc(now_unix))
        self.scheduler = Bgrun.Scheduler(app_id=APP, clock=self.clock, state_directory=directory)
        self.sessions = []
        session = Bgrun.ExtendedRuntimeSession.get_scheduled(self.scheduler)
        if session is not None:
            self.sessions.append((session, Events(session)))
        spin_idle()

    def advance(self, seconds):
        self.clock.advance(seconds)
        spin_idle()

    def stop(self):
        self.sessions.clear()
        self.scheduler.run_dispose()


@pytest.fixture
def state_directory(tmp_path):
    return str(tmp_path)


NOW = 1_900_000_000


def test_a_scheduled_alarm_comes_back_after_a_restart_and_starts(state_directory):
    schedule_in_child(state_directory, NOW + 7200, NOW)

    app = Restart(state_directory, NOW + 60)
    [(session, events)] = app.sessions
    assert session.props.state == State.SCHEDULED
    assert session.props.session_type == Type.SMART_ALARM
    assert session.props.start_date.to_unix() == NOW + 7200

    app.advance(7200 - 60)
    assert session.props.state == State.RUNNING
    assert events.names() == ['started']
    app.stop()

    # It started, so it is no longer stored.
    again = Restart(state_directory, NOW + 7300)
    assert again.sessions == []
    again.stop()


def test_get_scheduled_gives_the_alarm_of_this_run_until_it_ends():
    driver, scheduler = new_driver()
    assert Bgrun.ExtendedRuntimeSession.get_scheduled(scheduler) is None

    alarm, _ = new_session(scheduler, Type.SMART_ALARM)
    alarm.start_at(now(scheduler).add_seconds(3600))
    assert Bgrun.ExtendedRuntimeSession.get_scheduled(scheduler) is alarm

    alarm.invalidate()
    assert Bgrun.ExtendedRuntimeSession.get_scheduled(scheduler) is None


def test_a_restored_alarm_is_given_back_once(state_directory):
    schedule_in_child(state_directory, NOW + 7200, NOW)

    app = Restart(state_directory, NOW + 60)
    [(session, _)] = app.sessions
    # Asked again, the same alarm: not a second one from the file.
    assert Bgrun.ExtendedRuntimeSession.get_scheduled(app.scheduler) is session
    app.stop()


def test_a_restored_alarm_whose_window_closed_expires(state_directory):
    schedule_in_child(state_directory, NOW + 600, NOW)

    app = Restart(state_directory, NOW + 600 + ALARM)
    [(session, events)] = app.sessions
    assert session.props.state == State.SCHEDULED
    app.advance(0)
    assert session.props.state == State.INVALID
    assert events.invalidations() == [(Reason.EXPIRED, None)]
    app.stop()


def test_a_restored_alarm_in_its_window_starts_at_once(state_directory):
    schedule_in_child(state_directory, NOW + 600, NOW)

    app = Restart(state_directory, NOW + 900)
    [(session, events)] = app.sessions
    app.advance(0)
    assert session.props.state == State.RUNNING
    assert session.props.expiration_date.to_unix() == NOW + 600 + ALARM
    app.stop()


def test_an_invalidated_alarm_is_not_restored(state_directory):
    schedule_in_child(state_directory, NOW + 600, NOW)
    app = Restart(state_directory, NOW)
    [(session, _)] = app.sessions
    session.invalidate()
    app.stop()

    assert Restart(state_directory, NOW).sessions == []


def test_an_alarm_the_app_drops_is_still_restored_next_time(state_directory):
    schedule_in_child(state_directory, NOW + 600, NOW)
    app = Restart(state_directory, NOW)
    app.stop()
    gc.collect()

    again = Restart(state_directory, NOW)
    assert len(again.sessions) == 1
    again.stop()


# ---- the logind inhibitor --------------------------------------------------------------

def logind_inhibitors():
    reply = system_bus().call_sync('org.freedesktop.login1', '/org/freedesktop/login1',
                                   'org.freedesktop.login1.Manager', 'ListInhibitors', None,
                                   GLib.VariantType('(a(ssssuu))'), 0, -1, None)
    return [inhibitor[:4] for inhibitor in reply.unpack()[0]]


def end_by(ending, driver, session, duration):
    if ending == 'expiry':
        driver.advance(duration)
    elif ending == 'invalidate':
        session.invalidate()
    elif ending == 'resign':
        driver.set_frontmost(False)
        driver.advance(GRACE)


ENDINGS = [(ending,) + row for row in TABLE
           for ending in ('expiry', 'invalidate', 'resign', 'finalize')
           if ending != 'resign' or row[2]]


@pytest.mark.parametrize('ending,session_type,duration,frontmost,what,name', ENDINGS)
def test_the_inhibitor_lives_exactly_as_long_as_the_session(spawn_mock, ending, session_type,
                                                            duration, frontmost, what, name):
    spawn_mock('logind')
    driver, scheduler = new_driver()
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, session_type)
    assert logind_inhibitors() == []

    session.start()
    spin_until(lambda: logind_inhibitors() == [(what, APP, name, 'block')],
               what=f'the {what} inhibitor of the {name}')

    end_by(ending, driver, session, duration)
    if ending == 'finalize':
        del session
        gc.collect()
    spin_until(lambda: logind_inhibitors() == [], retry_every=0.01,
               what=f'the {name} to release its inhibitor on {ending}')


def test_a_scheduled_alarm_holds_no_inhibitor_until_it_starts(spawn_mock):
    spawn_mock('logind')
    driver, scheduler = new_driver()
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, Type.SMART_ALARM)
    session.start_at(now(scheduler).add_seconds(600))
    spin_idle()
    assert logind_inhibitors() == []
    driver.advance(600)
    spin_until(lambda: logind_inhibitors() == [('sleep', APP, 'Smart alarm', 'block')],
               what='the smart alarm inhibitor')
    session.invalidate()
    spin_until(lambda: logind_inhibitors() == [], retry_every=0.01, what='release')
