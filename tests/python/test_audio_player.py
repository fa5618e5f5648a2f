# Bgrun.AudioPlayer against a real PulseAudio server: the queue as a list
# model with tags, play/pause/seek/next/previous/volume, gapless
# transitions, position notified at most four times a second, and missing
# or corrupt media reported and skipped.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 4 and 7. Media is made by each test with gst-launch-1.0.

import time

import pytest

from conftest import Bgrun, GLib, spin_until
from pulse_helpers import make_vorbis, pulse  # noqa: F401

State = Bgrun.AudioPlayerState


@pytest.fixture
def player(pulse):
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    player = Bgrun.AudioPlayer.new(None)
    yield player
    player.clear()
    session.set_active(False)


def is_audio_error(error, code):
    return error.matches(Bgrun.audio_error_quark(), code)


def test_the_queue_is_a_list_model_of_items_with_their_tags(player, tmp_path):
    first, second = tmp_path / 'first.ogg', tmp_path / 'second.ogg'
    make_vorbis(first, 1.0, title='First song', artist='Someone')
    make_vorbis(second, 1.0, title='Second song', artist='Another')
    queue = player.get_queue()
    changes = []
    queue.connect('items-changed', lambda q, pos, removed, added: changes.append((pos, removed, added)))
    assert player.get_session() is Bgrun.AudioSession.get_default()
    assert player.props.current_index == -1 and player.props.current_uri is None

    player.append_uri(first.as_uri())
    player.append_uri(second.as_uri())
    assert changes == [(0, 0, 1), (1, 0, 1)]
    assert queue.get_n_items() == 2
    assert [queue.get_item(i).props.uri for i in range(2)] == [first.as_uri(), second.as_uri()]
    assert player.props.current_index == 0
    assert player.props.current_uri == first.as_uri()
    item = queue.get_item(0)
    assert item.props.title is None and item.props.duration == -1, 'not known before playing'

    player.play()
    spin_until(lambda: item.props.title == 'First song', what='the first item to be tagged')
    assert item.props.artist == 'Someone'
    assert player.props.title == 'First song' and player.props.artist == 'Someone'
    spin_until(lambda: item.props.duration > 0, what='the duration')
    assert item.props.duration == pytest.approx(1.0, abs=0.05)

    player.clear()
    assert queue.get_n_items() == 0
    assert player.props.state == State.STOPPED and player.props.current_index == -1


def test_a_malformed_uri_is_refused(player):
    with pytest.raises(GLib.Error) as raised:
        player.append_uri('not a uri')
    assert is_audio_error(raised.value, Bgrun.AudioError.INVALID_ARGUMENT)
    assert '“not a uri”' in raised.value.message
    assert player.get_queue().get_n_items() == 0


def test_playing_an_empty_queue_is_an_error(player):
    with pytest.raises(GLib.Error) as raised:
        player.play()
    assert is_audio_error(raised.value, Bgrun.AudioError.INVALID_STATE)
    assert player.props.state == State.STOPPED


def test_play_pause_seek_and_volume(player, pulse, tmp_path):
    media = tmp_path / 'long.ogg'
    make_vorbis(media, 10)
    player.append_uri(media.as_uri())
    player.play()
    assert player.props.state == State.PLAYING
    spin_until(lambda: player.props.position > 0.5, what='the position to move')

    player.pause()
    assert player.props.state == State.PAUSED
    paused_at = player.props.position
    spin_until(lambda: True)
    time.sleep(0.5)
    spin_until(lambda: True)
    assert player.props.position == pytest.approx(paused_at, abs=0.3)

    seeked = []
    player.connect('seeked', lambda p, position: seeked.append(position))
    player.seek(7.5)
    assert seeked == [7.5]
    spin_until(lambda: True)
    assert player.props.position == pytest.approx(7.5, abs=0.1)
    with pytest.raises(GLib.Error) as raised:
        player.seek(11.0)
    assert is_audio_error(raised.value, Bgrun.AudioError.INVALID_ARGUMENT)
    assert '11.000' in raised.value.message and media.as_uri() in raised.value.message

    player.props.volume = 0.25
    assert player.props.volume == 0.25
    player.play()
    spin_until(lambda: player.props.position > 7.8, what='playing on from the seek')
    player.stop()
    assert player.props.state == State.STOPPED and player.props.position == 0
    with pytest.raises(GLib.Error) as raised:
        player.seek(1.0)
    assert is_audio_error(raised.value, Bgrun.AudioError.INVALID_STATE)


def test_position_is_notified_at_most_four_times_a_second(player, tmp_path):
    media = tmp_path / 'long.ogg'
    make_vorbis(media, 10)
    player.append_uri(media.as_uri())
    times = []
    player.connect('notify::position', lambda p, _pspec: times.append(time.monotonic()))
    player.play()
    spin_until(lambda: len(times) >= 9, what='nine position notifications')
    rate = (len(times) - 1) / (times[-1] - times[0])
    assert rate <= 4.4
    assert rate >= 2, 'and regularly'


