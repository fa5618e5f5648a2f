# An application whose background downloads outlive it, for
# test_url_session_relaunch.py, which makes it D-Bus activatable on the
# test's own bus so that bgrund can start it when its session has events.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     url_launched_app.py MODE DIR [GApplication options]
#
# MODE:
#   download    run by hand: starts a background download of $DOWNLOAD_URI
#               in the session $SESSION_ID (sends-launch-events), waits for
#               its first bytes, and exits while it runs
#   check       run by hand: creates the session again, waits for the end
#               of its events, and exits
#   serve       what the bus starts: handles the URL session refresh task
#               by creating the session again, and runs until the task is
#               over
#   serve-quit  what the bus starts, like serve, but quits as a script
#               does as soon as its session says events-finished
#   no-scheduler  what the bus starts, broken: makes no scheduler, so it
#               never attaches to bgrund
#
# What happened goes to files in DIR, one line per event: "started"
# (backend), "activated", "refresh" (the session identifier of a refresh
# task), "downloaded" (the task identifier; the file is copied to
# DIR/download-<id>), "completed" (task identifier and error code, or "ok"),
# "events-finished" (the mode), "task-state" (the refresh task's final state) and
# "exited" (exit status).

import os
import shutil
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

APP_ID = 'org.example.Launched'


def record(directory, name, line=''):
    with open(os.path.join(directory, name), 'a') as f:
        f.write(f'{line}\n')


def open_session(scheduler, directory, mode):
    config = Bgrun.UrlSessionConfiguration.new_background(os.environ['SESSION_ID'])
    config.props.sends_launch_events = True
    session = Bgrun.UrlSession.new(scheduler, config)

    def on_download_finished(_session, task, location):
        shutil.copyfile(location.get_path(),
                        os.path.join(directory, f'download-{task.props.task_identifier}'))
        record(directory, 'downloaded', task.props.task_identifier)

    def on_task_completed(_session, task, error):
        outcome = 'ok' if error is None else Bgrun.UrlSessionError(error.code).value_nick
        record(directory, 'completed', f'{task.props.task_identifier} {outcome}')

    session.connect('download-finished', on_download_finished)
    session.connect('task-completed', on_task_completed)
    session.connect('events-finished', lambda _s: record(directory, 'events-finished', mode))
    return session


def start_download(scheduler, directory):
    '''Starts the download and returns once its first bytes arrived.'''
    session = open_session(scheduler, directory, 'download')
    task = session.download(os.environ['DOWNLOAD_URI'])
    task.resume()
    context = GLib.MainContext.default()
    deadline = GLib.get_monotonic_time() + 60 * GLib.USEC_PER_SEC
    while task.props.bytes_received == 0 and GLib.get_monotonic_time() < deadline:
        context.iteration(True)
    record(directory, 'download-running', task.props.bytes_received > 0)
    session.run_dispose()


def take_events(scheduler, directory):
    '''Creates the session again and returns once its events are over.'''
    session = open_session(scheduler, directory, 'check')
    over = []
    session.connect('events-finished', lambda _s: over.append(True))
    context = GLib.MainContext.default()
    deadline = GLib.get_monotonic_time() + 60 * GLib.USEC_PER_SEC
    while not over and GLib.get_monotonic_time() < deadline:
        context.iteration(True)
    session.run_dispose()


def main(mode, directory, gapplication_args):
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    kept = []

    def on_refresh_over(task, _pspec):
        record(directory, 'task-state', task.props.state.value_nick)

    def handle_task(scheduler, task):
        if not isinstance(task, Bgrun.UrlSessionRefreshTask):
            return False
        record(directory, 'refresh', task.props.session_identifier)
        task.connect('notify::state', on_refresh_over)
        # As an app does: the session with that identifier, created again,
        # takes the events; the task completes once they are delivered.
        session = open_session(scheduler, directory, mode)
        if mode == 'serve-quit':
            session.connect('events-finished', lambda _s: application.quit())
        kept.append(session)
        return True

    def on_startup(app):
        if mode == 'no-scheduler':
            record(directory, 'started', 'none')
            app.hold()
            return
        scheduler = Bgrun.Scheduler.new_for_application(app)
        kept.append(scheduler)
        record(directory, 'started', scheduler.props.backend.value_nick)
        if mode == 'download':
            start_download(scheduler, directory)
        elif mode == 'check':
            take_events(scheduler, directory)
        else:
            scheduler.connect('handle-task', handle_task)

    application.connect('startup', on_startup)
    application.connect('activate', lambda app: record(directory, 'activated'))

    if mode in ('download', 'check'):
        application.register(None)
        status = 0
    else:
        status = application.run([sys.argv[0]] + gapplication_args)
    for thing in reversed(kept):
        thing.run_dispose()
    record(directory, 'exited', status)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
