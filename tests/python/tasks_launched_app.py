# An application that takes the tasks the system starts (connectivity,
# intent did run), for test_tasks_connectivity.py and test_tasks_intent.py,
# which make it D-Bus activatable on the test's own bus so that bgrund, or
# an ActivateAction call, can start it while it does not run.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     tasks_launched_app.py MODE DIR [GApplication options]
#
# MODE:
#   subscribe  run by hand: subscribes to connectivity tasks and exits
#   serve      what the bus starts: registers its handlers and its action
#              "open-folder" (a string parameter) at startup, records what
#              runs, and quits two seconds after its last task
#
# What happened goes to files in DIR, one line per event: "started"
# (backend), "action" (the parameter of open-folder), "ran" (the task's
# type name and identifier, then for an intent its action and parameter),
# "activated" (the `activate` signal) and "exited" (mode).

import os
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


def describe(task):
    line = f'{type(task).__name__} {task.props.identifier}'
    if isinstance(task, Bgrun.IntentDidRunRefreshTask):
        line += f' {task.props.action_name} {task.props.parameter}'
    return line


def main(mode, directory, gapplication_args):
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    kept = []
    quitting = []

    def handler(_scheduler, task):
        record(directory, 'ran', describe(task))
        task.set_task_completed(True)
        for source in quitting:
            GLib.source_remove(source)
        quitting[:] = [GLib.timeout_add(2000, lambda: application.quit() or GLib.SOURCE_REMOVE)]

    def on_open_folder(_action, parameter):
        record(directory, 'action', parameter.get_string())

    def on_startup(app):
        scheduler = Bgrun.Scheduler.new_for_application(app)
        kept.append(scheduler)
        record(directory, 'started', scheduler.props.backend.value_nick)
        if mode == 'subscribe':
            Bgrun.ConnectivityRefreshTask.subscribe(scheduler, True)
            return
        scheduler.register(APP_ID + '.connectivity', handler)
        scheduler.register(APP_ID + '.intent.*', handler)
        action = Gio.SimpleAction.new('open-folder', GLib.VariantType.new('s'))
        action.connect('activate', on_open_folder)
        app.add_action(action)

    application.connect('startup', on_startup)
    application.connect('activate', lambda _app: record(directory, 'activated'))

    if mode == 'subscribe':
        application.register(None)
        status = 0
    else:
        status = application.run([sys.argv[0]] + gapplication_args)
    for thing in reversed(kept):
        thing.run_dispose()
    record(directory, 'exited', mode)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
