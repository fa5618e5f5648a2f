# The app killed while it handles a completion, for
# test_url_session_events.py: in the embedded placement, downloads URI in
# a background session and dies with os._exit() inside its handler of
# SIGNAL ("download-finished" or "task-completed"), after printing the
# task identifier and the file it was given (or "-"). With MIN_BYTES, it
# cancels the download with resume data once MIN_BYTES arrived.
#
#     url_handler_child.py STATE_DIR APP_ID IDENTIFIER URI SIGNAL [MIN_BYTES]
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

# What the test expects: not a crash elsewhere.
EXIT_IN_HANDLER = 7


def main(state_dir, app_id, identifier, uri, signal, min_bytes=None):
    scheduler = Bgrun.Scheduler(app_id=app_id, state_directory=state_dir)
    assert scheduler.props.backend == Bgrun.Backend.LOCAL
    config = Bgrun.UrlSessionConfiguration.new_background(identifier)
    session = Bgrun.UrlSession.new(scheduler, config)

    def die(_session, task, location_or_error):
        location = location_or_error.get_path() if signal == 'download-finished' else '-'
        print(task.props.task_identifier, location, flush=True)
        os._exit(EXIT_IN_HANDLER)

    session.connect(signal, die)
    task = session.download(uri)
    if min_bytes is not None:
        def on_received(task, _pspec):
            if task.props.bytes_received >= int(min_bytes) and \
               task.props.state == Bgrun.UrlSessionTaskState.RUNNING:
                task.cancel_with_resume_data_async(
                    None, lambda t, res: t.cancel_with_resume_data_finish(res))
        task.connect('notify::bytes-received', on_received)
    task.resume()
    context = GLib.MainContext.default()
    while True:
        context.iteration(True)


if __name__ == '__main__':
    main(*sys.argv[1:])
