#!/usr/bin/python3
# podcast-player: background audio in a GTK 4 window
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A playback audio session with a BgrunAudioPlayer: the queue is the
# player's list model, bound to a list view; the progress bar follows the
# player's position; closing the window does not stop the episode (the
# session holds the app while it plays); the desktop's media keys and
# `playerctl` drive it over MPRIS, and Raise brings the window back.
#
#     podcast-player.py [--play] [--exit-after SECONDS] FILE-OR-URI...
#
# --play starts playing at once; --exit-after quits that many seconds
# after playback started (for tests: the demo then prints a line when the
# window is shown playing, and one for every change of the player's state).

import argparse
import sys

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gio', '2.0')
gi.require_version('Gtk', '4.0')

from gi.repository import Bgrun, Gio, GLib, GObject, Gtk  # noqa: E402

APP_ID = 'org.bgrun.Demo.PodcastPlayer'
STATE_NAMES = {
    Bgrun.AudioPlayerState.STOPPED: 'stopped',
    Bgrun.AudioPlayerState.PLAYING: 'playing',
    Bgrun.AudioPlayerState.PAUSED: 'paused',
}


def item_label(_binding, title, item):
    return title or GLib.path_get_basename(GLib.filename_from_uri(item.props.uri)[0]
                                           if item.props.uri.startswith('file:')
                                           else item.props.uri)


def format_time(seconds):
    seconds = max(0, int(seconds))
    return f'{seconds // 60:02d}:{seconds % 60:02d}'


class PlayerWindow(Gtk.ApplicationWindow):
    def __init__(self, app):
        super().__init__(application=app, title='Podcasts', default_width=420,
                         default_height=360)
        player = app.player
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=8, margin_top=12,
                      margin_bottom=12, margin_start=12, margin_end=12)
        self.set_child(box)

        factory = Gtk.SignalListItemFactory()
        factory.connect('setup', lambda f, li: li.set_child(Gtk.Label(xalign=0)))
        factory.connect('bind', self._bind_item)
        self.selection = Gtk.SingleSelection(model=player.get_queue(), autoselect=False)
        self.selection.connect('notify::selected', self._on_selected)
        view = Gtk.ListView(model=self.selection, factory=factory, vexpand=True)
        box.append(Gtk.ScrolledWindow(child=view, vexpand=True))

        self.title = Gtk.Label(xalign=0, css_classes=['title-4'])
        player.bind_property('title', self.title, 'label', GObject.BindingFlags.SYNC_CREATE,
                             lambda _b, title: title or '')
        box.append(self.title)
        self.progress = Gtk.ProgressBar(show_text=True)
        box.append(self.progress)
        for name in ('position', 'duration'):
            player.connect(f'notify::{name}', self._update_progress)
        self._update_progress(player)

        buttons = Gtk.Box(spacing=6, halign=Gtk.Align.CENTER)
        previous = Gtk.Button(icon_name='media-skip-backward-symbolic')
        previous.connect('clicked', lambda b: player.previous())
        self.play_pause = Gtk.Button(icon_name='media-playback-start-symbolic')
        self.play_pause.connect('clicked', self._on_play_pause)
        following = Gtk.Button(icon_name='media-skip-forward-symbolic')
        following.connect('clicked', lambda b: player.next())
        for button in (previous, self.play_pause, following):
            buttons.append(button)
        box.append(buttons)
        player.connect('notify::state', self._on_state)
        player.connect('notify::current-index',
                       lambda p, _s: self.selection.set_selected(max(p.props.current_index, 0)))

    def _bind_item(self, _factory, list_item):
        item = list_item.get_item()
        item.bind_property('title', list_item.get_child(), 'label',
                           GObject.BindingFlags.SYNC_CREATE,
                           lambda binding, title: item_label(binding, title, item))

    def _on_selected(self, selection, _pspec):
        player = self.get_application().player
        if selection.get_selected() != player.props.current_index:
            player.select(selection.get_selected())

    def _on_play_pause(self, _button):
        player = self.get_application().player
        if player.props.state == Bgrun.AudioPlayerState.PLAYING:
            player.pause()
        else:
            player.play()

    def _on_state(self, player, _pspec):
        playing = player.props.state == Bgrun.AudioPlayerState.PLAYING
        self.play_pause.set_icon_name('media-playback-pause-symbolic' if playing
                                      else 'media-playback-start-symbolic')

    def _update_progress(self, player, _pspec=None):
        duration = player.props.duration
        position = player.props.position
        self.progress.set_fraction(min(1.0, position / duration) if duration > 0 else 0)
        self.progress.set_text(f'{format_time(position)} / '
                               f'{format_time(duration) if duration >= 0 else "--:--"}')


