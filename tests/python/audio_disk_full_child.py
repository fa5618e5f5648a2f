# Records onto a tiny tmpfs until the disk is full, for
# test_audio_recorder.py. Runs under `unshare --mount`: the tmpfs exists
# in this process's own mount namespace only, and goes with it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Usage: audio_disk_full_child.py FORMAT DIR SIZE
# Prints three lines: the error's code and message, the recorder's state
# after it, and the seconds the file decodes to.

import subprocess
import sys

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gio', '2.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

from pulse_helpers import decoded_seconds  # noqa: E402


def main():
    name, directory, size = sys.argv[1:4]
    subprocess.run(['mount', '-t', 'tmpfs', '-o', f'size={size}', 'tmpfs', directory], check=True)
    path = f'{directory}/full.{name}'
    session = Bgrun.AudioSession.get_default()
    session.set_category(Bgrun.AudioCategory.RECORD, Bgrun.AudioMode.DEFAULT,
                         Bgrun.AudioOptions.NONE)
    session.set_active(True)
    recorder = Bgrun.AudioRecorder.new(session)
    recorder.props.format = getattr(Bgrun.AudioFormat, name.upper())
    loop = GLib.MainLoop()
    errors = []

    def on_error(_recorder, error):
        errors.append(error)
        loop.quit()

    recorder.connect('error', on_error)
    recorder.start(Gio.File.new_for_path(path))
    GLib.timeout_add_seconds(20, loop.quit)
    loop.run()
    if not errors:
        print('no error')
        return
    error = errors[0]
    print(f'{error.domain} {error.code} {error.message}')
    print(recorder.props.state.value_nick)
    print(decoded_seconds(path))


if __name__ == '__main__':
    main()
