// Bgrun.AudioPlayer and Bgrun.AudioSession from JavaScript, against a
// private PulseAudio server this file starts: the enums, the session's
// category checks, and a queue that plays, moves on, reports a missing
// item and skips it.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Issue 13, point 7. The server runs in this process's private runtime
// directory (tests/isolate) and PULSE_SERVER points libbgrun's pulsesink
// at it; without pulseaudio or gst-launch-1.0 the tests that need them
// fail, saying what is missing (tools/debian-packages.txt installs both).

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Bgrun from 'gi://Bgrun?version=1.0';

import {assert, assertEqual, assertThrows, deferred, delay} from './harness.js';

const runtimeDir = GLib.get_user_runtime_dir();
const pulseDir = GLib.build_filenamev([runtimeDir, 'audio-js-pulse']);
const socket = GLib.build_filenamev([pulseDir, 'native']);
let server = null;

function findProgram(name) {
    const path = GLib.find_program_in_path(name);
    if (path === null)
        throw new Error(`${name} is not installed (see tools/debian-packages.txt)`);
    return path;
}

function run(argv) {
    const process = Gio.Subprocess.new(argv, Gio.SubprocessFlags.STDOUT_SILENCE |
        Gio.SubprocessFlags.STDERR_SILENCE);
    return new Promise((resolve, reject) => {
        process.wait_check_async(null, (p, result) => {
            try {
                p.wait_check_finish(result);
                resolve();
            } catch (e) {
                reject(new Error(`${argv.join(' ')}: ${e.message}`));
            }
        });
    });
}

