# The Python binding (bindings/python/gi/overrides/Bgrun.py) as an app
# uses it: awaiting libbgrun's _async calls on asyncio (gbulb's loop on
# PyGObject 3.42, gi.events' on 3.50 and later: Bgrun.run() picks), async
# handlers, datetimes, enums and context managers. Scheduler tests run in
# both placements; in the daemon one every awaited call is a D-Bus call
# to bgrund whose reply comes back to the main loop.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import asyncio
import datetime

from gi.repository import Bgrun, Gio, GLib

import pytest

from sched_helpers import APP, new_driver, placement  # noqa: F401 (fixture)
from url_helpers import body, server  # noqa: F401 (fixture)
from daemon_helpers import Daemon

pytestmark = pytest.mark.usefixtures('placement')

REFRESH = APP + '.refresh'
FEEDS = APP + '.feeds'


def test_the_overrides_are_loaded():
    assert Bgrun.Scheduler.__module__ == 'gi.overrides.Bgrun'
    assert Bgrun.DateTime.__mro__[1] is GLib.DateTime


def history(scheduler, identifier):
    return [(entry.props.event, entry.props.message)
            for entry in scheduler.get_history() if entry.props.identifier == identifier]


def test_awaited_submit_explain_lists_and_cancel():
    driver, scheduler = new_driver()
    scheduler.register(REFRESH, lambda s, t: t.set_task_completed(True))
    begin = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2)

    async def main():
        request = Bgrun.AppRefreshRequest.new(REFRESH)
        request.earliest_begin_date = begin
        assert await scheduler.submit_async(request) is True

        pending = await scheduler.get_pending_requests_async()
        assert [r.props.identifier for r in pending] == [REFRESH]
        assert isinstance(pending[0].earliest_begin_date, Bgrun.DateTime)

        explanation = await scheduler.explain_async(REFRESH)
        assert Bgrun.WaitReason.EARLIEST_BEGIN_DATE in explanation.get_reasons()
        assert all(isinstance(r, Bgrun.WaitReason) for r in explanation.get_reasons())
        earliest = explanation.get_earliest_date()
        assert isinstance(earliest, Bgrun.DateTime)
        assert abs((earliest - begin).total_seconds()) < 1

        assert await scheduler.cancel_async(REFRESH) is True
        assert len(await scheduler.get_pending_requests_async()) == 0
        entries = await scheduler.get_history_async()
        return [e.props.event for e in entries if e.props.identifier == REFRESH]

    events = Bgrun.run(main())
    assert events == [Bgrun.HistoryEvent.SUBMITTED, Bgrun.HistoryEvent.CANCELLED]


def test_an_awaited_submit_raises_the_error_and_names_no_c_function():
    driver, scheduler = new_driver()

    async def main():
        with pytest.raises(GLib.Error) as info:
            await scheduler.submit_async(Bgrun.AppRefreshRequest.new(REFRESH))
        return info.value

    error = Bgrun.run(main())
    assert error.matches(Bgrun.scheduler_error_quark(), Bgrun.SchedulerError.NOT_PERMITTED)
    assert error.message.startswith(f'Register a handler for “{REFRESH}”')
    assert error.message.endswith('before submitting it.')
    assert 'bgrun_' not in error.message


def test_a_cancelled_future_cancels_the_call():
    driver, scheduler = new_driver()
    scheduler.register(REFRESH, lambda s, t: t.set_task_completed(True))

    async def main():
        cancellable = Gio.Cancellable()
        cancellable.cancel()
        with pytest.raises(GLib.Error) as info:
            await scheduler.explain_async(REFRESH, cancellable)
        return info.value

    error = Bgrun.run(main())
    # Embedded, the engine answers before it looks at the cancellable.
    assert error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED) or \
        error.matches(Bgrun.scheduler_error_quark(), Bgrun.SchedulerError.INVALID_REQUEST)


