# The workout builder: samples by quantity type, statistics per type
# (which figures apply, NaN for the others), the time-weighted average,
# elapsed time without pauses, events, every refusal with its precise
# error, and finishing into a Bgrun.Workout or discarding.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 2. Time moves only through the test clock.

import math

import pytest

from conftest import Bgrun, spin_until, usec
from workout_helpers import EventType, Quantity, State, new_session, now, workout_error

APP = 'org.example.WorkoutBuilder'
Code = Bgrun.WorkoutError
DISCRETE = [Quantity.HEART_RATE, Quantity.SPEED, Quantity.CADENCE]
CUMULATIVE = [Quantity.DISTANCE, Quantity.ACTIVE_ENERGY, Quantity.STEP_COUNT]


@pytest.fixture
def driver():
    return Bgrun.TestDriver.new(APP)


@pytest.fixture
def session(driver):
    session = new_session(driver)
    session.start_activity(None)
    session.get_builder().begin_collection(None)
    return session


def at(driver, seconds):
    '''The date @seconds after the clock's now.'''
    return now(driver).add_seconds(seconds)


def figures(stats):
    return (stats.get_minimum(), stats.get_maximum(), stats.get_average(), stats.get_sum(),
            stats.get_most_recent())


def nan_or(value):
    return 'nan' if math.isnan(value) else round(value, 6)


def finish(builder):
    results = []
    builder.finish_workout_async(None, lambda b, result: results.append(result))
    spin_until(lambda: results, what='finish_workout_async')
    return builder.finish_workout_finish(results[0])


def test_every_quantity_type_is_one_of_two_kinds():
    assert sorted(DISCRETE + CUMULATIVE) == sorted(
        Quantity(value) for value in range(Bgrun.N_QUANTITY_TYPES))


@pytest.mark.parametrize('quantity', DISCRETE)
def test_discrete_quantities_have_minimum_maximum_average_and_latest(driver, session, quantity):
    builder = session.get_builder()
    builder.add_sample(quantity, 100, None)
    driver.advance(10)
    builder.add_sample(quantity, 160, None)
    driver.advance(30)
    stats = builder.get_statistics(quantity)
    # 100 for 10 s, 160 for the 30 s since: (1000 + 4800) / 40.
    assert [nan_or(x) for x in figures(stats)] == [100, 160, 145, 'nan', 160]
    assert stats.get_count() == 2
    assert stats.get_quantity_type() == quantity
    assert usec(stats.get_most_recent_date()) == usec(now(driver)) - 30_000_000


@pytest.mark.parametrize('quantity', CUMULATIVE)
def test_cumulative_quantities_have_a_sum_and_latest(driver, session, quantity):
    builder = session.get_builder()
    for value in (10, 20, 30.5):
        builder.add_sample(quantity, value, None)
        driver.advance(1)
    assert [nan_or(x) for x in figures(builder.get_statistics(quantity))] == \
        ['nan', 'nan', 'nan', 60.5, 30.5]


@pytest.mark.parametrize('quantity', DISCRETE + CUMULATIVE)
def test_no_sample_yet(session, quantity):
    stats = session.get_builder().get_statistics(quantity)
    expected_sum = 0 if quantity in CUMULATIVE else 'nan'
    assert [nan_or(x) for x in figures(stats)] == ['nan', 'nan', 'nan', expected_sum, 'nan']
    assert stats.get_count() == 0 and stats.get_most_recent_date() is None


def test_readings_at_one_instant_average_plainly(driver, session):
    builder = session.get_builder()
    date = now(driver)
    for value in (90, 100, 110, 120):
        builder.add_sample(Quantity.HEART_RATE, value, date)
    assert builder.get_statistics(Quantity.HEART_RATE).get_average() == 105


def test_pauses_count_in_neither_elapsed_time_nor_averages(driver, session):
    builder = session.get_builder()
    builder.add_sample(Quantity.HEART_RATE, 100, None)
    driver.advance(10)
    assert builder.props.elapsed_time == 10
    session.pause()
    driver.advance(30)
    assert builder.props.elapsed_time == 10
    session.resume()
    driver.advance(10)
    assert builder.props.elapsed_time == 20
    builder.add_sample(Quantity.HEART_RATE, 200, None)
    driver.advance(10)
    # 100 for 20 active seconds (the 30 s pause left out), 200 for 10.
    assert builder.get_statistics(Quantity.HEART_RATE).get_average() == pytest.approx(400 / 3)
    assert builder.get_elapsed_time() == 30


