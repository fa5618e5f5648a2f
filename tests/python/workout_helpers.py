'''Helpers shared by the workout tests (test_workout_*.py).

SPDX-License-Identifier: LGPL-2.1-or-later
'''

import pytest

from conftest import Bgrun, GLib

State = Bgrun.WorkoutSessionState
Quantity = Bgrun.QuantityType
EventType = Bgrun.WorkoutEventType
START = GLib.DateTime.new_utc(2030, 6, 1, 7, 0, 0)


def new_session(driver, activity=Bgrun.WorkoutActivityType.RUNNING,
                location=Bgrun.WorkoutLocationType.OUTDOOR):
    configuration = Bgrun.WorkoutConfiguration.new(activity, location)
    return Bgrun.WorkoutSession.new(driver.get_scheduler(), configuration)


def now(driver):
    return driver.get_scheduler().props.clock.get_now()


class Recorder:
    '''Records a session's state-changed and event emissions.'''

    def __init__(self, session):
        self.changes = []
        self.events = []
        self.failures = []
        session.connect('state-changed', lambda s, to, frm, date: self.changes.append((to, frm, date)))
        session.connect('event', lambda s, event: self.events.append(event))
        session.connect('failed', lambda s, error: self.failures.append(error))


class raises:
    '''Asserts a GLib.Error of @domain and @code whose message holds every
    fragment.'''

    def __init__(self, domain, code, *fragments):
        self.domain, self.code, self.fragments = domain, int(code), fragments

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            pytest.fail('no error was raised')
        assert issubclass(kind, GLib.Error), f'{kind} raised instead of GLib.Error'
        assert value.matches(self.domain, self.code), \
            f'got {value.domain} {value.code}: {value.message}'
        for fragment in self.fragments:
            assert fragment in value.message, f'{fragment!r} not in {value.message!r}'
        self.error = value
        return True


def session_error(code, *fragments):
    return raises(Bgrun.session_error_quark(), code, *fragments)


def workout_error(code, *fragments):
    return raises(Bgrun.workout_error_quark(), code, *fragments)
