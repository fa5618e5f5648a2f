// Bgrun.LocationSession from JavaScript: the enums, the boxed Location and
// its geodesy, a replayed track with its signals, a region crossed, and
// the error of a track that does not parse.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Replays are timed by the test driver's clock: nothing waits.

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows} from './harness.js';

const APP = 'org.example.JsLocation';
export const METRES_PER_DEGREE = 110574.389;

// A GPX track north along @longitude (10 unless told) from the equator:
// [seconds, metres].
export function writeGpx(points, longitude = 10) {
    const [file, stream] = Gio.File.new_tmp('bgrun-XXXXXX.gpx');
    const body = points.map(([t, north]) => {
        const when = GLib.DateTime.new_utc(2026, 5, 1, 8, 0, 0).add_seconds(t).format_iso8601();
        return `<trkpt lat="${(north / METRES_PER_DEGREE).toFixed(9)}" lon="${longitude}"><time>${when}</time></trkpt>`;
    }).join('\n');
    const text = `<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n${body}\n</trkseg></trk>\n</gpx>\n`;
    stream.get_output_stream().write_all(new TextEncoder().encode(text), null);
    stream.close(null);
    return file;
}

function replaySession(driver, file) {
    const session = Bgrun.LocationSession.new(driver.get_scheduler());
    session.provider = Bgrun.LocationProvider.REPLAY;
    session.replay_file = file;
    session.pauses_updates_automatically = false;
    return session;
}

export default {
    'the location enums are visible by name'() {
        assertEqual([Bgrun.LocationProvider.AUTO, Bgrun.LocationProvider.GEOCLUE,
            Bgrun.LocationProvider.GPSD, Bgrun.LocationProvider.REPLAY], [0, 1, 2, 3], 'providers');
        assertEqual(Bgrun.LocationAccuracy.REDUCED, 5, 'REDUCED');
        assertEqual(Bgrun.LocationActivityType.FITNESS, 2, 'FITNESS');
        assertEqual([Bgrun.RegionEvent.ENTER, Bgrun.RegionEvent.EXIT], [0, 1], 'region events');
        assertEqual(Bgrun.LOCATION_MAX_REGIONS, 100, 'LOCATION_MAX_REGIONS');
    },

    'Location measures geodesic distances and bearings'() {
        // Vincenty's own test line: Flinders Peak to Buninyong.
        const flinders = Bgrun.Location.new(-(37 + 57 / 60 + 3.7203 / 3600), 144 + 25 / 60 + 29.5244 / 3600);
        const buninyong = Bgrun.Location.new(-(37 + 39 / 60 + 10.1561 / 3600), 143 + 55 / 60 + 35.3839 / 3600);
        assert(Math.abs(flinders.distance_to(buninyong) - 54972.271) < 0.001, 'distance');
        assert(Math.abs(flinders.bearing_to(buninyong) - (306 + 52 / 60 + 5.37 / 3600)) < 1e-5, 'bearing');
        assertEqual(flinders.get_speed(), -1, 'unknown speed');
        assert(Number.isNaN(flinders.get_altitude()), 'unknown altitude');
    },

    'a replayed track crosses a region'() {
        const driver = Bgrun.TestDriver.new(APP);
        const file = writeGpx(Array.from({length: 41}, (_, i) => [i * 5, i * 50]));
        const session = replaySession(driver, file);
        const region = Bgrun.Region.new('depot', 1000 / METRES_PER_DEGREE, 10, 200);
        session.monitor_region(region);
        const seen = [];
        session.connect('location-updated', (_s, location) =>
            seen.push(Math.round(location.get_latitude() * METRES_PER_DEGREE)));
        session.connect('region-event', (_s, r, event) => seen.push([r.identifier, event]));

        session.start();
        assertEqual(session.active_provider, 'replay', 'active provider');
        driver.advance(200);
        assert(session.running, 'still running after the last point');
        assertEqual(seen.filter(e => Array.isArray(e)),
            [['depot', Bgrun.RegionEvent.ENTER], ['depot', Bgrun.RegionEvent.EXIT]], 'region events');
        assertEqual(seen.filter(e => !Array.isArray(e)).length, 41, 'every point delivered');
        assertEqual(session.location.get_timestamp().format_iso8601(), '2026-05-01T08:03:20Z', 'track time');
        session.stop_monitoring_region(region);
        session.stop();
        file.delete(null);
    },

    'a track that does not parse is a LocationError naming the line'() {
        const driver = Bgrun.TestDriver.new(APP);
        const [file, stream] = Gio.File.new_tmp('bgrun-XXXXXX.nmea');
        stream.get_output_stream().write_all(new TextEncoder().encode('$GPRMC,1\n'), null);
        stream.close(null);
        const session = replaySession(driver, file);
        let failed = null;
        session.connect('failed', (_s, error) => {
            failed = error;
        });
        assertThrows(() => session.start(),
            e => e instanceof GLib.Error && e.matches(Bgrun.LocationError, Bgrun.LocationError.REPLAY_FILE) &&
                e.message.includes('line 1: '),
            'start()');
        assert(failed !== null && failed.matches(Bgrun.LocationError, Bgrun.LocationError.REPLAY_FILE),
            'failed emitted');
        file.delete(null);
    },
};
