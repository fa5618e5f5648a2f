// Bgrun.OngoingSession from JavaScript: the enums by name, starting only
// when frontmost, properties an app binds to, ::ended with its reason, and
// the user's Stop arriving through the app action libbgrun installs.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import GObject from 'gi://GObject';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.JsOngoing';

function isSessionError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.SessionError, code);
}

function setUp(title) {
    const driver = Bgrun.TestDriver.new(APP);
    driver.set_frontmost(true);
    const session = Bgrun.OngoingSession.new(driver.get_scheduler(), title);
    const ended = [];
    session.connect('ended', (s, reason) => ended.push([reason, s.state]));
    return {driver, session, ended};
}

let application = null;

export default {
    'the ongoing enums are visible by name'() {
        assertEqual([
            Bgrun.OngoingState.NOT_STARTED, Bgrun.OngoingState.RUNNING, Bgrun.OngoingState.ENDED,
        ], [0, 1, 2], 'states');
        assertEqual([
            Bgrun.OngoingEndReason.NONE, Bgrun.OngoingEndReason.USER_STOPPED,
            Bgrun.OngoingEndReason.DENIED, Bgrun.OngoingEndReason.APP_EXITED,
        ], [0, 1, 2, 3], 'end reasons');
        assertEqual(Bgrun.HistoryEvent.APP_EXITED > Bgrun.HistoryEvent.NOTIFIED, true,
            'APP_EXITED comes after the older history events');
        assert(Bgrun.ONGOING_STATUS_MIN_INTERVAL >= 1, 'a minimum interval');
    },

    'a session starts only when the app is frontmost'() {
        const {driver, session} = setUp('Network monitor');
        driver.set_frontmost(false);
        assertThrows(() => session.start(),
            isSessionError(Bgrun.SessionError.MUST_BE_ACTIVE_TO_START_OR_SCHEDULE), 'start()');
        assertEqual(session.state, Bgrun.OngoingState.NOT_STARTED, 'state');
        driver.set_frontmost(true);
        assert(session.start(), 'start() returns true');
        assertEqual(session.state, Bgrun.OngoingState.RUNNING, 'state');
        session.stop();
    },

    'properties follow, and stop() ends it once with NONE'() {
        const {session, ended} = setUp('Network monitor');
        const statuses = [];
        session.connect('notify::status', s => statuses.push(s.status));
        session.prevents_sleep = true;
        session.start();
        session.status = '1 packet';
        session.status = '1 packet';
        session.status = '2 packets';
        session.title = 'LAN monitor';
        assertEqual(statuses, ['1 packet', '2 packets'], 'status notifications, on change only');
        assertEqual([session.title, session.prevents_sleep], ['LAN monitor', true], 'properties');

        session.stop();
        session.stop();
        assertEqual(ended, [[Bgrun.OngoingEndReason.NONE, Bgrun.OngoingState.ENDED]], 'ended');
        assertEqual(session.end_reason, Bgrun.OngoingEndReason.NONE, 'end reason');
        assertThrows(() => session.start(), isSessionError(Bgrun.SessionError.INVALID_STATE),
            'start() after the end');
    },

    'the notification Stop action ends the session as the user'() {
        if (application === null) {
            application = new Gio.Application({
                application_id: APP, flags: Gio.ApplicationFlags.NON_UNIQUE,
            });
            application.register(null);
        }
        const scheduler = GObject.Object.new(Bgrun.Scheduler, {
            application, clock: Bgrun.TestClock.new(null), frontmost: true,
            state_directory: GLib.dir_make_tmp('bgrun-js-XXXXXX'),
        });
        const session = Bgrun.OngoingSession.new(scheduler, 'Network monitor');
        const seen = [];
        session.connect('ended', (s, reason) =>
            seen.push([reason, application.has_action('bgrun-ongoing-stop')]));
        assert(!application.has_action('bgrun-ongoing-stop'), 'no action before a session runs');
        session.start();
        assert(application.has_action('bgrun-ongoing-stop'), 'the Stop action while it runs');

        application.activate_action('bgrun-ongoing-stop', new GLib.Variant('s', '1'));
        assertEqual(seen, [[Bgrun.OngoingEndReason.USER_STOPPED, true]],
            'ended(USER_STOPPED), before the action went');
        assertEqual(session.end_reason, Bgrun.OngoingEndReason.USER_STOPPED, 'end reason');
        assert(!application.has_action('bgrun-ongoing-stop'), 'the action is gone after');
        scheduler.run_dispose();
    },
};
