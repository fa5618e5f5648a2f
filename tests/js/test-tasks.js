// The tasks the system starts, from JavaScript: an action run from
// outside the app becomes an intent task (a real ActivateAction call on
// the test's private session bus, from a connection of its own); leaving
// the foreground and a schedule give snapshot tasks, and the shortcut
// chance comes daily (a Bgrun.TestDriver's clock); the connectivity and
// Bluetooth alert subscriptions (a real alert from BlueZ is in
// bluez/test-bluetooth-alert.js, which needs a system bus).
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.JsTasks';
const PATH = '/org/example/JsTasks';

function setUp() {
    const application = new Gio.Application({application_id: APP});
    application.register(null);
    const scheduler = Bgrun.Scheduler.new_for_application(application);
    const ran = {actions: [], tasks: []};
    const action = new Gio.SimpleAction({name: 'open-folder', parameter_type: new GLib.VariantType('s')});
    action.connect('activate', (_action, parameter) => ran.actions.push(parameter.unpack()));
    application.add_action(action);
    scheduler.register(`${APP}.intent.*`, (_scheduler, task) => {
        ran.tasks.push([task instanceof Bgrun.IntentDidRunRefreshTask, task.action_name, task.parameter.unpack(),
            task.identifier]);
        task.set_task_completed(true);
    });
    return {application, scheduler, ran};
}

function activateFromOutside(name, parameter) {
    const address = Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, null);
    const caller = Gio.DBusConnection.new_for_address_sync(address,
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
        null, null);
    return new Promise((resolve, reject) => {
        caller.call(APP, PATH, 'org.freedesktop.Application', 'ActivateAction',
            new GLib.Variant('(sava{sv})', [name, [parameter], {}]), null,
            Gio.DBusCallFlags.NONE, -1, null, (connection, result) => {
                try {
                    connection.call_finish(result);
                    resolve();
                } catch (e) {
                    reject(e);
                } finally {
                    caller.close_sync(null);
                }
            });
    });
}

function waitFor(condition) {
    return new Promise(resolve => {
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 20, () => {
            if (!condition())
                return GLib.SOURCE_CONTINUE;
            resolve();
            return GLib.SOURCE_REMOVE;
        });
    });
}

export default {
    async 'an action run from outside becomes an intent task with its action and parameter'() {
        const {application, scheduler, ran} = setUp();
        try {
            await activateFromOutside('open-folder', new GLib.Variant('s', 'Inbox'));
            await waitFor(() => ran.tasks.length > 0);
            assertEqual(ran.actions, ['Inbox'], 'the action ran');
            const [isIntent, action, parameter, identifier] = ran.tasks[0];
            assertEqual([isIntent, action, parameter], [true, 'open-folder', 'Inbox'],
                'the task');
            assert(identifier.startsWith(`${APP}.intent.`), `identifier ${identifier}`);
        } finally {
            scheduler.run_dispose();
            application.run_dispose();
        }
    },

    'leaving the foreground, staying away and a schedule give snapshot tasks'() {
        const driver = Bgrun.TestDriver.new(`${APP}.Snapshots`);
        const scheduler = driver.get_scheduler();
        const reasons = [];
        scheduler.register(`${APP}.Snapshots.snapshot.*`, (_scheduler, task) => {
            reasons.push(task.reason);
            task.set_task_completed_with_snapshot(false, null, null);
        });
        try {
            driver.set_frontmost(true);
            Bgrun.SnapshotRefreshTask.subscribe(scheduler, true);
            driver.set_frontmost(false);
            driver.advance(Bgrun.SNAPSHOT_RETURN_TO_DEFAULT_DELAY);
            const when = scheduler.clock.get_now().add_seconds(30);
            Bgrun.SnapshotRefreshTask.schedule(scheduler, when, null);
            driver.advance(30);
            assertEqual(reasons, [Bgrun.SnapshotReason.APP_BACKGROUNDED,
                Bgrun.SnapshotReason.RETURN_TO_DEFAULT_STATE, Bgrun.SnapshotReason.APP_SCHEDULED],
            'reasons');
        } finally {
            scheduler.run_dispose();
        }
    },

    'the shortcut chance comes now and a day later'() {
        const driver = Bgrun.TestDriver.new(`${APP}.Shortcuts`);
        const scheduler = driver.get_scheduler();
        const ran = [];
        scheduler.register(`${APP}.Shortcuts.shortcut`, (_scheduler, task) => {
            ran.push(task instanceof Bgrun.RelevantShortcutRefreshTask);
            task.set_task_completed(true);
        });
        try {
            Bgrun.RelevantShortcutRefreshTask.subscribe(scheduler, true);
            driver.advance(0);
            driver.advance(Bgrun.RELEVANT_SHORTCUT_INTERVAL - 1);
            assertEqual(ran, [true], 'one chance in the first day');
            driver.advance(1);
            assertEqual(ran, [true, true], 'the next a day later');
        } finally {
            scheduler.run_dispose();
        }
    },

    'a Bluetooth alert subscription checks the address and the UUID'() {
        const scheduler = Bgrun.Scheduler.new(`${APP}.Alerts`);
        try {
            assertThrows(() => Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, 'F0:13:C3',
                '00002a37-0000-1000-8000-00805f9b34fb', true),
            e => e.matches(Bgrun.SchedulerError, Bgrun.SchedulerError.INVALID_REQUEST) &&
                e.message.includes('not a Bluetooth address'), 'a short address');
            assertThrows(() => Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, 'F0:13:C3:5A:22:9B',
                '2a37', true),
            e => e.message.includes('not a characteristic UUID'), 'a 16-bit UUID');
            assert(Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, 'F0:13:C3:5A:22:9B',
                '00002a37-0000-1000-8000-00805f9b34fb', true), 'a good one');
        } finally {
            scheduler.run_dispose();
        }
    },

    'an app subscribes to connectivity tasks and unsubscribes'() {
        const scheduler = Bgrun.Scheduler.new(`${APP}.Subscriber`);
        try {
            assert(Bgrun.ConnectivityRefreshTask.subscribe(scheduler, true), 'subscribed');
            assert(Bgrun.ConnectivityRefreshTask.subscribe(scheduler, false), 'unsubscribed');
            assertEqual(Bgrun.ConnectivityRefreshTask.$gtype.name, 'BgrunConnectivityRefreshTask',
                'the task type');
        } finally {
            scheduler.run_dispose();
        }
    },
};
