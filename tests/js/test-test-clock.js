// Bgrun.TestClock from JavaScript: alarms with JS callbacks, advance(),
// set_now() and the time-changed signal.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';

const START = GLib.DateTime.new_utc(2030, 6, 1, 12, 0, 0);

function at(offsetSeconds) {
    return START.add_seconds(offsetSeconds);
}

// Seconds after START that the clock reads.
function elapsed(clock) {
    return clock.get_now().difference(START) / 1e6;
}

export default {
    'a new test clock stands still at its start time'() {
        const clock = Bgrun.TestClock.new(START);
        assert(clock instanceof Bgrun.TestClock, 'new() returns a TestClock');
        assert(clock.get_now().equal(START), 'reads its start time');
        assert(clock.get_now().equal(START), 'still reads it later');
        assertEqual(clock.get_now().get_utc_offset(), 0, 'UTC offset');
    },

    'new(null) starts at the current real time'() {
        const before = GLib.get_real_time();
        const clock = Bgrun.TestClock.new(null);
        const after = GLib.get_real_time();
        const now = clock.get_now().to_unix() * 1e6 + clock.get_now().get_microsecond();
        assert(now >= before && now <= after, `${now} within [${before}, ${after}]`);
    },

    'advance fires JS alarms in time order, each at its own due time'() {
        const clock = Bgrun.TestClock.new(START);
        const seen = [];
        const note = name => c => seen.push([name, elapsed(c)]);

        clock.add_alarm(at(30), note('thirty'));
        clock.add_alarm(at(10), note('ten'));
        clock.add_alarm(at(20), note('twenty, first'));
        clock.add_alarm(at(20), note('twenty, second'));
        clock.add_alarm(at(90), note('ninety'));
        assertEqual(clock.get_n_alarms(), 5, 'armed alarms');

        clock.advance(60);

        assertEqual(seen, [
            ['ten', 10],
            ['twenty, first', 20],
            ['twenty, second', 20],
            ['thirty', 30],
        ], 'alarms fired');
        assertEqual(elapsed(clock), 60, 'clock after advance');
        assertEqual(clock.get_n_alarms(), 1, 'alarms left');
        assert(clock.get_next_alarm().equal(at(90)), 'the 90 s alarm is next');
    },

    'an alarm added by an alarm within the step fires in the same advance'() {
        const clock = Bgrun.TestClock.new(START);
        const seen = [];
        clock.add_alarm(at(5), c => {
            seen.push(['outer', elapsed(c)]);
            c.add_alarm(c.get_now().add_seconds(5), c2 => seen.push(['inner', elapsed(c2)]));
        });

        clock.advance(20);

        assertEqual(seen, [['outer', 5], ['inner', 10]], 'alarms fired');
        assertEqual(clock.get_n_alarms(), 0, 'alarms left');
    },

    'an alarm whose time has passed fires at the next advance, even by 0'() {
        const clock = Bgrun.TestClock.new(START);
        let fired = 0;
        clock.add_alarm(at(-3600), () => fired++);
        assertEqual(fired, 0, 'fired before advancing');
        clock.advance(0);
        assertEqual(fired, 1, 'fired after advance(0)');
    },

    'a removed alarm never fires'() {
        const clock = Bgrun.TestClock.new(START);
        const seen = [];
        const id = clock.add_alarm(at(10), () => seen.push('removed'));
        clock.add_alarm(at(20), () => seen.push('kept'));
        assert(id > 0, 'alarm ids are not 0');

        clock.remove_alarm(id);
        clock.remove_alarm(id); // a second time does nothing
        assertEqual(clock.get_n_alarms(), 1, 'alarms after removal');
        clock.advance(30);
        assertEqual(seen, ['kept'], 'alarms fired');
    },

    'set_now emits time-changed (SET) before the alarms it made due'() {
        const clock = Bgrun.TestClock.new(START);
        const events = [];
        const handler = clock.connect('time-changed', (c, change) => {
            events.push(['time-changed', change, elapsed(c)]);
        });
        clock.add_alarm(at(3600), c => events.push(['alarm', elapsed(c)]));
        clock.add_alarm(at(7200), c => events.push(['late alarm', elapsed(c)]));

        clock.set_now(at(5000));

        assertEqual(events, [
            ['time-changed', Bgrun.TimeChange.SET, 5000],
            ['alarm', 5000],
        ], 'what happened');
        assertEqual(clock.get_n_alarms(), 1, 'alarms left');
        clock.disconnect(handler);
    },

    'set_now backwards emits time-changed and fires nothing'() {
        const clock = Bgrun.TestClock.new(START);
        const changes = [];
        let fired = 0;
        clock.connect('time-changed', (c, change) => changes.push(change));
        clock.add_alarm(at(60), () => fired++);

        clock.set_now(at(-86400));

        assertEqual(changes, [Bgrun.TimeChange.SET], 'changes');
        assertEqual(fired, 0, 'alarms fired');
        assertEqual(elapsed(clock), -86400, 'clock after set_now');
        clock.advance(86400 + 59);
        assertEqual(fired, 0, 'fired one second early');
        clock.advance(1);
        assertEqual(fired, 1, 'fired on time');
    },

    'the TimeChange enum is visible with its values'() {
        assertEqual(Bgrun.TimeChange.SET, 0, 'SET');
        assertEqual(Bgrun.TimeChange.RESUMED, 1, 'RESUMED');
    },
};
