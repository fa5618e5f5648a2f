// Push tasks from JavaScript: an app's push registration, its properties
// before it registered, the precise error when no UnifiedPush distributor
// runs on the (test's private) session bus, and the VAPID key it passes
// when registering.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, deferred} from './harness.js';

const APP = 'org.example.JsPush';
// RFC 8291's example public key: a P-256 point, as VAPID keys are.
const VAPID_KEY = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';

export default {
    async 'registering without a distributor fails with NOT_FOUND'() {
        const application = new Gio.Application({application_id: APP});
        const scheduler = Bgrun.Scheduler.new_for_application(application);
        try {
            const registration = Bgrun.PushRegistration.get_for_scheduler(scheduler);
            assert(registration instanceof Bgrun.PushRegistration, 'a registration');
            assertEqual(registration.endpoint, null, 'the endpoint before registering');
            const {promise, resolve} = deferred();
            registration.register('JS test', null, (_source, result) => {
                try {
                    registration.register_finish(result);
                    resolve(null);
                } catch (e) {
                    resolve(e);
                }
            });
            const error = await promise;
            assert(error !== null, 'an error');
            assert(error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_FOUND), 'NOT_FOUND');
            assert(error.message.includes('No UnifiedPush distributor'), error.message);
            assertEqual(Bgrun.PushRefreshTask.$gtype.name, 'BgrunPushRefreshTask', 'the task type');
        } finally {
            scheduler.run_dispose();
            application.run_dispose();
        }
    },

    'a VAPID key is checked, kept as a property, and can be cleared'() {
        const application = new Gio.Application({application_id: `${APP}.Vapid`});
        const scheduler = Bgrun.Scheduler.new_for_application(application);
        try {
            const registration = Bgrun.PushRegistration.get_for_scheduler(scheduler);
            assertEqual(registration.vapid_public_key, null, 'no key at first');
            let notified = 0;
            registration.connect('notify::vapid-public-key', () => notified++);
            assert(registration.set_vapid_public_key(VAPID_KEY), 'the key is set');
            assertEqual(registration.vapid_public_key, VAPID_KEY, 'the property');
            assertEqual(notified, 1, 'one notification');

            let error = null;
            try {
                registration.set_vapid_public_key(`A${VAPID_KEY.slice(1)}`);
            } catch (e) {
                error = e;
            }
            assert(error !== null, 'a compressed-looking key is refused');
            assert(error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.INVALID_ARGUMENT), 'INVALID_ARGUMENT');
            assert(error.message.includes('uncompressed point'), error.message);
            assertEqual(registration.vapid_public_key, VAPID_KEY, 'the key stays');

            assert(registration.set_vapid_public_key(null), 'cleared');
            assertEqual(registration.vapid_public_key, null, 'no key again');
        } finally {
            scheduler.run_dispose();
            application.run_dispose();
        }
    },
};
