# The app that gets killed, for test_url_session_resume.py: starts a
# background download, prints its task identifier once at least MIN_BYTES
# were received, and kills itself with SIGKILL, as a crash would.
#
#     url_session_child.py STATE_DIR APP_ID IDENTIFIER URI MIN_BYTES
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import signal
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402


def main(state_dir, app_id, identifier, uri, min_bytes):
    scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state_dir)
    config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    session = Bgrun.UrlSession.new(scheduler, config)
    task = session.download(uri)
    context = GLib.MainContext.default()

    def on_progress(task, _pspec):
        if task.props.bytes_received >= min_bytes:
            print(task.props.task_identifier, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    task.connect('notify::bytes-received', on_progress)
    task.resume()
    while True:
        context.iteration(True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
