// Both ways gjs code loads libbgrun: ES modules (`gi://Bgrun?version=1.0`,
// what every other test file uses) and the legacy `imports.gi.Bgrun` of
// scripts run without -m.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';

Gio._promisify(Gio.Subprocess.prototype, 'communicate_utf8_async');

// A legacy (non-module) script, as `gjs -c` or `gjs script.js` runs it.
const LEGACY_SCRIPT = `
imports.gi.versions.Bgrun = '1.0';
const Bgrun = imports.gi.Bgrun;
const GLib = imports.gi.GLib;
const clock = Bgrun.TestClock.new(GLib.DateTime.new_utc(2030, 1, 1, 0, 0, 0));
let fired = 0;
clock.add_alarm(clock.get_now().add_seconds(1), () => fired++);
clock.advance(1);
print(JSON.stringify({
    version: Bgrun.VERSION_S,
    fired,
    isClock: clock instanceof Bgrun.Clock,
    battery: Bgrun.Conditions.new(clock).battery_level,
}));
`;

function gjsProgram() {
    // The gjs running this test, so the child is the same gjs.
    try {
        return GLib.file_read_link('/proc/self/exe');
    } catch {
        return GLib.find_program_in_path('gjs');
    }
}

export default {
    'gi://Bgrun?version=1.0 loads the namespace'() {
        assert(typeof Bgrun.TestClock === 'function', 'Bgrun.TestClock is a class');
        assertEqual(Bgrun.TestClock.$gtype.name, 'BgrunTestClock', 'its GType');
    },

    'imports.gi.Bgrun is the same namespace inside a module'() {
        assert(typeof imports !== 'undefined', 'imports exists in module context');
        assert(imports.gi.Bgrun === Bgrun, 'imports.gi.Bgrun === the gi:// import');
    },

    async 'imports.gi.Bgrun works in a legacy gjs script'() {
        const proc = Gio.Subprocess.new([gjsProgram(), '-c', LEGACY_SCRIPT],
            Gio.SubprocessFlags.STDOUT_PIPE | Gio.SubprocessFlags.STDERR_PIPE);
        const [stdout, stderr] = await proc.communicate_utf8_async(null, null);

        assert(proc.get_successful(),
            `the script failed (status ${proc.get_status()}): ${stderr}`);
        assertEqual(JSON.parse(stdout), {
            version: Bgrun.VERSION_S,
            fired: 1,
            isClock: true,
            battery: -1,
        }, 'what the script printed');
    },
};
