# Workout data sources: a Bluetooth LE heart-rate sensor through BlueZ
# (a dbusmock template with a GATT Heart Rate Service whose measurement
# characteristic notifies), its disconnection and reconnection, and the
# replay source.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 15, point 3. The BlueZ mock runs on this process's private system
# bus (conftest.py); the replay source runs on the test clock.

import pathlib

import dbus
import pytest

from conftest import Bgrun, Gio, bus_barrier, spin_idle, spin_until, usec
from workout_helpers import EventType, Quantity, Recorder, State, new_session, now, raises, session_error

APP = 'org.example.WorkoutSources'
TEMPLATE = str(pathlib.Path(__file__).with_name('bluez_gatt_template.py'))
SENSOR = 'F0:13:C3:5A:22:9B'


@pytest.fixture
def driver():
    return Bgrun.TestDriver.new(APP)


def collecting(driver, session):
    start = now(driver)
    session.start_activity(start)
    session.get_builder().begin_collection(start)
    return start


def heart(session):
    return session.get_builder().get_statistics(Quantity.HEART_RATE)


# ---- BlueZ ------------------------------------------------------------------------

@pytest.fixture
def bluez(spawn_mock):
    def spawn(**parameters):
        return spawn_mock(TEMPLATE, parameters)
    return spawn


def notifying(mock):
    return 'StartNotify' in mock.log() and \
        mock.log().count('StartNotify') > mock.log().count('StopNotify')


def measure(mock, *data):
    return mock.mock_call('Measure', dbus.Array(data, signature='y'))


def wait_notifying(mock, count=1):
    spin_until(lambda: mock.log().count('StartNotify') >= count, what='StartNotify')
    spin_until(lambda: measure(mock, 0x00, 0), what='notifications on')


def test_a_sensor_feeds_heart_rate(driver, bluez):
    mock = bluez()
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    wait_notifying(mock)
    # The 0-bpm probe of wait_notifying is the first sample.
    spin_until(lambda: heart(session).get_count() == 1, what='the probe')
    measure(mock, 0x00, 142)                  # 8-bit
    measure(mock, 0x01, 0x2C, 0x01)           # 16-bit, 300
    spin_until(lambda: heart(session).get_count() == 3, what='two measurements')
    assert heart(session).get_maximum() == 300
    assert heart(session).get_most_recent() == 300


def test_the_sensor_is_found_by_its_address_among_other_devices(driver, bluez):
    mock = bluez(other_address='00:11:22:33:44:55')
    session = new_session(driver)
    session.add_heart_rate_sensor(SENSOR.lower())
    collecting(driver, session)
    wait_notifying(mock)
    # Only the heart-rate sensor was asked, once; its samples arrive.
    assert mock.log().count('StartNotify') == 1
    measure(mock, 0x00, 61)
    spin_until(lambda: heart(session).get_most_recent() == 61, what='a sample of the sensor')


def test_readings_without_skin_contact_are_left_out(driver, bluez):
    mock = bluez()
    session = new_session(driver)
    session.add_heart_rate_sensor(SENSOR)
    collecting(driver, session)
    wait_notifying(mock)
    spin_until(lambda: heart(session).get_count() == 1, what='the probe')
    measure(mock, 0x04, 99)    # contact supported, not detected: left out
    measure(mock, 0x06, 101)   # detected
    spin_until(lambda: heart(session).get_count() == 2, what='the measurement with contact')
    assert heart(session).get_most_recent() == 101


def test_energy_expended_becomes_active_energy(driver, bluez):
    mock = bluez()
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    wait_notifying(mock)
    energy = lambda: session.get_builder().get_statistics(Quantity.ACTIVE_ENERGY)  # noqa: E731
    measure(mock, 0x08, 120, 100, 0)          # 100 kJ since the sensor's reset: the baseline
    measure(mock, 0x08, 121, 142, 0)          # 42 kJ more
    measure(mock, 0x18, 122, 0x90, 0x01, 0x00, 0x04)  # 400 kJ, with an RR interval
    spin_until(lambda: energy().get_count() == 2, what='two energy samples')
    assert energy().get_sum() == pytest.approx(300 / 4.184)


def test_samples_wait_for_collection(driver, bluez):
    mock = bluez()
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    session.prepare()                         # the sensor warms up
    wait_notifying(mock)
    measure(mock, 0x00, 90)
    bus_barrier('org.bluez')                  # both measurements handled
    assert heart(session).get_count() == 0
    collecting(driver, session)
    measure(mock, 0x00, 95)
    spin_until(lambda: heart(session).get_count() == 1, what='a collected sample')


def test_a_sensor_not_connected_yet_is_connected(driver, bluez):
    mock = bluez(connected=False)
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    spin_until(lambda: 'Connect' in mock.log(), what='Connect')
    wait_notifying(mock)


def test_a_sensor_that_goes_away_is_reported_and_comes_back_by_itself(driver, bluez):
    mock = bluez()
    session = new_session(driver)
    recorder = Recorder(session)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    wait_notifying(mock)

    mock.mock_call('LeaveRange')
    spin_until(lambda: [e.props.event_type for e in recorder.events] ==
               [EventType.SENSOR_DISCONNECTED], what='the disconnection event')
    # It tries to reconnect, and keeps trying while the sensor is away.
    spin_until(lambda: mock.log().count('Connect') >= 2, what='two reconnection attempts')
    assert not measure(mock, 0x00, 77)

    mock.mock_call('ComeBack')
    spin_until(lambda: len(recorder.events) == 2, what='the reconnection event')
    assert recorder.events[1].props.event_type == EventType.SENSOR_CONNECTED
    count = heart(session).get_count()
    spin_until(lambda: measure(mock, 0x00, 88), what='notifications on again')
    spin_until(lambda: heart(session).get_count() == count + 1, what='a sample after the return')
    events = session.get_builder().get_events()
    assert [events.get_item(i).props.event_type for i in range(events.get_n_items())] == \
        [EventType.SENSOR_DISCONNECTED, EventType.SENSOR_CONNECTED]