def test_next_previous_and_select_keep_the_player_playing(player, tmp_path):
    uris = []
    for n in range(3):
        path = tmp_path / f'{n}.ogg'
        make_vorbis(path, 5, title=f'Track {n}')
        uris.append(path.as_uri())
        player.append_uri(path.as_uri())
    assert not player.previous(), 'nothing before the first'
    assert player.next()
    assert player.props.current_index == 1 and player.props.state == State.STOPPED
    player.play()
    spin_until(lambda: player.props.title == 'Track 1', what='the second track to play')
    assert player.next()
    assert player.props.current_uri == uris[2]
    assert player.props.state == State.PLAYING
    spin_until(lambda: player.props.title == 'Track 2', what='the third track to play')
    assert not player.next(), 'nothing after the last'
    assert player.previous()
    assert player.props.current_index == 1
    assert player.select(0) and player.props.current_index == 0
    assert not player.select(3)
    spin_until(lambda: player.props.title == 'Track 0' and player.props.position > 0.2,
               what='the first track to play')


def test_gapless_goes_on_in_the_same_stream_and_stops_at_the_end(player, pulse, tmp_path):
    for n in range(3):
        path = tmp_path / f'{n}.ogg'
        make_vorbis(path, 1.0, title=f'Part {n}', freq=300 + 100 * n)
        player.append_uri(path.as_uri())
    indexes = []
    player.connect('notify::current-index', lambda p, _pspec: indexes.append(p.props.current_index))
    errors = []
    player.connect('error', lambda p, error: errors.append(error))
    player.play()
    spin_until(lambda: player.props.position > 0.2, what='the first part to play')
    first_streams = [(s['index'], s.get('media.role')) for s in pulse.sink_inputs()]
    assert len(first_streams) == 1 and first_streams[0][1] == 'music'
    start = time.monotonic()
    spin_until(lambda: player.props.current_index == 2, what='the last part')
    assert [(s['index'], s.get('media.role')) for s in pulse.sink_inputs()] == first_streams, \
        'one stream all along: no gap to reopen it'
    spin_until(lambda: player.props.state == State.STOPPED, what='the end of the queue')
    elapsed = time.monotonic() - start
    assert indexes[:2] == [1, 2]
    assert indexes[-1] == 0, 'back to the start of the queue'
    assert errors == []
    assert elapsed < 3.0


def test_missing_and_corrupt_media_are_reported_and_skipped(player, tmp_path):
    missing = (tmp_path / 'missing.ogg').as_uri()
    corrupt = tmp_path / 'corrupt.ogg'
    corrupt.write_bytes(b'OggS' + bytes(range(256)) * 40)
    good = tmp_path / 'good.ogg'
    make_vorbis(good, 1.0, title='Good')
    for uri in (missing, corrupt.as_uri(), good.as_uri()):
        player.append_uri(uri)
    errors = []
    player.connect('error', lambda p, error: errors.append(error))
    player.play()
    # The corrupt file fails, or is given up on after 5 s without starting.
    spin_until(lambda: player.props.title == 'Good', timeout=20,
               what=lambda: f'the good item to play; now {player.props.state} at '
                            f'{player.props.current_index}, errors {[e.message for e in errors]}')
    assert player.props.state == State.PLAYING
    assert len(errors) == 2
    assert all(is_audio_error(error, Bgrun.AudioError.MEDIA) for error in errors)
    assert missing in errors[0].message
    assert corrupt.as_uri() in errors[1].message
    spin_until(lambda: player.props.state == State.STOPPED, what='the end of the queue')
    assert len(errors) == 2


def test_a_broken_last_item_stops_the_player(player, tmp_path):
    good = tmp_path / 'good.ogg'
    make_vorbis(good, 0.5)
    player.append_uri(good.as_uri())
    player.append_uri((tmp_path / 'gone.ogg').as_uri())
    errors = []
    player.connect('error', lambda p, error: errors.append(error))
    player.play()
    spin_until(lambda: errors, what='the error of the missing item')
    spin_until(lambda: player.props.state == State.STOPPED, what='the player to stop')
    assert len(errors) == 1
    assert 'gone.ogg' in errors[0].message
    assert is_audio_error(errors[0], Bgrun.AudioError.MEDIA)


def test_a_broken_item_after_a_good_one_is_skipped_without_cutting_it(player, tmp_path):
    # The corrupt item is prepared while the first ends (gapless): whether
    # it fails or hangs, the first plays to its end and the last one plays.
    first, last = tmp_path / 'first.ogg', tmp_path / 'last.ogg'
    make_vorbis(first, 1.5, title='First')
    make_vorbis(last, 1.0, title='Last')
    corrupt = tmp_path / 'corrupt.ogg'
    corrupt.write_bytes(b'OggS' + bytes(range(256)) * 40)
    for path in (first, corrupt, last):
        player.append_uri(path.as_uri())
    errors = []
    player.connect('error', lambda p, error: errors.append(error))
    positions = []
    player.connect('notify::position', lambda p, _s: positions.append(
        (p.props.current_index, p.props.position)))
    player.play()
    spin_until(lambda: player.props.title == 'Last', timeout=20,
               what=lambda: f'the last item; now {player.props.current_index}, '
                            f'errors {[e.message for e in errors]}')
    assert len(errors) == 1 and corrupt.as_uri() in errors[0].message
    assert is_audio_error(errors[0], Bgrun.AudioError.MEDIA)
    first_played = max(position for index, position in positions if index == 0)
    assert first_played >= 1.0, f'the first item was cut at {first_played} s'
    spin_until(lambda: player.props.state == State.STOPPED, what='the end of the queue')
    assert len(errors) == 1
