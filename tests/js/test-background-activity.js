// Bgrun.BackgroundActivity from JavaScript: begin, expiring, end, errors.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const START = GLib.DateTime.new_utc(2030, 6, 1, 12, 0, 0);

// An activity holds the default application, which must exist first.
function ensureApplication() {
    if (Gio.Application.get_default() === null)
        new Gio.Application({application_id: 'org.example.BgrunJsTests'}).set_default();
    return Gio.Application.get_default();
}

function isSchedulerError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.SchedulerError, code);
}

export default {
    'an activity runs for its allowance, warning before the end'() {
        ensureApplication();
        const clock = Bgrun.TestClock.new(START);
        const activity = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Saving the document');
        const events = [];
        activity.connect('expiring', a => events.push(['expiring', a.time_remaining]));
        activity.connect('notify::active', a => events.push(['active', a.active]));

        assert(activity instanceof Bgrun.BackgroundActivity, 'begin returns an activity');
        assertEqual(activity.reason, 'Saving the document', 'reason');
        assertEqual(activity.active, true, 'active at first');
        assertEqual(activity.time_remaining, Bgrun.BACKGROUND_ACTIVITY_ALLOWANCE, 'time remaining');
        assert(activity.expiration_date.equal(
            START.add_seconds(Bgrun.BACKGROUND_ACTIVITY_ALLOWANCE)), 'expiration date');

        const warnAfter = Bgrun.BACKGROUND_ACTIVITY_ALLOWANCE - Bgrun.BACKGROUND_ACTIVITY_WARNING;
        clock.advance(warnAfter - 1);
        assertEqual(events, [], 'before the warning');
        clock.advance(1);
        assertEqual(events, [['expiring', Bgrun.BACKGROUND_ACTIVITY_WARNING]], 'at the warning');
        clock.advance(Bgrun.BACKGROUND_ACTIVITY_WARNING);
        assertEqual(events.at(-1), ['active', false], 'at the end');
        assertEqual(activity.time_remaining, 0, 'time remaining at the end');
    },

    'end() stops it at once, and the warning never comes'() {
        ensureApplication();
        const clock = Bgrun.TestClock.new(START);
        const activity = Bgrun.BackgroundActivity.begin_with_clock(clock, 'Sending a message');
        let expiring = 0;
        activity.connect('expiring', () => expiring++);

        clock.advance(3);
        activity.end();
        assertEqual(activity.active, false, 'active after end()');
        activity.end(); // a second time does nothing
        clock.advance(Bgrun.BACKGROUND_ACTIVITY_ALLOWANCE);
        assertEqual(expiring, 0, 'expiring emissions');
    },

    'an empty reason is refused with INVALID_REQUEST'() {
        ensureApplication();
        assertThrows(() => Bgrun.BackgroundActivity.begin_with_clock(Bgrun.TestClock.new(START), ''),
            isSchedulerError(Bgrun.SchedulerError.INVALID_REQUEST), 'begin with ""');
    },
};
