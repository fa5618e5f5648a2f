# A child process for test_scheduler_running.py: runs one scenario whose
# output on stderr (GLib warnings) the test checks, and prints its result
# as one line of JSON.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     run_scheduler_child.py SCENARIO
#
# BGRUN_TEST_PLACEMENT=daemon runs it against the bgrund --test-mode the
# test started (sched_helpers.child_placement_env()).

import json
import os
import sys

import gi

gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, GLib  # noqa: E402

APP = 'org.example.Sched'
IDENTIFIER = APP + '.work'


def new_driver():
    if os.environ.get('BGRUN_TEST_PLACEMENT') == 'daemon':
        return Bgrun.TestDriver.new_for_daemon(APP)
    return Bgrun.TestDriver.new(APP)


def explain_unknown():
    '''explain() of an identifier nothing is known by, from several
    places (before and after submits, inside a handler); prints the error
    of the last call. Criticals are fatal under the test environment's
    G_DEBUG, so a critical on the way ends the process.'''
    driver = new_driver()
    scheduler = driver.get_scheduler()
    errors = []

    def explain():
        try:
            scheduler.explain(APP + '.nothing')
        except GLib.Error as error:
            errors.append((error.domain, error.code, error.message))

    scheduler.register(APP + '.job.*', lambda s, task: explain())
    for i in range(10):
        explain()
        scheduler.submit(Bgrun.AppRefreshRequest.new(f'{APP}.job.j{i}'))
        explain()
        driver.advance(0)
        explain()
    print(json.dumps({'calls': len(errors), 'errors': len(set(errors)),
                      'domain': errors[-1][0], 'code': errors[-1][1],
                      'message': errors[-1][2]}))


def main(scenario):
    if scenario == 'explain-unknown':
        return explain_unknown()

    driver = new_driver()
    scheduler = driver.get_scheduler()
    tasks = []
    scheduler.register(IDENTIFIER, lambda s, task: tasks.append(task))
    scheduler.submit(Bgrun.ProcessingRequest.new(IDENTIFIER))
    driver.advance(0)
    task = tasks[0]

    if scenario == 'complete-twice':
        task.set_task_completed(True)
        driver.advance(0)
        task.set_task_completed(False)
    elif scenario == 'fail-then-complete':
        task.set_task_completed(False)
        driver.advance(0)
        task.set_task_completed(True)
    elif scenario == 'complete-after-expiry':
        driver.advance(Bgrun.PROCESSING_DURATION + Bgrun.TASK_GRACE_PERIOD)
        task.set_task_completed(True)
    else:
        raise SystemExit(f'unknown scenario {scenario}')
    driver.advance(Bgrun.PROCESSING_DURATION + Bgrun.TASK_GRACE_PERIOD)

    history = [entry.props.event.value_nick for entry in scheduler.get_history()
               if entry.props.identifier == IDENTIFIER]
    print(json.dumps({'state': task.props.state.value_nick, 'history': history}))


if __name__ == '__main__':
    main(sys.argv[1])
