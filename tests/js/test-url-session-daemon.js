// A background Bgrun.UrlSession in the daemon placement, from JavaScript:
// the download runs in `bgrund --test-mode`, and the app's session and
// task mirror it over D-Bus.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// tests/isolate gives the suite a private session bus; BGRUND is the
// built daemon (tests/js/meson.build). The loopback server runs in this
// process, and bgrund downloads from it.

import GLib from 'gi://GLib';
import Soup from 'gi://Soup?version=3.0';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual} from './harness.js';
import {startDaemon, stopDaemon} from './test-test-driver-daemon.js';

const APP = 'org.example.JsDaemonTransfers';
const IDENTIFIER = `${APP}.episodes`;

function startServer(content) {
    const server = new Soup.Server();
    server.add_handler('/episode', (_server, message) => {
        message.set_status(200, null);
        message.get_response_headers().replace('ETag', '"js-daemon-1"');
        message.set_response('application/octet-stream', Soup.MemoryUse.COPY, content);
    });
    server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY);
    const port = server.get_uris()[0].get_port();
    return [server, `http://127.0.0.1:${port}/episode`];
}

export default {
    async 'a background download runs in bgrund and completes in the app'() {
        assert(GLib.getenv('BGRUND'), 'BGRUND is not set: run this through meson');
        const content = new Uint8Array(256 * 1024).map((_b, i) => (i * 7 + (i >> 9)) & 0xff);
        const [server, uri] = startServer(content);
        const daemon = await startDaemon();
        const driver = Bgrun.TestDriver.new_for_daemon(APP);
        const config = Bgrun.UrlSessionConfiguration.new_background(IDENTIFIER);
        const session = Bgrun.UrlSession.new(driver.get_scheduler(), config);
        const order = [];
        let downloaded = null;
        const completed = new Promise(resolve => {
            session.connect('download-finished', (_s, task, location) => {
                order.push(`download-finished ${task.task_identifier}`);
                downloaded = GLib.file_get_contents(location.get_path())[1];
            });
            session.connect('task-completed', (_s, task, error) => {
                order.push(`task-completed ${task.task_identifier}`);
                resolve(error);
            });
        });

        const task = session.download(uri);
        const created = task.state;
        const listed = session.get_tasks().get_n_items();
        task.resume();
        const error = await completed;
        const left = session.get_tasks().get_n_items();
        const backend = driver.get_scheduler().backend;
        session.run_dispose();
        driver.run_dispose();
        server.disconnect();
        const status = await stopDaemon(daemon);

        assertEqual(backend, Bgrun.Backend.DAEMON, 'daemon placement');
        assertEqual(created, Bgrun.UrlSessionTaskState.SUSPENDED, 'created suspended');
        assertEqual(listed, 1, 'listed');
        assertEqual(error, null, 'no error');
        assertEqual(order, [`download-finished ${task.task_identifier}`,
            `task-completed ${task.task_identifier}`], 'signals, once each');
        assert(downloaded.length === content.length && downloaded.every((b, i) => b === content[i]),
            'byte-identical');
        assertEqual(task.bytes_received, content.length, 'progress mirrored');
        assertEqual(task.state, Bgrun.UrlSessionTaskState.COMPLETED, 'completed');
        assertEqual(left, 0, 'left the list');
        assertEqual(status, 0, 'bgrund exit status');
    },
};
