# URL session tasks that wait: for a network, an unmetered network, the end
# of power saving, power or a good battery, their begin date, a free
# connection. Conditions and time come from a Bgrun.TestDriver, so
# nothing sleeps.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun  # noqa: E402

import pytest  # noqa: E402

from conftest import spin_until  # noqa: E402
from url_helpers import (  # noqa: E402,F401
    Code, Outcome, State, assert_error, body, driven_session, driver, server, wait_received,
    wait_state)

Reason = Bgrun.UrlSessionWaitReason
IDENTIFIER = 'org.example.Transfers.waiting'


def gets(server):
    return [path for (method, path, _) in server.requests if method == 'GET']


def test_a_background_task_waits_for_a_network(driver, server):
    server.content = body(50_000)
    # Slow enough not to finish while the driver settles the main loop.
    server.rate = 25_000
    driver.set_conditions(False, False, False, 100, False)
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    reasons = []
    task.connect('notify::waiting-reason', lambda t, _p: reasons.append(t.props.waiting_reason))
    task.resume()
    assert task.props.state == State.WAITING
    assert task.props.waiting_reason == Reason.NO_NETWORK
    assert gets(server) == []

    driver.set_conditions(True, False, False, 100, False)
    assert task.props.state == State.RUNNING
    assert task.props.waiting_reason == Reason.NONE
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    assert reasons == [Reason.NO_NETWORK, Reason.NONE]


def test_a_metered_network_holds_back_what_may_not_use_it(driver, server):
    server.content = b'metered'
    driver.set_conditions(True, True, False, 100, False)
    allowed = driven_session(driver, IDENTIFIER + '.any')
    careful = driven_session(driver, IDENTIFIER + '.careful', allows_metered_network=False)
    outcomes = Outcome(allowed), Outcome(careful)
    free = allowed.download(server.uri())
    held = careful.download(server.uri())
    free.resume()
    held.resume()
    assert outcomes[0].wait(free) is None
    assert held.props.state == State.WAITING
    assert held.props.waiting_reason == Reason.METERED_NETWORK

    driver.set_conditions(True, False, False, 100, False)
    assert outcomes[1].wait(held) is None
    assert outcomes[1].content(held) == b'metered'


@pytest.mark.parametrize('conditions, reason', [
    ((True, True, False, 100, False), Reason.METERED_NETWORK),
    ((True, False, False, 100, True), Reason.POWER_SAVER),
    ((False, False, False, 100, False), Reason.NO_NETWORK),
], ids=['metered', 'power-saver', 'offline'])
def test_a_running_download_stops_when_conditions_turn_and_continues_after(driver, server,
                                                                           conditions, reason):
    server.content = body(400_000)
    server.rate = 100_000
    session = driven_session(driver, IDENTIFIER, allows_metered_network=False,
                             allows_constrained_network=False)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 50_000)

    driver.set_conditions(*conditions)
    assert task.props.state == State.WAITING
    assert task.props.waiting_reason == reason
    # Stopped, not going on in the background: nothing more arrives.
    spin_until(lambda: server.sending == 0, what='the server to see the download stop',
               retry_every=0.05)
    held_at = task.props.bytes_received
    assert held_at < len(server.content)
    assert len(gets(server)) == 1

    server.rate = None
    driver.set_conditions(True, False, False, 100, False)
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content
    # It continued from what it had, in a second request.
    assert len(gets(server)) == 2
    assert server.range_requests() == [f'bytes={held_at}-']


def test_a_running_download_of_a_session_that_allows_it_goes_on(driver, server):
    server.content = body(300_000)
    server.rate = 150_000
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_received(task, 50_000)
    driver.set_conditions(True, True, False, 100, False)
    assert task.props.state == State.RUNNING
    assert outcome.wait(task) is None
    assert len(gets(server)) == 1


def test_power_saving_holds_back_what_may_not_use_a_constrained_network(driver, server):
    server.content = b'saver'
    driver.set_conditions(True, False, False, 100, True)
    session = driven_session(driver, IDENTIFIER, allows_constrained_network=False)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert task.props.waiting_reason == Reason.POWER_SAVER
    driver.set_conditions(True, False, False, 100, False)
    assert outcome.wait(task) is None


