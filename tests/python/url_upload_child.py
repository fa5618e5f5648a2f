# The app that gets killed, for test_url_session_upload.py: starts a
# resumable background upload (IETF draft), prints its task identifier once
# at least MIN_BYTES were sent, and kills itself with SIGKILL, as a crash
# would.
#
#     url_upload_child.py STATE_DIR APP_ID IDENTIFIER URI FILE MIN_BYTES
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import signal
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402


def main(state_dir, app_id, identifier, uri, path, min_bytes):
    scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state_dir)
    config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    session = Bgrun.UrlSession.new(scheduler, config)
    task = session.upload(uri, Gio.File.new_for_path(path), 'POST', True)
    task.props.upload_protocol = Bgrun.UploadProtocol.IETF
    context = GLib.MainContext.default()

    def on_progress(task, _pspec):
        if task.props.bytes_sent >= min_bytes:
            print(task.props.task_identifier, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    task.connect('notify::bytes-sent', on_progress)
    task.resume()
    while True:
        context.iteration(True)


if __name__ == '__main__':
    main(*sys.argv[1:6], int(sys.argv[6]))
