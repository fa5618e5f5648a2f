// Bgrun.Scheduler from JavaScript, driven by Bgrun.TestDriver: register,
// submit, run, explain, expire, errors, and the live lists.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The driver's clock moves only when a test calls advance(), so nothing
// here waits. Handlers and signal callbacks only record; the assertions
// are in the test bodies (see harness.js).

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.JsSched';
const REFRESH = `${APP}.refresh`;
const SYNC = `${APP}.sync`;

function usec(dateTime) {
    return dateTime.to_unix() * 1e6 + dateTime.get_microsecond();
}

function isSchedulerError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.SchedulerError, code);
}

// A driver with a handler for every identifier under APP that records each
// task, the clock's time when it started, and its `expired` emissions.
function setUp({complete = null} = {}) {
    const driver = Bgrun.TestDriver.new(APP);
    const scheduler = driver.get_scheduler();
    const clock = driver.get_clock();
    const runs = {tasks: [], times: [], expired: []};
    scheduler.register(`${APP}.*`, (_scheduler, task) => {
        runs.tasks.push(task);
        runs.times.push(usec(clock.get_now()));
        task.connect('expired', t => runs.expired.push([t.identifier, usec(clock.get_now()), t.state]));
        if (complete !== null)
            task.set_task_completed(complete);
    });
    driver.set_conditions(true, false, false, 100, false);
    return {driver, scheduler, clock, runs};
}

function identifiers(model) {
    const result = [];
    for (let i = 0; i < model.get_n_items(); i++)
        result.push(model.get_item(i).identifier);
    return result;
}

function historyOf(scheduler, identifier) {
    const model = scheduler.get_history();
    const result = [];
    for (let i = 0; i < model.get_n_items(); i++) {
        const entry = model.get_item(i);
        if (entry.identifier === identifier)
            result.push([entry.event, entry.message]);
    }
    return result;
}