def test_a_discretionary_task_waits_for_unmetered_network_and_power(driver, server):
    server.content = b'discretionary'
    driver.set_conditions(True, True, True, 10, False)
    session = driven_session(driver, IDENTIFIER, discretionary=True)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert task.props.waiting_reason == Reason.METERED_NETWORK

    driver.set_conditions(True, False, True, 10, False)
    assert task.props.state == State.WAITING
    assert task.props.waiting_reason == Reason.BATTERY_LOW
    assert gets(server) == []

    driver.set_conditions(True, False, True, 80, False)
    assert outcome.wait(task) is None


def test_a_discretionary_task_runs_on_external_power_with_a_low_battery(driver, server):
    server.content = b'plugged in'
    driver.set_conditions(True, False, False, 5, False)
    session = driven_session(driver, IDENTIFIER, discretionary=True)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert outcome.wait(task) is None


def test_a_task_waits_for_its_begin_date_on_the_session_clock(driver, server):
    server.content = b'tomorrow'
    session = driven_session(driver, IDENTIFIER)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.props.earliest_begin_date = driver.get_clock().get_now().add_seconds(3600)
    states = []
    task.connect('notify::state', lambda t, _p: states.append(t.props.state))
    task.resume()
    assert task.props.waiting_reason == Reason.EARLIEST_BEGIN_DATE
    driver.advance(3599)
    assert task.props.state == State.WAITING
    assert gets(server) == []
    driver.advance(2)
    # So small a body may be in already: what counts is that it ran.
    assert State.RUNNING in states
    assert outcome.wait(task) is None


def test_a_default_session_offline_fails_at_once(driver, server):
    driver.set_conditions(False, False, False, 100, False)
    session = driven_session(driver)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert task.props.state == State.COMPLETED
    assert_error(outcome.wait(task), Code.NETWORK_LOST, server.uri(), 'no network', 'waits-for-connectivity')
    assert gets(server) == []


def test_a_default_session_refuses_a_metered_network_it_may_not_use(driver, server):
    driver.set_conditions(True, True, False, 100, False)
    session = driven_session(driver, allows_metered_network=False)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert_error(outcome.wait(task), Code.NETWORK_LOST, server.uri(), 'allows-metered-network')


def test_a_default_session_that_waits_for_connectivity_waits(driver, server):
    server.content = b'patient'
    driver.set_conditions(False, False, False, 100, False)
    session = driven_session(driver, waits_for_connectivity=True)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    assert task.props.state == State.WAITING
    assert task.props.waiting_reason == Reason.NO_NETWORK
    driver.set_conditions(True, False, False, 100, False)
    assert outcome.wait(task) is None
    assert outcome.content(task) == b'patient'


def test_a_suspended_waiting_task_does_not_start(driver, server):
    driver.set_conditions(False, False, False, 100, False)
    session = driven_session(driver, IDENTIFIER)
    task = session.download(server.uri())
    task.resume()
    task.suspend()
    assert task.props.state == State.SUSPENDED
    assert task.props.waiting_reason == Reason.NONE
    driver.set_conditions(True, False, False, 100, False)
    assert task.props.state == State.SUSPENDED
    assert gets(server) == []


def test_a_waiting_task_is_reattached_waiting(driver, server):
    server.content = b'later'
    driver.set_conditions(False, False, False, 100, False)
    session = driven_session(driver, IDENTIFIER)
    task = session.download(server.uri())
    task_id = task.props.task_identifier
    task.resume()
    del task
    session.run_dispose()
    del session

    again = driven_session(driver, IDENTIFIER)
    outcome = Outcome(again)
    (task,) = [t for t in again.get_tasks() if t.props.task_identifier == task_id]
    assert task.props.state == State.WAITING
    assert task.props.waiting_reason == Reason.NO_NETWORK
    driver.set_conditions(True, False, False, 100, False)
    assert outcome.wait(task) is None
    assert outcome.content(task) == b'later'


def running_at_once(tasks):
    '''A list whose last item is the most tasks seen RUNNING together.'''
    peak = [0]

    def on_state(_task, _pspec):
        peak.append(max(peak[-1], sum(t.props.state == State.RUNNING for t in tasks)))
    for task in tasks:
        task.connect('notify::state', on_state)
    return peak


