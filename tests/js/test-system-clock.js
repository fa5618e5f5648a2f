// Bgrun.SystemClock from JavaScript: real alarms on the GLib main loop.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, deferred, delay, seconds} from './harness.js';

function realNow() {
    return GLib.get_real_time() / 1e6;
}

export default {
    'the system clock reads the real time in UTC'() {
        const clock = Bgrun.SystemClock.new();
        assert(clock instanceof Bgrun.SystemClock, 'new() returns a SystemClock');
        const before = realNow();
        const now = seconds(clock.get_now());
        const after = realNow();
        assert(now >= before && now <= after, `${now} within [${before}, ${after}]`);
        assertEqual(clock.get_now().get_utc_offset(), 0, 'UTC offset');
    },

    async 'an alarm 50 ms ahead fires on the main loop, not before its time'() {
        const clock = Bgrun.SystemClock.new();
        const when = clock.get_now().add(50 * 1000);
        const done = deferred();

        clock.add_alarm(when, c => done.resolve(seconds(c.get_now())));
        assertEqual(clock.get_n_alarms(), 1, 'armed alarms');

        const firedAt = await done.promise;
        assert(firedAt >= seconds(when), `fired at ${firedAt}, due ${seconds(when)}`);
        assert(firedAt - seconds(when) < 2, `fired ${firedAt - seconds(when)} s late`);
        assertEqual(clock.get_n_alarms(), 0, 'alarms left');
    },

    async 'a removed alarm does not fire; the next one does'() {
        const clock = Bgrun.SystemClock.new();
        const now = clock.get_now();
        const fired = [];
        const done = deferred();

        const removed = clock.add_alarm(now.add(20 * 1000), () => fired.push('removed'));
        clock.add_alarm(now.add(60 * 1000), () => {
            fired.push('kept');
            done.resolve();
        });
        clock.remove_alarm(removed);

        await done.promise;
        await delay(20); // give a wrongly armed alarm time to show up
        assertEqual(fired, ['kept'], 'alarms fired');
    },

    async 'an alarm already due fires at the next dispatch'() {
        const clock = Bgrun.SystemClock.new();
        const done = deferred();
        clock.add_alarm(clock.get_now().add_seconds(-10), () => done.resolve());
        await done.promise;
    },
};
