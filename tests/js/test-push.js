// Push tasks from JavaScript: an app's push registration, its properties
// before it registered, and the precise error when no UnifiedPush
// distributor runs on the (test's private) session bus.
//
// SPDX-License-Identifier: LGPL-2.1-or-later

import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, deferred} from './harness.js';

const APP = 'org.example.JsPush';

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
};
