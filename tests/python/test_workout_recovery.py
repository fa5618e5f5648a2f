# Crash recovery of workouts: the journal written as samples and events
# arrive, a child app killed with SIGKILL mid-workout and recovered by
# this process with every sample it had recorded, a torn last record,
# and the errors of recovery.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 4. The daemon placement's relaunch for recovery is in
# test_workout_relaunch.py.

import gc
import os
import pathlib
import signal
import subprocess
import sys

import pytest

from conftest import Bgrun, spin_until, usec
from gi.repository import GObject
from workout_helpers import START, EventType, Quantity, Recorder, State, raises, workout_error

APP = 'org.example.WorkoutRecovery'
CHILD = str(pathlib.Path(__file__).with_name('workout_child.py'))
Code = Bgrun.WorkoutError
JOURNAL = APP + '/workout.journal'
RECORD = 28


def scheduler_for(directory, clock=None):
    return GObject.new(Bgrun.Scheduler, app_id=APP, clock=clock or Bgrun.TestClock.new(START),
                       state_directory=str(directory))


def recover(scheduler):
    results = []
    Bgrun.WorkoutSession.recover_async(scheduler, None, lambda s, result: results.append(result))
    spin_until(lambda: results, what='recover_async')
    return Bgrun.WorkoutSession.recover_finish(results[0])


def finish(builder):
    results = []
    builder.finish_workout_async(None, lambda b, result: results.append(result))
    spin_until(lambda: results, what='finish_workout_async')
    return builder.finish_workout_finish(results[0])


def samples(builder, quantity):
    return builder.get_statistics(quantity).get_count()


def new_running(scheduler):
    session = Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.WALKING, Bgrun.WorkoutLocationType.INDOOR))
    session.start_activity(None)
    session.get_builder().begin_collection(None)
    return session


def crash(session):
    '''What a crash leaves: the session gone without ending or finishing.'''
    del session
    gc.collect()


# ---- a real kill ----------------------------------------------------------------

@pytest.mark.parametrize('kill_after', [20, 33, 150])
def test_a_killed_app_gets_its_workout_back_with_every_sample(tmp_path, kill_after):
    child = subprocess.Popen([sys.executable, CHILD, APP, str(tmp_path)], stdout=subprocess.PIPE,
                             text=True)
    try:
        assert child.stdout.readline().strip() == 'started'
        for n in range(kill_after + 1):
            assert child.stdout.readline().strip() == f'sample {n}'
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    clock = Bgrun.TestClock.new(START)
    scheduler = scheduler_for(tmp_path, clock)
    session = recover(scheduler)
    builder = session.get_builder()
    paused = 30 <= kill_after < 35
    assert session.props.state == (State.PAUSED if paused else State.RUNNING)
    assert usec(session.props.start_date) == usec(START)
    assert usec(builder.props.start_date) == usec(START)
    # Every sample the child had recorded when it was killed: it printed
    # "sample N" after adding sample N, and was killed after we read it.
    recorded = samples(builder, Quantity.HEART_RATE)
    assert recorded >= kill_after + 1
    heart = builder.get_statistics(Quantity.HEART_RATE)
    assert usec(heart.get_most_recent_date()) == usec(START) + (recorded - 1) * 1_000_000
    assert heart.get_minimum() == 100 and heart.get_maximum() == 100 + min(recorded - 1, 49)
    assert builder.get_statistics(Quantity.DISTANCE).get_sum() >= 3.0 * (kill_after + 1)
    events = [builder.get_events().get_item(i).props.event_type
              for i in range(builder.get_events().get_n_items())]
    expected = []
    if recorded > 30:
        expected.append(EventType.PAUSE)
    if recorded > 35:
        expected.append(EventType.RESUME)
    expected += [EventType.LAP] * (recorded // 60)
    assert sorted(events) == sorted(expected)

    # And it goes on where it stopped: the recovered session is the app's
    # active one, keeps journaling, and finishes.
    with raises(Bgrun.session_error_quark(), Bgrun.SessionError.SESSION_IN_PROGRESS):
        Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
            Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR))
    clock.set_now(START.add_seconds(recorded))
    if paused:
        session.resume()
    builder.add_sample(Quantity.HEART_RATE, 180, None)
    session.stop_activity(None)
    builder.end_collection(None)
    session.end()
    workout = finish(builder)
    assert workout.get_statistics(Quantity.HEART_RATE).get_count() == recorded + 1
    assert not (tmp_path / JOURNAL).exists()
    with workout_error(Code.NOTHING_TO_RECOVER, 'no workout to recover'):
        recover(scheduler_for(tmp_path))


