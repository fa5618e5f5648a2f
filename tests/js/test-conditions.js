// Bgrun.Conditions from JavaScript: properties, getters and notify.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The tests run in tests/isolate's world: no system bus, so UPower is out of
// reach and the battery is unknown.

import GObject from 'gi://GObject';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, delay} from './harness.js';

const BOOLEANS = ['network_available', 'network_metered', 'on_battery',
    'power_saver', 'low_memory', 'storage_low', 'device_idle'];

// Something to bind a Conditions property to, as a widget would be.
const Gauge = GObject.registerClass({
    Properties: {
        'level': GObject.ParamSpec.int('level', null, null,
            GObject.ParamFlags.READWRITE, -100, 100, -100),
    },
}, class Gauge extends GObject.Object {});

export default {
    'conditions built on a test clock keep that clock'() {
        const clock = Bgrun.TestClock.new(null);
        const conditions = Bgrun.Conditions.new(clock);
        assert(conditions instanceof Bgrun.Conditions, 'new() returns Conditions');
        assert(conditions.clock === clock, 'the clock property');
        assert(conditions.get_clock() === clock, 'get_clock()');
        assertEqual(conditions.simulated, false, 'simulated');
    },

    'conditions without a clock make a system clock'() {
        const conditions = Bgrun.Conditions.new(null);
        assert(conditions.clock instanceof Bgrun.SystemClock, 'the clock is a SystemClock');
    },

    async 'every property reads, through the property and its getter'() {
        const conditions = Bgrun.Conditions.new(Bgrun.TestClock.new(null));
        // Let the attempt to reach UPower fail, as it does without a system bus.
        await delay(100);

        for (const name of BOOLEANS) {
            const value = conditions[name];
            assertEqual(typeof value, 'boolean', `type of ${name}`);
            assertEqual(conditions[`get_${name}`](), value, `get_${name}()`);
            assertEqual(conditions[name.replaceAll('_', '-')], value, `${name} by its dashed name`);
        }
        assertEqual(conditions.battery_level, -1, 'battery_level (unknown: no UPower)');
        assertEqual(conditions.get_battery_level(), -1, 'get_battery_level()');
        assertEqual(conditions.on_battery, false, 'on_battery when unknown');
        assertEqual(conditions.low_memory, false, 'low_memory with no warning');
    },

    'the properties are read-only'() {
        const conditions = Bgrun.Conditions.new(Bgrun.TestClock.new(null));
        for (const name of [...BOOLEANS, 'battery_level']) {
            const pspec = Bgrun.Conditions.find_property(name.replaceAll('_', '-'));
            assert(pspec !== null, `${name} is a property`);
            assert(pspec.flags & GObject.ParamFlags.READABLE, `${name} is readable`);
            assert(!(pspec.flags & GObject.ParamFlags.WRITABLE), `${name} is not writable`);
        }
        assertEqual(conditions.battery_level, -1, 'battery_level');
    },

    'notify reaches JS handlers once per changed property'() {
        const conditions = Bgrun.Conditions.new_simulated(Bgrun.TestClock.new(null));
        const notified = [];
        const seenLevels = [];
        const id = conditions.connect('notify', (obj, pspec) => notified.push(pspec.name));
        conditions.connect('notify::battery-level', obj => seenLevels.push(obj.battery_level));

        conditions.simulate(true, true, true, 42, false, false);
        assertEqual(notified.sort(), ['battery-level', 'network-metered', 'on-battery'],
            'notified after the first change');
        assertEqual(seenLevels, [42], 'battery level seen by notify::battery-level');
        assertEqual(conditions.on_battery, true, 'on_battery');
        assertEqual(conditions.network_metered, true, 'network_metered');

        notified.length = 0;
        conditions.simulate(true, true, true, 42, false, false);
        assertEqual(notified, [], 'notified when nothing changed');

        conditions.disconnect(id);
        conditions.simulate(true, true, true, 43, false, false);
        assertEqual(notified, [], 'notified after disconnect');
        assertEqual(seenLevels, [42, 43], 'the other handler still runs');
    },

    'a property binds to another object, as to a widget'() {
        const conditions = Bgrun.Conditions.new_simulated(Bgrun.TestClock.new(null));
        const gauge = new Gauge();
        conditions.bind_property('battery-level', gauge, 'level',
            GObject.BindingFlags.SYNC_CREATE);
        assertEqual(gauge.level, -1, 'level after binding');

        conditions.simulate(true, false, true, 80, false, false);
        assertEqual(gauge.level, 80, 'level after a change');
    },

    'the low-memory quiet period is exported'() {
        assertEqual(Bgrun.LOW_MEMORY_QUIET_SECONDS, 60, 'LOW_MEMORY_QUIET_SECONDS');
    },
};
