# Bgrun.AudioRecorder against a real PulseAudio server: a tone played into
# the null sink is recorded from its monitor (the default source) as Ogg
# Opus, FLAC and WAV, with level and duration; pause and resume; the bad
# inputs; and what is left when the recording process is killed with
# SIGKILL.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 6 and 7.

import os
import pathlib
import signal
import struct
import subprocess
import sys
import time

import pytest

from conftest import Bgrun, Gio, GLib, spin_until
from pulse_helpers import decoded_seconds, pulse, require_tools  # noqa: F401

Format = Bgrun.AudioFormat
State = Bgrun.AudioRecorderState
CHILD = str(pathlib.Path(__file__).with_name('audio_record_child.py'))
FULL_CHILD = str(pathlib.Path(__file__).with_name('audio_disk_full_child.py'))


@pytest.fixture
def tone(pulse):
    '''A 440 Hz tone into the null sink, so its monitor hears it.'''
    pulse.pactl('load-module', 'module-sine', 'sink=null', 'frequency=440')
    return pulse


@pytest.fixture
def recorder(tone):
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.RECORD, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    session.set_active(True)
    recorder = Bgrun.AudioRecorder.new(session)
    yield recorder
    recorder.stop()
    session.set_active(False)


@pytest.mark.parametrize('fmt, name', [(Format.OPUS, 'note.opus'), (Format.FLAC, 'note.flac'),
                                       (Format.WAV, 'note.wav')])
def test_records_the_tone_with_level_and_duration(recorder, tmp_path, fmt, name):
    path = tmp_path / name
    assert recorder.props.format == Format.OPUS, 'Opus by default'
    recorder.props.format = fmt
    levels = []
    recorder.connect('notify::level', lambda r, _p: levels.append((time.monotonic(), r.props.level)))
    recorder.start(Gio.File.new_for_path(str(path)))
    assert recorder.props.state == State.RECORDING
    assert recorder.props.file.get_path() == str(path)
    spin_until(lambda: recorder.props.duration >= 2.0, what='two seconds of recording')
    recorder.stop()
    assert recorder.props.state == State.IDLE
    assert recorder.props.level == -120.0

    # module-sine plays at -20 dB or so: clearly above silence.
    heard = [level for _, level in levels if level > -40]
    assert heard, f'levels seen: {levels[:5]}'
    rate = (len(levels) - 1) / (levels[-1][0] - levels[0][0])
    assert rate <= 11, 'at most 10 Hz'
    decoded = decoded_seconds(path)
    assert decoded == pytest.approx(recorder.props.duration, abs=0.3)


def test_pause_leaves_no_gap_and_is_not_counted(recorder, tmp_path):
    path = tmp_path / 'paused.wav'
    recorder.props.format = Format.WAV
    recorder.start(Gio.File.new_for_path(str(path)))
    spin_until(lambda: recorder.props.duration >= 1.0, what='a second')
    recorder.pause()
    assert recorder.props.state == State.PAUSED
    paused_at = recorder.props.duration
    deadline = time.monotonic() + 1.0
    spin_until(lambda: time.monotonic() >= deadline, what='a paused second')
    assert recorder.props.duration == paused_at
    recorder.resume()
    assert recorder.props.state == State.RECORDING
    spin_until(lambda: recorder.props.duration >= paused_at + 1.0, what='another second')
    recorder.stop()
    assert decoded_seconds(path) == pytest.approx(recorder.props.duration, abs=0.3)
    assert recorder.props.duration < 2.8, 'the paused second is not in it'


