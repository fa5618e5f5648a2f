# The player on MPRIS 2, driven by playerctl (a real MPRIS client) on the
# private session bus of tests/isolate: exported while a playback session
# is active, every transport method, the properties with their
# PropertiesChanged, Seeked, OpenUri, Raise activating the app, and the
# name withdrawn when the session ends.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 13, points 5 and 7. playerctl runs as a child process while this
# process's main loop runs, since the player answers from it.

import subprocess

import pytest

from conftest import Bgrun, Gio, GLib, spin_until
from pulse_helpers import make_vorbis, pulse, require_tools  # noqa: F401

APP = 'org.example.AudioTest'
NAME = f'org.mpris.MediaPlayer2.{APP}'
PATH = '/org/mpris/MediaPlayer2'
PLAYER = 'org.mpris.MediaPlayer2.Player'
State = Bgrun.AudioPlayerState


def playerctl(*args, check=True):
    '''Runs playerctl on this player, spinning the main loop meanwhile.'''
    child = subprocess.Popen(['playerctl', f'--player={APP}', *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # A child's exit does not wake the main loop: look again every 50 ms.
    spin_until(lambda: child.poll() is not None, what=f'playerctl {" ".join(args)}',
               retry_every=0.05)
    out, err = child.communicate()
    if check:
        assert child.returncode == 0, f'playerctl {args}: {err}'
    return out.strip()


def players():
    child = subprocess.Popen(['playerctl', '--list-all'], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    spin_until(lambda: child.poll() is not None, what='playerctl --list-all', retry_every=0.05)
    return child.communicate()[0].split()


class Listener:
    '''Signals from the player, heard on a connection of its own (as any
    other client would hear them).'''

    def __init__(self):
        address = Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, None)
        self.connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
            Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
        self.changed = []
        self.seeked = []
        self.connection.signal_subscribe(None, 'org.freedesktop.DBus.Properties',
                                         'PropertiesChanged', PATH, None,
                                         Gio.DBusSignalFlags.NONE, self._on_changed)
        self.connection.signal_subscribe(None, PLAYER, 'Seeked', PATH, None,
                                         Gio.DBusSignalFlags.NONE, self._on_seeked)

    def _on_changed(self, connection, sender, path, interface, signal, parameters):
        iface, changed, _invalidated = parameters.unpack()
        self.changed.append((iface, changed))

    def _on_seeked(self, connection, sender, path, interface, signal, parameters):
        self.seeked.append(parameters.unpack()[0])

    def values(self, name):
        return [changed[name] for _, changed in self.changed if name in changed]

    def close(self):
        self.connection.close_sync(None)


@pytest.fixture(scope='module')
def app():
    '''The app, registered once: its id names the MPRIS service.'''
    require_tools('playerctl')
    application = Gio.Application(application_id=APP, flags=Gio.ApplicationFlags.FLAGS_NONE)
    application.register(None)
    application.set_default()
    return application


@pytest.fixture
def exported(app, pulse, tmp_path):
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.SPOKEN_AUDIO,
                         Bgrun.AudioOptions.NONE)
    player = Bgrun.AudioPlayer.new(session)
    for n in range(2):
        path = tmp_path / f'episode-{n}.ogg'
        make_vorbis(path, 20, title=f'Episode {n}', artist='The Podcast')
        player.append_uri(path.as_uri())
    listener = Listener()
    assert APP not in players(), 'not exported while the session is inactive'
    session.set_active(True)
    spin_until(lambda: APP in players(), what='the MPRIS name', retry_every=0.2)
    yield session, player, listener
    listener.close()
    player.clear()
    session.set_active(False)


def test_playerctl_drives_the_player(exported):
    session, player, listener = exported
    assert playerctl('status') == 'Stopped'
    playerctl('play')
    assert player.props.state == State.PLAYING
    spin_until(lambda: player.props.title == 'Episode 0', what='the tags')
    spin_until(lambda: playerctl('metadata', 'title') == 'Episode 0', what='the title on MPRIS',
               retry_every=0.2)
    assert playerctl('metadata', 'artist') == 'The Podcast'
    assert playerctl('status') == 'Playing'
    assert int(playerctl('metadata', 'mpris:length')) == pytest.approx(20_000_000, abs=100_000)

    playerctl('pause')
    assert player.props.state == State.PAUSED
    playerctl('play-pause')
    assert player.props.state == State.PLAYING
    playerctl('play-pause')
    assert player.props.state == State.PAUSED

    playerctl('position', '12')
    assert player.props.position == pytest.approx(12, abs=0.1)
    playerctl('position', '3-')
    assert player.props.position == pytest.approx(9, abs=0.2)
    assert float(playerctl('position')) == pytest.approx(9, abs=0.3)
    spin_until(lambda: len(listener.seeked) == 2, what='two Seeked signals')
    assert listener.seeked[0] == pytest.approx(12_000_000, abs=1000)

    playerctl('next')
    assert player.props.current_index == 1
    playerctl('previous')
    assert player.props.current_index == 0
    playerctl('volume', '0.4')
    assert player.props.volume == pytest.approx(0.4)
    playerctl('stop')
    assert player.props.state == State.STOPPED


def test_every_change_is_announced(exported):
    session, player, listener = exported
    player.play()
    spin_until(lambda: 'Playing' in listener.values('PlaybackStatus'),
               what='PlaybackStatus Playing')
    spin_until(lambda: any(m.get('xesam:title') == 'Episode 0'
                           for m in listener.values('Metadata')), what='the title')
    player.next()
    spin_until(lambda: any(m.get('xesam:url', '').endswith('episode-1.ogg')
                           for m in listener.values('Metadata')), what='the next episode')
    spin_until(lambda: False in listener.values('CanGoNext'), what='CanGoNext false')
    assert True in listener.values('CanGoPrevious')
    player.props.volume = 0.3
    spin_until(lambda: 0.3 in listener.values('Volume'), what='the volume')
    player.pause()
    spin_until(lambda: listener.values('PlaybackStatus')[-1] == 'Paused', what='Paused')
    assert all(iface == PLAYER for iface, _ in listener.changed)
    assert not any('Position' in changed for _, changed in listener.changed), \
        'Position is not announced, as the spec says'


def test_open_uri_queues_and_plays(exported, tmp_path):
    session, player, listener = exported
    extra = tmp_path / 'extra.ogg'
    make_vorbis(extra, 5, title='Extra')
    playerctl('open', extra.as_uri())
    assert player.get_queue().get_n_items() == 3
    assert player.props.current_index == 2
    assert player.props.state == State.PLAYING
    spin_until(lambda: player.props.title == 'Extra', what='the opened URI to play')


def call(connection, interface, method, parameters=None):
    '''Calls the player from another connection (a call from its own
    thread's connection would wait for itself), spinning the main loop.'''
    done = []
    connection.call(NAME, PATH, interface, method, parameters, None, Gio.DBusCallFlags.NONE,
                    5000, None, lambda c, r: done.append(c.call_finish(r)))
    spin_until(lambda: done, what=f'{method} to answer')
    return done[0]


def test_raise_activates_the_app(exported, app):
    session, player, listener = exported
    activated = []
    app.connect('activate', lambda a: activated.append(True))
    call(listener.connection, 'org.mpris.MediaPlayer2', 'Raise')
    assert activated == [True]
    entry = call(listener.connection, 'org.freedesktop.DBus.Properties', 'Get',
                 GLib.Variant('(ss)', ('org.mpris.MediaPlayer2', 'DesktopEntry'))).unpack()[0]
    assert entry == APP
    can_raise = call(listener.connection, 'org.freedesktop.DBus.Properties', 'Get',
                     GLib.Variant('(ss)', ('org.mpris.MediaPlayer2', 'CanRaise'))).unpack()[0]
    assert can_raise is True


def test_the_name_is_withdrawn_when_the_session_ends(exported):
    session, player, listener = exported
    session.set_active(False)
    spin_until(lambda: APP not in players(), what='the name to go', retry_every=0.2)
    session.set_active(True)
    spin_until(lambda: APP in players(), what='the name to come back', retry_every=0.2)
    session.set_category(Bgrun.AudioCategory.RECORD, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    spin_until(lambda: APP not in players(), what='the name to go with the category',
               retry_every=0.2)
