'''A workout app that gets killed: tests/python/test_workout_recovery.py
runs it, reads what it recorded, and SIGKILLs it mid-workout.

Usage: workout_child.py APP_ID STATE_DIRECTORY

It starts a running workout, then forever: a heart-rate and a distance
sample one second apart on its test clock (starting at workout_helpers
.START), a lap every 60 samples, a pause and resume around sample 30;
after each sample it prints "sample N" (flushed), so the parent knows
what was recorded before the kill. Paced at 200 samples a second of real
time, so the kill lands mid-stream.

SPDX-License-Identifier: LGPL-2.1-or-later
'''

import sys
import time

import gi

gi.require_version('Bgrun', '1.0')
from gi.repository import Bgrun, GLib, GObject  # noqa: E402

START = GLib.DateTime.new_utc(2030, 6, 1, 7, 0, 0)


def heart_rate(n):
    return 100 + n % 50


def main():
    app_id, directory = sys.argv[1:3]
    clock = Bgrun.TestClock.new(START)
    scheduler = GObject.new(Bgrun.Scheduler, app_id=app_id, clock=clock, state_directory=directory)
    session = Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR))
    builder = session.get_builder()
    session.start_activity(None)
    builder.begin_collection(None)
    print('started', flush=True)
    n = 0
    while True:
        builder.add_sample(Bgrun.QuantityType.HEART_RATE, heart_rate(n), None)
        builder.add_sample(Bgrun.QuantityType.DISTANCE, 3.0, None)
        if n == 30:
            session.pause()
        if n == 35:
            session.resume()
        if n % 60 == 59:
            builder.add_event(Bgrun.WorkoutEvent.new(Bgrun.WorkoutEventType.LAP, clock.get_now(), 60))
        print(f'sample {n}', flush=True)
        n += 1
        clock.advance(1)
        time.sleep(0.005)


if __name__ == '__main__':
    main()
