// An application server sending one Web Push message, for libbgrun's push
// tests: web-push (pinned in package-lock.json) encrypts the payload for
// the subscription (RFC 8291, aes128gcm) and builds the request, which is
// posted to the endpoint over plain HTTP (the test's push server listens
// on 127.0.0.1, where web-push's own sender would insist on HTTPS).
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
//     node send.mjs ENDPOINT P256DH AUTH PAYLOAD [VAPID_PUBLIC VAPID_PRIVATE]
//
// With a VAPID key pair (base64url, as web-push.generateVAPIDKeys() gives
// it), the request carries web-push's VAPID authorization (RFC 8292) for
// the endpoint's origin. Prints the push server's HTTP status and exits 0 when it is 2xx.

import http from 'node:http';
import webpush from 'web-push';

const [endpoint, p256dh, auth, payload, vapidPublic, vapidPrivate] = process.argv.slice(2);
const options = { contentEncoding: 'aes128gcm', TTL: 60 };
if (vapidPublic !== undefined) {
  options.vapidDetails = {
    subject: 'mailto:push-tests@example.org',
    publicKey: vapidPublic,
    privateKey: vapidPrivate,
  };
}
const details = webpush.generateRequestDetails(
  { endpoint, keys: { p256dh, auth } }, payload, options);

const request = http.request(details.endpoint, {
  method: details.method,
  headers: details.headers,
}, (response) => {
  console.log(response.statusCode);
  response.resume();
  process.exitCode = response.statusCode >= 200 && response.statusCode < 300 ? 0 : 1;
});
request.on('error', (error) => {
  console.error(error.message);
  process.exitCode = 2;
});
request.end(details.body);