# ---- in-process crashes ---------------------------------------------------------

def test_recovery_keeps_state_dates_samples_and_events(tmp_path):
    clock = Bgrun.TestClock.new(START)
    session = new_running(scheduler_for(tmp_path, clock))
    builder = session.get_builder()
    for n in range(10):
        builder.add_sample(Quantity.SPEED, 3 + n / 10, None)
        builder.add_sample(Quantity.STEP_COUNT, 3, None)
        clock.advance(1)
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.SEGMENT, clock.get_now(), 10))
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_PAUSED, clock.get_now(), 0))
    before = (builder.get_statistics(Quantity.SPEED).get_average(),
              builder.get_statistics(Quantity.STEP_COUNT).get_sum())
    clock.advance(5)
    session.pause()
    crash(session)

    recovered = recover(scheduler_for(tmp_path, clock))
    builder = recovered.get_builder()
    assert recovered.props.state == State.PAUSED
    assert recovered.props.configuration.props.activity_type == Bgrun.WorkoutActivityType.WALKING
    assert recovered.props.configuration.props.location_type == Bgrun.WorkoutLocationType.INDOOR
    assert (builder.get_statistics(Quantity.SPEED).get_average(),
            builder.get_statistics(Quantity.STEP_COUNT).get_sum()) == before
    events = builder.get_events()
    assert [(events.get_item(i).props.event_type, events.get_item(i).props.duration)
            for i in range(events.get_n_items())] == \
        [(EventType.SEGMENT, 10), (EventType.MOTION_PAUSED, 0), (EventType.PAUSE, 0)]
    assert builder.props.elapsed_time == 10
    recovered.resume()
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_RESUMED, clock.get_now(), 0))
    clock.advance(3)
    assert builder.props.elapsed_time == 13


def test_recovery_does_not_emit_signals_for_the_past(tmp_path):
    session = new_running(scheduler_for(tmp_path))
    session.pause()
    crash(session)
    scheduler = scheduler_for(tmp_path)
    recovered = recover(scheduler)
    recorder = Recorder(recovered)
    recovered.resume()
    assert [(to, frm) for to, frm, _ in recorder.changes] == [(State.RUNNING, State.PAUSED)]


def test_a_torn_last_record_is_cut_and_the_journal_goes_on(tmp_path):
    clock = Bgrun.TestClock.new(START)
    session = new_running(scheduler_for(tmp_path, clock))
    for n in range(5):
        session.get_builder().add_sample(Quantity.HEART_RATE, 120, None)
        clock.advance(1)
    crash(session)
    journal = tmp_path / JOURNAL
    size = journal.stat().st_size
    assert (size - 8) % RECORD == 0
    with open(journal, 'ab') as f:
        f.write(b'q\0\0\0\0\0\0\0\x01\x02\x03')  # the first 11 bytes of a record

    session = recover(scheduler_for(tmp_path, clock))
    assert samples(session.get_builder(), Quantity.HEART_RATE) == 5
    assert journal.stat().st_size == size
    session.get_builder().add_sample(Quantity.HEART_RATE, 130, None)
    crash(session)

    session = recover(scheduler_for(tmp_path, clock))
    assert samples(session.get_builder(), Quantity.HEART_RATE) == 6
    assert session.get_builder().get_statistics(Quantity.HEART_RATE).get_most_recent() == 130