def test_motion_pauses_stop_the_time_too_and_overlap_with_pauses(driver, session):
    builder = session.get_builder()
    driver.advance(10)
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_PAUSED, now(driver), 0))
    driver.advance(5)
    session.pause()                      # paused twice over
    driver.advance(5)
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_RESUMED, now(driver), 0))
    driver.advance(5)
    assert builder.props.elapsed_time == 10  # still paused by the user
    session.resume()
    driver.advance(7)
    assert builder.props.elapsed_time == 17


def test_elapsed_time_stops_at_the_end_of_collection(driver, session):
    builder = session.get_builder()
    driver.advance(42)
    builder.end_collection(None)
    driver.advance(100)
    assert builder.props.elapsed_time == 42
    assert usec(builder.props.end_date) == usec(now(driver)) - 100_000_000


def test_elapsed_time_is_notified_when_it_starts_and_stops_growing(driver):
    session = new_session(driver)
    builder = session.get_builder()
    seen = []
    builder.connect('notify::elapsed-time', lambda b, p: seen.append(b.props.elapsed_time))
    session.start_activity(None)
    builder.begin_collection(None)
    driver.advance(5)
    session.pause()
    driver.advance(5)
    session.resume()
    driver.advance(5)
    builder.end_collection(None)
    assert seen == [0, 5, 5, 10]


def test_samples_of_different_types_interleave(driver, session):
    builder = session.get_builder()
    builder.add_sample(Quantity.HEART_RATE, 120, at(driver, 2))
    builder.add_sample(Quantity.DISTANCE, 3, at(driver, 1))
    assert builder.get_statistics(Quantity.DISTANCE).get_sum() == 3


# ---- refusals -----------------------------------------------------------------

@pytest.mark.parametrize('value', [-1, math.nan, math.inf, -math.inf])
def test_bad_values_are_refused(session, value):
    builder = session.get_builder()
    with workout_error(Code.INVALID_SAMPLE, 'heart-rate', 'finite and not negative'):
        builder.add_sample(Quantity.HEART_RATE, value, None)
    assert builder.get_statistics(Quantity.HEART_RATE).get_count() == 0


def test_samples_before_collection_begins_are_refused(driver):
    session = new_session(driver)
    with workout_error(Code.NOT_COLLECTING, 'has not begun', 'begin_collection'):
        session.get_builder().add_sample(Quantity.SPEED, 3, None)


def test_a_sample_dated_before_collection_is_refused(driver, session):
    with workout_error(Code.OUT_OF_ORDER, 'speed', 'comes before'):
        session.get_builder().add_sample(Quantity.SPEED, 3, at(driver, -1))


def test_a_sample_before_the_previous_one_of_its_type_is_refused(driver, session):
    builder = session.get_builder()
    builder.add_sample(Quantity.CADENCE, 170, at(driver, 10))
    with workout_error(Code.OUT_OF_ORDER, 'cadence', 'in date order'):
        builder.add_sample(Quantity.CADENCE, 171, at(driver, 9))
    assert builder.get_statistics(Quantity.CADENCE).get_count() == 1


def test_samples_after_collection_ended_are_refused(session):
    builder = session.get_builder()
    builder.end_collection(None)
    with workout_error(Code.NOT_COLLECTING, 'has ended'):
        builder.add_sample(Quantity.HEART_RATE, 100, None)


def test_collection_begins_once_and_ends_once(driver, session):
    builder = session.get_builder()
    with workout_error(Code.NOT_COLLECTING, 'already began'):
        builder.begin_collection(None)
    with workout_error(Code.OUT_OF_ORDER, 'before it began'):
        builder.end_collection(at(driver, -1))
    builder.end_collection(None)
    with workout_error(Code.NOT_COLLECTING, 'already ended'):
        builder.end_collection(None)


def test_ending_collection_that_never_began_is_refused(driver):
    with workout_error(Code.NOT_COLLECTING, 'did not begin'):
        new_session(driver).get_builder().end_collection(None)


