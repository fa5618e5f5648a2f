# An app process for test_placement_handover.py, in whichever placement
# its environment chooses (BGRUN_BACKEND, the bus, BGRUN_STATE_DIR).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     placement_child.py fill APP_ID COUNT
#         submits COUNT processing requests APP_ID.work-<n>, due in an hour
#     placement_child.py show APP_ID
#         says "attaching" on a line of its own, makes the scheduler (which
#         is when its work moves between placements), then prints its
#         backend, pending identifiers and history (identifier, event) as
#         JSON

import json
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402


def fill(app_id, count):
    scheduler = Bgrun.Scheduler.new(app_id)
    scheduler.register(app_id + '.*', lambda _scheduler, task: None)
    begin = GLib.DateTime.new_now_utc().add_hours(1)
    for n in range(int(count)):
        identifier = f'{app_id}.work-{n}'
        request = Bgrun.ProcessingRequest.new(identifier)
        request.props.earliest_begin_date = begin
        scheduler.submit(request)
    print(json.dumps({'backend': scheduler.props.backend.value_nick}), flush=True)


def show(app_id):
    print('attaching', flush=True)
    scheduler = Bgrun.Scheduler.new(app_id)
    pending = [request.props.identifier for request in scheduler.get_pending_requests()]
    history = [(entry.props.identifier, entry.props.event.value_nick)
               for entry in scheduler.get_history()]
    print(json.dumps({'backend': scheduler.props.backend.value_nick,
                      'pending': pending, 'history': history}), flush=True)


if __name__ == '__main__':
    {'fill': fill, 'show': show}[sys.argv[1]](*sys.argv[2:])
