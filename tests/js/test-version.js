// The version functions and constants from JavaScript.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';

export default {
    'the run-time version is a version number'() {
        for (const fn of ['get_major_version', 'get_minor_version', 'get_micro_version']) {
            const value = Bgrun[fn]();
            assert(Number.isInteger(value) && value >= 0, `${fn}() = ${value}`);
        }
    },

    'the run-time version is the one the GIR was built for'() {
        const runTime = [Bgrun.get_major_version(), Bgrun.get_minor_version(),
            Bgrun.get_micro_version()];
        assertEqual(runTime,
            [Bgrun.MAJOR_VERSION, Bgrun.MINOR_VERSION, Bgrun.MICRO_VERSION],
            'functions against constants');
        assertEqual(runTime.join('.'), Bgrun.VERSION_S, 'against VERSION_S');
    },
};
