# An app on a full disk, for test_url_session_hostile.py: with a file size
# limit (RLIMIT_FSIZE, so writes past LIMIT bytes fail with EFBIG as on a
# full file system, and only in this process), downloads URI and prints
# how the task ended: the error code, its message and the resume data in
# hex, one per line.
#
#     url_disk_full_child.py STATE_DIR APP_ID URI LIMIT
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import resource
import signal
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402


def main(state_dir, app_id, uri, limit):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state_dir)
    session = Bgrun.UrlSession.new(scheduler, Bgrun.UrlSessionConfiguration.new_default())
    ended = []
    session.connect('task-completed', lambda _s, task, error: ended.append((task, error)))
    task = session.download(uri)
    task.resume()
    context = GLib.MainContext.default()
    while not ended:
        context.iteration(True)
    _, error = ended[0]
    resume_data = task.get_resume_data()
    print(Bgrun.UrlSessionError(error.code).value_nick if error else 'none')
    print(error.message if error else '')
    print(resume_data.get_data().hex() if resume_data else '', flush=True)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