def test_a_coroutine_handler_is_awaited():
    driver, scheduler = new_driver()
    steps = []

    async def refresh(scheduler, task):
        steps.append('started')
        await asyncio.sleep(0)
        steps.append(isinstance(task.expiration_date, Bgrun.DateTime))
        return True

    scheduler.register(REFRESH, refresh)

    async def main():
        # Without a begin date, the refresh runs as soon as it is stored
        # and the engine looks (bgrund --test-mode: when the driver says).
        await scheduler.submit_async(Bgrun.AppRefreshRequest.new(REFRESH))
        await driver.advance_async(0)
        while len(steps) < 2 or len(scheduler.get_running_tasks()) > 0:
            await asyncio.sleep(0.01)

    Bgrun.run(asyncio.wait_for(main(), 10))
    assert steps == ['started', True]
    assert history(scheduler, REFRESH)[-1][0] == Bgrun.HistoryEvent.COMPLETED


def test_a_coroutine_handler_that_raises_fails_with_its_message():
    driver, scheduler = new_driver()
    states = []

    async def refresh(scheduler, task):
        task.connect('notify::state', lambda t, _p: states.append(t.props.state))
        await asyncio.sleep(0)
        raise ValueError('the feed is malformed')

    scheduler.register(REFRESH, refresh)
    # In the daemon placement the message is in the app's own list only.
    scheduler.get_history()

    async def main():
        await scheduler.submit_async(Bgrun.AppRefreshRequest.new(REFRESH))
        await driver.advance_async(0)
        while not states or len(scheduler.get_running_tasks()) > 0:
            await asyncio.sleep(0.01)

    Bgrun.run(asyncio.wait_for(main(), 10))
    assert states == [Bgrun.TaskState.FAILED]
    entries = history(scheduler, REFRESH)
    assert (Bgrun.HistoryEvent.FAILED, 'ValueError: the feed is malformed') in entries
    assert entries[-1][0] == Bgrun.HistoryEvent.FAILED


def test_a_coroutine_handler_without_an_asyncio_loop_fails_saying_why():
    driver, scheduler = new_driver()

    async def refresh(scheduler, task):
        return True

    scheduler.register(REFRESH, refresh)
    scheduler.get_history()
    scheduler.submit(Bgrun.AppRefreshRequest.new(REFRESH))
    driver.advance(0)
    context = GLib.MainContext.default()
    for _ in range(100):
        if history(scheduler, REFRESH)[-1][0] == Bgrun.HistoryEvent.FAILED:
            break
        context.iteration(False)
    messages = [m for e, m in history(scheduler, REFRESH) if e == Bgrun.HistoryEvent.FAILED]
    assert any('needs an asyncio loop' in m for m in messages), messages


def test_datetimes_and_timedeltas_are_accepted_and_returned():
    driver, scheduler = new_driver()
    clock = driver.get_clock()
    start = clock.get_now()
    assert isinstance(start, Bgrun.DateTime) and isinstance(start, GLib.DateTime)
    # A datetime to Python code, still a GLib.DateTime to GLib.
    assert start.to_unix() == int(start.timestamp())
    assert start == start.to_datetime() and start < start.to_datetime() + datetime.timedelta(seconds=1)
    assert GLib.DateTime.compare(start, start) == 0

    driver.advance(datetime.timedelta(hours=1))
    assert clock.get_now() - start == datetime.timedelta(hours=1)

    # Constructors and static functions too.
    test_clock = Bgrun.TestClock.new(datetime.datetime(2030, 1, 1, 8, tzinfo=datetime.timezone.utc))
    assert test_clock.get_now().isoformat() == '2030-01-01T08:00:00+00:00'

    request = Bgrun.ProcessingRequest.new(FEEDS)
    naive = datetime.datetime(2030, 5, 1, 12, 30, 15, 250000)
    request.set_earliest_begin_date(naive)
    assert request.get_earliest_begin_date() == naive.astimezone()
    request.earliest_begin_date = None
    assert request.earliest_begin_date is None


def test_a_background_activity_is_a_context_manager():
    application = Gio.Application(application_id=APP + '.Activity',
                                  flags=Gio.ApplicationFlags.NON_UNIQUE)
    application.register(None)
    with Bgrun.BackgroundActivity(application, 'Saving the document') as activity:
        assert activity.get_active()
        assert activity.get_reason() == 'Saving the document'
        assert activity.expiration_date > datetime.datetime.now(datetime.timezone.utc)
    assert not activity.get_active()

    with pytest.raises(KeyError):
        with Bgrun.BackgroundActivity('Failing') as failing:
            raise KeyError('x')
    assert not failing.get_active()


