# A process that records with Bgrun.AudioRecorder until it is killed, for
# test_audio_recorder.py's crash-safety tests. Prints the recorded
# duration whenever it changes, one number a line.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: audio_record_child.py FORMAT PATH (FORMAT: opus, flac, wav)

import sys

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gio', '2.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402


def main():
    name, path = sys.argv[1:3]
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.RECORD, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    session.set_active(True)
    recorder = Bgrun.AudioRecorder.new(session)
    recorder.props.format = getattr(Bgrun.AudioFormat, name.upper())
    recorder.connect('notify::duration',
                     lambda r, _p: print(f'{r.props.duration:.3f}', flush=True))
    recorder.connect('error', lambda r, error: print(f'error {error.message}', flush=True))
    recorder.start(Gio.File.new_for_path(path))
    GLib.MainLoop().run()


if __name__ == '__main__':
    main()