def test_tasks_beyond_the_host_limit_wait_in_priority_order(driver, server):
    server.content = body(64 * 1024)
    server.rate = 256 * 1024
    session = driven_session(driver, IDENTIFIER, max_connections_per_host=1)
    outcome = Outcome(session)
    tasks = [session.download(server.uri()) for _ in range(4)]
    for task, priority in zip(tasks, (0.5, 0.1, 0.9, 0.5)):
        task.props.priority = priority
    started = []
    for task in tasks:
        task.connect('notify::state', lambda t, _p: t.props.state == State.RUNNING and started.append(t))
    peak = running_at_once(tasks)
    for task in tasks:
        task.resume()
    assert [t.props.state for t in tasks] == [State.RUNNING] + [State.WAITING] * 3
    assert {t.props.waiting_reason for t in tasks[1:]} == {Reason.CONNECTION_LIMIT}
    for task in tasks:
        assert outcome.wait(task) is None
    # Highest priority first, first come first served within a priority.
    assert started == [tasks[0], tasks[2], tasks[3], tasks[1]]
    assert peak[-1] == 1


def test_a_session_runs_at_most_the_global_limit_at_once(driver, server):
    server.content = body(32 * 1024)
    server.rate = 64 * 1024
    limit = Bgrun.URL_SESSION_MAX_CONNECTIONS
    session = driven_session(driver, IDENTIFIER, max_connections_per_host=64)
    outcome = Outcome(session)
    tasks = [session.download(server.uri()) for _ in range(limit + 2)]
    peak = running_at_once(tasks)
    for task in tasks:
        task.resume()
    assert sum(t.props.state == State.RUNNING for t in tasks) == limit
    assert [t.props.waiting_reason for t in tasks[limit:]] == [Reason.CONNECTION_LIMIT] * 2
    for task in tasks:
        assert outcome.wait(task) is None
    assert peak[-1] == limit


def offline_until_just_before_the_deadline(driver, server):
    '''A download resumed offline, with timeout-for-resource 60 s, 59 s
    later. The session is returned too: the tasks of a session that is
    gone stop.'''
    driver.set_conditions(False, False, False, 100, False)
    session = driven_session(driver, IDENTIFIER, timeout_for_resource=60)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    driver.advance(59)
    assert task.props.state == State.WAITING
    return session, outcome, task


def test_a_task_that_waits_past_timeout_for_resource_times_out(driver, server):
    _session, outcome, task = offline_until_just_before_the_deadline(driver, server)
    driver.advance(2)
    assert task.props.state == State.COMPLETED
    assert task.props.waiting_reason == Reason.NONE
    assert_error(outcome.wait(task), Code.TIMED_OUT, server.uri(), 'waited for a network', 'timeout-for-resource')
    assert gets(server) == []


def test_a_begin_date_past_timeout_for_resource_times_out(driver, server):
    session = driven_session(driver, IDENTIFIER, timeout_for_resource=60)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.props.earliest_begin_date = driver.get_clock().get_now().add_seconds(3600)
    task.resume()
    driver.advance(61)
    assert_error(outcome.wait(task), Code.TIMED_OUT, server.uri(), 'earliest begin date')
    assert gets(server) == []


def test_the_network_back_before_timeout_for_resource_lets_it_complete(driver, server):
    server.content = body(20_000)
    _session, outcome, task = offline_until_just_before_the_deadline(driver, server)
    driver.set_conditions(True, False, False, 100, False)
    assert outcome.wait(task) is None
    assert outcome.content(task) == server.content


def test_a_download_that_times_out_waiting_keeps_what_it_received(driver, server):
    server.content = body(400_000)
    server.drop_after = 150_000
    session = driven_session(driver, IDENTIFIER, timeout_for_resource=60)
    outcome = Outcome(session)
    task = session.download(server.uri())
    task.resume()
    wait_state(task, State.WAITING, Reason.RETRY)
    offset = task.props.bytes_received
    assert offset >= 100_000
    driver.set_conditions(False, False, False, 100, False)
    driver.advance(1.01)
    assert task.props.waiting_reason == Reason.NO_NETWORK
    driver.advance(60)
    assert_error(outcome.wait(task), Code.TIMED_OUT, server.uri(), 'waited for a network')

    resume_data = task.get_resume_data()
    assert resume_data is not None
    driver.set_conditions(True, False, False, 100, False)
    again = session.download_with_resume_data(resume_data)
    again.resume()
    assert outcome.wait(again) is None
    assert outcome.content(again) == server.content
    assert server.range_requests() == [f'bytes={offset}-']
