// A Bluetooth alert from JavaScript, from a real GATT notification: BlueZ
// is the Python suite's heart-rate sensor on a private system bus, which
// with-bluez.py starts before it runs this directory. The app follows the
// sensor's Heart Rate Measurement, itself (embedded) or through bgrund
// (`bgrund --test-mode` on the suite's private session bus, which follows
// the characteristic and runs the task in the app); each value the sensor
// notifies is a Bgrun.BluetoothAlertRefreshTask carrying it.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from '../harness.js';
import {startDaemon, stopDaemon} from '../test-test-driver-daemon.js';

const APP = 'org.example.JsAlerts';
// The sensor of tests/python/bluez_gatt_template.py.
const SENSOR = 'F0:13:C3:5A:22:9B';
const MEASUREMENT = '00002a37-0000-1000-8000-00805f9b34fb';

// The sensor measures @bytes; resolves to whether its notifications were
// on (a value sent while they are off reaches nobody).
function measure(bytes) {
    return new Promise((resolve, reject) => {
        Gio.DBus.system.call('org.bluez', '/', 'org.freedesktop.DBus.Mock', 'Measure',
            new GLib.Variant('(ay)', [bytes]), new GLib.VariantType('(b)'),
            Gio.DBusCallFlags.NONE, -1, null, (connection, result) => {
                try {
                    resolve(connection.call_finish(result).deepUnpack()[0]);
                } catch (e) {
                    reject(e);
                }
            });
    });
}

// Resolves once @condition (which may return a promise) holds, trying
// every 20 ms of main-loop time.
async function waitFor(condition) {
    while (!await condition()) {
        await new Promise(resolve => GLib.timeout_add(GLib.PRIORITY_DEFAULT, 20, () => {
            resolve();
            return GLib.SOURCE_REMOVE;
        }));
    }
}

// Subscribes @scheduler's app to the sensor's measurements. Who follows
// the characteristic (libbgrun or bgrund) asks BlueZ for its notifications
// once it has seen it; a value sent before that reaches nobody, so the
// sensor measures 72 until a task comes, then 75. Resolves to the tasks,
// once the 75 one ran. @tick runs while it waits.
async function alerts(scheduler, app, tick = () => {}) {
    const tasks = [];
    scheduler.register(`${app}.bluetooth-alert.*`, (_scheduler, task) => {
        tasks.push([task instanceof Bgrun.BluetoothAlertRefreshTask, task.device_address,
            task.characteristic_uuid, [...task.value.get_data()], task.identifier]);
        task.set_task_completed(true);
    });
    assert(Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, SENSOR, MEASUREMENT, true),
        'subscribed');
    await waitFor(async () => {
        await measure([0x00, 72]);
        tick();
        return tasks.length > 0;
    });
    await measure([0x00, 75]);
    await waitFor(() => {
        tick();
        return tasks.some(task => task[3][1] === 75);
    });
    return tasks;
}

function checkAlerts(tasks, app) {
    for (const [isAlert, address, uuid, value, identifier] of tasks.slice(0, -1)) {
        assertEqual([isAlert, address, uuid, value], [true, SENSOR, MEASUREMENT, [0x00, 72]],
            'a task of the first measurement');
        assert(identifier.startsWith(`${app}.bluetooth-alert.`), `identifier ${identifier}`);
    }
    assertEqual(tasks.at(-1)[3], [0x00, 75], 'the last value');
    assertEqual(new Set(tasks.map(task => task[4])).size, tasks.length, 'one task per value');
}

export default {
    async 'a value the subscribed characteristic notifies is an alert task carrying it'() {
        const scheduler = Bgrun.Scheduler.new(APP);
        try {
            assertEqual(scheduler.backend, Bgrun.Backend.LOCAL, 'the embedded engine');
            checkAlerts(await alerts(scheduler, APP), APP);
        } finally {
            scheduler.run_dispose();
        }
    },

    async 'with bgrund, the daemon follows the characteristic and runs the alert in the app'() {
        const app = `${APP}.Daemon`;
        const daemon = await startDaemon();
        const driver = Bgrun.TestDriver.new_for_daemon(app);
        try {
            const scheduler = driver.get_scheduler();
            assertEqual(scheduler.backend, Bgrun.Backend.DAEMON, 'the daemon placement');
            // The test clock stands still: a task due now starts when the
            // driver lets the engine run.
            checkAlerts(await alerts(scheduler, app, () => driver.advance(0)), app);
        } finally {
            driver.run_dispose();
            assertEqual(await stopDaemon(daemon), 0, 'bgrund\'s exit status');
        }
    },
};