def test_a_record_with_a_bad_checksum_ends_the_journal(tmp_path):
    clock = Bgrun.TestClock.new(START)
    session = new_running(scheduler_for(tmp_path, clock))
    for n in range(5):
        session.get_builder().add_sample(Quantity.HEART_RATE, 120 + n, None)
        clock.advance(1)
    crash(session)
    journal = tmp_path / JOURNAL
    data = bytearray(journal.read_bytes())
    data[-RECORD + 17] ^= 0xff  # a bit of the last sample's value
    journal.write_bytes(bytes(data))

    session = recover(scheduler_for(tmp_path, clock))
    heart = session.get_builder().get_statistics(Quantity.HEART_RATE)
    assert (heart.get_count(), heart.get_most_recent()) == (4, 123)


def test_an_ended_but_unfinished_workout_comes_back_ended(tmp_path):
    session = new_running(scheduler_for(tmp_path))
    session.get_builder().add_sample(Quantity.ACTIVE_ENERGY, 12, None)
    session.get_builder().end_collection(None)
    session.end()
    crash(session)

    scheduler = scheduler_for(tmp_path)
    recovered = recover(scheduler)
    assert recovered.props.state == State.ENDED
    # Ended: it is not the active session, a new one may start.
    Bgrun.WorkoutSession.new(scheduler, Bgrun.WorkoutConfiguration.new(
        Bgrun.WorkoutActivityType.RUNNING, Bgrun.WorkoutLocationType.OUTDOOR))
    workout = finish(recovered.get_builder())
    assert workout.get_statistics(Quantity.ACTIVE_ENERGY).get_sum() == 12
    assert not (tmp_path / JOURNAL).exists()


def test_a_discarded_workout_is_not_recovered(tmp_path):
    session = new_running(scheduler_for(tmp_path))
    session.get_builder().discard_workout()
    crash(session)
    with workout_error(Code.NOTHING_TO_RECOVER):
        recover(scheduler_for(tmp_path))


def test_nothing_to_recover(tmp_path):
    with workout_error(Code.NOTHING_TO_RECOVER, 'none was in progress'):
        recover(scheduler_for(tmp_path))


def test_a_file_that_is_not_a_journal(tmp_path):
    (tmp_path / APP).mkdir()
    (tmp_path / JOURNAL).write_text('hello')
    with workout_error(Code.JOURNAL, str(tmp_path / JOURNAL), 'not a workout journal'):
        recover(scheduler_for(tmp_path))


def test_recovery_while_another_session_is_active(tmp_path):
    crash(new_running(scheduler_for(tmp_path)))
    scheduler = scheduler_for(tmp_path)
    other = new_running(scheduler)  # replaces the journal: that is its own now
    with raises(Bgrun.session_error_quark(), Bgrun.SessionError.SESSION_IN_PROGRESS, 'recover'):
        recover(scheduler)
    assert other.props.state == State.RUNNING


def test_a_journal_that_cannot_be_written_is_reported_and_the_workout_goes_on(tmp_path):
    (tmp_path / 'file').write_text('')
    session = Bgrun.WorkoutSession.new(scheduler_for(tmp_path / 'file' / 'state'),
                                       Bgrun.WorkoutConfiguration.new(
                                           Bgrun.WorkoutActivityType.RUNNING,
                                           Bgrun.WorkoutLocationType.OUTDOOR))
    recorder = Recorder(session)
    session.prepare()
    assert session.props.state == State.PREPARED
    [error] = recorder.failures
    assert error.matches(Bgrun.workout_error_quark(), Code.JOURNAL)
    assert 'workout.journal' in error.message and 'writable' in error.message
    session.start_activity(None)
    session.get_builder().begin_collection(None)
    session.get_builder().add_sample(Quantity.HEART_RATE, 99, None)
    assert len(recorder.failures) == 1