@pytest.mark.parametrize('event_type', [EventType.PAUSE, EventType.RESUME])
def test_pause_and_resume_come_only_from_the_session(driver, session, event_type):
    with workout_error(Code.INVALID_EVENT, 'pause() or resume()'):
        session.get_builder().add_event(Bgrun.WorkoutEvent.new(event_type, now(driver), 0))


def test_motion_pauses_alternate(driver, session):
    builder = session.get_builder()
    with workout_error(Code.INVALID_EVENT, 'while not paused'):
        builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_RESUMED, now(driver), 0))
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_PAUSED, now(driver), 0))
    with workout_error(Code.INVALID_EVENT, 'while already paused'):
        builder.add_event(Bgrun.WorkoutEvent.new(EventType.MOTION_PAUSED, now(driver), 0))


def test_events_come_in_date_order(driver, session):
    builder = session.get_builder()
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.MARKER, at(driver, 5), 0))
    with workout_error(Code.OUT_OF_ORDER, 'marker', 'date order'):
        builder.add_event(Bgrun.WorkoutEvent.new(EventType.MARKER, at(driver, 4), 0))
    assert builder.get_events().get_n_items() == 1


# ---- finishing ----------------------------------------------------------------

def test_a_finished_workout_has_it_all(driver):
    session = new_session(driver, Bgrun.WorkoutActivityType.CYCLING, Bgrun.WorkoutLocationType.INDOOR)
    builder = session.get_builder()
    start = now(driver)
    session.start_activity(start)
    builder.begin_collection(start)
    for second in range(60):
        builder.add_sample(Quantity.HEART_RATE, 120 + second % 3, None)
        builder.add_sample(Quantity.DISTANCE, 5, None)
        driver.advance(1)
    builder.add_event(Bgrun.WorkoutEvent.new(EventType.LAP, now(driver), 60))
    session.pause()
    driver.advance(20)
    session.resume()
    driver.advance(10)
    session.stop_activity(None)
    builder.end_collection(None)
    session.end()

    workout = finish(builder)
    assert workout.props.activity_type == Bgrun.WorkoutActivityType.CYCLING
    assert workout.props.location_type == Bgrun.WorkoutLocationType.INDOOR
    assert usec(workout.props.start_date) == usec(start)
    assert usec(workout.props.end_date) == usec(now(driver))
    assert workout.props.duration == 70
    assert workout.get_statistics(Quantity.DISTANCE).get_sum() == 300
    heart = workout.get_statistics(Quantity.HEART_RATE)
    assert (heart.get_minimum(), heart.get_maximum(), heart.get_count()) == (120, 122, 60)
    events = workout.get_events()
    assert [(events.get_item(i).props.event_type, events.get_item(i).props.duration)
            for i in range(events.get_n_items())] == \
        [(EventType.LAP, 60), (EventType.PAUSE, 0), (EventType.RESUME, 0)]
    # The builder takes nothing more.
    with workout_error(Code.FINISHED, 'already finished'):
        builder.add_sample(Quantity.HEART_RATE, 100, None)
    with workout_error(Code.FINISHED):
        finish(builder)


def test_finishing_needs_collection_to_have_ended(session):
    with workout_error(Code.COLLECTION_NOT_ENDED, 'end_collection() first'):
        finish(session.get_builder())


def test_finishing_needs_collection_to_have_begun(driver):
    with workout_error(Code.NOT_COLLECTING, 'never began'):
        finish(new_session(driver).get_builder())


def test_a_discarded_workout_takes_nothing_more(session):
    builder = session.get_builder()
    builder.discard_workout()
    builder.discard_workout()
    with workout_error(Code.FINISHED, 'discarded'):
        builder.add_sample(Quantity.HEART_RATE, 100, None)
    builder_events = builder.get_events().get_n_items()
    session.pause()
    assert session.props.state == State.PAUSED
    assert builder.get_events().get_n_items() == builder_events
    with workout_error(Code.FINISHED):
        finish(builder)


def test_a_pause_after_collection_ended_is_announced_but_not_recorded(driver, session):
    builder = session.get_builder()
    builder.end_collection(None)
    seen = []
    session.connect('event', lambda s, event: seen.append(event.props.event_type))
    session.pause()
    assert seen == [EventType.PAUSE]
    assert builder.get_events().get_n_items() == 0
