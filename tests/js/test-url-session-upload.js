// Bgrun.UrlSession uploads from JavaScript: a PUT streamed from a file to
// a Soup.Server on loopback, its progress, and the errors of bad input.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Soup from 'gi://Soup?version=3.0';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.BgrunJsUploads';

function makeBody(size) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++)
        bytes[i] = (i * 13 + (i >> 9)) & 0xff;
    return bytes;
}

// A server that keeps the body of every PUT to /upload.
function startServer(received) {
    const server = new Soup.Server();
    server.add_handler('/upload', (_server, message) => {
        received.method = message.get_method();
        received.body = message.get_request_body().flatten().get_data();
        message.set_status(201, null);
    });
    server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY);
    const port = server.get_uris()[0].get_port();
    return [server, `http://127.0.0.1:${port}/upload`];
}

function newSession() {
    const stateDir = GLib.dir_make_tmp('bgrun-js-upload-XXXXXX');
    const scheduler = new Bgrun.Scheduler({app_id: APP, state_directory: stateDir});
    return Bgrun.UrlSession.new(scheduler, Bgrun.UrlSessionConfiguration.new_default());
}

function sourceFile(content) {
    const [file, stream] = Gio.File.new_tmp('bgrun-js-upload-XXXXXX');
    stream.get_output_stream().write_all(content, null);
    stream.close(null);
    return file;
}

function isUrlSessionError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.UrlSessionError, code);
}

export default {
    async 'a PUT upload sends the file, with progress to match'() {
        const content = makeBody(200 * 1024);
        const received = {};
        const [server, uri] = startServer(received);
        const session = newSession();
        const file = sourceFile(content);
        const task = session.upload(uri, file, 'PUT', false);
        const sent = [];
        task.connect('notify::bytes-sent', t => sent.push(t.bytes_sent));

        assertEqual(task.kind, Bgrun.UrlSessionTaskKind.UPLOAD, 'an upload');
        assertEqual(task.bytes_expected_to_send, content.length, 'bytes expected to send');
        const done = new Promise(resolve => {
            session.connect('task-completed', (_s, t, error) => resolve(error));
        });
        task.resume();
        const error = await done;
        server.disconnect();
        file.delete(null);

        assertEqual(error, null, 'no error');
        assertEqual(received.method, 'PUT', 'method');
        assert(received.body.length === content.length && received.body.every((b, i) => b === content[i]),
            'byte-identical');
        assertEqual(task.status_code, 201, 'status');
        assertEqual(sent.at(-1), content.length, 'final progress notified');
        assertEqual(task.fraction, 1, 'fraction');
    },

    'bad input fails with precise errors'() {
        const session = newSession();
        const file = sourceFile(makeBody(10));
        assertThrows(() => session.upload('http://127.0.0.1/upload', file, 'DELETE', false),
            isUrlSessionError(Bgrun.UrlSessionError.NOT_ALLOWED), 'not PUT or POST');
        assertThrows(() => session.upload('ftp://127.0.0.1/upload', file, 'PUT', true),
            isUrlSessionError(Bgrun.UrlSessionError.INVALID_URI), 'not http');
        file.delete(null);
        assertThrows(() => session.upload('http://127.0.0.1/upload', file, 'PUT', false),
            isUrlSessionError(Bgrun.UrlSessionError.FILE), 'missing file');
    },
};
