# A second app process for test_daemon.py: another connection to bgrund.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     daemon_child.py submit APP_ID IDENTIFIER
#         registers IDENTIFIER and submits a processing request for it far
#         in the future; prints the backend and the error, if any, as JSON
#     daemon_child.py hang APP_ID IDENTIFIER
#         registers IDENTIFIER, submits a processing request due now, and
#         when its task starts prints "running" and keeps it running until
#         the process is killed

import json
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402


def error_json(error):
    return {'domain': error.domain, 'code': error.code, 'message': error.message}


def submit(app_id, identifier):
    scheduler = Bgrun.Scheduler.new(app_id)
    result = {'backend': scheduler.props.backend.value_nick, 'error': None}
    request = Bgrun.ProcessingRequest.new(identifier)
    request.props.earliest_begin_date = GLib.DateTime.new_now_utc().add_hours(1)
    try:
        scheduler.register(identifier, lambda s, task: None)
        scheduler.submit(request)
    except GLib.Error as error:
        result['error'] = error_json(error)
    print(json.dumps(result), flush=True)


def hang(app_id, identifier):
    scheduler = Bgrun.Scheduler.new(app_id)
    tasks = []

    def handler(_scheduler, task):
        tasks.append(task)
        print('running', flush=True)

    scheduler.register(identifier, handler)
    scheduler.submit(Bgrun.ProcessingRequest.new(identifier))
    GLib.MainLoop().run()


if __name__ == '__main__':
    {'submit': submit, 'hang': hang}[sys.argv[1]](*sys.argv[2:])
