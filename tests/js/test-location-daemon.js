// Bgrun.LocationSession in the daemon placement, from JavaScript:
// `bgrund --test-mode`, its location a replayed track timed by the test
// clock, takes over the background updates and the regions of an app
// whose process went, and the app, started again, gets both, in order,
// once.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// tests/isolate gives the suite a private session bus; BGRUND is the
// built daemon (tests/js/meson.build).

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, delay} from './harness.js';
import {METRES_PER_DEGREE, writeGpx} from './test-location.js';
import {startDaemon, stopDaemon} from './test-test-driver-daemon.js';

const APP = 'org.example.JsLocationDaemon';

// What a session delivers: [metres north, 'bgrund' or 'own'] per fix,
// ['enter' or 'exit', region] per region event.
function record(session, into) {
    session.connect('location-updated', (_s, location) => into.push([
        Math.round(location.get_latitude() * METRES_PER_DEGREE),
        location.get_longitude() === 10 ? 'bgrund' : 'own']));
    session.connect('region-event', (_s, region, event) => into.push([
        event === Bgrun.RegionEvent.ENTER ? 'enter' : 'exit', region.identifier]));
}

async function runApp(track, own) {
    const driver = Bgrun.TestDriver.new_for_daemon(APP);
    const first = Bgrun.LocationSession.new(driver.get_scheduler());
    first.provider = Bgrun.LocationProvider.REPLAY;
    first.replay_file = own;
    first.allows_background_updates = true;
    first.monitor_region(Bgrun.Region.new('depot', 1000 / METRES_PER_DEGREE, 10, 200));
    const before = [];
    record(first, before);
    first.start();
    driver.advance(20);

    // Its process goes with the session running, and the app is started
    // again; bgrund carries on until the new process runs a session.
    const scheduler = driver.open_scheduler();
    driver.advance(160);

    // Its first session gets what bgrund saw meanwhile.
    const after = [];
    record(Bgrun.LocationSession.new(scheduler), after);
    await delay(200);
    const later = [];
    record(Bgrun.LocationSession.new(scheduler), later);
    await delay(100);

    first.stop();
    scheduler.run_dispose();
    driver.run_dispose();
    return [before, after, later];
}

export default {
    async 'an app gone mid-session gets the updates and region events of its absence, once'() {
        assert(GLib.getenv('BGRUND'), 'BGRUND is not set: run this through meson');
        // bgrund's line: 50 m north every 10 s, into the depot (200 m
        // around 1000 m north) at 850 m. The app's own: 5 km east.
        const track = writeGpx(Array.from({length: 41}, (_, i) => [i * 10, i * 50]));
        const own = writeGpx(Array.from({length: 41}, (_, i) => [i * 10, i * 50]), 10.05);
        const daemon = await startDaemon({BGRUN_LOCATION_REPLAY: track.get_path()});
        let seen;
        try {
            seen = await runApp(track, own);
        } finally {
            assertEqual(await stopDaemon(daemon), 0, 'bgrund exit status');
            track.delete(null);
            own.delete(null);
        }
        const [before, after, later] = seen;

        assert(before.length >= 2 && before.every(([, source]) => source === 'own'),
            `the first session's own fixes: ${JSON.stringify(before)}`);
        const fixes = after.filter(([, source]) => source === 'bgrund').map(([north]) => north);
        assertEqual(fixes, Array.from({length: 16}, (_n, i) => 150 + i * 50),
            'every fix from the process going on, in order, once');
        const entry = after.findIndex(([what]) => what === 'enter');
        assertEqual(after[entry + 1], [850, 'bgrund'], 'the entry just before its fix');
        assertEqual(later, [], 'nothing delivered twice');
    },
};
