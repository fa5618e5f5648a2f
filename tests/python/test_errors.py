# Bgrun's error domain and version functions from Python.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os

import pytest

from conftest import Bgrun, Gio, GLib

CODES = {
    'UNAVAILABLE': (0, 'unavailable'),
    'TOO_MANY_PENDING_TASK_REQUESTS': (1, 'too-many-pending-task-requests'),
    'NOT_PERMITTED': (2, 'not-permitted'),
    'IMMEDIATE_RUN_INELIGIBLE': (3, 'immediate-run-ineligible'),
    'INVALID_REQUEST': (4, 'invalid-request'),
}


def test_scheduler_error_domain():
    quark = Bgrun.scheduler_error_quark()
    assert quark != 0
    assert GLib.quark_to_string(quark) == 'bgrun-scheduler-error-quark'
    # The same domain through the enum's own quark().
    assert Bgrun.SchedulerError.quark() == quark


@pytest.mark.parametrize('name', CODES)
def test_scheduler_error_codes(name):
    value, nick = CODES[name]
    code = getattr(Bgrun.SchedulerError, name)
    assert int(code) == value
    assert code.value_nick == nick
    assert Bgrun.SchedulerError.__gtype__.name == 'BgrunSchedulerError'


def test_no_other_codes():
    assert sorted(int(code) for code in Bgrun.SchedulerError.__enum_values__.values()) == \
        sorted(value for value, _ in CODES.values())


def test_raise_and_match_a_scheduler_error():
    quark = Bgrun.scheduler_error_quark()
    with pytest.raises(GLib.Error) as caught:
        raise GLib.Error.new_literal(quark, 'no handler for “org.example.refresh”',
                                     Bgrun.SchedulerError.NOT_PERMITTED)
    error = caught.value
    assert error.matches(quark, Bgrun.SchedulerError.NOT_PERMITTED)
    assert not error.matches(quark, Bgrun.SchedulerError.UNAVAILABLE)
    assert not error.matches(Gio.io_error_quark(), Bgrun.SchedulerError.NOT_PERMITTED)
    assert error.domain == 'bgrun-scheduler-error-quark'
    assert error.code == Bgrun.SchedulerError.NOT_PERMITTED
    assert error.message == 'no handler for “org.example.refresh”'


def test_scheduler_error_through_c():
    '''A GError of the domain that went through C (here GTask) reaches
    Python as a GLib.Error that matches the domain and code.'''
    task = Gio.Task.new(None, None, None, None)
    task.return_error(GLib.Error.new_literal(
        Bgrun.scheduler_error_quark(), 'the store cannot be written',
        Bgrun.SchedulerError.UNAVAILABLE))
    with pytest.raises(GLib.Error) as caught:
        task.propagate_boolean()
    error = caught.value
    assert error.matches(Bgrun.scheduler_error_quark(), Bgrun.SchedulerError.UNAVAILABLE)
    assert error.code == Bgrun.SchedulerError.UNAVAILABLE
    assert error.message == 'the store cannot be written'


SESSION_CODES = {
    'SCHEDULED_TOO_FAR_IN_ADVANCE': (0, 'scheduled-too-far-in-advance'),
    'MUST_BE_ACTIVE_TO_START_OR_SCHEDULE': (1, 'must-be-active-to-start-or-schedule'),
    'NOT_YET_STARTED': (2, 'not-yet-started'),
    'INVALID_STATE': (3, 'invalid-state'),
    'SESSION_IN_PROGRESS': (4, 'session-in-progress'),
    'NOT_SUPPORTED': (5, 'not-supported'),
}


def test_session_error_domain():
    quark = Bgrun.session_error_quark()
    assert GLib.quark_to_string(quark) == 'bgrun-session-error-quark'
    assert Bgrun.SessionError.quark() == quark
    assert quark != Bgrun.scheduler_error_quark()


def test_session_error_codes():
    for name, (value, nick) in SESSION_CODES.items():
        code = getattr(Bgrun.SessionError, name)
        assert (int(code), code.value_nick) == (value, nick)
    assert sorted(int(code) for code in Bgrun.SessionError.__enum_values__.values()) == \
        sorted(value for value, _ in SESSION_CODES.values())


def test_runtime_version_matches_the_headers():
    assert (Bgrun.get_major_version(), Bgrun.get_minor_version(),
            Bgrun.get_micro_version()) == \
        (Bgrun.MAJOR_VERSION, Bgrun.MINOR_VERSION, Bgrun.MICRO_VERSION)
    assert Bgrun.VERSION_S == \
        f'{Bgrun.MAJOR_VERSION}.{Bgrun.MINOR_VERSION}.{Bgrun.MICRO_VERSION}'


def test_version_is_the_project_version():
    expected = os.environ.get('BGRUN_EXPECTED_VERSION')
    if expected is None:
        pytest.skip('BGRUN_EXPECTED_VERSION not set (meson test sets it)')
    assert Bgrun.VERSION_S == expected
    assert '.'.join(str(part) for part in (Bgrun.get_major_version(),
                                           Bgrun.get_minor_version(),
                                           Bgrun.get_micro_version())) == expected
