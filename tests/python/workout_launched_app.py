# A workout application, for test_workout_relaunch.py, which kills it
# mid-workout and makes it D-Bus activatable on the test's own bus, so
# that bgrund can start it again to recover the workout.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     workout_launched_app.py MODE DIR [GApplication options]
#
# MODE:
#   work   run by hand (and killed): starts a running workout and adds a
#          heart-rate sample (100, 101, ...) every 20 ms, printing
#          "sample N" once each is added
#   end    run by hand: starts a workout, adds five samples, ends it,
#          discards it, and exits
#   serve  what the bus starts: registers a handler for the workout
#          recovery task, recovers the workout in it, records what came
#          back, ends the workout and quits (or quits after 20 s)
#
# What happened goes to files in DIR, one line per event: "started" (mode
# and backend), "task" (the identifiers of the tasks the handler got),
# "recovered" ("STATE COUNT MAXIMUM" of the heart rate) and "exited"
# (mode).

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_child import record, run  # noqa: E402

APP_ID = 'org.example.Launched'


def new_workout(scheduler):
    session = Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR))
    session.start_activity(None)
    session.get_builder().begin_collection(None)
    return session


def main(mode, directory, gapplication_args):
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    kept = []

    def on_recovered(scheduler, result):
        session = Bgrun.WorkoutSession.recover_finish(result)
        kept.append(session)
        heart = session.get_builder().get_statistics(Bgrun.QuantityType.HEART_RATE)
        record(directory, 'recovered',
               f'{session.props.state.value_nick} {heart.get_count()} {heart.get_maximum():.0f}')
        session.end()
        session.get_builder().discard_workout()
        GLib.timeout_add(500, lambda: application.quit() or GLib.SOURCE_REMOVE)

    def handler(scheduler, task):
        record(directory, 'task', f'{type(task).__name__} {task.props.identifier}')
        Bgrun.WorkoutSession.recover_async(scheduler, None, on_recovered)

    def add_sample(builder, n):
        builder.add_sample(Bgrun.QuantityType.HEART_RATE, 100 + n[0], None)
        print(f'sample {n[0]}', flush=True)
        n[0] += 1
        return GLib.SOURCE_CONTINUE

    def on_startup(app):
        scheduler = Bgrun.Scheduler.new_for_application(app)
        kept.append(scheduler)
        record(directory, 'started', f'{mode} {scheduler.props.backend.value_nick}')
        if mode == 'serve':
            scheduler.register(Bgrun.WORKOUT_RECOVERY_IDENTIFIER, handler)
            app.hold()
            GLib.timeout_add_seconds(20, lambda: app.quit() or GLib.SOURCE_REMOVE)
            return
        session = new_workout(scheduler)
        kept.append(session)
        if mode == 'work':
            GLib.timeout_add(20, add_sample, session.get_builder(), [0])
        else:
            for n in range(5):
                add_sample(session.get_builder(), [n])
            session.end()
            session.get_builder().discard_workout()

    application.connect('startup', on_startup)

    return run(application, mode, directory, kept, gapplication_args,
               by_hand=mode in ('work', 'end'), seconds=None if mode == 'work' else 0)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
