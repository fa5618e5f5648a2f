// Bgrun.Clock from JavaScript: the abstract base class, its alarm queries,
// and a clock subclassed in JS.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows, seconds} from './harness.js';

const START = GLib.DateTime.new_utc(2030, 6, 1, 12, 0, 0);

// A clock whose time a test sets by hand, recording what the base class
// asks it to arm.
const ManualClock = GObject.registerClass(
class ManualClock extends Bgrun.Clock {
    _init() {
        super._init();
        this.now = START;
        this.armed = [];
    }

    vfunc_get_now() {
        return this.now;
    }

    vfunc_arm(when) {
        this.armed.push(when ? seconds(when) - seconds(START) : null);
    }
});

export default {
    'Clock is abstract: it cannot be instantiated'() {
        assertThrows(() => new Bgrun.Clock(), e => /abstract/i.test(String(e)),
            'new Bgrun.Clock()');
    },

    'the built-in clocks are instances of Clock'() {
        const test = Bgrun.TestClock.new(START);
        const system = Bgrun.SystemClock.new();
        for (const clock of [test, system]) {
            assert(clock instanceof Bgrun.Clock, `${clock} instanceof Bgrun.Clock`);
            assert(GObject.type_is_a(clock.constructor.$gtype, Bgrun.Clock.$gtype),
                `${clock.constructor.$gtype} is a BgrunClock`);
        }
        assertEqual(GObject.type_name(Bgrun.Clock.$gtype), 'BgrunClock', 'type name');
    },

    'get_next_alarm and get_n_alarms follow adds, removals and firing'() {
        const clock = Bgrun.TestClock.new(START);
        assertEqual(clock.get_next_alarm(), null, 'next alarm with none armed');
        assertEqual(clock.get_n_alarms(), 0, 'alarms at first');

        const late = clock.add_alarm(START.add_seconds(300), () => {});
        const early = clock.add_alarm(START.add_seconds(100), () => {});
        assertEqual(clock.get_n_alarms(), 2, 'alarms after two adds');
        assert(clock.get_next_alarm().equal(START.add_seconds(100)), 'earliest is next');

        clock.remove_alarm(early);
        assert(clock.get_next_alarm().equal(START.add_seconds(300)), 'next after removal');
        assertEqual(clock.get_n_alarms(), 1, 'alarms after removal');

        clock.advance(300);
        assertEqual(clock.get_next_alarm(), null, 'next alarm after it fired');
        assertEqual(clock.get_n_alarms(), 0, 'alarms after firing');
        clock.remove_alarm(late); // already fired: does nothing
    },

    'time_changed(RESUMED) emits the signal, then fires due alarms'() {
        const clock = new ManualClock();
        const events = [];
        clock.connect('time-changed', (c, change) => events.push(['time-changed', change]));
        clock.add_alarm(START.add_seconds(60), () => events.push(['alarm']));

        clock.now = START.add_seconds(3600); // as if the machine slept an hour
        clock.time_changed(Bgrun.TimeChange.RESUMED);

        assertEqual(events, [['time-changed', Bgrun.TimeChange.RESUMED], ['alarm']], 'events');
    },

    'a clock subclassed in JS gets alarms from the base class'() {
        const clock = new ManualClock();
        assert(clock instanceof Bgrun.Clock, 'instanceof Bgrun.Clock');
        assert(clock.get_now().equal(START), 'get_now calls the JS vfunc');

        const fired = [];
        clock.add_alarm(START.add_seconds(20), () => fired.push(20));
        clock.add_alarm(START.add_seconds(10), () => fired.push(10));
        assertEqual(clock.armed, [20, 10], 'arm() follows the earliest alarm');

        clock.now = START.add_seconds(15);
        clock.fire_due_alarms();
        assertEqual(fired, [10], 'fired at 15 s');
        assertEqual(clock.armed, [20, 10, 20], 'armed for the next alarm');

        clock.now = START.add_seconds(25);
        clock.fire_due_alarms();
        assertEqual(fired, [10, 20], 'fired at 25 s');
        assertEqual(clock.armed.at(-1), null, 'disarmed when no alarm is left');
    },
};
