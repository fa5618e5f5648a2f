// Bgrun.ExtendedRuntimeSession from JavaScript: the enums, start and expiry
// with their signals, the errors, scheduling a smart alarm, and a
// repeating notification whose callback stops it.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Time moves only through the test driver, except for the repetition of a
// notification, which follows real time: that test waits for callbacks.

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows, deferred} from './harness.js';

const APP = 'org.example.JsSessions';

function usec(dateTime) {
    return dateTime.to_unix() * 1e6 + dateTime.get_microsecond();
}

function isSessionError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.SessionError, code);
}

function setUp(type) {
    const driver = Bgrun.TestDriver.new(APP);
    const scheduler = driver.get_scheduler();
    const session = Bgrun.ExtendedRuntimeSession.new(scheduler, type);
    const events = [];
    const clock = driver.get_clock();
    session.connect('started', () => events.push(['started', usec(clock.get_now())]));
    session.connect('will-expire', () => events.push(['will-expire', usec(clock.get_now())]));
    session.connect('invalidated', (_s, reason, error) => events.push(['invalidated', reason, error]));
    return {driver, scheduler, session, events, clock};
}

export default {
    'the session enums are visible by name'() {
        assertEqual([
            Bgrun.ExtendedRuntimeType.SELF_CARE, Bgrun.ExtendedRuntimeType.MINDFULNESS,
            Bgrun.ExtendedRuntimeType.PHYSICAL_THERAPY, Bgrun.ExtendedRuntimeType.SMART_ALARM,
        ], [0, 1, 2, 3], 'types');
        assertEqual([
            Bgrun.ExtendedRuntimeState.NOT_STARTED, Bgrun.ExtendedRuntimeState.SCHEDULED,
            Bgrun.ExtendedRuntimeState.RUNNING, Bgrun.ExtendedRuntimeState.INVALID,
        ], [0, 1, 2, 3], 'states');
        assertEqual(Bgrun.InvalidationReason.RESIGNED_FRONTMOST, 3, 'reason');
        assertEqual(Bgrun.SessionError.NOT_SUPPORTED, 5, 'error code');
    },

    'a physical-therapy session runs, warns and expires'() {
        const {driver, session, events, clock} = setUp(Bgrun.ExtendedRuntimeType.PHYSICAL_THERAPY);
        const start = usec(clock.get_now());
        assert(session.start(), 'start() returns true');
        assertEqual(session.state, Bgrun.ExtendedRuntimeState.RUNNING, 'state');
        assertEqual(usec(session.expiration_date), start + Bgrun.PHYSICAL_THERAPY_DURATION * 1e6,
            'expiration date');
        driver.advance(Bgrun.PHYSICAL_THERAPY_DURATION);
        assertEqual(events, [
            ['started', start],
            ['will-expire', start + (Bgrun.PHYSICAL_THERAPY_DURATION -
                Bgrun.EXTENDED_RUNTIME_WILL_EXPIRE_WARNING) * 1e6],
            ['invalidated', Bgrun.InvalidationReason.EXPIRED, null],
        ], 'signals');
        assertEqual(session.invalidation_reason, Bgrun.InvalidationReason.EXPIRED, 'reason');
    },

    'errors arrive as GLib.Error of the session domain'() {
        const {driver, scheduler, session} = setUp(Bgrun.ExtendedRuntimeType.MINDFULNESS);
        assertThrows(() => session.start_at(scheduler.clock.get_now().add_seconds(60)),
            isSessionError(Bgrun.SessionError.NOT_SUPPORTED), 'start_at on mindfulness');
        assertThrows(() => session.notify_user(Bgrun.HapticType.CLICK),
            isSessionError(Bgrun.SessionError.NOT_YET_STARTED), 'notify before start');
        driver.set_frontmost(false);
        assertThrows(() => session.start(),
            isSessionError(Bgrun.SessionError.MUST_BE_ACTIVE_TO_START_OR_SCHEDULE), 'start in background');
        assertEqual(session.state, Bgrun.ExtendedRuntimeState.NOT_STARTED, 'state unchanged');
    },

    'a second session is invalidated with the error'() {
        const {scheduler, session} = setUp(Bgrun.ExtendedRuntimeType.SELF_CARE);
        session.start();
        const second = Bgrun.ExtendedRuntimeSession.new(scheduler, Bgrun.ExtendedRuntimeType.SMART_ALARM);
        const seen = [];
        second.connect('invalidated', (_s, reason, error) =>
            seen.push([reason, error.matches(Bgrun.SessionError, Bgrun.SessionError.SESSION_IN_PROGRESS)]));
        assertThrows(() => second.start(),
            isSessionError(Bgrun.SessionError.SESSION_IN_PROGRESS), 'second start');
        assertEqual(seen, [[Bgrun.InvalidationReason.SESSION_IN_PROGRESS, true]], 'invalidated');
        assertEqual(session.state, Bgrun.ExtendedRuntimeState.RUNNING, 'first one goes on');
    },

    'a smart alarm scheduled from JavaScript starts at its date'() {
        const {driver, session, events, clock} = setUp(Bgrun.ExtendedRuntimeType.SMART_ALARM);
        const start = clock.get_now().add_seconds(3600);
        assert(session.start_at(start), 'scheduled');
        assertEqual(session.state, Bgrun.ExtendedRuntimeState.SCHEDULED, 'state');
        assert(Bgrun.ExtendedRuntimeSession.get_scheduled(session.scheduler) === session,
            'get_scheduled() gives it back');
        assertThrows(() => Bgrun.ExtendedRuntimeSession.new(session.scheduler,
            Bgrun.ExtendedRuntimeType.SMART_ALARM).start_at(clock.get_now().add_seconds(
            Bgrun.SMART_ALARM_MAX_ADVANCE + 1)),
        isSessionError(Bgrun.SessionError.SCHEDULED_TOO_FAR_IN_ADVANCE), 'too far');
        driver.advance(3600);
        assertEqual(events, [['started', usec(start)]], 'started at its date');
        session.invalidate();
        assertEqual(events[1], ['invalidated', Bgrun.InvalidationReason.NONE, null], 'invalidate');
    },

    async 'a repeating notification stops when its callback returns false'() {
        const {session} = setUp(Bgrun.ExtendedRuntimeType.SMART_ALARM);
        session.start();
        const done = deferred();
        const seen = [];
        session.notify_user_repeating(Bgrun.HapticType.NOTIFICATION, 0.01, (s, type) => {
            seen.push([s === session, type]);
            if (seen.length === 2)
                done.resolve();
            return seen.length < 2;
        });
        await done.promise;
        assertEqual(seen, [[true, Bgrun.HapticType.NOTIFICATION], [true, Bgrun.HapticType.NOTIFICATION]],
            'callback calls');
        session.invalidate();
    },
};
