# Audio sessions of several apps, through bgrund: a session that is not
# mixable, becoming active in one app, interrupts the active session of
# another (interruption BEGAN, and ENDED with SHOULD_RESUME when it is
# deactivated); a MIX_WITH_OTHERS session interrupts no one; a
# DUCK_OTHERS session lowers the others' playback on the sound server
# while it is active. Each app is a process of its own
# (audio_app_child.py), with a real bgrund on the test's bus and a real
# PulseAudio server. bgrunctl lists the active audio sessions.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 2 and 9.

import json
import os
import pathlib
import subprocess
import sys
import time

import pytest

from conftest import Bgrun, ChildLog, TIMEOUT
from pulse_helpers import make_vorbis, pulse  # noqa: F401
from test_bgrunctl import ctl, ctl_spinning
from test_bgrunctl_sessions import APP as EMBEDDED_APP, embedded_app  # noqa: F401
from test_ongoing_session_daemon import daemon  # noqa: F401

CHILD = str(pathlib.Path(__file__).with_name('audio_app_child.py'))
PODCASTS = 'org.example.Podcasts'
RADIO = 'org.example.Radio'
DUCKED = 0.2   # BGRUN_AUDIO_DUCK_VOLUME


class App:
    '''An audio_app_child.py process: commands in on stdin, events out,
    one a line.'''

    def __init__(self, app_id, options, media):
        self.app_id = app_id
        self.log = ChildLog()
        self.process = subprocess.Popen([sys.executable, CHILD, app_id, options, str(media)],
                                        stdin=subprocess.PIPE, stdout=self.log.file,
                                        stderr=subprocess.STDOUT, text=True,
                                        env=dict(os.environ, BGRUN_BACKEND='daemon'))
        self.wait_for('ready daemon')

    def lines(self):
        return self.log.read().splitlines()

    def wait_for(self, line, count=1):
        deadline = time.monotonic() + TIMEOUT
        while self.lines().count(line) < count:
            assert self.process.poll() is None, f'{self.app_id} exited: {self.log.read()}'
            assert time.monotonic() < deadline, f'{self.app_id} never said “{line}”: {self.log.read()}'
            time.sleep(0.05)

    def do(self, command, answer=None, count=1):
        self.process.stdin.write(command + '\n')
        self.process.stdin.flush()
        if answer is not None:
            self.wait_for(answer, count)

    def settle(self):
        '''Waits until the app handled everything sent to it so far: what
        bgrund sent before the last command returned is in by then.'''
        time.sleep(0.3)
        self.do('ping', 'pong', count=self.lines().count('pong') + 1)

    def events(self):
        return [line for line in self.lines() if line.startswith('interruption')]

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def media(tmp_path_factory):
    path = tmp_path_factory.mktemp('media') / 'long.ogg'
    make_vorbis(path, 60)
    return path


@pytest.fixture
def apps(pulse, daemon, media):
    started = []

    def start(app_id, options):
        app = App(app_id, options, media)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


def playing(app):
    app.do('activate', 'active')
    app.do('play', 'playing')


def stream_volume(pulse, app_id):
    '''The volume, in percent, of @app_id's playback stream on the server.'''
    streams = [s for s in pulse.sink_inputs() if s.get('application.id') == app_id]
    assert len(streams) == 1, pulse.sink_inputs()
    return streams[0]['volume']


def audio_sessions(app_id=''):
    result = ctl('sessions', '--json', *(['--app', app_id] if app_id else []))
    assert result.returncode == 0, result.stderr
    return [s for s in json.loads(result.stdout) if s['kind'] == 'audio']


