# A real PulseAudio server for the audio tests, private to the test
# process: its own runtime directory and socket, a null sink whose monitor
# is the default source, and module-role-cork. pactl and paplay talk to it
# through PULSE_SERVER, which is also what libbgrun's pulsesink and
# pulsesrc in this process connect to.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# As root, pulseaudio warns that it is not meant to run as root (without
# --system) and runs: that is the mode used here, in the foreground
# (--daemonize=no) so the test owns the process. -n skips the default
# script, so only the modules loaded here exist.

import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
import time

import pytest

TIMEOUT = 10.0


def have_pulseaudio():
    return shutil.which('pulseaudio') is not None and shutil.which('pactl') is not None


def require_tools(*tools):
    '''Skips the test, saying which, when a command it needs is missing
    (tools/debian-packages.txt lists their packages).'''
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        pytest.skip(f'not installed: {", ".join(missing)} (see tools/debian-packages.txt)')


def die_with_parent():
    '''In the child, before exec: the kernel sends it SIGTERM when the test
    process dies, however it dies (a meson timeout, SIGKILL), so no server
    outlives its test.'''
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class PulseServer:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='bgrun-pulse-')
        os.chmod(self.dir, 0o700)
        self.socket = os.path.join(self.dir, 'native')
        self.address = f'unix:{self.socket}'
        self.log = open(os.path.join(self.dir, 'pulseaudio.log'), 'w')
        env = dict(os.environ, PULSE_RUNTIME_PATH=self.dir, PULSE_STATE_PATH=self.dir)
        self.process = subprocess.Popen(
            ['pulseaudio', '-n', '--daemonize=no', '--exit-idle-time=-1',
             '--disallow-exit=no', '--use-pid-file=no',
             f'--load=module-native-protocol-unix auth-anonymous=1 socket={self.socket}',
             '--load=module-null-sink sink_name=null',
             '--load=module-role-cork'],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, preexec_fn=die_with_parent)
        deadline = time.monotonic() + TIMEOUT
        while self.pactl_status('info') != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f'pulseaudio did not start: {self.read_log()}')
            time.sleep(0.05)

    def env(self):
        return dict(os.environ, PULSE_SERVER=self.address)

    def read_log(self):
        with open(self.log.name) as f:
            return f.read()

    def pactl_status(self, *args):
        return subprocess.run(['pactl', '--server', self.address, *args],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode

    def pactl(self, *args):
        '''Runs pactl against this server; returns its output.'''
        return subprocess.run(['pactl', '--server', self.address, *args], check=True,
                              capture_output=True, text=True, timeout=TIMEOUT).stdout

    def load_null_sink(self, name):
        '''Loads a null sink named @name (headphones plugged in); returns
        the module index to unload it with.'''
        return int(self.pactl('load-module', 'module-null-sink', f'sink_name={name}').strip())

    def unload(self, module):
        self.pactl('unload-module', str(module))

    def sink_inputs(self):
        '''The playback streams: a list of dicts of their properties.'''
        streams = []
        for block in self.pactl('list', 'sink-inputs').split('\n\n'):
            props = {}
            for line in block.splitlines():
                line = line.strip()
                if ' = ' in line:
                    key, value = line.split(' = ', 1)
                    props[key] = value.strip('"')
                elif line.startswith('Sink Input #'):
                    props['index'] = line.split('#', 1)[1]
                elif line.startswith('Corked:'):
                    props['corked'] = line.split(':', 1)[1].strip()
                elif line.startswith('Volume:') and '%' in line:
                    # "Volume: front-left: 13107 /  20% / …": the first
                    # channel's, in percent.
                    props['volume'] = int(line.split('/')[1].strip().rstrip('%'))
            if props:
                streams.append(props)
        return streams

    def source_outputs(self):
        '''The recording streams: a list of dicts of their properties.'''
        streams = []
        for block in self.pactl('list', 'source-outputs').split('\n\n'):
            props = {}
            for line in block.splitlines():
                line = line.strip()
                if ' = ' in line:
                    key, value = line.split(' = ', 1)
                    props[key] = value.strip('"')
            if props:
                streams.append(props)
        return streams

    def play_role(self, wav, role):
        '''Starts paplay playing @wav with media.role=@role; returns the
        process.'''
        return subprocess.Popen(['paplay', '--server', self.address,
                                 f'--property=media.role={role}', wav],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def pulse(monkeypatch):
    '''A private PulseAudio server, and PULSE_SERVER pointing at it for the
    test's process and children.'''
    if not have_pulseaudio():
        pytest.skip('pulseaudio or pactl is not installed (packages pulseaudio and '
                    'pulseaudio-utils, in tools/debian-packages.txt)')
    server = PulseServer()
    monkeypatch.setenv('PULSE_SERVER', server.address)
    yield server
    server.stop()


def gst_launch(*pipeline, env=None, timeout=60):
    '''Runs gst-launch-1.0 with @pipeline (a list of words) to the end.'''
    require_tools('gst-launch-1.0')
    subprocess.run(['gst-launch-1.0', '-q', *pipeline], check=True, env=env,
                   stdout=subprocess.DEVNULL, timeout=timeout)


def make_vorbis(path, seconds, title=None, artist=None, freq=440):
    '''Writes an Ogg Vorbis file of a @seconds long tone, with tags.'''
    buffers = int(seconds * 44100 / 1024)
    tags = []
    if title or artist:
        # gst-launch joins its arguments with spaces before parsing them:
        # the quotes around values with spaces are escaped inside the
        # quoted property.
        values = ','.join(f'{k}=\\"{v}\\"' for k, v in (('title', title), ('artist', artist)) if v)
        tags = ['!', 'taginject', f'tags="{values}"']
    gst_launch('audiotestsrc', f'num-buffers={buffers}', 'samplesperbuffer=1024', f'freq={freq}',
               '!', 'audio/x-raw,rate=44100,channels=2', '!', 'audioconvert', *tags,
               '!', 'vorbisenc', '!', 'oggmux', '!', 'filesink', f'location={path}')


def make_wav(path, seconds, freq=880):
    buffers = int(seconds * 44100 / 1024)
    gst_launch('audiotestsrc', f'num-buffers={buffers}', 'samplesperbuffer=1024', f'freq={freq}',
               '!', 'audio/x-raw,rate=44100,channels=2,format=S16LE', '!', 'wavenc',
               '!', 'filesink', f'location={path}')


def decoded_seconds(path):
    '''Decodes @path with GStreamer (decodebin) to the end and returns how
    many seconds of audio came out; 0 if it cannot be decoded at all.'''
    import gi
    gi.require_version('Gst', '1.0')
    from gi.repository import Gst
    Gst.init(None)
    pipeline = Gst.parse_launch(
        f'filesrc location="{path}" ! decodebin ! audioconvert ! '
        'audio/x-raw,format=S16LE ! appsink name=sink sync=false emit-signals=false')
    sink = pipeline.get_by_name('sink')
    samples = 0
    pipeline.set_state(Gst.State.PLAYING)
    while True:
        sample = sink.emit('try-pull-sample', 5 * Gst.SECOND)
        if sample is None:
            break
        caps = sample.get_caps().get_structure(0)
        rate = caps.get_value('rate')
        channels = caps.get_value('channels')
        samples += sample.get_buffer().get_size() / (2 * channels) / rate
    bus = pipeline.get_bus()
    error = bus.pop_filtered(Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    if error is not None and samples == 0:
        return 0
    return samples