class PodcastPlayer(Gtk.Application):
    def __init__(self, options):
        super().__init__(application_id=APP_ID, flags=Gio.ApplicationFlags.NON_UNIQUE)
        self.options = options
        self.player = None
        self.window = None
        self.failed = None

    def do_startup(self):
        Gtk.Application.do_startup(self)
        self.session = Bgrun.AudioSession.get_default()
        self.session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.SPOKEN_AUDIO,
                                  Bgrun.AudioOptions.NONE)
        self.session.connect('interruption', self._on_interruption)
        self.player = Bgrun.AudioPlayer.new(self.session)
        self.player.connect('error', lambda p, e: print(f'podcast-player: {e.message}',
                                                        file=sys.stderr, flush=True))
        for name in self.options.media:
            uri = name if GLib.uri_peek_scheme(name) else Gio.File.new_for_commandline_arg(name).get_uri()
            self.player.append_uri(uri)
        try:
            self.session.set_active(True)
        except GLib.Error as error:
            self.failed = error.message
        if self.options.exit_after is not None:
            self.player.connect('notify::state', self._report_state)

    def do_activate(self):
        # Raise over MPRIS activates the app: show the window again.
        if self.window is None:
            self.window = PlayerWindow(self)
            self.window.connect('close-request', self._on_close)
        self.window.present()
        if self.failed is not None:
            print(f'podcast-player: {self.failed}', file=sys.stderr)
            self.quit()
            return
        if self.options.play and self.player.props.state == Bgrun.AudioPlayerState.STOPPED:
            self.player.play()

    def _on_close(self, window):
        # Playing on with the window closed is the point: the session holds
        # the app while it plays.
        self.window = None
        return False

    def _on_interruption(self, _session, kind, options):
        if (kind == Bgrun.InterruptionType.ENDED and
                options & Bgrun.InterruptionOptions.SHOULD_RESUME):
            self.player.play()

    def _report_state(self, player, _pspec):
        state = STATE_NAMES[player.props.state]
        if state == 'playing' and not getattr(self, 'reported', False):
            self.reported = True
            print(f'podcast-player: window shown, playing {player.props.current_uri}',
                  flush=True)
            GLib.timeout_add(int(self.options.exit_after * 1000), self._exit)
        else:
            print(f'podcast-player: {state}', flush=True)

    def _exit(self):
        self.player.stop()
        self.session.set_active(False)
        self.quit()
        return GLib.SOURCE_REMOVE


def main():
    parser = argparse.ArgumentParser(prog='podcast-player.py')
    parser.add_argument('--play', action='store_true', help='start playing at once')
    parser.add_argument('--exit-after', type=float, metavar='SECONDS',
                        help='quit this long after playback started (for tests)')
    parser.add_argument('media', nargs='+', metavar='FILE-OR-URI')
    options = parser.parse_args()
    if options.exit_after is not None and options.exit_after <= 0:
        parser.error('--exit-after must be positive')
    if not Gtk.init_check():
        print('podcast-player: cannot open a display', file=sys.stderr)
        return 1
    return PodcastPlayer(options).run([sys.argv[0]])


if __name__ == '__main__':
    sys.exit(main())