def test_ending_the_session_stops_notifications(driver, bluez):
    mock = bluez()
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    wait_notifying(mock)
    session.end()
    spin_until(lambda: 'StopNotify' in mock.log(), what='StopNotify')


def test_a_sensor_that_is_not_there_yet_is_waited_for(driver, bluez):
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    spin_idle()
    mock = bluez()                            # bluetoothd starts after the workout
    wait_notifying(mock)
    measure(mock, 0x00, 133)
    spin_until(lambda: heart(session).get_most_recent() == 133, what='a sample of the late sensor')


def test_without_bluez_the_workout_goes_on(driver):
    session = new_session(driver)
    session.add_heart_rate_sensor(None)
    collecting(driver, session)
    spin_idle()
    session.get_builder().add_sample(Quantity.HEART_RATE, 100, None)
    assert session.props.state == State.RUNNING


@pytest.mark.parametrize('address', ['', 'F0:13:C3:5A:22', 'F0-13-C3-5A-22-9B', 'G0:13:C3:5A:22:9B'])
def test_a_bad_address_is_refused(driver, address):
    with raises(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_ARGUMENT, 'not a Bluetooth address'):
        new_session(driver).add_heart_rate_sensor(address)


def test_no_source_is_added_to_an_ended_session(driver, tmp_path):
    session = new_session(driver)
    session.prepare()
    session.end()
    with session_error(Bgrun.SessionError.INVALID_STATE, 'ended'):
        session.add_heart_rate_sensor(None)
    (tmp_path / 'replay').write_text('0 heart-rate 100\n')
    with session_error(Bgrun.SessionError.INVALID_STATE, 'ended'):
        session.add_replay_source(Gio.File.new_for_path(str(tmp_path / 'replay')), None)


# ---- replay ---------------------------------------------------------------------------

REPLAY = '''# seconds  quantity  value
0     heart-rate  100
0     distance    0
1.5   heart-rate  110   # a comment
2     distance    4.5
10    heart-rate  150
10    step-count  12
'''


def replay_file(tmp_path, text):
    path = tmp_path / 'workout.replay'
    path.write_text(text)
    return Gio.File.new_for_path(str(path))


def test_replay_delivers_each_sample_at_its_time(driver, tmp_path):
    session = new_session(driver)
    session.add_replay_source(replay_file(tmp_path, REPLAY), None)
    start = collecting(driver, session)
    driver.advance(0)
    assert heart(session).get_count() == 1
    driver.advance(1)
    assert heart(session).get_count() == 1
    driver.advance(1)
    assert heart(session).get_count() == 2
    assert usec(heart(session).get_most_recent_date()) == usec(start) + 1_500_000
    assert session.get_builder().get_statistics(Quantity.DISTANCE).get_sum() == 4.5
    driver.advance(100)
    assert heart(session).get_count() == 3
    assert session.get_builder().get_statistics(Quantity.STEP_COUNT).get_sum() == 12


def test_replay_added_to_a_running_session_counts_from_its_start(driver, tmp_path):
    session = new_session(driver)
    collecting(driver, session)
    driver.advance(5)
    session.add_replay_source(replay_file(tmp_path, REPLAY), None)
    driver.advance(0)
    assert heart(session).get_count() == 2    # 0 s and 1.5 s are due
    driver.advance(5)
    assert heart(session).get_count() == 3


def test_replay_stops_when_the_session_ends(driver, tmp_path):
    session = new_session(driver)
    session.add_replay_source(replay_file(tmp_path, REPLAY), None)
    collecting(driver, session)
    driver.advance(0)
    session.end()                             # the builder still collects
    driver.advance(100)
    assert heart(session).get_count() == 1


@pytest.mark.parametrize('text,fragment', [
    ('0 heart-rate\n', 'line 1: expected'),
    ('0 heart-rate 1 2\n', 'line 1: expected'),
    ('\n# fine\nsoon heart-rate 100\n', 'line 3: “soon” is not a number of seconds'),
    ('-1 heart-rate 100\n', 'is not a number of seconds'),
    ('0 pulse 100\n', '“pulse” is not a quantity type'),
    ('0 speed -3\n', '“-3” is not a value'),
    ('0 speed nan\n', '“nan” is not a value'),
    ('5 speed 3\n4 speed 3\n', 'line 2: the time goes back'),
])
def test_a_bad_replay_file_names_its_line(driver, tmp_path, text, fragment):
    session = new_session(driver)
    with raises(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_DATA, 'workout.replay', fragment):
        session.add_replay_source(replay_file(tmp_path, text), None)


def test_a_missing_replay_file(driver, tmp_path):
    with raises(Gio.io_error_quark(), Gio.IOErrorEnum.NOT_FOUND):
        new_session(driver).add_replay_source(Gio.File.new_for_path(str(tmp_path / 'none')), None)
