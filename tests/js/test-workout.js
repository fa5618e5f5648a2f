// Workout sessions from JavaScript: the enums, the state machine and its
// errors, the builder's statistics and elapsed time, finishing into a
// workout, recovery after a crash, a TCX export, and a location session
// feeding the route and distance.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Issue 15, points 1, 2, 3, 4, 5 (the binding side). Time moves only through
// the test driver.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows, deferred} from './harness.js';

const APP = 'org.example.JsWorkouts';
const State = Bgrun.WorkoutSessionState;
const Quantity = Bgrun.QuantityType;

function isError(domain, code) {
    return e => e instanceof GLib.Error && e.matches(domain, code);
}

function newSession(scheduler) {
    return Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR));
}

// A GPX track north along longitude 10 from the equator, 100 m every
// 10 s: [seconds, metres].
const METRES_PER_DEGREE = 110574.389;
function writeGpx(points) {
    const [file, stream] = Gio.File.new_tmp('bgrun-XXXXXX.gpx');
    const body = points.map(([t, north]) => {
        const when = GLib.DateTime.new_utc(2026, 5, 1, 8, 0, 0).add_seconds(t).format_iso8601();
        return `<trkpt lat="${(north / METRES_PER_DEGREE).toFixed(9)}" lon="10"><time>${when}</time></trkpt>`;
    }).join('\n');
    const text = `<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n${body}\n</trkseg></trk>\n</gpx>\n`;
    stream.get_output_stream().write_all(new TextEncoder().encode(text), null);
    stream.close(null);
    return file;
}

function finish(builder) {
    const {promise, resolve, reject} = deferred();
    builder.finish_workout_async(null, (b, result) => {
        try {
            resolve(b.finish_workout_finish(result));
        } catch (e) {
            reject(e);
        }
    });
    return promise;
}

