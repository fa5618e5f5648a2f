# Region monitoring: entering and leaving a circle on a track that
# crosses it, nothing on a track along its border, events while updates
# are paused, the limit, and regions that survive the app restarting.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, point 3. The regions are stored beside the app's store, in the
# test driver's temporary state directory; a scheduler opened again on that
# store (TestDriver.open_scheduler) stands for the app starting again.

import gc
import math
import os
import pathlib

import pytest

from conftest import Bgrun, Gio, GLib
from location_helpers import LONGITUDE, Recorder, latitude, write_gpx

APP = 'org.example.Depots'
CENTRE = 1000  # metres north of the start


def region(identifier='depot', radius=200.0, north=CENTRE):
    return Bgrun.Region.new(identifier, latitude(north), LONGITUDE, radius)


def session_for(driver, track, speed=100.0, scheduler=None):
    session = Bgrun.LocationSession.new(scheduler or driver.get_scheduler())
    session.props.provider = Bgrun.LocationProvider.REPLAY
    replay_file = Gio.File.new_for_path(str(track))
    session.props.replay_file = replay_file
    session.props.replay_speed = speed
    session.props.pauses_updates_automatically = False
    return session


def regions_file(driver):
    return pathlib.Path(driver.get_state_directory()) / APP / 'location-regions.gvariant'


def test_a_track_through_the_circle_enters_and_leaves_it(tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    track = write_gpx(tmp_path / 'through.gpx', [(i * 5, i * 50) for i in range(41)])
    session = session_for(driver, track)
    session.monitor_region(region())
    session.monitor_region(region('elsewhere', north=50000))
    recorder = Recorder(session)
    session.start()
    driver.advance(2)

    assert recorder.signals() == [('enter', 'depot'), ('exit', 'depot')]
    # Entered at the first fix clearly inside (more than the 10 m margin
    # within the 200 m radius: 850 m), left at the first clearly outside
    # (1250 m). The event comes just before that fix's location-updated.
    enter = recorder.events.index(('enter', 'depot'))
    exit_ = recorder.events.index(('exit', 'depot'))
    assert recorder.events[enter + 1][1] == pytest.approx(850, abs=0.01)
    assert recorder.events[exit_ + 1][1] == pytest.approx(1250, abs=0.01)
    assert regions_file(driver).exists()


def test_a_track_along_the_border_does_not_flap(tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    points = [(0, CENTRE)]  # at the centre: inside, without an event
    # Twice round the circle, 4 m in and out of the border at random-looking
    # turns: GPS jitter.
    for step in range(1, 145):
        bearing = math.radians(step * 5)
        distance = 200 + (4 if step % 3 else -4) * (1 if step % 7 else -1)
        points.append((step * 5, CENTRE + distance * math.cos(bearing), distance * math.sin(bearing)))
    track = write_gpx(tmp_path / 'border.gpx', points)
    session = session_for(driver, track)
    session.monitor_region(region())
    recorder = Recorder(session)
    session.start()
    driver.advance(10)
    assert len(recorder.locations) == len(points)
    assert recorder.signals() == []


def test_regions_are_watched_while_updates_are_paused(tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    # Stand 4 minutes well outside, then walk in.
    points = [(i * 10, 600) for i in range(25)] + [(240 + i * 10, 600 + i * 20) for i in range(1, 20)]
    session = session_for(driver, write_gpx(tmp_path / 'wait.gpx', points))
    session.props.pauses_updates_automatically = True
    session.monitor_region(region())
    recorder = Recorder(session)
    session.start()
    driver.advance(5)
    # Paused at the stop; the walk of more than 25 m resumes updates first,
    # then the entry is reported at 850 m, with updates running.
    assert recorder.signals() == ['paused', 'resumed', ('enter', 'depot')]


def test_regions_survive_a_restart_and_are_reported_once(tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    inbound = write_gpx(tmp_path / 'in.gpx', [(i * 5, i * 50) for i in range(21)])
    session = session_for(driver, inbound)
    session.monitor_region(region())
    session.monitor_region(region('far', radius=1000, north=9000))
    recorder = Recorder(session)
    session.start()
    driver.advance(1)
    assert recorder.signals() == [('enter', 'depot')]
    session.stop()
    del session
    gc.collect()  # the app's regions are read again from the file

    # The app starts again: a new scheduler on the same store, a new session.
    scheduler = driver.open_scheduler()
    outbound = write_gpx(tmp_path / 'out.gpx', [(i * 5, 1000 + i * 50) for i in range(11)])
    session = session_for(driver, outbound, scheduler=scheduler)
    regions = session.get_monitored_regions()
    assert [regions.get_item(i).get_identifier() for i in range(regions.get_n_items())] == ['depot', 'far']
    assert regions.get_item(1).get_radius() == 1000
    recorder = Recorder(session)
    session.start()
    driver.advance(1)
    # Still inside at the start, so no second entry: only the exit.
    assert recorder.signals() == [('exit', 'depot')]

    session.stop_monitoring_region(region('depot'))
    assert regions.get_n_items() == 1
    again = Bgrun.LocationSession.new(driver.open_scheduler())
    assert again.get_monitored_regions().get_n_items() == 1


def test_a_hundred_regions_and_not_one_more():
    driver = Bgrun.TestDriver.new(APP)
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    for i in range(Bgrun.LOCATION_MAX_REGIONS):
        session.monitor_region(region(f'r{i}', north=i * 1000))
    assert Bgrun.LOCATION_MAX_REGIONS >= 100
    with pytest.raises(GLib.Error) as raised:
        session.monitor_region(region('one-more'))
    assert raised.value.matches(Bgrun.location_error_quark(), Bgrun.LocationError.TOO_MANY_REGIONS)
    assert 'one-more' in raised.value.message

    with pytest.raises(GLib.Error) as raised:
        session.monitor_region(Bgrun.Region.new('tiny', 0, 0, 5))
    assert raised.value.matches(Bgrun.location_error_quark(), Bgrun.LocationError.INVALID_REGION)
    assert 'radius of 5 m' in raised.value.message
    assert session.get_monitored_regions().get_n_items() == Bgrun.LOCATION_MAX_REGIONS


def test_a_damaged_regions_file_is_set_aside():
    driver = Bgrun.TestDriver.new(APP)
    path = regions_file(driver)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'\x00garbage')
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    assert session.get_monitored_regions().get_n_items() == 0
    assert path.with_name('location-regions.gvariant.invalid').read_bytes() == b'\x00garbage'
    session.monitor_region(region())
    assert session.get_monitored_regions().get_n_items() == 1
    assert path.exists()


def test_the_sessions_of_an_app_share_its_regions(tmp_path):
    driver = Bgrun.TestDriver.new(APP)
    track = write_gpx(tmp_path / 'through.gpx', [(i * 5, i * 50) for i in range(41)])
    first = session_for(driver, track)
    second = Bgrun.LocationSession.new(driver.get_scheduler())
    first.monitor_region(region())
    # One list for the app: what one session monitors, the other sees.
    assert second.get_monitored_regions().get_n_items() == 1
    second.monitor_region(region('more', north=5000))
    assert [first.get_monitored_regions().get_item(i).get_identifier() for i in range(2)] == ['depot', 'more']

    # Only running sessions report entries and exits.
    first_recorder, second_recorder = Recorder(first), Recorder(second)
    first.start()
    driver.advance(2)
    assert first_recorder.signals() == [('enter', 'depot'), ('exit', 'depot')]
    assert second_recorder.signals() == []