def test_bad_files_and_double_starts_are_precise_errors(recorder, tmp_path):
    missing = tmp_path / 'no-such-dir' / 'x.opus'
    with pytest.raises(GLib.Error) as raised:
        recorder.start(Gio.File.new_for_path(str(missing)))
    assert raised.value.matches(Bgrun.audio_error_quark(), Bgrun.AudioError.RECORDING)
    assert str(missing) in raised.value.message
    assert recorder.props.state == State.IDLE

    with pytest.raises(GLib.Error) as raised:
        recorder.start(Gio.File.new_for_uri('https://example.com/x.opus'))
    assert raised.value.matches(Bgrun.audio_error_quark(), Bgrun.AudioError.INVALID_ARGUMENT)

    recorder.start(Gio.File.new_for_path(str(tmp_path / 'one.opus')))
    with pytest.raises(GLib.Error) as raised:
        recorder.start(Gio.File.new_for_path(str(tmp_path / 'two.opus')))
    assert raised.value.matches(Bgrun.audio_error_quark(), Bgrun.AudioError.INVALID_STATE)
    assert 'one.opus' in raised.value.message


def test_without_a_sound_server_start_fails_with_a_server_error(tmp_path, monkeypatch):
    monkeypatch.setenv('PULSE_SERVER', f'unix:{tmp_path}/nothing-here')
    recorder = Bgrun.AudioRecorder.new(None)
    with pytest.raises(GLib.Error) as raised:
        recorder.start(Gio.File.new_for_path(str(tmp_path / 'x.opus')))
    assert raised.value.matches(Bgrun.audio_error_quark(), Bgrun.AudioError.SERVER)
    assert recorder.props.state == State.IDLE


def wav_header_sizes(path):
    data = path.read_bytes()
    riff, = struct.unpack_from('<I', data, 4)
    data_size, = struct.unpack_from('<I', data, 40)
    return len(data), riff, data_size


@pytest.mark.parametrize('fmt', ['opus', 'flac', 'wav'])
def test_a_recording_killed_at_three_seconds_plays_at_least_two(tone, tmp_path, fmt):
    path = tmp_path / f'killed.{fmt}'
    child = subprocess.Popen([sys.executable, CHILD, fmt, str(path)], stdout=subprocess.PIPE,
                             text=True)
    try:
        recorded = 0.0
        deadline = time.monotonic() + 20
        while recorded < 3.0:
            line = child.stdout.readline()
            assert line, 'the recording process ended by itself'
            assert not line.startswith('error'), line
            recorded = float(line)
            assert time.monotonic() < deadline, 'three seconds were not recorded in time'
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    decoded = decoded_seconds(path)
    assert decoded >= 2.0, f'{decoded} s decoded of {recorded} s recorded'
    if fmt == 'wav':
        size, riff, data_size = wav_header_sizes(path)
        assert riff == 36 + data_size
        assert data_size <= size - 44
        assert data_size >= (recorded - 1.0) * 48000 * 4, 'rewritten within the last second'


@pytest.mark.parametrize('fmt, size', [('opus', '24k'), ('flac', '96k'), ('wav', '256k')])
def test_a_full_disk_stops_with_a_precise_error_and_a_playable_file(tone, tmp_path, fmt, size):
    require_tools('unshare', 'mount')
    if subprocess.run(['unshare', '--mount', '--propagation', 'private', 'true'],
                      stderr=subprocess.DEVNULL).returncode != 0:
        pytest.skip('no permission for a private mount namespace (unshare --mount)')
    directory = tmp_path / 'small-disk'
    directory.mkdir()
    child = subprocess.run(['unshare', '--mount', '--propagation', 'private', sys.executable,
                            FULL_CHILD, fmt, str(directory), size],
                           capture_output=True, text=True, timeout=60,
                           cwd=str(pathlib.Path(FULL_CHILD).parent))
    lines = child.stdout.splitlines()
    assert child.returncode == 0 and len(lines) == 3, (child.stdout, child.stderr)
    error, state, decoded = lines
    assert error.startswith(f'bgrun-audio-error-quark {int(Bgrun.AudioError.RECORDING)} ')
    assert 'the disk is full' in error and f'full.{fmt}' in error
    assert state == 'idle'
    assert float(decoded) >= 0.5, f'{decoded} s playable after the disk filled'
