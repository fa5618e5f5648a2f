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
#   bluetooth  run by hand: subscribes to the heart-rate measurements of
#              the sensor of bluez_gatt_template.py and exits
#   shortcuts  run by hand: subscribes to its daily shortcut task and exits
#   snapshot   run by hand: schedules a snapshot $TASKS_DELAY seconds
#              ahead (default 2) with the user info {'view': 'inbox'} and
#              exits
#   notify     run by hand: shows a notification (GNotification) with a
#              button "Decline" (app.decline, 'call-42') and exits
#   push       run by hand: registers with the UnifiedPush distributor on
#              the bus, writes its subscription (endpoint, public key and
#              auth secret, one a line) to DIR/subscription and exits
#   serve      what the bus starts: registers its handlers and its actions
#              "open-folder" and "decline" (string parameters) at startup,
#              records what runs, and quits two seconds after its last
#              task; "decline" also starts the download of
#              $TASKS_REPLY_URI in the background URL session
#              org.example.Launched.replies, as a reply sent to a server,
#              whose outcome ("reply": the size received) it takes when
#              started for it;
#              with TASKS_SNAPSHOTS=1 it subscribes to snapshot tasks;
#              with TASKS_PUSH=1 it makes its scheduler before it owns its
#              bus name, so that the distributor's call that started it
#              finds the push connector
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
# The sensor of bluez_gatt_template.py, and its Heart Rate Measurement.
SENSOR = 'F0:13:C3:5A:22:9B'
MEASUREMENT = '00002a37-0000-1000-8000-00805f9b34fb'


def record(directory, name, line=''):
    with open(os.path.join(directory, name), 'a') as f:
        f.write(f'{line}\n')


def describe(task):
    line = f'{type(task).__name__} {task.props.identifier}'
    if isinstance(task, Bgrun.IntentDidRunRefreshTask):
        line += f' {task.props.action_name} {task.props.parameter}'
    if isinstance(task, Bgrun.BluetoothAlertRefreshTask):
        line += f' {task.props.device_address} {task.props.value.get_data().hex()}'
    if isinstance(task, Bgrun.PushRefreshTask):
        line += f' {task.get_message().get_data().decode()}'
    if isinstance(task, Bgrun.SnapshotRefreshTask):
        line += f' {task.props.reason.value_nick} {task.props.user_info.unpack().get("view")}'
    return line


def register_for_push(scheduler, directory):
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    loop = GLib.MainLoop()
    registration.register('Launched', None, lambda r, result: r.register_finish(result))
    registration.connect('notify::endpoint', lambda *_: loop.quit())
    loop.run()
    with open(os.path.join(directory, 'subscription'), 'w') as f:
        f.write(f'{registration.props.endpoint}\n{registration.props.public_key}\n'
                f'{registration.props.auth_secret}\n')


def main(mode, directory, gapplication_args):
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    kept = []
    quitting = []
    early = None
    if mode == 'push' or os.environ.get('TASKS_PUSH') == '1':
        early = Bgrun.Scheduler.new_for_application(application)

    def handler(_scheduler, task):
        record(directory, 'ran', describe(task))
        task.set_task_completed(True)
        for source in quitting:
            GLib.source_remove(source)
        quitting[:] = [GLib.timeout_add(2000, lambda: application.quit() or GLib.SOURCE_REMOVE)]

    def on_open_folder(_action, parameter):
        record(directory, 'action', parameter.get_string())

    def on_reply_received(_session, _task, location):
        record(directory, 'reply', str(os.path.getsize(location.get_path())))

    def handle_task(_scheduler, task):
        # The reply's outcome, for which bgrund starts the app again: the
        # session created anew takes it.
        if not isinstance(task, Bgrun.UrlSessionRefreshTask):
            return False
        configuration = Bgrun.UrlSessionConfiguration.new_background(task.props.session_identifier)
        session = Bgrun.UrlSession.new(kept[0], configuration)
        session.connect('download-finished', on_reply_received)
        session.connect('events-finished', lambda _s: handler(_scheduler, task))
        kept.append(session)
        return True

    def on_decline(_action, parameter):
        record(directory, 'action', 'decline ' + parameter.get_string())
        configuration = Bgrun.UrlSessionConfiguration.new_background(APP_ID + '.replies')
        session = Bgrun.UrlSession.new(kept[0], configuration)
        kept.append(session)
        session.download(os.environ['TASKS_REPLY_URI']).resume()

    def on_startup(app):
        scheduler = early or Bgrun.Scheduler.new_for_application(app)
        kept.append(scheduler)
        record(directory, 'started', scheduler.props.backend.value_nick)
        if mode == 'subscribe':
            Bgrun.ConnectivityRefreshTask.subscribe(scheduler, True)
            return
        if mode == 'bluetooth':
            Bgrun.BluetoothAlertRefreshTask.subscribe(scheduler, SENSOR, MEASUREMENT, True)
            return
        if mode == 'shortcuts':
            Bgrun.RelevantShortcutRefreshTask.subscribe(scheduler, True)
            return
        if mode == 'snapshot':
            delay = float(os.environ.get('TASKS_DELAY', '2'))
            Bgrun.SnapshotRefreshTask.schedule(scheduler, GLib.DateTime.new_now_utc().add_seconds(delay),
                                               GLib.Variant('a{sv}', {'view': GLib.Variant('s', 'inbox')}))
            return
        if os.environ.get('TASKS_SNAPSHOTS') == '1':
            Bgrun.SnapshotRefreshTask.subscribe(scheduler, True)
        scheduler.register(APP_ID + '.snapshot.*', handler)
        scheduler.register(APP_ID + '.shortcut', handler)
        scheduler.register(APP_ID + '.bluetooth-alert.*', handler)
        scheduler.connect('handle-task', handle_task)
        scheduler.register(APP_ID + '.connectivity', handler)
        scheduler.register(APP_ID + '.intent.*', handler)
        scheduler.register(APP_ID + '.push.*', handler)
        action = Gio.SimpleAction.new('open-folder', GLib.VariantType.new('s'))
        action.connect('activate', on_open_folder)
        app.add_action(action)
        decline = Gio.SimpleAction.new('decline', GLib.VariantType.new('s'))
        decline.connect('activate', on_decline)
        app.add_action(decline)

    def notify():
        notification = Gio.Notification.new('Missed call')
        notification.set_body('Ada called')
        notification.add_button_with_target('Decline', 'app.decline', GLib.Variant('s', 'call-42'))
        application.send_notification('call', notification)
        # The notification server's reply, before the process goes.
        loop = GLib.MainLoop()
        GLib.timeout_add(1000, lambda: loop.quit() or GLib.SOURCE_REMOVE)
        loop.run()

    application.connect('startup', on_startup)
    application.connect('activate', lambda _app: record(directory, 'activated'))

    if mode in ('subscribe', 'bluetooth', 'shortcuts', 'snapshot', 'notify', 'push'):
        application.register(None)
        if mode == 'notify':
            notify()
        if mode == 'push':
            register_for_push(early, directory)
        status = 0
    else:
        status = application.run([sys.argv[0]] + gapplication_args)
    for thing in reversed(kept):
        thing.run_dispose()
    record(directory, 'exited', mode)
    return status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
