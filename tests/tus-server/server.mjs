// A tus 1.0.0 server for libbgrun's upload tests: @tus/server with its
// file store, on 127.0.0.1, uploads under /files, stored in DIRECTORY.
//
//     node server.mjs PORT DIRECTORY
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import http from 'node:http';

import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';

const [port, directory] = process.argv.slice(2);
const tus = new Server({ path: '/files', datastore: new FileStore({ directory }) });
const server = http.createServer((request, response) => tus.handle(request, response));

server.listen(Number(port), '127.0.0.1', () => console.log('listening'));
