# An app with an audio session, for test_audio_apps.py: several of them,
# each its own process, share one bgrund and one PulseAudio server.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     audio_app_child.py APP_ID OPTIONS MEDIA
#
# A GApplication whose scheduler uses bgrund (run it with
# BGRUN_BACKEND=daemon), with an audio session of category PLAYBACK and
# the options OPTIONS ("none", "mix-with-others", "duck-others"), and a
# player of MEDIA. It reads commands on stdin, one a line: "activate",
# "play", "deactivate", "ping". It prints one line per event, flushed:
# "ready", "active", "inactive", "playing" (the player plays),
# "interruption began none", "interruption ended should-resume" (it then
# plays again, as an app resuming after an interruption does) and "pong".

import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib, GObject  # noqa: E402


def say(*words):
    print(*words, flush=True)


def main():
    app_id, options, media = sys.argv[1:4]
    app = Gio.Application(application_id=app_id, flags=Gio.ApplicationFlags.NON_UNIQUE)
    app.register(None)
    scheduler = GObject.new(Bgrun.Scheduler, application=app, frontmost=True)
    session = Bgrun.AudioSession.get_default()
    flags = {'none': Bgrun.AudioOptions.NONE,
             'mix-with-others': Bgrun.AudioOptions.MIX_WITH_OTHERS,
             'duck-others': Bgrun.AudioOptions.DUCK_OTHERS}[options]
    session.set_category(Bgrun.AudioCategory.PLAYBACK, Bgrun.AudioMode.DEFAULT, flags)
    player = Bgrun.AudioPlayer.new(session)
    player.append_uri(Gio.File.new_for_path(media).get_uri())
    loop = GLib.MainLoop()

    def on_interruption(_session, kind, resume):
        say('interruption', kind.value_nick,
            'should-resume' if resume & Bgrun.InterruptionOptions.SHOULD_RESUME else 'none')
        if kind == Bgrun.InterruptionType.ENDED and resume & Bgrun.InterruptionOptions.SHOULD_RESUME:
            player.play()

    def on_state(player, _pspec):
        if player.props.state == Bgrun.AudioPlayerState.PLAYING:
            say('playing')

    def on_command(_fd, _condition):
        line = sys.stdin.readline()
        command = line.strip()
        if command == 'activate':
            session.set_active(True)
            say('active')
        elif command == 'play':
            player.play()
        elif command == 'deactivate':
            session.set_active(False)
            say('inactive')
        elif command == 'ping':
            say('pong')
        if line == '':
            loop.quit()
            return GLib.SOURCE_REMOVE
        return GLib.SOURCE_CONTINUE

    session.connect('interruption', on_interruption)
    player.connect('notify::state', on_state)
    GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, on_command)
    say('ready', scheduler.props.backend.value_nick)
    loop.run()
    player.clear()
    session.set_active(False)


if __name__ == '__main__':
    main()
