// Bgrun.SchedulerError from JavaScript: the domain, its codes, GLib.Error.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

export default {
    'the domain has one quark, named after the domain'() {
        const quark = Bgrun.SchedulerError.quark();
        assert(quark !== 0, 'the quark is not 0');
        assertEqual(Bgrun.scheduler_error_quark(), quark, 'scheduler_error_quark()');
        assertEqual(GLib.quark_to_string(quark), 'bgrun-scheduler-error-quark', 'quark name');
    },

    'every error code is visible with its value'() {
        assertEqual({
            UNAVAILABLE: Bgrun.SchedulerError.UNAVAILABLE,
            TOO_MANY_PENDING_TASK_REQUESTS: Bgrun.SchedulerError.TOO_MANY_PENDING_TASK_REQUESTS,
            NOT_PERMITTED: Bgrun.SchedulerError.NOT_PERMITTED,
            IMMEDIATE_RUN_INELIGIBLE: Bgrun.SchedulerError.IMMEDIATE_RUN_INELIGIBLE,
            INVALID_REQUEST: Bgrun.SchedulerError.INVALID_REQUEST,
        }, {
            UNAVAILABLE: 0,
            TOO_MANY_PENDING_TASK_REQUESTS: 1,
            NOT_PERMITTED: 2,
            IMMEDIATE_RUN_INELIGIBLE: 3,
            INVALID_REQUEST: 4,
        }, 'codes');
    },

    'a GLib.Error of the domain matches it, and nothing else'() {
        const code = Bgrun.SchedulerError.INVALID_REQUEST;
        const error = new GLib.Error(Bgrun.SchedulerError, code,
            '“com.example.refresh!” is not a valid task identifier');

        assert(error instanceof GLib.Error, 'instanceof GLib.Error');
        assertEqual(error.domain, Bgrun.SchedulerError.quark(), 'domain');
        assertEqual(error.code, code, 'code');
        assert(error.matches(Bgrun.SchedulerError, code), 'matches its domain and code');
        assert(!error.matches(Bgrun.SchedulerError, Bgrun.SchedulerError.NOT_PERMITTED),
            'does not match another code');
        assert(!error.matches(Gio.IOErrorEnum, code), 'does not match another domain');
        assert(error.message.includes('com.example.refresh!'), 'keeps its message');
    },

    'a thrown scheduler error is caught as a GLib.Error'() {
        const caught = assertThrows(() => {
            throw new GLib.Error(Bgrun.SchedulerError,
                Bgrun.SchedulerError.TOO_MANY_PENDING_TASK_REQUESTS, 'ten requests pending');
        }, e => e instanceof GLib.Error, 'throwing');
        assert(caught.matches(Bgrun.SchedulerError,
            Bgrun.SchedulerError.TOO_MANY_PENDING_TASK_REQUESTS), 'matches');
    },
};
