# Route changes of Bgrun.AudioSession: a GstDeviceMonitor on Audio/Sink
# follows PulseAudio's sinks, loaded and unloaded with pactl as
# headphones are plugged in and out.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 3 and 7.

import pytest

from conftest import Bgrun, spin_until
from pulse_helpers import make_vorbis, pulse  # noqa: F401

Reason = Bgrun.RouteChangeReason
State = Bgrun.AudioPlayerState


@pytest.fixture
def session(pulse):
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    yield session
    session.set_active(False)


def test_the_output_follows_plugs_and_unplugs(session, pulse, tmp_path):
    changes = []
    session.connect('route-changed', lambda s, reason: changes.append(
        (reason, s.props.output_device)))
    assert session.props.output_device is None, 'inactive'
    session.set_active(True)
    assert session.props.output_device == 'null'
    media = tmp_path / 'music.ogg'
    make_vorbis(media, 30)
    player = Bgrun.AudioPlayer.new(session)
    player.append_uri(media.as_uri())
    player.play()
    spin_until(lambda: player.props.position > 0.3, what='the music to play')

    headphones = pulse.load_null_sink('headphones')
    spin_until(lambda: changes, what='the new device')
    assert changes == [(Reason.NEW_DEVICE_AVAILABLE, 'null')]

    # The user picks the headphones: the server moves the music there.
    # (GStreamer's device provider hears of a new default through the
    # sinks' events, which a moving stream causes.)
    pulse.pactl('set-default-sink', 'headphones')
    spin_until(lambda: len(changes) == 2, what='the default to change')
    assert changes[1] == (Reason.UNKNOWN, 'headphones')
    assert player.props.state == State.PLAYING

    states = []
    session.connect('route-changed', lambda s, reason: states.append(player.props.state))
    pulse.unload(headphones)
    spin_until(lambda: len(changes) == 3, what='the headphones to go')
    assert changes[2] == (Reason.OLD_DEVICE_UNAVAILABLE, 'null')
    assert states == [State.PAUSED], 'paused before the signal, as unplugging does'
    player.clear()


def test_a_sink_that_is_not_the_output_goes_quietly(session, pulse):
    session.set_active(True)
    other = pulse.load_null_sink('hdmi')
    changes = []
    session.connect('route-changed', lambda s, reason: changes.append(reason))
    spin_until(lambda: changes == [Reason.NEW_DEVICE_AVAILABLE], what='the new device')
    pulse.unload(other)
    # The server reports its sinks' comings and goings in order: the sink
    # loaded next is announced after whatever the unload caused.
    pulse.load_null_sink('spdif')
    spin_until(lambda: len(changes) == 2, what='the next device')
    assert changes == [Reason.NEW_DEVICE_AVAILABLE, Reason.NEW_DEVICE_AVAILABLE]
    assert session.props.output_device == 'null'
