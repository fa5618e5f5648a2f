// Workout recovery in the daemon placement, from JavaScript: the app's
// process goes mid-workout, bgrund (--test-mode) queues a workout
// recovery task, and the app, started again, gets the task and its
// workout back in it.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// tests/isolate gives the suite a private session bus; BGRUND is the
// built daemon (tests/js/meson.build).

import GLib from 'gi://GLib';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, deferred} from './harness.js';
import {startDaemon, stopDaemon} from './test-test-driver-daemon.js';

const APP = 'org.example.JsWorkoutDaemon';

function startWorkout(scheduler) {
    const session = Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR));
    session.start_activity(null);
    session.get_builder().begin_collection(null);
    return session;
}

export default {
    async 'an app gone mid-workout runs a WorkoutRecoveryTask when it is back'() {
        assert(GLib.getenv('BGRUND'), 'BGRUND is not set: run this through meson');
        const daemon = await startDaemon();
        const driver = Bgrun.TestDriver.new_for_daemon(APP);
        const session = startWorkout(driver.get_scheduler());
        for (let n = 0; n < 5; n++) {
            session.get_builder().add_sample(Bgrun.QuantityType.HEART_RATE, 120 + n, null);
            driver.advance(1);
        }

        // Its process goes without ending the workout; it starts again.
        const scheduler = driver.open_scheduler();
        const recovery = deferred();
        scheduler.register(Bgrun.WORKOUT_RECOVERY_IDENTIFIER, (_s, task) => {
            Bgrun.WorkoutSession.recover_async(scheduler, null, (_x, result) => {
                try {
                    recovery.resolve([task, Bgrun.WorkoutSession.recover_finish(result)]);
                } catch (e) {
                    recovery.reject(e);
                }
            });
        });
        driver.advance(1);
        const [task, recovered] = await recovery.promise;

        assert(task instanceof Bgrun.WorkoutRecoveryTask, `a WorkoutRecoveryTask, not ${task}`);
        assertEqual(task.identifier, 'org.bgrun.workout-recovery', 'identifier');
        assertEqual(recovered.state, Bgrun.WorkoutSessionState.RUNNING, 'recovered state');
        const heart = recovered.get_builder().get_statistics(Bgrun.QuantityType.HEART_RATE);
        assertEqual([heart.get_count(), heart.get_maximum()], [5, 124], 'recovered samples');
        assertEqual(task.state, Bgrun.TaskState.COMPLETED, 'the task completed by itself');

        recovered.end();
        recovered.get_builder().discard_workout();
        scheduler.run_dispose();
        driver.run_dispose();
        assertEqual(await stopDaemon(daemon), 0, 'bgrund exit status');
    },
};
