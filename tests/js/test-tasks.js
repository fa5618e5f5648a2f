// The tasks the system starts, from JavaScript: an action run from
// outside the app becomes an intent task (a real ActivateAction call on
// the test's private session bus, from a connection of its own), and
// the connectivity subscription.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';

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
