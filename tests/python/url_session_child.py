# The app that gets killed, for test_url_session_resume.py and
# test_url_session_upload.py: starts a background transfer, prints its task
# identifier once at least MIN_BYTES went through, and kills itself with
# SIGKILL, as a crash would. With FILE, the transfer is a resumable upload
# of FILE (IETF draft, POST); without it, a download. A STATE_DIR of "-"
# is the daemon placement: the scheduler is bgrund's (the test sets
# BGRUN_BACKEND=daemon), so the transfer runs on in bgrund.
#
#     url_session_child.py STATE_DIR APP_ID IDENTIFIER URI MIN_BYTES [FILE]
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


def start(session, uri, path):
    '''The task and the property that counts its bytes.'''
    if path is None:
        return session.download(uri), 'bytes-received'
    task = session.upload(uri, Gio.File.new_for_path(path), 'POST', True)
    task.props.upload_protocol = Bgrun.UploadProtocol.IETF
    return task, 'bytes-sent'


def main(state_dir, app_id, identifier, uri, min_bytes, path=None):
    if state_dir == '-':
        scheduler = Bgrun.Scheduler(app_id=app_id)
    else:
        scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state_dir)
    config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    session = Bgrun.UrlSession.new(scheduler, config)
    task, counter = start(session, uri, path)
    context = GLib.MainContext.default()

    def on_progress(task, _pspec):
        if task.get_property(counter) >= min_bytes:
            print(task.props.task_identifier, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    task.connect('notify::' + counter, on_progress)
    task.resume()
    while True:
        context.iteration(True)


if __name__ == '__main__':
    main(*sys.argv[1:5], int(sys.argv[5]), *sys.argv[6:7])
