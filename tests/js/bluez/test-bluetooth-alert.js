// A Bluetooth alert from JavaScript, from a real GATT notification: BlueZ
// is the Python suite's heart-rate sensor on a private system bus, which
// with-bluez.py starts before it runs this directory. The app follows the
// sensor's Heart Rate Measurement; each value the sensor notifies is a
// Bgrun.BluetoothAlertRefreshTask carrying it.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from '../harness.js';

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

export default {
    async 'a value the subscribed characteristic notifies is an alert task carrying it'() {
        const scheduler = Bgrun.Scheduler.new(APP);
        const tasks = [];
        try {
            assertEqual(scheduler.backend, Bgrun.Backend.LOCAL, 'the embedded engine');
            scheduler.register(`${APP}.bluetooth-alert.*`, (_scheduler, task) => {
                tasks.push([task instanceof Bgrun.BluetoothAlertRefreshTask, task.device_address,
                    task.characteristic_uuid, [...task.value.get_data()], task.identifier]);
                task.set_task_completed(true);
            });
            assert(Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, SENSOR, MEASUREMENT, true),
                'subscribed');
            // libbgrun asks BlueZ for the notifications (StartNotify) once
            // it has seen the characteristic; the first value sent after
            // that is the first task.
            await waitFor(() => measure([0x00, 72]));
            await measure([0x00, 75]);
            await waitFor(() => tasks.length >= 2);
            const [isAlert, address, uuid, value, identifier] = tasks[0];
            assertEqual([isAlert, address, uuid, value], [true, SENSOR, MEASUREMENT, [0x00, 72]],
                'the first task');
            assert(identifier.startsWith(`${APP}.bluetooth-alert.`), `identifier ${identifier}`);
            assertEqual(tasks[1][3], [0x00, 75], 'the second value');
        } finally {
            scheduler.run_dispose();
        }
    },
};