export default {
    'the workout enums are visible by name'() {
        assertEqual([State.NOT_STARTED, State.PREPARED, State.RUNNING, State.PAUSED, State.STOPPED,
            State.ENDED], [0, 1, 2, 3, 4, 5], 'states');
        assertEqual([Quantity.HEART_RATE, Quantity.STEP_COUNT], [0, 5], 'quantity types');
        assertEqual(Bgrun.N_QUANTITY_TYPES, 6, 'number of quantity types');
        assertEqual(Bgrun.WorkoutEventType.SEGMENT, 6, 'event type');
        assertEqual(Bgrun.WorkoutError.JOURNAL, 7, 'error code');
    },

    'a session moves through its states and refuses the rest'() {
        const driver = Bgrun.TestDriver.new(APP);
        const session = newSession(driver.get_scheduler());
        const changes = [];
        session.connect('state-changed', (_s, to, from) => changes.push([to, from]));
        assertThrows(() => session.pause(), isError(Bgrun.SessionError, Bgrun.SessionError.INVALID_STATE),
            'pausing a session not started');
        assertEqual(session.state, State.NOT_STARTED, 'state after the refusal');
        session.prepare();
        session.start_activity(null);
        session.pause();
        session.resume();
        session.stop_activity(null);
        assertThrows(() => session.resume(), isError(Bgrun.SessionError, Bgrun.SessionError.INVALID_STATE),
            'resuming a stopped session');
        session.end();
        assertEqual(changes, [[1, 0], [2, 1], [3, 2], [2, 3], [4, 2], [5, 4]], 'moves');
    },

    'one workout session per app'() {
        const driver = Bgrun.TestDriver.new(APP);
        newSession(driver.get_scheduler()).start_activity(null);
        assertThrows(() => newSession(driver.get_scheduler()),
            isError(Bgrun.SessionError, Bgrun.SessionError.SESSION_IN_PROGRESS), 'a second session');
    },

    async 'the builder gives statistics and finishes a workout'() {
        const driver = Bgrun.TestDriver.new(APP);
        const session = newSession(driver.get_scheduler());
        const builder = session.get_builder();
        session.start_activity(null);
        builder.begin_collection(null);
        builder.add_sample(Quantity.HEART_RATE, 100, null);
        builder.add_sample(Quantity.DISTANCE, 10, null);
        driver.advance(10);
        builder.add_sample(Quantity.HEART_RATE, 160, null);
        builder.add_sample(Quantity.DISTANCE, 30, null);
        driver.advance(30);
        const heart = builder.get_statistics(Quantity.HEART_RATE);
        assertEqual([heart.get_minimum(), heart.get_maximum(), heart.get_average()], [100, 160, 145],
            'heart rate');
        assert(Number.isNaN(heart.get_sum()), 'no sum of a heart rate');
        const distance = builder.get_statistics(Quantity.DISTANCE);
        assertEqual(distance.get_sum(), 40, 'distance');
        assert(Number.isNaN(distance.get_average()), 'no average of a distance');
        assertThrows(() => builder.add_sample(Quantity.SPEED, -1, null),
            isError(Bgrun.WorkoutError, Bgrun.WorkoutError.INVALID_SAMPLE), 'a negative speed');
        session.pause();
        driver.advance(60);
        assertEqual(builder.elapsed_time, 40, 'elapsed time without the pause');
        session.end();
        builder.end_collection(null);
        const workout = await finish(builder);
        assertEqual(workout.duration, 40, 'duration');
        assertEqual(workout.get_events().get_n_items(), 1, 'the pause event');
        assertEqual(workout.get_statistics(Quantity.DISTANCE).get_sum(), 40, 'the workout\'s distance');
    },

    async 'a workout dropped without finishing is recovered, and exports'() {
        const directory = GLib.dir_make_tmp('bgrun-js-workout-XXXXXX');
        const clock = Bgrun.TestClock.new(null);
        const scheduler = () => GObject.Object.new(Bgrun.Scheduler,
            {app_id: APP, clock, state_directory: directory});
        let session = newSession(scheduler());
        session.start_activity(null);
        session.get_builder().begin_collection(null);
        for (let n = 0; n < 5; n++) {
            session.get_builder().add_sample(Quantity.HEART_RATE, 120 + n, null);
            clock.advance(1);
        }
        session = null;
        imports.system.gc();

        const {promise, resolve, reject} = deferred();
        Bgrun.WorkoutSession.recover_async(scheduler(), null, (_s, result) => {
            try {
                resolve(Bgrun.WorkoutSession.recover_finish(result));
            } catch (e) {
                reject(e);
            }
        });
        const recovered = await promise;
        assertEqual(recovered.state, State.RUNNING, 'recovered state');
        const builder = recovered.get_builder();
        assertEqual(builder.get_statistics(Quantity.HEART_RATE).get_count(), 5, 'recovered samples');
        builder.end_collection(null);
        recovered.end();
        const workout = await finish(builder);
        const file = Gio.File.new_for_path(GLib.build_filenamev([directory, 'workout.tcx']));
        assert(workout.export_tcx(file), 'export_tcx');
        const [, contents] = file.load_contents(null);
        const text = new TextDecoder().decode(contents);
        assertEqual((text.match(/<Trackpoint>/g) ?? []).length, 5, 'track points');
        assertThrows(() => workout.export_gpx(file),
            isError(Gio.IOErrorEnum, Gio.IOErrorEnum.NOT_SUPPORTED), 'GPX without a route');
    },

    async 'a location session feeds the route, distance and speed'() {
        const driver = Bgrun.TestDriver.new(APP);
        const track = writeGpx([0, 1, 2, 3, 4, 5, 6].map(i => [i * 10, i * 100]));
        const location = Bgrun.LocationSession.new(driver.get_scheduler());
        location.provider = Bgrun.LocationProvider.REPLAY;
        location.replay_file = track;
        const session = newSession(driver.get_scheduler());
        session.add_location_source(location);
        assertThrows(() => session.add_location_source(location),
            isError(Gio.IOErrorEnum, Gio.IOErrorEnum.EXISTS), 'the same location session twice');
        session.start_activity(null);
        const builder = session.get_builder();
        builder.begin_collection(null);
        location.start();
        driver.advance(0);
        driver.advance(60);
        location.stop();
        const distance = builder.get_statistics(Quantity.DISTANCE);
        assertEqual(distance.get_count(), 6, 'distance samples');
        assert(Math.abs(distance.get_sum() - 600) < 0.01, `600 m, not ${distance.get_sum()}`);
        const speed = builder.get_statistics(Quantity.SPEED);
        assert(Math.abs(speed.get_average() - 10) < 0.01, `10 m/s, not ${speed.get_average()}`);
        session.stop_activity(null);
        builder.end_collection(null);
        const workout = await finish(builder);
        const gpx = Gio.File.new_for_path(`${track.get_path()}.out.gpx`);
        assert(workout.export_gpx(gpx), 'export_gpx');
        const [, contents] = gpx.load_contents(null);
        const text = new TextDecoder().decode(contents);
        assertEqual((text.match(/<trkpt /g) ?? []).length, 7, 'route points');
        session.end();
        gpx.delete(null);
        track.delete(null);
    },
};
