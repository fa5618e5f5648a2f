// The storage-not-low and device-idle requirements from JavaScript
// (issue 16, point 13), driven by Bgrun.TestDriver.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';

const APP = 'org.example.JsTidy';
const ID = `${APP}.compact`;

function setUp() {
    const driver = Bgrun.TestDriver.new(APP);
    const scheduler = driver.get_scheduler();
    const started = [];
    driver.set_conditions(true, false, false, 100, false);
    scheduler.register(ID, (_scheduler, task) => {
        started.push(task.identifier);
        task.set_task_completed(true);
    });
    return {driver, scheduler, started};
}

function reasonsOf(scheduler) {
    return Array.from(scheduler.explain(ID).get_reasons());
}

export default {
    'a request that needs storage waits while it is low'() {
        const {driver, scheduler, started} = setUp();
        driver.set_storage_low(true);
        const request = Bgrun.ProcessingRequest.new(ID);
        request.requires_storage_not_low = true;
        scheduler.submit(request);
        driver.advance(3600);
        assertEqual(started.length, 0, 'held back');
        assertEqual(reasonsOf(scheduler).join(), String(Bgrun.WaitReason.STORAGE_LOW), 'STORAGE_LOW');
        assert(scheduler.explain(ID).get_messages()[0].includes('nearly full'), 'in words');
        driver.set_storage_low(false);
        assertEqual(started.join(), ID, 'runs once storage is freed');
    },

    'a request that needs an idle device waits for the user to leave'() {
        const {driver, scheduler, started} = setUp();
        const request = Bgrun.ProcessingRequest.new(ID);
        request.requires_device_idle = true;
        assert(request.get_requires_device_idle(), 'the getter');
        scheduler.submit(request);
        driver.advance(3600);
        assertEqual(started.length, 0, 'held back');
        assertEqual(reasonsOf(scheduler).join(), String(Bgrun.WaitReason.DEVICE_NOT_IDLE),
            'DEVICE_NOT_IDLE');
        driver.set_device_idle(true);
        assert(scheduler.conditions.device_idle, 'the conditions say idle');
        assertEqual(started.join(), ID, 'runs once the session is idle');
    },
};
