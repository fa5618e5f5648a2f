// Bgrun.UrlSession from JavaScript: a download from a Soup.Server on
// loopback, its signals and progress, and the errors of bad input.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Soup from 'gi://Soup?version=3.0';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.BgrunJsTransfers';

// Bytes that differ from one offset to the next.
function makeBody(size) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++)
        bytes[i] = (i * 31 + (i >> 8)) & 0xff;
    return bytes;
}

function startServer(content) {
    const server = new Soup.Server();
    server.add_handler('/file', (_server, message) => {
        message.set_status(200, null);
        message.get_response_headers().replace('ETag', '"js-1"');
        message.set_response('application/octet-stream', Soup.MemoryUse.COPY, content);
    });
    server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY);
    const port = server.get_uris()[0].get_port();
    return [server, `http://127.0.0.1:${port}/file`];
}

function newSession(identifier = null) {
    const stateDir = GLib.dir_make_tmp('bgrun-js-url-XXXXXX');
    const scheduler = new Bgrun.Scheduler({app_id: APP, state_directory: stateDir});
    const config = identifier === null
        ? Bgrun.UrlSessionConfiguration.new_default()
        : Bgrun.UrlSessionConfiguration.new_background(identifier);
    return Bgrun.UrlSession.new(scheduler, config);
}

function completion(session, task) {
    return new Promise(resolve => {
        const seen = {download: null};
        session.connect('download-finished', (_s, t, location) => {
            if (t === task)
                seen.download = GLib.file_get_contents(location.get_path())[1];
        });
        session.connect('task-completed', (_s, t, error) => {
            if (t === task)
                resolve({download: seen.download, error});
        });
    });
}

function isUrlSessionError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.UrlSessionError, code);
}

export default {
    async 'a download finishes with the whole body, and progress to match'() {
        const content = makeBody(300 * 1024);
        const [server, uri] = startServer(content);
        const session = newSession();
        const task = session.download(uri);
        const received = [];
        task.connect('notify::bytes-received', t => received.push(t.bytes_received));

        assertEqual(task.state, Bgrun.UrlSessionTaskState.SUSPENDED, 'created suspended');
        assertEqual(session.get_tasks().get_n_items(), 1, 'listed');
        const done = completion(session, task);
        task.resume();
        const {download, error} = await done;
        server.disconnect();

        assertEqual(error, null, 'no error');
        assertEqual(task.state, Bgrun.UrlSessionTaskState.COMPLETED, 'completed');
        assertEqual(download.length, content.length, 'length');
        assert(download.every((b, i) => b === content[i]), 'byte-identical');
        assertEqual(received.at(-1), content.length, 'final progress notified');
        assertEqual(task.bytes_expected, content.length, 'bytes expected');
        assertEqual(task.fraction, 1, 'fraction');
        assertEqual(task.status_code, 200, 'status');
        assertEqual(session.get_tasks().get_n_items(), 0, 'left the list');
    },

    async 'cancel_with_resume_data gives resume data that a new task completes'() {
        const content = makeBody(512 * 1024);
        const [server, uri] = startServer(content);
        const session = newSession();
        const task = session.download(uri);
        // The response has come (so the partial file exists) when the
        // length is known: cancel then.
        const resumeData = new Promise((resolve, reject) => {
            const id = task.connect('notify::bytes-expected', () => {
                task.disconnect(id);
                task.cancel_with_resume_data_async(null, (t, result) => {
                    try {
                        resolve(t.cancel_with_resume_data_finish(result));
                    } catch (e) {
                        reject(e);
                    }
                });
            });
        });
        task.resume();
        const bytes = await resumeData;

        assert(bytes.get_size() > 0, 'resume data');
        assertEqual(task.state, Bgrun.UrlSessionTaskState.COMPLETED, 'cancelled task completed');
        assert(isUrlSessionError(Bgrun.UrlSessionError.CANCELLED)(task.error), 'cancelled');
        const resumed = session.download_with_resume_data(bytes);
        assertEqual(resumed.uri, uri, 'same URI');
        assertEqual(resumed.state, Bgrun.UrlSessionTaskState.SUSPENDED, 'suspended');
        const done = completion(session, resumed);
        resumed.resume();
        const {download, error} = await done;
        server.disconnect();
        assertEqual(error, null, 'no error');
        assert(download.length === content.length && download.every((b, i) => b === content[i]),
            'byte-identical');
        assertThrows(() => session.download_with_resume_data(bytes),
            isUrlSessionError(Bgrun.UrlSessionError.RESUME_FAILED), 'used once');
    },

    'bad input fails with precise errors'() {
        const session = newSession();
        assertThrows(() => session.download('ftp://127.0.0.1/file'),
            isUrlSessionError(Bgrun.UrlSessionError.INVALID_URI), 'not http');
        assertThrows(() => session.download_with_resume_data(new GLib.Bytes(new Uint8Array([1, 2, 3]))),
            isUrlSessionError(Bgrun.UrlSessionError.RESUME_FAILED), 'bad resume data');
        const background = newSession('org.example.BgrunJsTransfers.bg');
        assertThrows(() => background.data('http://127.0.0.1/file'),
            isUrlSessionError(Bgrun.UrlSessionError.NOT_ALLOWED), 'data on a background session');
    },

    'a URL session refresh task names its session'() {
        const task = new Bgrun.UrlSessionRefreshTask({
            identifier: 'org.example.BgrunJsTransfers.bg',
            session_identifier: 'org.example.BgrunJsTransfers.bg',
        });
        assert(task instanceof Bgrun.Task, 'a task like the others');
        assertEqual(task.session_identifier, 'org.example.BgrunJsTransfers.bg', 'the property');
        assertEqual(task.get_session_identifier(), 'org.example.BgrunJsTransfers.bg', 'the getter');
    },
};
