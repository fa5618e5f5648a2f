# An app process for test_flatpak.py. The test runs it inside a fake
# Flatpak sandbox: a .flatpak-info for its pid in the fake /proc that
# BGRUN_TEST_PROC_ROOT names (bgrund reads it to identify the caller; the
# app reads its own to know it is sandboxed).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     flatpak_app_child.py work APP_ID OWN OTHER
#         registers OWN and submits a processing request for it an hour
#         ahead, then tries to see and change OTHER (another app's
#         request): cancels it and asks to explain it. Prints as JSON the
#         backend, its pending identifiers, the identifiers in its
#         history and the explain error.
#     flatpak_app_child.py scheduler APP_ID
#         makes two schedulers for APP_ID, submits through each, and
#         prints their backends and the first error, if any, as JSON

import json
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402


def later(identifier):
    request = Bgrun.ProcessingRequest.new(identifier)
    request.props.earliest_begin_date = GLib.DateTime.new_now_utc().add_hours(1)
    return request


def work(app_id, own, other):
    scheduler = Bgrun.Scheduler.new(app_id)
    scheduler.register(own, lambda s, task: None)
    scheduler.submit(later(own))
    scheduler.cancel(other)
    explain_error = None
    try:
        scheduler.explain(other)
    except GLib.Error as error:
        explain_error = error.message
    return {
        'backend': scheduler.props.backend.value_nick,
        'pending': sorted(request.props.identifier for request in scheduler.get_pending_requests()),
        'history': sorted({entry.props.identifier for entry in scheduler.get_history()}),
        'explain-error': explain_error,
    }


def scheduler(app_id):
    result = {'backends': [], 'error': None}
    for index in range(2):
        made = Bgrun.Scheduler.new(app_id)
        result['backends'].append(made.props.backend.value_nick)
        try:
            made.register(f'{app_id}.work{index}', lambda s, task: None)
            made.submit(later(f'{app_id}.work{index}'))
        except GLib.Error as error:
            result['error'] = result['error'] or error.message
        made.run_dispose()
    return result


if __name__ == '__main__':
    scenario, args = sys.argv[1], sys.argv[2:]
    print(json.dumps({'work': work, 'scheduler': scheduler}[scenario](*args)), flush=True)
