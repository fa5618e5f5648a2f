# Bgrun.AudioSession: categories, modes and options; the keep-alive it
# holds while audio plays or records; media.role on its streams; a
# recording the session loses never ends silently.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 1 and 7. Runs with BGRUN_BACKGROUND_PORTAL=1 and
# BGRUN_INHIBITOR=portal (set by meson), so the keep-alive talks to our
# portal template on the private session bus, and against a private
# PulseAudio server (pulse_helpers.py).

import os
import pathlib
import tempfile

import pytest

from conftest import Bgrun, Gio, GLib, dbusmock, spin_until
from portal_helpers import permission_store, set_background_permission  # noqa: F401
from pulse_helpers import decoded_seconds, make_vorbis, pulse  # noqa: F401

TEMPLATE = str(pathlib.Path(__file__).with_name('keepalive_portal_template.py'))
PORTAL = ('org.freedesktop.portal.Desktop', '/org/freedesktop/portal/desktop')
Category = Bgrun.AudioCategory
Mode = Bgrun.AudioMode
Options = Bgrun.AudioOptions
SUSPEND = 4


@pytest.fixture
def portal():
    log = tempfile.TemporaryFile(mode='w+')
    process, _ = dbusmock.DBusTestCase.spawn_server_template(TEMPLATE, {}, stdout=log,
                                                             system_bus=False)
    yield
    process.terminate()
    process.wait()


def portal_call(method, reply):
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    return bus.call_sync(PORTAL[0], PORTAL[1], 'org.freedesktop.DBus.Mock', method, None,
                         GLib.VariantType(reply), Gio.DBusCallFlags.NO_AUTO_START, -1,
                         None).unpack()[0]


def status_messages():
    return portal_call('GetStatusMessages', '(as)')


def inhibitions():
    return portal_call('ListInhibitions', '(a(ous))')


@pytest.fixture
def session():
    '''The process's one session, put back as it started after the test.'''
    session = Bgrun.AudioSession.get_default()
    yield session
    session.set_active(False)
    session.set_category(Category.SOLO_AMBIENT, Mode.DEFAULT, Options.NONE)
    session.props.pause_grace = Bgrun.AUDIO_PAUSE_GRACE


def test_the_default_session_is_solo_ambient_and_inactive(session):
    assert Bgrun.AudioSession.get_default() is session
    assert session.props.category == Category.SOLO_AMBIENT
    assert session.props.mode == Mode.DEFAULT
    assert session.props.options == Options.NONE
    assert not session.props.active
    assert not session.props.keeping_alive
    assert session.props.output_device is None
    assert session.props.pause_grace == Bgrun.AUDIO_PAUSE_GRACE == 30


def test_a_mode_that_does_not_fit_falls_back_to_default(session):
    session.set_category(Category.RECORD, Mode.SPOKEN_AUDIO, Options.NONE)
    assert session.props.category == Category.RECORD
    assert session.props.mode == Mode.DEFAULT
    session.set_category(Category.PLAYBACK, Mode.SPOKEN_AUDIO, Options.NONE)
    assert session.props.mode == Mode.SPOKEN_AUDIO
    session.set_category(Category.PLAYBACK, Mode.VOICE_CHAT, Options.NONE)
    assert session.props.mode == Mode.DEFAULT
    session.set_category(Category.PLAY_AND_RECORD, Mode.VOICE_CHAT, Options.NONE)
    assert session.props.mode == Mode.VOICE_CHAT
    session.set_category(Category.RECORD, Mode.MEASUREMENT, Options.NONE)
    assert session.props.mode == Mode.MEASUREMENT


def test_contradictory_options_are_an_error_naming_both(session):
    with pytest.raises(GLib.Error) as raised:
        session.set_category(Category.PLAYBACK, Mode.DEFAULT,
                             Options.DUCK_OTHERS | Options.INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS)
    assert raised.value.matches(Bgrun.audio_error_quark(), Bgrun.AudioError.INVALID_CATEGORY)
    assert 'BGRUN_AUDIO_OPTIONS_DUCK_OTHERS' in raised.value.message
    assert 'BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS' in raised.value.message
    assert session.props.category == Category.SOLO_AMBIENT, 'nothing changed'


def test_options_apply_only_to_categories_that_play_along(session):
    with pytest.raises(GLib.Error) as raised:
        session.set_category(Category.RECORD, Mode.DEFAULT, Options.MIX_WITH_OTHERS)
    assert raised.value.matches(Bgrun.audio_error_quark(), Bgrun.AudioError.INVALID_CATEGORY)
    assert 'BGRUN_AUDIO_CATEGORY_RECORD' in raised.value.message
    session.set_category(Category.PLAYBACK, Mode.DEFAULT, Options.DUCK_OTHERS)
    assert session.props.options == Options.DUCK_OTHERS


@pytest.mark.parametrize('category, mode, role', [
    (Category.AMBIENT, Mode.DEFAULT, 'game'),
    (Category.SOLO_AMBIENT, Mode.DEFAULT, 'game'),
    (Category.PLAYBACK, Mode.DEFAULT, 'music'),
    (Category.PLAYBACK, Mode.MOVIE_PLAYBACK, 'video'),
    (Category.RECORD, Mode.DEFAULT, 'production'),
    (Category.PLAY_AND_RECORD, Mode.VOICE_CHAT, 'phone'),
])
def test_the_category_maps_to_a_media_role(session, category, mode, role):
    session.set_category(category, mode, Options.NONE)
    assert session.props.media_role == role


