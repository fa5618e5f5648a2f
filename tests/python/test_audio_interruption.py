# Interruptions of Bgrun.AudioSession from PulseAudio's role corking: a
# media.role=phone stream (paplay) corks the session's music stream
# through module-role-cork; pulsesink's request-state messages become
# interruption(BEGAN) with the player paused, and interruption(ENDED,
# SHOULD_RESUME) when the call ends. An ENDED that never comes does not
# leave the app stuck.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 2 and 7.

import time

import pytest

from conftest import Bgrun, spin_until
from pulse_helpers import make_vorbis, make_wav, pulse, require_tools  # noqa: F401

Kind = Bgrun.InterruptionType
Resume = Bgrun.InterruptionOptions
State = Bgrun.AudioPlayerState


@pytest.fixture
def playing(pulse, tmp_path):
    require_tools('paplay')
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    session.set_active(True)
    media = tmp_path / 'music.ogg'
    make_vorbis(media, 30)
    player = Bgrun.AudioPlayer.new(session)
    player.append_uri(media.as_uri())
    events = []
    session.connect('interruption', lambda s, kind, options: events.append(
        (kind, options, player.props.state)))
    player.play()
    spin_until(lambda: player.props.position > 0.3, what='the music to play')
    yield session, player, events
    player.clear()
    session.set_active(False)
    session.props.interruption_timeout = Bgrun.AUDIO_INTERRUPTION_TIMEOUT


def test_a_call_interrupts_the_music_and_its_end_says_resume(playing, pulse, tmp_path):
    session, player, events = playing
    call = tmp_path / 'call.wav'
    make_wav(call, 1.5)
    resumed = []

    def on_interruption(_session, kind, options):
        if kind == Kind.ENDED and options & Resume.SHOULD_RESUME:
            player.play()
            resumed.append(player.props.state)

    session.connect('interruption', on_interruption)
    phone = pulse.play_role(str(call), 'phone')
    spin_until(lambda: events, what='the interruption to begin')
    assert events == [(Kind.BEGAN, Resume.NONE, State.PAUSED)]
    assert session.props.interrupted
    assert player.props.state == State.PAUSED
    phone.wait(timeout=10)
    spin_until(lambda: len(events) == 2, what='the interruption to end')
    assert events[1][:2] == (Kind.ENDED, Resume.SHOULD_RESUME)
    assert not session.props.interrupted
    assert resumed == [State.PLAYING]
    position = player.props.position
    spin_until(lambda: player.props.position > position + 0.3, what='the music to go on')


def test_an_end_that_never_comes_times_out_without_resume(playing, pulse, tmp_path):
    session, player, events = playing
    session.props.interruption_timeout = 0.5
    call = tmp_path / 'call.wav'
    make_wav(call, 4)
    phone = pulse.play_role(str(call), 'phone')
    try:
        spin_until(lambda: events, what='the interruption to begin')
        began = time.monotonic()
        spin_until(lambda: len(events) == 2, what='the interruption to time out')
        assert time.monotonic() - began < 2.0
        assert phone.poll() is None, 'the call still goes on'
        assert events[1][:2] == (Kind.ENDED, Resume.NONE)
        assert not session.props.interrupted
        assert player.props.state == State.PAUSED, 'the app decides'
        player.play()
        assert player.props.state == State.PLAYING, 'and the app is not stuck'
    finally:
        phone.wait(timeout=10)
    assert len(events) == 2, 'the late uncork is not a second ENDED'


def test_playing_during_an_interruption_ends_it(playing, pulse, tmp_path):
    session, player, events = playing
    call = tmp_path / 'call.wav'
    make_wav(call, 3)
    phone = pulse.play_role(str(call), 'phone')
    try:
        spin_until(lambda: events, what='the interruption to begin')
        player.play()
        assert events[1:] == [(Kind.ENDED, Resume.NONE, State.PAUSED)]
        assert not session.props.interrupted
        assert player.props.state == State.PLAYING
    finally:
        phone.wait(timeout=10)
