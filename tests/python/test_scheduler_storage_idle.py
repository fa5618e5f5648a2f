# Two WorkManager conditions (issue 16, point 13): storage not low and
# device idle, simulated through Bgrun.TestDriver.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every test runs with the embedded engine and against bgrund, so the two
# requirements cross D-Bus, and the simulated conditions reach the daemon
# through org.bgrun.Testing1.

import gi

gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun  # noqa: E402

import pytest  # noqa: E402

from sched_helpers import (  # noqa: E402
    Event, Recorder, continued, history, new_driver, pending_ids, pending_request, processing,
    refresh)
from sched_helpers import placement  # noqa: E402,F401  (a fixture)

pytestmark = pytest.mark.usefixtures('placement')

ID = 'org.example.App.compact'

# (requirement property, wait reason, driver setter, value that holds it
# back, words explain() uses)
REQUIREMENTS = [
    ('requires-storage-not-low', Bgrun.WaitReason.STORAGE_LOW, 'set_storage_low', True,
     'storage that is not low'),
    ('requires-device-idle', Bgrun.WaitReason.DEVICE_NOT_IDLE, 'set_device_idle', False,
     'idle device'),
]
IDS = ['storage', 'idle']


def request_with(requirement):
    request = processing(ID)
    request.set_property(requirement, True)
    return request


def hold_back(driver, setter, blocking, blocked=True):
    getattr(driver, setter)(blocking if blocked else not blocking)


@pytest.mark.parametrize('requirement, reason, setter, blocking, words', REQUIREMENTS, ids=IDS)
def test_waits_with_its_reason_and_runs_when_it_clears(requirement, reason, setter,
                                                       blocking, words):
    driver, scheduler = new_driver()
    recorder = Recorder()
    scheduler.register(ID, recorder)
    hold_back(driver, setter, blocking)

    scheduler.submit(request_with(requirement))
    driver.advance(3600)
    assert len(recorder) == 0
    assert pending_request(scheduler, ID).get_property(requirement) is True
    explanation = scheduler.explain(ID)
    assert list(explanation.get_reasons()) == [reason]
    assert explanation.get_earliest_date() is None, 'it waits for a condition, not a time'
    assert words in explanation.get_messages()[0], explanation.get_messages()

    hold_back(driver, setter, blocking, blocked=False)     # no advance: at once
    assert recorder.identifiers == [ID]
    assert pending_ids(scheduler) == []


@pytest.mark.parametrize('requirement, reason, setter, blocking, words', REQUIREMENTS, ids=IDS)
def test_a_request_without_the_requirement_does_not_wait(requirement, reason, setter,
                                                         blocking, words):
    driver, scheduler = new_driver()
    recorder = Recorder()
    scheduler.register(ID, recorder)
    hold_back(driver, setter, blocking)
    scheduler.submit(processing(ID))
    driver.advance(0)
    assert recorder.identifiers == [ID]


@pytest.mark.parametrize('requirement, reason, setter, blocking, words', REQUIREMENTS, ids=IDS)
def test_losing_the_condition_expires_the_running_task(requirement, reason, setter,
                                                       blocking, words):
    driver, scheduler = new_driver()
    recorder = Recorder(complete=False)
    scheduler.register(ID, recorder)
    hold_back(driver, setter, blocking, blocked=False)
    scheduler.submit(request_with(requirement))
    driver.advance(0)
    task = recorder.last()
    expired = []
    task.connect('expired', lambda t: expired.append(t.props.identifier))

    hold_back(driver, setter, blocking)
    assert expired == [ID], 'told to expire as soon as the condition went'
    driver.advance(Bgrun.TASK_GRACE_PERIOD)
    assert task.props.state == Bgrun.TaskState.EXPIRED
    _, event, message = history(scheduler, ID)[-1]
    assert event == Bgrun.HistoryEvent.EXPIRED
    assert 'stopped holding' in message and words in message, message
    assert pending_ids(scheduler) == [ID], 'an interrupted request is queued again'

    hold_back(driver, setter, blocking, blocked=False)
    reasons = list(scheduler.explain(ID).get_reasons())
    assert reasons == [Bgrun.WaitReason.BACKOFF], 'then it waits out the backoff only'
    driver.advance(Bgrun.BACKOFF_INITIAL)
    assert len(recorder) == 2


def test_both_requirements_list_both_reasons():
    driver, scheduler = new_driver()
    recorder = Recorder()
    scheduler.register(ID, recorder)
    driver.set_storage_low(True)
    request = processing(ID)
    request.props.requires_storage_not_low = True
    request.props.requires_device_idle = True
    scheduler.submit(request)
    driver.advance(0)
    assert list(scheduler.explain(ID).get_reasons()) == [
        Bgrun.WaitReason.STORAGE_LOW, Bgrun.WaitReason.DEVICE_NOT_IDLE]

    driver.set_storage_low(False)
    assert list(scheduler.explain(ID).get_reasons()) == [Bgrun.WaitReason.DEVICE_NOT_IDLE]
    driver.set_device_idle(True)
    assert recorder.identifiers == [ID]
    assert [event for _i, event, _m in history(scheduler, ID)] == [
        Event.SUBMITTED, Event.STARTED, Event.COMPLETED]


def test_the_requirements_survive_a_restart():
    driver, scheduler = new_driver()
    scheduler.register(ID, Recorder())
    driver.set_storage_low(True)
    request = processing(ID)
    request.props.requires_storage_not_low = True
    request.props.requires_device_idle = True
    scheduler.submit(request)
    again = driver.open_scheduler()
    stored = pending_request(again, ID)
    assert stored.props.requires_storage_not_low is True
    assert stored.props.requires_device_idle is True
    assert stored.get_requires_storage_not_low() and stored.get_requires_device_idle()


def test_the_driver_conditions_say_what_is_simulated():
    driver, scheduler = new_driver()
    conditions = scheduler.props.conditions
    assert conditions.props.storage_low is False
    assert conditions.props.device_idle is False, 'simulated sessions start in use'
    seen = []
    conditions.connect('notify::storage-low', lambda c, _p: seen.append(('storage', c.props.storage_low)))
    conditions.connect('notify::device-idle', lambda c, _p: seen.append(('idle', c.props.device_idle)))
    driver.set_storage_low(True)
    driver.set_storage_low(True)
    driver.set_device_idle(True)
    assert seen == [('storage', True), ('idle', True)]
    assert conditions.get_storage_low() and conditions.get_device_idle()


def test_only_processing_work_waits_for_storage_and_idle():
    '''Refreshes and continued processing have no such requirements: a
    full disk and a busy session hold them back not at all.'''
    driver, scheduler = new_driver()
    recorder = Recorder()
    scheduler.register(ID + '.*', recorder)
    driver.set_storage_low(True)
    driver.set_device_idle(False)
    driver.set_frontmost(True)
    scheduler.submit(refresh(ID + '.refresh'))
    scheduler.submit(continued(ID + '.export'))
    driver.advance(0)
    assert sorted(recorder.identifiers) == [ID + '.export', ID + '.refresh']
