// A background download from JavaScript that waits for the network, with
// its waiting reason, and starts by itself when a Bgrun.TestDriver brings
// the network back.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Soup from 'gi://Soup?version=3.0';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assertEqual} from './harness.js';

const APP = 'org.example.BgrunJsWaiting';
const State = Bgrun.UrlSessionTaskState;
const Reason = Bgrun.UrlSessionWaitReason;

export default {
    async 'a waiting download runs when the network comes back'() {
        const content = new TextEncoder().encode('worth the wait');
        let requests = 0;
        const server = new Soup.Server();
        server.add_handler('/file', (_server, message) => {
            requests++;
            message.set_status(200, null);
            message.get_response_headers().replace('ETag', '"wait-1"');
            message.set_response('application/octet-stream', Soup.MemoryUse.COPY, content);
        });
        server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY);
        const uri = `http://127.0.0.1:${server.get_uris()[0].get_port()}/file`;

        const driver = Bgrun.TestDriver.new(APP);
        driver.set_conditions(false, false, false, 100, false);
        const config = Bgrun.UrlSessionConfiguration.new_background(`${APP}.episodes`);
        const session = Bgrun.UrlSession.new(driver.get_scheduler(), config);
        const task = session.download(uri);
        const states = [];
        task.connect('notify::state', t => states.push(t.state));
        const done = new Promise(resolve => {
            session.connect('download-finished', (_s, _t, location) =>
                resolve(GLib.file_get_contents(location.get_path())[1]));
        });

        task.resume();
        assertEqual(task.state, State.WAITING, 'waits');
        assertEqual(task.waiting_reason, Reason.NO_NETWORK, 'for a network');
        assertEqual(requests, 0, 'nothing asked yet');

        // The driver settles the main loop, in which so small a download
        // may already have finished: what counts is that it ran.
        driver.set_conditions(true, false, false, 100, false);
        assertEqual(states.includes(State.RUNNING), true, 'runs once the network is back');
        assertEqual(task.waiting_reason, Reason.NONE, 'no reason left');
        const download = await done;
        server.disconnect();
        assertEqual(new TextDecoder().decode(download), 'worth the wait', 'the body');
        assertEqual(states.slice(0, 2).join(), [State.WAITING, State.RUNNING].join(), 'waiting, then running');
    },
};