@pytest.fixture
def media(tmp_path):
    path = tmp_path / 'long.ogg'
    make_vorbis(path, 20, title='Long', artist='Tester')
    return path.as_uri()


def test_playback_keeps_the_app_alive_and_pause_lets_it_go_after_the_grace(
        session, portal, pulse, media):
    session.set_category(Category.PLAYBACK, Mode.DEFAULT, Options.NONE)
    session.props.pause_grace = 0.5
    session.set_active(True)
    assert session.props.active
    player = Bgrun.AudioPlayer.new(session)
    player.append_uri(media)
    assert not session.props.keeping_alive, 'nothing plays yet'

    player.play()
    assert session.props.keeping_alive
    spin_until(lambda: status_messages() == ['Playing audio'], what='the status line')
    assert inhibitions() == [], 'playback does not keep the machine from suspending'

    player.pause()
    assert session.props.keeping_alive, 'within the grace'
    spin_until(lambda: not session.props.keeping_alive, timeout=5, what='the grace to end')
    player.play()
    assert session.props.keeping_alive
    session.set_active(False)
    assert not session.props.keeping_alive, 'deactivating lets go at once'
    assert player.props.state == Bgrun.AudioPlayerState.PAUSED


def test_ambient_audio_never_keeps_the_app_alive(session, pulse, media):
    session.set_category(Category.AMBIENT, Mode.DEFAULT, Options.NONE)
    session.set_active(True)
    player = Bgrun.AudioPlayer.new(session)
    player.append_uri(media)
    player.play()
    spin_until(lambda: player.props.position > 0.2, what='the player to play')
    assert not session.props.keeping_alive
    player.stop()


def test_streams_carry_the_media_role_of_the_category(session, pulse, media):
    session.set_category(Category.PLAYBACK, Mode.MOVIE_PLAYBACK, Options.NONE)
    player = Bgrun.AudioPlayer.new(session)
    player.append_uri(media)
    player.play()
    spin_until(lambda: player.props.position > 0.2, what='the player to play')
    roles = [stream.get('media.role') for stream in pulse.sink_inputs()]
    assert roles == ['video']
    player.stop()


def test_recording_holds_a_suspend_inhibitor_and_says_so(session, portal, pulse, tmp_path):
    session.set_category(Category.RECORD, Mode.DEFAULT, Options.NONE)
    session.set_active(True)
    recorder = Bgrun.AudioRecorder.new(session)
    recorder.start(Gio.File.new_for_path(str(tmp_path / 'note.opus')))
    assert session.props.keeping_alive
    spin_until(lambda: [flags for _, flags, _ in inhibitions()] == [SUSPEND],
               what='a suspend inhibitor')
    spin_until(lambda: status_messages()[-1:] == ['Recording'], what='the status line')
    roles = [stream.get('media.role') for stream in pulse.source_outputs()]
    assert roles == ['production']
    recorder.stop()
    spin_until(lambda: inhibitions() == [], what='the inhibitor to be released')


def test_deactivating_while_recording_interrupts_first_and_finalises_the_file(
        session, pulse, tmp_path):
    pulse.pactl('load-module', 'module-sine', 'sink=null', 'frequency=440')
    session.set_category(Category.RECORD, Mode.DEFAULT, Options.NONE)
    session.set_active(True)
    recorder = Bgrun.AudioRecorder.new(session)
    path = tmp_path / 'note.flac'
    recorder.props.format = Bgrun.AudioFormat.FLAC
    events = []
    session.connect('interruption', lambda s, kind, options: events.append(
        ('interruption', kind, recorder.props.state)))
    recorder.connect('notify::state', lambda r, _p: events.append(('state', r.props.state)))
    recorder.start(Gio.File.new_for_path(str(path)))
    spin_until(lambda: recorder.props.duration >= 1.0, what='a second of recording')

    session.set_active(False)
    assert events[1:] == [
        ('interruption', Bgrun.InterruptionType.BEGAN, Bgrun.AudioRecorderState.RECORDING),
        ('state', Bgrun.AudioRecorderState.IDLE),
    ]
    assert not session.props.keeping_alive
    assert decoded_seconds(path) >= 0.9


def test_taking_the_background_permission_back_while_recording_interrupts_first_and_finalises(
        session, portal, permission_store, pulse, tmp_path):
    pulse.pactl('load-module', 'module-sine', 'sink=null', 'frequency=440')
    session.set_category(Category.RECORD, Mode.DEFAULT, Options.NONE)
    session.set_active(True)
    recorder = Bgrun.AudioRecorder.new(session)
    path = tmp_path / 'note.opus'
    events = []
    session.connect('interruption', lambda s, kind, options: events.append(
        ('interruption', kind, recorder.props.state)))
    recorder.connect('notify::state', lambda r, _p: events.append(('state', r.props.state)))
    recorder.start(Gio.File.new_for_path(str(path)))
    spin_until(lambda: status_messages()[-1:] == ['Recording'], what='the status line')
    spin_until(lambda: recorder.props.duration >= 1.5, what='some recording')

    # GNOME Settings' "Run in Background" turned off for this app, which
    # the keep-alive knows by its program name (no GApplication here).
    set_background_permission(GLib.get_prgname() or 'unknown', 'no')
    spin_until(lambda: not session.props.active, what='the session to end')
    assert events[1:] == [
        ('interruption', Bgrun.InterruptionType.BEGAN, Bgrun.AudioRecorderState.RECORDING),
        ('state', Bgrun.AudioRecorderState.IDLE),
    ]
    assert not session.props.keeping_alive
    assert decoded_seconds(path) >= 1.0
