// bindings/gjs/bgrun.js: the Bgrun namespace with promises, as an app
// imports it. Awaited calls in both placements (in the daemon one each
// is a D-Bus call to a bgrund --test-mode), async handlers, dates.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';

import Bgrun, {fromDate, toDate, withBackgroundActivity} from '../../bindings/gjs/bgrun.js';
import {assert, assertEqual, delay} from './harness.js';
import {startDaemon, stopDaemon} from './test-test-driver-daemon.js';

const APP = 'org.example.JsBindings';
const REFRESH = `${APP}.refresh`;

function historyOf(scheduler, identifier) {
    const history = scheduler.get_history();
    const entries = [];
    for (let i = 0; i < history.get_n_items(); i++) {
        const entry = history.get_item(i);
        if (entry.identifier === identifier)
            entries.push([entry.event, entry.message]);
    }
    return entries;
}

async function awaitedCalls(driver) {
    const scheduler = driver.get_scheduler();
    scheduler.register(REFRESH, (_s, task) => task.set_task_completed(true));
    const request = Bgrun.AppRefreshRequest.new(REFRESH);
    request.earliest_begin_date = driver.get_clock().get_now().add_hours(2);

    const submitted = await scheduler.submit_async(request, null);
    // The lists are live: what they hold now.
    const pendingCount = (await scheduler.get_pending_requests_async(null)).get_n_items();
    const explanation = await scheduler.explain_async(REFRESH, null);
    const cancelled = await scheduler.cancel_async(REFRESH, null);
    const historyCount = (await scheduler.get_history_async(null)).get_n_items();
    let refused = null;
    try {
        await scheduler.submit_async(Bgrun.AppRefreshRequest.new(`${APP}.unknown`), null);
    } catch (error) {
        refused = error;
    }
    return {submitted, pendingCount, explanation, cancelled, historyCount, refused};
}

function checkAwaitedCalls(result) {
    assertEqual(result.submitted, true, 'submit_async');
    assertEqual(result.pendingCount, 1, 'pending requests');
    assert(result.explanation.has_reason(Bgrun.WaitReason.EARLIEST_BEGIN_DATE), 'waits for its begin date');
    assertEqual(result.cancelled, true, 'cancel_async');
    assertEqual(result.historyCount, 2, 'submitted and cancelled in the history');
    assert(result.refused instanceof GLib.Error &&
           result.refused.matches(Bgrun.SchedulerError, Bgrun.SchedulerError.NOT_PERMITTED),
    `refused with NOT_PERMITTED, got ${result.refused}`);
    assert(result.refused.message.includes('Register a handler for') &&
           !result.refused.message.includes('bgrun_'), result.refused.message);
}

export default {
    async 'scheduler calls return promises (embedded)'() {
        const driver = Bgrun.TestDriver.new(APP);
        checkAwaitedCalls(await awaitedCalls(driver));
    },

    async 'scheduler calls return promises (daemon)'() {
        const daemon = await startDaemon();
        const driver = Bgrun.TestDriver.new_for_daemon(APP);
        let result;
        try {
            result = await awaitedCalls(driver);
        } finally {
            driver.run_dispose();
            await stopDaemon(daemon);
        }
        checkAwaitedCalls(result);
    },

    async 'a rejected async handler fails its task with the message'() {
        const driver = Bgrun.TestDriver.new(APP);
        const scheduler = driver.get_scheduler();
        scheduler.get_history();
        scheduler.register(REFRESH, async () => {
            await delay(1);
            throw new Error('no network');
        });
        await scheduler.submit_async(Bgrun.AppRefreshRequest.new(REFRESH), null);
        driver.advance(0);
        for (let i = 0; i < 100 && scheduler.get_running_tasks().get_n_items() > 0; i++)
            await delay(10);
        const entries = historyOf(scheduler, REFRESH);
        assertEqual(entries.at(-1)[0], Bgrun.HistoryEvent.FAILED, 'last event');
        assert(entries.some(([event, message]) =>
            event === Bgrun.HistoryEvent.FAILED && message === 'Error: no network'),
        JSON.stringify(entries));
    },

    async 'an async handler that resolves completes its task'() {
        const driver = Bgrun.TestDriver.new(APP);
        const scheduler = driver.get_scheduler();
        scheduler.register(REFRESH, async () => {
            await delay(1);
        });
        await scheduler.submit_async(Bgrun.AppRefreshRequest.new(REFRESH), null);
        driver.advance(0);
        for (let i = 0; i < 100 && scheduler.get_running_tasks().get_n_items() > 0; i++)
            await delay(10);
        assertEqual(historyOf(scheduler, REFRESH).at(-1)[0], Bgrun.HistoryEvent.COMPLETED, 'last event');
    },

    'dates convert both ways'() {
        const date = new Date(Date.UTC(2030, 4, 1, 12, 30, 15, 250));
        const dateTime = fromDate(date);
        assertEqual(dateTime.format_iso8601(), '2030-05-01T12:30:15.250000Z', 'fromDate');
        assertEqual(toDate(dateTime).getTime(), date.getTime(), 'toDate');
        assertEqual(toDate(null), null, 'toDate(null)');
    },

    async 'withBackgroundActivity() ends the activity after the work'() {
        let seen = null;
        const value = await withBackgroundActivity('Saving', async activity => {
            seen = activity;
            assert(activity.get_active(), 'active during the work');
            await delay(1);
            return 42;
        });
        assertEqual(value, 42, 'the work’s value');
        assertEqual(seen.get_active(), false, 'ended after the work');
    },
};
