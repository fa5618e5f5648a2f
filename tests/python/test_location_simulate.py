# bgrunctl simulate-location: a running app's location sessions replay a
# track the user gives, without the app's code knowing: with the app's
# engine embedded (bgrunctl asks the app's own Admin1) and in the daemon
# placement (bgrund checks the file and passes the request on).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, point 6.

import os
import pathlib
import signal
import subprocess
import sys
import tempfile

import pytest

from conftest import Bgrun, Gio, GLib, spin_idle, spin_until
from daemon_helpers import Daemon
from location_helpers import LONGITUDE, Recorder, latitude, write_gpx, write_nmea
from test_bgrunctl import ctl, ctl_spinning, no_daemon_anywhere

from gi.repository import GObject  # noqa: E402

APP = 'org.example.Simulated'
CHILD = str(pathlib.Path(__file__).with_name('location_app_child.py'))
CHILD_APP = 'org.example.LocationChild'
# The app's own track stays at the start, far south of the depot; the
# simulated one runs 5 km north of it, through the depot at 1000 m.
FAR = 5000


def own_track(tmp_path):
    '''Standing still at the start for an hour: it never ends by itself.'''
    return write_gpx(tmp_path / 'own.gpx', [(i * 60, 0) for i in range(61)])


def simulated_track(tmp_path):
    '''From 500 m to 1500 m north, through the depot, then on to FAR.'''
    points = [(i * 10, 500 + i * 50) for i in range(21)]
    points.append((300, FAR))
    return write_nmea(tmp_path / 'simulated.nmea', points)


def metres(recorder):
    '''The norths of the locations delivered, to the metre (NMEA keeps
    positions to about 20 cm).'''
    return [round(north) for north in recorder.norths()]


def replaying(session, track):
    file = Gio.File.new_for_path(str(track))
    session.props.provider = Bgrun.LocationProvider.REPLAY
    session.props.replay_file = file


@pytest.fixture
def embedded_app(monkeypatch):
    '''This process as an app with its engine embedded.'''
    no_daemon_anywhere()
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    application = Gio.Application(application_id=APP)
    application.register(None)
    scheduler = GObject.new(Bgrun.Scheduler, application=application, frontmost=True,
                            state_directory=tempfile.mkdtemp())
    yield scheduler
    scheduler.run_dispose()
    spin_idle()


def test_a_running_session_switches_and_later_ones_start_on_the_track(embedded_app, tmp_path,
                                                                      monkeypatch):
    session = Bgrun.LocationSession.new(embedded_app)
    replaying(session, own_track(tmp_path))
    session.props.pauses_updates_automatically = False
    session.monitor_region(Bgrun.Region.new('depot', latitude(1000), LONGITUDE, 200.0))
    recorder = Recorder(session)
    session.start()
    try:
        spin_until(lambda: metres(recorder) == [0], what='the app’s own first fix')

        result = ctl_spinning('simulate-location', APP, str(simulated_track(tmp_path)), '50')
        assert result.returncode == 0, result.stderr
        assert 'now replay' in result.stdout
        spin_until(lambda: FAR in metres(recorder), what=lambda: f'the simulated track: {recorder.events}')
        # The own track stopped at its first fix; the simulated one ran
        # whole, in order, and its region events reached the session.
        assert metres(recorder) == [0] + [500 + i * 50 for i in range(21)] + [FAR]
        assert recorder.signals() == [('enter', 'depot'), ('exit', 'depot')]
        assert session.props.running and session.props.active_provider == 'replay'

        # A session started now replays the track whatever it asked for:
        # gpsd, at an address where nothing answers, never fails it.
        monkeypatch.setenv('BGRUN_GPSD', '127.0.0.1:9')
        later = Bgrun.LocationSession.new(embedded_app)
        later.props.provider = Bgrun.LocationProvider.GPSD
        later.props.pauses_updates_automatically = False
        later_recorder = Recorder(later)
        later.start()
        spin_until(lambda: FAR in metres(later_recorder), what=lambda: f'the later session: {later_recorder.events}')
        assert metres(later_recorder)[0] == 500
        assert not any(isinstance(e, tuple) and e[0] == 'failed' for e in later_recorder.events)
        later.stop()
    finally:
        session.stop()