def test_an_extended_runtime_session_is_a_context_manager():
    driver, scheduler = new_driver()
    driver.set_frontmost(True)
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, Bgrun.ExtendedRuntimeType.SELF_CARE)
    with session:
        assert session.props.state == Bgrun.ExtendedRuntimeState.RUNNING
    assert session.props.state == Bgrun.ExtendedRuntimeState.INVALID


def test_an_awaited_session_start():
    driver, scheduler = new_driver()
    driver.set_frontmost(True)
    session = Bgrun.ExtendedRuntimeSession.new(scheduler, Bgrun.ExtendedRuntimeType.SELF_CARE)

    async def main():
        # With bgrund, the session runs before bgrund has been told.
        assert await session.start_async() is True
        state = session.props.state
        with pytest.raises(GLib.Error) as info:
            await session.start_async()
        session.invalidate()
        return state, info.value

    state, error = Bgrun.run(main())
    assert state == Bgrun.ExtendedRuntimeState.RUNNING
    assert error.matches(Bgrun.session_error_quark(), Bgrun.SessionError.SESSION_IN_PROGRESS) or \
        error.matches(Bgrun.session_error_quark(), Bgrun.SessionError.INVALID_STATE)


@pytest.fixture
def downloads(placement, tmp_path, monkeypatch):
    '''A scheduler for a background URL session: embedded, or with its
    transfers in a bgrund of its own.'''
    if placement == 'daemon':
        monkeypatch.setenv('BGRUN_BACKEND', 'daemon')
        bgrund = Daemon(str(tmp_path / 'bgrund'))
        bgrund.wait_owned()
        yield Bgrun.Scheduler(app_id=APP)
        bgrund.stop()
    else:
        yield Bgrun.Scheduler(app_id=APP, state_directory=str(tmp_path / 'state'))


def test_a_download_is_awaited(downloads, server):
    content = body(64 * 1024)
    server.content = content
    config = Bgrun.UrlSessionConfiguration.new_background(APP + '.bindings')
    sessions = []

    async def main():
        # With bgrund, the session is opened there while the loop runs.
        session = await Bgrun.UrlSession.open_async(downloads, config)
        sessions.append(session)
        task = await session.download_async(server.uri())
        assert task.props.state == Bgrun.UrlSessionTaskState.SUSPENDED
        finished = asyncio.get_event_loop().create_future()
        session.connect('download-finished',
                        lambda s, t, location: finished.done() or
                        finished.set_result(location.load_contents(None)[1]))
        task.resume()
        return await asyncio.wait_for(finished, 10)

    try:
        assert Bgrun.run(main()) == content
    finally:
        for session in sessions:
            session.invalidate_and_cancel()
            session.run_dispose()


def test_an_awaited_cancel_returns_once_the_task_has_ended(downloads, server):
    server.content = body(1024 * 1024)
    server.rate = 64 * 1024
    config = Bgrun.UrlSessionConfiguration.new_background(APP + '.cancelled')
    session = Bgrun.UrlSession.new(downloads, config)
    errors = []
    session.connect('task-completed', lambda s, t, error: errors.append(error))

    async def main():
        task = await session.download_async(server.uri())
        task.resume()
        while task.props.bytes_received == 0:
            await asyncio.sleep(0.01)
        assert await task.cancel_async() is True
        state = task.props.state
        # Cancelling an ended task ends at once.
        assert await task.cancel_async() is True
        while not errors:
            await asyncio.sleep(0.01)
        return state

    try:
        assert Bgrun.run(asyncio.wait_for(main(), 10)) == Bgrun.UrlSessionTaskState.COMPLETED
        assert errors[0].matches(Bgrun.url_session_error_quark(), Bgrun.UrlSessionError.CANCELLED)
    finally:
        session.invalidate_and_cancel()
        session.run_dispose()


def test_an_awaited_download_raises_for_a_bad_uri(downloads):
    session = Bgrun.UrlSession.new(downloads, Bgrun.UrlSessionConfiguration.new_default())

    async def main():
        with pytest.raises(GLib.Error) as info:
            await session.download_async('ftp://example.org/file')
        return info.value

    error = Bgrun.run(main())
    assert error.matches(Bgrun.url_session_error_quark(), Bgrun.UrlSessionError.INVALID_URI)