def test_a_session_that_does_not_mix_interrupts_another_apps_until_it_ends(apps):
    podcasts = apps(PODCASTS, 'none')
    radio = apps(RADIO, 'none')
    playing(podcasts)

    radio.do('activate', 'active')
    podcasts.wait_for('interruption began none')
    radio.do('play', 'playing')
    listed = {s['app-id']: s for s in audio_sessions()}
    assert listed[PODCASTS]['state'] == 'interrupted' and listed[PODCASTS]['mixable'] is False
    assert listed[RADIO]['state'] == 'playing'

    radio.do('deactivate', 'inactive')
    podcasts.wait_for('interruption ended should-resume')
    # The app resumed in its handler, as apps do.
    podcasts.wait_for('playing', count=2)
    assert podcasts.events() == ['interruption began none', 'interruption ended should-resume']
    radio.settle()
    assert radio.events() == []
    assert [s['app-id'] for s in audio_sessions()] == [PODCASTS]


def test_an_app_that_goes_away_ends_the_interruption_it_caused(apps):
    podcasts = apps(PODCASTS, 'none')
    radio = apps(RADIO, 'none')
    playing(podcasts)
    radio.do('activate', 'active')
    podcasts.wait_for('interruption began none')
    radio.process.kill()
    podcasts.wait_for('interruption ended should-resume')


def test_a_mixable_session_interrupts_no_one(apps):
    podcasts = apps(PODCASTS, 'none')
    radio = apps(RADIO, 'mix-with-others')
    playing(podcasts)
    playing(radio)
    assert {s['app-id']: s['mixable'] for s in audio_sessions()} == {PODCASTS: False, RADIO: True}
    podcasts.settle()
    assert podcasts.events() == []
    radio.do('deactivate', 'inactive')
    podcasts.settle()
    assert podcasts.events() == []


def test_a_ducking_session_lowers_the_others_while_it_is_active(apps, pulse):
    podcasts = apps(PODCASTS, 'none')
    radio = apps(RADIO, 'duck-others')
    playing(podcasts)
    assert stream_volume(pulse, PODCASTS) == 100

    playing(radio)
    podcasts.settle()
    # A fifth of the amplitude, which pactl shows on PulseAudio's cubic
    # scale.
    assert stream_volume(pulse, PODCASTS) == round(DUCKED ** (1 / 3) * 100)
    assert stream_volume(pulse, RADIO) == 100
    assert podcasts.events() == []

    radio.do('deactivate', 'inactive')
    podcasts.settle()
    assert stream_volume(pulse, PODCASTS) == 100


def test_bgrunctl_lists_an_apps_active_audio_session(apps):
    podcasts = apps(PODCASTS, 'none')
    assert audio_sessions(PODCASTS) == []
    podcasts.do('activate', 'active')
    (listed,) = audio_sessions(PODCASTS)
    assert (listed['title'], listed['category'], listed['state']) == ('Audio playback', 'playback', 'idle')
    podcasts.do('play', 'playing')
    (listed,) = audio_sessions(PODCASTS)
    assert listed['state'] == 'playing'
    table = ctl('sessions', '--app', PODCASTS)
    assert table.returncode == 0, table.stderr
    assert any('audio' in line and 'Audio playback' in line and 'Playing' in line
               for line in table.stdout.splitlines()), table.stdout

    # bgrunctl stop deactivates it, as the user's Stop.
    result = ctl('stop', PODCASTS, 'Audio playback')
    assert result.returncode == 0, result.stderr
    podcasts.settle()
    assert audio_sessions(PODCASTS) == []


def test_bgrunctl_lists_the_audio_session_of_an_app_with_its_engine_embedded(pulse, embedded_app):
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.RECORD, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    session.set_active(True)
    try:
        result = ctl_spinning('sessions', '--app', EMBEDDED_APP, '--json')
        assert result.returncode == 0, result.stderr
        (listed,) = json.loads(result.stdout)
        assert listed == {'app-id': EMBEDDED_APP, 'kind': 'audio', 'id': 0xFFFFFFFF,
                          'title': 'Audio recording', 'category': 'record', 'state': 'idle',
                          'status': 'Idle', 'mixable': False, 'ducks-others': False}
    finally:
        session.set_active(False)
    result = ctl_spinning('sessions', '--app', EMBEDDED_APP)
    assert result.returncode == 0 and 'No running sessions.' in result.stdout