def test_a_bad_track_or_speed_changes_nothing(embedded_app, tmp_path):
    session = Bgrun.LocationSession.new(embedded_app)
    replaying(session, own_track(tmp_path))
    recorder = Recorder(session)
    session.start()
    try:
        spin_until(lambda: metres(recorder) == [0], what='the app’s own first fix')
        bad = tmp_path / 'bad.gpx'
        bad.write_text('<gpx>\n<trkpt lat="north" lon="10"><time>2026-05-01T08:00:00Z</time></trkpt>\n</gpx>\n')
        result = ctl_spinning('simulate-location', APP, str(bad))
        assert result.returncode == 1
        assert 'bad.gpx' in result.stderr and 'line 2' in result.stderr

        result = ctl_spinning('simulate-location', APP, str(tmp_path / 'missing.gpx'))
        assert result.returncode == 1 and 'missing.gpx' in result.stderr

        result = ctl_spinning('simulate-location', APP, str(simulated_track(tmp_path)), '0')
        assert result.returncode == 1 and 'not a speed' in result.stderr

        result = ctl_spinning('simulate-location', APP, str(simulated_track(tmp_path)), 'fast')
        assert result.returncode == 1 and 'not a speed' in result.stderr

        spin_idle()
        assert metres(recorder) == [0]
        assert session.props.running and recorder.signals() == []
    finally:
        session.stop()


def test_no_app_to_ask(tmp_path):
    no_daemon_anywhere()
    result = ctl('simulate-location', 'org.example.NotRunning', str(simulated_track(tmp_path)))
    assert result.returncode == 1
    assert 'Neither bgrund nor the app org.example.NotRunning runs' in result.stderr


@pytest.mark.parametrize('args, message', [
    (('simulate-location', 'org.example.A'), 'takes APP FILE [SPEED]'),
    (('simulate-location', 'org.example.A', 'a.gpx', '2', 'extra'), 'takes APP FILE [SPEED]'),
    (('simulate-location', 'not an app id', 'a.gpx'), 'APP must be an application id'),
])
def test_usage_errors(args, message):
    result = ctl(*args)
    assert result.returncode == 2 and message in result.stderr


def read_until(child, wanted):
    '''The child's lines up to and including the first that is @wanted.'''
    lines = []
    while True:
        line = child.stdout.readline()
        assert line, f'the app exited before “{wanted}”: {lines}'
        lines.append(line.strip())
        if lines[-1] == wanted:
            return lines


def test_bgrund_passes_the_track_on_to_a_running_app(tmp_path):
    daemon = Daemon(tempfile.mkdtemp())
    daemon.wait_owned()
    env = dict(os.environ, BGRUN_BACKEND='daemon')
    track = simulated_track(tmp_path)
    try:
        # bgrund knows which apps run: it cannot pass a track to none.
        result = ctl('simulate-location', CHILD_APP, str(track))
        assert result.returncode == 1
        assert f'“{CHILD_APP}” does not run' in result.stderr

        child = subprocess.Popen([sys.executable, CHILD, str(own_track(tmp_path)), '1'],
                                 stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert child.stdout.readline().split()[2] == 'daemon'
            read_until(child, 'location 0')

            # bgrund checks the file itself, so the user hears what is wrong.
            bad = tmp_path / 'bad.nmea'
            bad.write_text('$GPRMC,080000.00,A,0000.0000,N,01000.0000,E,0.0,0.0,010526,,,A*00\r\n')
            result = ctl('simulate-location', CHILD_APP, str(bad))
            assert result.returncode == 1
            assert 'bad.nmea' in result.stderr and 'line 1' in result.stderr

            result = ctl('simulate-location', CHILD_APP, str(track), '50')
            assert result.returncode == 0, result.stderr
            lines = read_until(child, f'location {FAR}')
            assert [line for line in lines if line.startswith('location')] == \
                [f'location {500 + i * 50}' for i in range(21)] + [f'location {FAR}']
            assert [line for line in lines if line.split()[0] in ('enter', 'exit')] == \
                ['enter depot', 'exit depot']
            assert not any(line.startswith('failed') for line in lines)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
    finally:
        daemon.stop()