async function startServer() {
    if (server !== null)
        return;
    GLib.mkdir_with_parents(pulseDir, 0o700);
    const launcher = new Gio.SubprocessLauncher({flags: Gio.SubprocessFlags.STDOUT_SILENCE |
        Gio.SubprocessFlags.STDERR_SILENCE});
    launcher.setenv('PULSE_RUNTIME_PATH', pulseDir, true);
    launcher.setenv('PULSE_STATE_PATH', pulseDir, true);
    // setpriv: the server gets SIGTERM when this process dies, however.
    server = launcher.spawnv([findProgram('setpriv'), '--pdeathsig', 'TERM',
        findProgram('pulseaudio'), '-n', '--daemonize=no',
        '--exit-idle-time=-1', '--use-pid-file=no',
        `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
        '--load=module-null-sink sink_name=null']);
    GLib.setenv('PULSE_SERVER', `unix:${socket}`, true);
    const pactl = findProgram('pactl');
    for (let i = 0; i < 100; i++) {
        try {
            await run([pactl, 'info']);
            return;
        } catch {
            await delay(50);
        }
    }
    throw new Error('pulseaudio did not start');
}

function makeVorbis(name, seconds, title) {
    const path = GLib.build_filenamev([runtimeDir, name]);
    return run([findProgram('gst-launch-1.0'), '-q', 'audiotestsrc',
        `num-buffers=${Math.round(seconds * 44100 / 1024)}`, 'samplesperbuffer=1024', '!',
        'audioconvert', '!', 'taginject', `tags="title=\\"${title}\\""`, '!', 'vorbisenc', '!',
        'oggmux', '!', 'filesink', `location=${path}`]).then(() => Gio.File.new_for_path(path).get_uri());
}

function waitFor(object, property, predicate) {
    const {promise, resolve} = deferred();
    if (predicate(object[property]))
        return Promise.resolve();
    const id = object.connect(`notify::${property}`, () => {
        if (predicate(object[property])) {
            object.disconnect(id);
            resolve();
        }
    });
    return promise;
}

// Whether this libbgrun was built with audio (-Daudio): without it the
// tests that play or record check that they are refused as they should be.
function audioBuilt() {
    const session = Bgrun.AudioSession.get_default();
    try {
        session.set_active(true);
    } catch (e) {
        if (e instanceof GLib.Error &&
            e.matches(Bgrun.SessionError, Bgrun.SessionError.NOT_SUPPORTED))
            return false;
        throw e;
    }
    session.set_active(false);
    return true;
}

function assertNotSupported(fn, what) {
    assertThrows(fn, e => e instanceof GLib.Error &&
        e.matches(Bgrun.SessionError, Bgrun.SessionError.NOT_SUPPORTED) &&
        e.message.includes('-Daudio=enabled'), what);
}

function isAudioError(code) {
    return e => e instanceof GLib.Error && e.matches(Bgrun.audio_error_quark(), code);
}

export default {
    'the audio enums are visible by name'() {
        assertEqual([Bgrun.AudioCategory.AMBIENT, Bgrun.AudioCategory.SOLO_AMBIENT,
            Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioCategory.RECORD,
            Bgrun.AudioCategory.PLAY_AND_RECORD], [0, 1, 2, 3, 4], 'categories');
        assertEqual(Bgrun.AudioOptions.DUCK_OTHERS, 2, 'options are flags');
        assertEqual(Bgrun.InterruptionOptions.SHOULD_RESUME, 1, 'interruption options');
        assertEqual(Bgrun.RouteChangeReason.OLD_DEVICE_UNAVAILABLE, 2, 'route change');
        assertEqual(Bgrun.AudioPlayerState.PAUSED, 2, 'player state');
        assertEqual(Bgrun.AudioFormat.WAV, 2, 'format');
    },

    'the session checks its category'() {
        const session = Bgrun.AudioSession.get_default();
        assertThrows(() => session.set_category(Bgrun.AudioCategory.AMBIENT,
            Bgrun.AudioMode.DEFAULT, Bgrun.AudioOptions.MIX_WITH_OTHERS),
        isAudioError(Bgrun.AudioError.INVALID_CATEGORY), 'options with ambient');
        session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.VOICE_CHAT,
            Bgrun.AudioOptions.NONE);
        assertEqual(session.mode, Bgrun.AudioMode.DEFAULT, 'a mode that does not fit');
        assertEqual(session.media_role, 'music', 'media role');
    },

    async 'a queue plays, reports a missing item and moves on'() {
        if (!audioBuilt()) {
            const player = Bgrun.AudioPlayer.new(null);
            player.append_uri('file:///nothing.ogg');
            assertNotSupported(() => player.play(), 'play() without audio in the build');
            return;
        }
        await startServer();
        const first = await makeVorbis('first.ogg', 0.5, 'First');
        const second = await makeVorbis('second.ogg', 0.5, 'Second');
        const missing = Gio.File.new_for_path(GLib.build_filenamev([runtimeDir, 'gone.ogg'])).get_uri();
        const player = Bgrun.AudioPlayer.new(null);
        // The missing item comes first: its error is reported when it is
        // loaded. (Skipping one between two items that play gaplessly is
        // tested from Python, in test_audio_player.py.)
        for (const uri of [missing, first, second])
            player.append_uri(uri);
        assertEqual(player.get_queue().get_n_items(), 3, 'queue length');
        assertEqual(player.get_queue().get_item(0).uri, missing, 'item URI');
        const errors = [];
        const titles = [];
        player.connect('error', (_p, error) => errors.push(error.message));
        player.connect('notify::title', p => titles.push(p.title));

        assert(player.play(), 'play() returns true');
        assertEqual(player.state, Bgrun.AudioPlayerState.PLAYING, 'playing');
        await waitFor(player, 'title', title => title === 'Second');
        await waitFor(player, 'state', state => state === Bgrun.AudioPlayerState.STOPPED);
        assertEqual(errors.length, 1, 'one error');
        assert(errors[0].includes(missing), `the error names the URI: ${errors[0]}`);
        assert(titles.includes('First'), `the first item played: ${JSON.stringify(titles)}`);
        assertEqual(player.get_queue().get_item(1).title, 'First', 'tags reach the item');
        player.clear();
    },

    async 'a recorder records a tone as WAV'() {
        if (!audioBuilt()) {
            assertNotSupported(() => Bgrun.AudioRecorder.new(null).start(
                Gio.File.new_for_path(GLib.build_filenamev([runtimeDir, 'x.wav']))),
            'start() without audio in the build');
            return;
        }
        await startServer();
        await run([findProgram('pactl'), 'load-module', 'module-sine', 'sink=null',
            'frequency=440']);
        const session = Bgrun.AudioSession.get_default();
        session.set_category(Bgrun.AudioCategory.RECORD, Bgrun.AudioMode.DEFAULT,
            Bgrun.AudioOptions.NONE);
        const recorder = Bgrun.AudioRecorder.new(session);
        recorder.format = Bgrun.AudioFormat.WAV;
        const path = GLib.build_filenamev([runtimeDir, 'tone.wav']);
        let loudest = -120;
        recorder.connect('notify::level', r => {
            loudest = Math.max(loudest, r.level);
        });
        assert(recorder.start(Gio.File.new_for_path(path)), 'start() returns true');
        assertEqual(recorder.state, Bgrun.AudioRecorderState.RECORDING, 'recording');
        await waitFor(recorder, 'duration', duration => duration >= 1.0);
        assert(recorder.stop(), 'stop() returns true');
        assertEqual(recorder.state, Bgrun.AudioRecorderState.IDLE, 'idle');
        assert(loudest > -40, `the tone was heard (${loudest} dBFS)`);
        const [, contents] = GLib.file_get_contents(path);
        const view = new DataView(contents.buffer, contents.byteOffset);
        const dataSize = view.getUint32(40, true);
        assertEqual(dataSize, contents.length - 44, 'the header states the length');
        assert(dataSize >= 48000 * 4, `at least a second of 48 kHz stereo (${dataSize} bytes)`);
    },

    'a malformed URI is refused'() {
        const player = Bgrun.AudioPlayer.new(null);
        assertThrows(() => player.append_uri('no uri here'),
            isAudioError(Bgrun.AudioError.INVALID_ARGUMENT), 'append_uri');
        if (audioBuilt())
            assertThrows(() => player.play(), isAudioError(Bgrun.AudioError.INVALID_STATE), 'play');
        else
            assertNotSupported(() => player.play(), 'play() without audio in the build');
    },

    'zz: the test server stops'() {
        if (server !== null) {
            server.send_signal(15);
            server = null;
        }
    },
};
