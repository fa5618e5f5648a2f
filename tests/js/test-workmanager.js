// Scheduling like WorkManager from JavaScript (issue 16): existing policy,
// retry with backoff and attempts, tags, chains, progress and output, and
// periodic processing, driven by Bgrun.TestDriver.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.JsWork';
const A = `${APP}.a`;
const B = `${APP}.b`;

function setUp(handler) {
    const driver = Bgrun.TestDriver.new(APP);
    const scheduler = driver.get_scheduler();
    driver.set_conditions(true, false, false, 100, false);
    scheduler.register(`${APP}.*`, (_scheduler, task) => handler(task));
    return {driver, scheduler};
}

function entriesOf(scheduler, identifier) {
    const model = scheduler.get_history();
    const result = [];
    for (let i = 0; i < model.get_n_items(); i++) {
        const entry = model.get_item(i);
        if (entry.identifier === identifier)
            result.push(entry);
    }
    return result;
}

export default {
    'KEEP leaves the pending request in place'() {
        const {scheduler} = setUp(task => task.set_task_completed(true));
        const later = Bgrun.ProcessingRequest.new(A);
        later.earliest_begin_date = GLib.DateTime.new_now_utc().add_hours(2);
        scheduler.submit(later);
        const keep = Bgrun.ProcessingRequest.new(A);
        keep.existing_policy = Bgrun.ExistingRequestPolicy.KEEP;
        scheduler.submit(keep);
        const pending = scheduler.get_pending_requests();
        assertEqual(pending.get_n_items(), 1, 'one pending');
        assert(pending.get_item(0).earliest_begin_date !== null, 'the first request stays');
        const events = entriesOf(scheduler, A).map(entry => entry.event);
        assertEqual(events.join(), [Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.KEPT].join(),
            'the dropped submit is recorded as KEPT, not SUBMITTED');
    },

    'a retried task comes back with its next attempt after the backoff'() {
        const attempts = [];
        const {driver, scheduler} = setUp(task => {
            attempts.push(task.attempt);
            if (task.attempt < 3)
                task.set_task_completed_with_retry();
            else
                task.set_task_completed(true);
        });
        const request = Bgrun.ProcessingRequest.new(A);
        request.set_backoff(Bgrun.BackoffPolicy.EXPONENTIAL, 10);
        scheduler.submit(request);
        driver.advance(0);
        driver.advance(9);
        assertEqual(attempts, [1], 'the first retry waits 10 s');
        driver.advance(1);
        driver.advance(20);
        assertEqual(attempts, [1, 2, 3], 'then 20 s');
        const ends = entriesOf(scheduler, A).filter(e => e.event !== Bgrun.HistoryEvent.SUBMITTED &&
                                                          e.event !== Bgrun.HistoryEvent.STARTED);
        assertEqual(ends.map(e => [e.event, e.attempt]),
            [[Bgrun.HistoryEvent.FAILED, 1], [Bgrun.HistoryEvent.FAILED, 2],
                [Bgrun.HistoryEvent.COMPLETED, 3]], 'each attempt in the history');
    },

    'tags, chains, progress and output'() {
        const tasks = [];
        const {driver, scheduler} = setUp(task => tasks.push(task));
        const first = Bgrun.ProcessingRequest.new(A);
        first.tags = ['sync'];
        scheduler.submit(first);
        const then = Bgrun.ProcessingRequest.new(B);
        then.prerequisites = [A];
        then.tags = ['sync'];
        scheduler.submit(then);
        assertEqual(scheduler.get_pending_requests_by_tag('sync').get_n_items(), 2, 'both tagged');
        driver.advance(0);
        assertEqual(tasks.length, 1, 'B waits for A');
        assert(scheduler.explain(B).has_reason(Bgrun.WaitReason.PREREQUISITE), 'PREREQUISITE');
        tasks[0].set_progress(0.5, new GLib.Variant('a{sv}', {step: new GLib.Variant('s', 'one')}));
        assertEqual(scheduler.get_running_tasks().get_item(0).progress, 0.5, 'progress');
        assertThrows(() => tasks[0].set_progress(2, null),
            e => e instanceof GLib.Error && e.matches(Bgrun.SchedulerError, Bgrun.SchedulerError.INVALID_REQUEST),
            'a fraction above 1');
        tasks[0].set_output(new GLib.Variant('a{sv}', {n: new GLib.Variant('i', 7)}));
        tasks[0].set_task_completed(true);
        driver.advance(0);
        assertEqual(tasks.length, 2, 'B runs once A completed');
        const done = entriesOf(scheduler, A).find(e => e.event === Bgrun.HistoryEvent.COMPLETED);
        assertEqual(done.get_output().recursiveUnpack(), {n: 7}, 'output in the history');
        assert(done.has_tag('sync'), 'tags in the history');
    },

    async 'explain_by_tag explains each tagged request, and awaits'() {
        const {scheduler} = setUp(task => task.set_task_completed(true));
        const later = GLib.DateTime.new_now_utc().add_hours(2);
        for (const [id, tags] of [[A, ['sync']], [B, ['photos']]]) {
            const request = Bgrun.ProcessingRequest.new(id);
            request.earliest_begin_date = later;
            request.tags = tags;
            scheduler.submit(request);
        }
        const explanations = scheduler.explain_by_tag('sync');
        assertEqual(explanations.get_n_items(), 1, 'only the tagged request');
        assertEqual(explanations.get_item(0).identifier, A, 'the tagged request');
        assert(explanations.get_item(0).has_reason(Bgrun.WaitReason.EARLIEST_BEGIN_DATE), 'its reason');
        assertEqual(scheduler.explain_by_tag('none').get_n_items(), 0, 'no request carries it');
        const awaited = await scheduler.explain_by_tag_async('photos', null);
        assertEqual(awaited.get_n_items(), 1, 'the promise gives the list');
        assertEqual(awaited.get_item(0).identifier, B, 'of the other tag');
    },

    'periodic processing waits for its flex window'() {
        let runs = 0;
        const {driver, scheduler} = setUp(task => {
            runs++;
            task.set_task_completed(true);
        });
        const request = Bgrun.ProcessingRequest.new(A);
        request.repeat_interval = 900;
        request.flex_interval = 300;
        scheduler.submit(request);
        driver.advance(0);
        driver.advance(599);
        assertEqual(runs, 1, 'not before the window');
        driver.advance(1);
        assertEqual(runs, 2, 'in the window');
    },
};
