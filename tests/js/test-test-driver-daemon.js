// Bgrun.TestDriver.new_for_daemon() from JavaScript: the driver runs the
// app's scheduler against a `bgrund --test-mode` it does not sleep for.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// tests/isolate gives the suite a private session bus; BGRUND is the
// built daemon (tests/js/meson.build). The test starts its own daemon on
// a temporary store and stops it at the end.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows, deferred} from './harness.js';

const APP = 'org.example.JsDaemon';
const REFRESH = `${APP}.refresh`;

function usec(dateTime) {
    return dateTime.to_unix() * 1e6 + dateTime.get_microsecond();
}

// Starts bgrund --test-mode, with the variables of @env; resolves to its
// process once it owns its name.
export async function startDaemon(env = {}) {
    const owned = deferred();
    const watch = Gio.bus_watch_name(Gio.BusType.SESSION, 'org.bgrun.Broker1',
        Gio.BusNameWatcherFlags.NONE, () => owned.resolve(), null);
    const launcher = new Gio.SubprocessLauncher({flags: Gio.SubprocessFlags.NONE});
    launcher.setenv('BGRUN_STATE_DIR', GLib.dir_make_tmp('bgrun-js-XXXXXX'), true);
    for (const [name, value] of Object.entries(env))
        launcher.setenv(name, value, true);
    const daemon = launcher.spawnv([GLib.getenv('BGRUND'), '--test-mode']);
    try {
        await owned.promise;
    } finally {
        Gio.bus_unwatch_name(watch);
    }
    return daemon;
}

export async function stopDaemon(daemon) {
    const exited = deferred();
    daemon.wait_async(null, () => exited.resolve());
    daemon.send_signal(15);
    await exited.promise;
    return daemon.get_exit_status();
}

export default {
    'new_for_daemon() without a daemon in test mode throws UNAVAILABLE'() {
        assertThrows(() => Bgrun.TestDriver.new_for_daemon(APP),
            e => e instanceof GLib.Error &&
                 e.matches(Bgrun.SchedulerError, Bgrun.SchedulerError.UNAVAILABLE) &&
                 e.message.includes('bgrund --test-mode'),
            'new_for_daemon');
    },

    async 'advance() runs a refresh in the daemon at its begin date'() {
        assert(GLib.getenv('BGRUND'), 'BGRUND is not set: run this through meson');
        const daemon = await startDaemon();
        const driver = Bgrun.TestDriver.new_for_daemon(APP);
        const scheduler = driver.get_scheduler();
        const clock = driver.get_clock();
        const started = [];
        scheduler.register(REFRESH, (_scheduler, task) => {
            started.push(usec(clock.get_now()));
            task.set_task_completed(true);
        });
        const begin = clock.get_now().add_seconds(60);
        const request = Bgrun.AppRefreshRequest.new(REFRESH);
        request.earliest_begin_date = begin;
        scheduler.submit(request);

        driver.advance(59);
        const before = started.length;
        driver.advance(1);
        const history = scheduler.get_history();
        const last = history.get_item(history.get_n_items() - 1);
        const backend = scheduler.backend;

        driver.run_dispose();
        const status = await stopDaemon(daemon);
        assertEqual(backend, Bgrun.Backend.DAEMON, 'backend');
        assertEqual(before, 0, 'runs before the begin date');
        assertEqual(started, [usec(begin)], 'start times');
        assertEqual(last.event, Bgrun.HistoryEvent.COMPLETED, 'last history event');
        assertEqual(status, 0, 'bgrund exit status');
    },
};