export default {
    'a refresh with a begin date runs after advance, not before'() {
        const {driver, scheduler, clock, runs} = setUp({complete: true});
        const start = usec(clock.get_now());
        const request = Bgrun.AppRefreshRequest.new(REFRESH);
        request.earliest_begin_date = clock.get_now().add_minutes(15);
        scheduler.submit(request);

        driver.advance(0);
        assertEqual(runs.tasks.length, 0, 'tasks run at once');
        driver.advance(14 * 60 + 59);
        assertEqual(runs.tasks.length, 0, 'tasks run a second early');
        driver.advance(1);
        assertEqual(runs.tasks.length, 1, 'tasks run at the begin date');
        const task = runs.tasks[0];
        assert(task instanceof Bgrun.AppRefreshTask, 'the handler gets an AppRefreshTask');
        assertEqual(task.identifier, REFRESH, 'identifier');
        assertEqual(runs.times[0], start + 15 * 60 * 1e6, 'start time');
        assertEqual(usec(task.expiration_date), runs.times[0] + Bgrun.APP_REFRESH_DURATION * 1e6,
            'expiration date');
        assertEqual(task.state, Bgrun.TaskState.COMPLETED, 'state');
        assertEqual(historyOf(scheduler, REFRESH).map(([event]) => event),
            [Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.STARTED, Bgrun.HistoryEvent.COMPLETED],
            'history');
    },

    'user info travels from the request to the task'() {
        const {driver, scheduler, runs} = setUp({complete: true});
        const request = Bgrun.ProcessingRequest.new(SYNC);
        request.user_info = new GLib.Variant('a{sv}', {
            account: new GLib.Variant('s', 'alice'),
            page: new GLib.Variant('u', 3),
        });
        scheduler.submit(request);
        driver.advance(0);
        assert(runs.tasks[0] instanceof Bgrun.ProcessingTask, 'a ProcessingTask');
        assertEqual(runs.tasks[0].user_info.deepUnpack().account.unpack(), 'alice', 'user info');
        assertEqual(runs.tasks[0].user_info.deepUnpack().page.unpack(), 3, 'user info');
    },

    'explain() lists every reason and the earliest date'() {
        const {driver, scheduler, clock, runs} = setUp();
        driver.set_conditions(false, false, true, 10, false);
        const request = Bgrun.ProcessingRequest.new(SYNC);
        request.requires_network_connectivity = true;
        request.requires_external_power = true;
        request.earliest_begin_date = clock.get_now().add_minutes(30);
        scheduler.submit(request);
        driver.advance(0);

        let explanation = scheduler.explain(SYNC);
        assert(explanation instanceof Bgrun.Explanation, 'an Explanation');
        assertEqual(explanation.get_identifier(), SYNC, 'identifier');
        assertEqual(explanation.get_running(), false, 'running');
        assertEqual([...explanation.get_reasons()].sort((a, b) => a - b), [
            Bgrun.WaitReason.EARLIEST_BEGIN_DATE,
            Bgrun.WaitReason.NO_NETWORK,
            Bgrun.WaitReason.ON_BATTERY,
        ].sort((a, b) => a - b), 'reasons');
        assert(explanation.has_reason(Bgrun.WaitReason.NO_NETWORK), 'has_reason(NO_NETWORK)');
        assert(!explanation.has_reason(Bgrun.WaitReason.LOW_MEMORY), 'not has_reason(LOW_MEMORY)');
        const messages = explanation.get_messages();
        assertEqual(messages.length, 3, 'one message per reason');
        assert(messages.every(m => typeof m === 'string' && m.length > 0), 'messages are sentences');
        assertEqual(explanation.get_earliest_date(), null, 'no earliest date while a condition is unmet');
        assert(explanation.to_string().includes(messages[0]), 'to_string() carries the messages');

        driver.set_conditions(true, false, false, 100, false);
        explanation = scheduler.explain(SYNC);
        assertEqual([...explanation.get_reasons()], [Bgrun.WaitReason.EARLIEST_BEGIN_DATE],
            'reasons with the conditions met');
        assert(explanation.get_earliest_date().equal(request.earliest_begin_date), 'earliest date');
        assertEqual(runs.tasks.length, 0, 'tasks run');

        driver.advance(30 * 60);
        explanation = scheduler.explain(SYNC);
        assertEqual(explanation.get_running(), true, 'running after its date');
        assert(explanation.get_deadline().equal(runs.tasks[0].expiration_date), 'deadline');
    },

    'expire_task emits expired at once, EXPIRED after the grace period'() {
        const {driver, scheduler, clock, runs} = setUp();
        scheduler.submit(Bgrun.ProcessingRequest.new(SYNC));
        driver.advance(0);
        const task = runs.tasks[0];
        driver.advance(12);
        const askedAt = usec(clock.get_now());

        assertEqual(driver.expire_task(SYNC), true, 'expire_task()');
        assertEqual(runs.expired, [[SYNC, askedAt, Bgrun.TaskState.RUNNING]],
            'expired emitted at once, while running');
        driver.advance(Bgrun.TASK_GRACE_PERIOD - 1);
        assertEqual(task.state, Bgrun.TaskState.RUNNING, 'state during the grace period');
        assert(!task.get_cancellable().is_cancelled(), 'not cancelled during the grace period');
        driver.advance(1);
        assertEqual(task.state, Bgrun.TaskState.EXPIRED, 'state after the grace period');
        assert(task.get_cancellable().is_cancelled(), 'cancelled after the grace period');
        const history = historyOf(scheduler, SYNC);
        assertEqual(history.at(-1)[0], Bgrun.HistoryEvent.EXPIRED, 'last history event');
        assertEqual(scheduler.get_running_tasks().get_n_items(), 0, 'running tasks');
    },

    'a task that runs out of time expires at its expiration date'() {
        const {driver, scheduler, runs} = setUp();
        scheduler.submit(Bgrun.AppRefreshRequest.new(REFRESH));
        driver.advance(0);
        driver.advance(Bgrun.APP_REFRESH_DURATION - 1);
        assertEqual(runs.expired.length, 0, 'expired emissions before the date');
        driver.advance(1);
        assertEqual(runs.expired, [[REFRESH, runs.times[0] + Bgrun.APP_REFRESH_DURATION * 1e6,
            Bgrun.TaskState.RUNNING]], 'expired at the date');
        driver.advance(Bgrun.TASK_GRACE_PERIOD);
        assertEqual(runs.tasks[0].state, Bgrun.TaskState.EXPIRED, 'state');
    },

    'completing inside the grace period wins'() {
        const {driver, scheduler, runs} = setUp();
        scheduler.submit(Bgrun.ProcessingRequest.new(SYNC));
        driver.advance(0);
        driver.expire_task(SYNC);
        runs.tasks[0].set_task_completed(true);
        driver.advance(Bgrun.TASK_GRACE_PERIOD);
        assertEqual(runs.tasks[0].state, Bgrun.TaskState.COMPLETED, 'state');
        assert(!runs.tasks[0].get_cancellable().is_cancelled(), 'not cancelled');
        assertEqual(historyOf(scheduler, SYNC).map(([event]) => event).includes(Bgrun.HistoryEvent.EXPIRED),
            false, 'EXPIRED in the history');
    },

    'run_task_now runs a waiting request before it returns'() {
        const {driver, scheduler, clock, runs} = setUp();
        driver.set_conditions(false, false, false, 100, false);
        const request = Bgrun.ProcessingRequest.new(SYNC);
        request.requires_network_connectivity = true;
        request.earliest_begin_date = clock.get_now().add_hours(6);
        scheduler.submit(request);
        driver.advance(0);
        assertEqual(runs.tasks.length, 0, 'tasks before run_task_now');
        assertEqual(driver.run_task_now(SYNC), true, 'run_task_now()');
        assertEqual(runs.tasks.length, 1, 'tasks right after run_task_now');
        assertEqual(identifiers(scheduler.get_running_tasks()), [SYNC], 'running tasks');
    },

    'errors arrive as GLib.Error with Bgrun.SchedulerError codes'() {
        const {driver, scheduler} = setUp();
        const checks = [
            [() => driver.run_task_now(`${APP}.nothing`), Bgrun.SchedulerError.INVALID_REQUEST,
                'run_task_now of an unknown identifier'],
            [() => driver.expire_task(`${APP}.nothing`), Bgrun.SchedulerError.INVALID_REQUEST,
                'expire_task of a task that does not run'],
            [() => scheduler.submit(Bgrun.AppRefreshRequest.new('org.example.Other.refresh')),
                Bgrun.SchedulerError.NOT_PERMITTED, 'submit without a handler'],
            [() => scheduler.register(`${APP}.*`, () => {}), Bgrun.SchedulerError.INVALID_REQUEST,
                'registering twice'],
            [() => scheduler.register('nodots', () => {}), Bgrun.SchedulerError.INVALID_REQUEST,
                'registering a malformed identifier'],
        ];
        for (const [fn, code, what] of checks) {
            const error = assertThrows(fn, isSchedulerError(code), what);
            assert(error.message.length > 0, `${what}: a message`);
        }

        driver.set_frontmost(false);
        const error = assertThrows(
            () => scheduler.submit(Bgrun.ContinuedProcessingRequest.new(`${APP}.export`, 'Exporting', null)),
            isSchedulerError(Bgrun.SchedulerError.NOT_PERMITTED), 'continued processing in the background');
        assert(error.message.includes(`${APP}.export`), 'the message names the identifier');
        assertEqual(historyOf(scheduler, `${APP}.export`), [[Bgrun.HistoryEvent.REJECTED, error.message]],
            'the rejection is in the history');
    },

    'continued processing: slots, strategy and progress'() {
        const {driver, scheduler, runs} = setUp();
        for (let i = 0; i < Bgrun.MAX_CONTINUED_TASKS; i++)
            scheduler.submit(Bgrun.ContinuedProcessingRequest.new(`${APP}.export.e${i}`, `Export ${i}`, null));
        driver.advance(0);
        assertEqual(runs.tasks.length, Bgrun.MAX_CONTINUED_TASKS, 'running at once');
        assert(runs.tasks[0] instanceof Bgrun.ContinuedProcessingTask, 'a ContinuedProcessingTask');

        const fail = Bgrun.ContinuedProcessingRequest.new(`${APP}.export.f`, 'Fail', null);
        fail.strategy = Bgrun.SubmissionStrategy.FAIL;
        assertThrows(() => scheduler.submit(fail),
            isSchedulerError(Bgrun.SchedulerError.IMMEDIATE_RUN_INELIGIBLE), 'a fifth with FAIL');

        scheduler.submit(Bgrun.ContinuedProcessingRequest.new(`${APP}.export.q`, 'Queued', null));
        driver.advance(0);
        assertEqual(identifiers(scheduler.get_pending_requests()), [`${APP}.export.q`], 'queued');

        const task = runs.tasks[0];
        task.total_units = 8;
        task.completed_units = 2;
        assertEqual(task.fraction, 0.25, 'fraction');
        task.set_task_completed(true);
        driver.advance(0);
        assertEqual(runs.tasks.at(-1).identifier, `${APP}.export.q`, 'the queued one started');
        assertEqual(runs.tasks.at(-1).title, 'Queued', 'its title');
    },

    'the lists are live models'() {
        const {driver, scheduler, runs} = setUp();
        const pending = scheduler.get_pending_requests();
        const running = scheduler.get_running_tasks();
        const history = scheduler.get_history();
        const changes = {pending: 0, running: 0, history: 0};
        pending.connect('items-changed', () => changes.pending++);
        running.connect('items-changed', () => changes.running++);
        history.connect('items-changed', () => changes.history++);
        assertEqual([pending.get_n_items(), running.get_n_items(), history.get_n_items()], [0, 0, 0],
            'empty at first');

        const request = Bgrun.AppRefreshRequest.new(REFRESH);
        request.earliest_begin_date = driver.get_clock().get_now().add_minutes(5);
        scheduler.submit(request);
        assertEqual(pending.get_n_items(), 1, 'pending after submit');
        assert(pending.get_item(0) instanceof Bgrun.AppRefreshRequest, 'an AppRefreshRequest');
        assertEqual(history.get_n_items(), 1, 'history after submit');
        assertEqual(history.get_item(0).event, Bgrun.HistoryEvent.SUBMITTED, 'SUBMITTED entry');
        assert(history.get_item(0).date instanceof GLib.DateTime, 'entries have a date');

        driver.advance(5 * 60);
        assertEqual(pending.get_n_items(), 0, 'pending once it runs');
        assertEqual(running.get_n_items(), 1, 'running once it runs');
        assert(running.get_item(0) === runs.tasks[0], 'the running item is the handler’s task');
        runs.tasks[0].set_task_completed(false);
        driver.advance(0);
        assertEqual(running.get_n_items(), 0, 'running once it ended');
        assertEqual(history.get_item(history.get_n_items() - 1).event, Bgrun.HistoryEvent.FAILED,
            'FAILED entry');
        assert(changes.pending >= 2 && changes.running >= 2 && changes.history >= 3,
            `items-changed emissions: ${JSON.stringify(changes)}`);
    },

    'a processing task whose network drops is requeued with backoff'() {
        const {driver, scheduler, runs} = setUp();
        const request = Bgrun.ProcessingRequest.new(SYNC);
        request.requires_network_connectivity = true;
        scheduler.submit(request);
        driver.advance(0);
        driver.set_conditions(false, false, false, 100, false);
        assertEqual(runs.expired.length, 1, 'expired when the network dropped');
        driver.advance(Bgrun.TASK_GRACE_PERIOD);
        assertEqual(runs.tasks[0].state, Bgrun.TaskState.EXPIRED, 'state');
        driver.set_conditions(true, false, false, 100, false);
        assertEqual([...scheduler.explain(SYNC).get_reasons()], [Bgrun.WaitReason.BACKOFF], 'reasons');
        driver.advance(Bgrun.BACKOFF_INITIAL);
        assertEqual(runs.tasks.length, 2, 'it ran again after the backoff');
    },
};
