// runner.js: runs the gjs test files of a directory and reports TAP.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
//     gjs -m runner.js DIR
//
// Imports every *.js file in DIR except this one and harness.js, in name
// order, and runs the tests each exports (see harness.js for the format) one
// after the other, with the GLib main loop running throughout. Prints one TAP
// line per test (and one per file that fails to import) and exits 1 when
// anything failed.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import System from 'system';

import {TEST_TIMEOUT_MS} from './harness.js';

const NOT_TESTS = new Set(['runner.js', 'harness.js']);

function diagnostics(error) {
    const lines = [String(error)];
    if (error instanceof SyntaxError && error.fileName)
        lines.push(`at ${error.fileName}:${error.lineNumber}:${error.columnNumber}`);
    if (error?.stack)
        lines.push(...error.stack.trimEnd().split('\n'));
    return lines.join('\n').split('\n').map(line => `# ${line}`).join('\n');
}

function listTestFiles(dir) {
    const enumerator = dir.enumerate_children(
        'standard::name,standard::type', Gio.FileQueryInfoFlags.NONE, null);
    const names = [];
    for (let info; (info = enumerator.next_file(null)) !== null;) {
        const name = info.get_name();
        if (info.get_file_type() === Gio.FileType.REGULAR &&
            name.endsWith('.js') && !NOT_TESTS.has(name))
            names.push(name);
    }
    return names.sort();
}

function withTimeout(promise, ms) {
    let sourceId = 0;
    const timeout = new Promise((resolve, reject) => {
        sourceId = GLib.timeout_add(GLib.PRIORITY_DEFAULT, ms, () => {
            sourceId = 0;
            reject(new Error(`timed out after ${ms} ms`));
            return GLib.SOURCE_REMOVE;
        });
    });
    return Promise.race([promise, timeout]).finally(() => {
        if (sourceId !== 0)
            GLib.source_remove(sourceId);
    });
}

async function main(dir) {
    // Import everything first, so the plan can come first.
    const entries = [];
    for (const file of listTestFiles(dir)) {
        try {
            const module = await import(dir.get_child(file).get_uri());
            const tests = module.default;
            if (!tests || typeof tests !== 'object' || Object.keys(tests).length === 0)
                throw new Error('the file exports no tests (expected `export default {name: fn, ...}`)');
            for (const [name, fn] of Object.entries(tests))
                entries.push({file, name, fn});
        } catch (e) {
            entries.push({file, name: 'import', error: e});
        }
    }

    print(`1..${entries.length}`);
    let failed = 0;
    for (const [i, entry] of entries.entries()) {
        const label = `${entry.file}: ${entry.name}`.replaceAll('#', '');
        let error = entry.error;
        let passed = !('error' in entry);
        if (passed) {
            try {
                const result = entry.fn();
                if (typeof result?.then === 'function')
                    await withTimeout(result, TEST_TIMEOUT_MS);
            } catch (e) {
                passed = false;
                error = e;
            }
        }
        if (!passed) {
            failed++;
            print(`not ok ${i + 1} - ${label}`);
            print(diagnostics(error));
        } else {
            print(`ok ${i + 1} - ${label}`);
        }
    }
    if (entries.length === 0) {
        print(`# no test files in ${dir.get_path()}`);
        return 1;
    }
    if (failed > 0)
        print(`# ${failed} of ${entries.length} failed`);
    return failed > 0 ? 1 : 0;
}

if (ARGV.length !== 1) {
    printerr('usage: gjs -m runner.js DIR');
    System.exit(2);
}

// The loop runs for the whole suite: async tests and dynamic imports settle
// on it.
const loop = new GLib.MainLoop(null, false);
let status = 1;
main(Gio.File.new_for_commandline_arg(ARGV[0])).then(code => {
    status = code;
}, e => {
    print('Bail out! the runner itself failed');
    print(diagnostics(e));
}).finally(() => loop.quit());
loop.run();
System.exit(status);
