// harness.js: the few helpers the gjs tests share.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A test file exports a default object mapping test names to functions:
//
//     export default {
//         'alarms fire in time order'() { ... },
//         async 'an alarm fires on the main loop'() { ... },
//     };
//
// A test passes when its function returns, or when the promise it returns
// resolves; it fails when it throws or the promise rejects, or when the
// promise has not settled after TEST_TIMEOUT_MS. runner.js runs the GLib main
// loop the whole time, so async tests may wait for alarms, signals and
// async GIO calls.
//
// Assert in the test body, not inside callbacks that C code calls: gjs logs
// an exception thrown there as a critical (fatal under the test
// environment's G_DEBUG), it does not reach the runner. Record what the
// callback saw and check it afterwards.

import GLib from 'gi://GLib';

export const TEST_TIMEOUT_MS = 5000;

export class AssertionError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AssertionError';
    }
}

function show(value) {
    if (value instanceof GLib.DateTime)
        return `GLib.DateTime(${value.format_iso8601()})`;
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

export function assert(condition, message = 'assertion failed') {
    if (!condition)
        throw new AssertionError(message);
}

// Deep equality for what tests compare: primitives, arrays, plain objects.
function equal(a, b) {
    if (Object.is(a, b))
        return true;
    if (Array.isArray(a) && Array.isArray(b))
        return a.length === b.length && a.every((x, i) => equal(x, b[i]));
    if (a && b && typeof a === 'object' && typeof b === 'object' &&
        Object.getPrototypeOf(a) === Object.prototype &&
        Object.getPrototypeOf(b) === Object.prototype) {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length &&
            keys.every(k => equal(a[k], b[k]));
    }
    return false;
}

export function assertEqual(actual, expected, what = 'value') {
    if (!equal(actual, expected))
        throw new AssertionError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function assertThrows(fn, check = () => true, what = 'call') {
    try {
        fn();
    } catch (e) {
        if (!check(e))
            throw new AssertionError(`${what} threw the wrong error: ${e}`);
        return e;
    }
    throw new AssertionError(`${what} did not throw`);
}

// A promise and the functions that settle it, for waiting on callbacks.
export function deferred() {
    let resolve, reject;
    const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
    });
    return {promise, resolve, reject};
}

// Resolves after @ms milliseconds of main-loop time.
export function delay(ms) {
    return new Promise(resolve => {
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, ms, () => {
            resolve();
            return GLib.SOURCE_REMOVE;
        });
    });
}

// Seconds since the epoch of a GLib.DateTime, with its microseconds.
export function seconds(dateTime) {
    return dateTime.to_unix() + dateTime.get_microsecond() / 1e6;
}
