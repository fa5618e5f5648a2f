# A small application for test_daemon_launch.py (and
# test_extended_runtime_session_daemon.py), which makes it D-Bus
# activatable on the test's own bus (a .desktop file with
# DBusActivatable=true and a D-Bus service file) so that bgrund can start
# it for its due work.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     launched_app.py MODE DIR [GApplication options, such as --gapplication-service]
#
# MODE:
#   submit      registers the refresh handler, schedules the app's refresh
#               $LAUNCHED_APP_DELAY seconds ahead (default 2) and exits
#   serve       what the bus starts: registers the handler at startup and
#               runs; the handler records the task and completes it
#   no-handler  starts but registers no handler
#   crash       like serve, but the process dies in the middle of the task
#   alarm       frontmost, schedules a smart alarm $LAUNCHED_APP_DELAY
#               seconds ahead and exits
#
# What happened goes to files in DIR, one line per event: "started"
# (backend), "activated" (the `activate` signal), "ran" (task identifier),
# "alarm" (the state of a smart alarm the scheduler gave back, then again
# once it started; the app then wakes the user and stops the alarm) and
# "exited" (exit status).

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

APP_ID = 'org.example.Launched'
REFRESH = APP_ID + '.refresh'


def record(directory, name, line=''):
    with open(os.path.join(directory, name), 'a') as f:
        f.write(f'{line}\n')


def delay_ahead():
    delay = float(os.environ.get('LAUNCHED_APP_DELAY', '2'))
    return GLib.DateTime.new_now_utc().add_seconds(delay)


def main(mode, directory, gapplication_args):
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    schedulers = []
    sessions = []

    def handler(_scheduler, task):
        record(directory, 'ran', task.props.identifier)
        if mode == 'crash':
            os._exit(3)
        task.set_task_completed(True)

    def on_alarm_started(session):
        record(directory, 'alarm', session.props.state.value_nick)
        session.notify_user(Bgrun.HapticType.NOTIFICATION)
        session.invalidate()

    def adopt_alarm(session):
        sessions.append(session)
        record(directory, 'alarm', session.props.state.value_nick)
        if session.props.state == Bgrun.ExtendedRuntimeState.RUNNING:
            on_alarm_started(session)
        else:
            session.connect('started', on_alarm_started)

    def on_startup(app):
        scheduler = Bgrun.Scheduler.new_for_application(app)
        schedulers.append(scheduler)
        record(directory, 'started', scheduler.props.backend.value_nick)
        alarm = Bgrun.ExtendedRuntimeSession.get_scheduled(scheduler)
        if alarm is not None:
            adopt_alarm(alarm)
        if mode != 'no-handler':
            scheduler.register(REFRESH, handler)
        if mode == 'submit':
            scheduler.schedule_refresh(delay_ahead(), None)
        if mode == 'alarm':
            scheduler.set_frontmost(True)
            alarm = Bgrun.ExtendedRuntimeSession.new(scheduler, Bgrun.ExtendedRuntimeType.SMART_ALARM)
            alarm.start_at(delay_ahead())

    application.connect('startup', on_startup)
    application.connect('activate', lambda app: record(directory, 'activated'))

    if mode in ('submit', 'alarm'):
        # Ran by hand, briefly: startup schedules, then the process ends.
        application.register(None)
        status = 0
    else:
        status = application.run([sys.argv[0]] + gapplication_args)
    for scheduler in schedulers:
        scheduler.run_dispose()
    record(directory, 'exited', status)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
