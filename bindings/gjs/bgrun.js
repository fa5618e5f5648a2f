// libbgrun for gjs: the Bgrun namespace with promises.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
//     import Bgrun from './bgrun.js';   // or its installed path, see docs
//
//     const task = await session.download_async(uri, null);
//     await scheduler.submit_async(request, null);
//
// Importing this module gives the same Bgrun namespace as
// 'gi://Bgrun?version=1.0', changed in place:
//
// - every method `x_async` that has an `x_finish` returns a Promise when
//   it is called without a callback (Gio._promisify), on every class of
//   the namespace, including those added to libbgrun after this file;
// - Scheduler.register() accepts async handlers: the promise is awaited,
//   the task completes when it resolves (failed if it resolves to false),
//   and a rejection completes it as failed with the error's message in
//   the history;
// - toDate() and fromDate() convert between GLib.DateTime and Date,
//   withBackgroundActivity() runs an async function inside a background
//   activity.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

// Methods on the prototype, static pairs (constructors such as
// UrlSession.open_async) on the class itself.
function promisifyPairs(object) {
    for (const name of Object.getOwnPropertyNames(object)) {
        if (!name.endsWith('_async'))
            continue;
        const finish = `${name.slice(0, -'_async'.length)}_finish`;
        if (typeof object[finish] === 'function')
            Gio._promisify(object, name, finish);
    }
}

function promisifyClass(klass) {
    promisifyPairs(klass.prototype);
    promisifyPairs(klass);
}

for (const name of Object.keys(Bgrun)) {
    const value = Bgrun[name];
    if (typeof value === 'function' && value.prototype !== undefined)
        promisifyClass(value);
}

function describe(error) {
    return error instanceof Error || error instanceof GLib.Error
        ? `${error.name ?? 'Error'}: ${error.message}` : String(error);
}

function fail(task, message) {
    if (task.get_state() === Bgrun.TaskState.RUNNING)
        task.set_task_failed(message);
}

const register = Bgrun.Scheduler.prototype.register;
Bgrun.Scheduler.prototype.register = function (identifier, handler) {
    return register.call(this, identifier, (scheduler, task) => {
        let result;
        try {
            result = handler(scheduler, task);
        } catch (error) {
            fail(task, describe(error));
            throw error;
        }
        if (result && typeof result.then === 'function') {
            result.then(value => {
                if (task.get_state() === Bgrun.TaskState.RUNNING)
                    task.set_task_completed(value !== false);
            }, error => fail(task, describe(error)));
        }
    });
};

/**
 * The Date of a GLib.DateTime (null stays null).
 *
 * @param {GLib.DateTime|null} dateTime the date libbgrun gave
 * @returns {Date|null} the same moment
 */
export function toDate(dateTime) {
    if (dateTime === null)
        return null;
    return new Date(dateTime.to_unix() * 1000 + Math.floor(dateTime.get_microsecond() / 1000));
}

/**
 * The GLib.DateTime, in UTC, of a Date (null stays null).
 *
 * @param {Date|null} date the moment to give libbgrun
 * @returns {GLib.DateTime|null} the same moment
 */
export function fromDate(date) {
    if (date === null)
        return null;
    const ms = date.getTime();
    return GLib.DateTime.new_from_unix_utc(Math.floor(ms / 1000)).add((ms % 1000) * 1000);
}

/**
 * Runs the async function `work` inside a background activity: the app
 * keeps running until it settles, and the activity ends either way.
 *
 * @param {string} reason what the app finishes, for the user
 * @param {function(Bgrun.BackgroundActivity): Promise} work the work
 * @returns {Promise} what `work` resolves to
 */
export async function withBackgroundActivity(reason, work) {
    const activity = Bgrun.BackgroundActivity.begin(reason);
    try {
        return await work(activity);
    } finally {
        if (activity.get_active())
            activity.end();
    }
}

Bgrun.toDate = toDate;
Bgrun.fromDate = fromDate;
Bgrun.withBackgroundActivity = withBackgroundActivity;

export default Bgrun;
