# Location from a real gpsd, fed a recorded NMEA track by gpsfake: the
# fixes of the track through gpsd's JSON protocol, the automatic choice of
# gpsd when it has a receiver, and precise errors when gpsd is not there or
# goes away.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 14, points 1 and 7. gpsfake (Debian's gpsd-clients) starts a real
# gpsd on a port of the test's choosing, on loopback, and replays the log
# to it through a pseudo-terminal once a client connects.

import json
import os
import shutil
import socket
import subprocess

import pytest

from conftest import Bgrun, GLib, spin_until
from location_helpers import METRES_PER_DEGREE, Recorder, write_nmea

APP = 'org.example.Navigator'
GPSFAKE = shutil.which('gpsfake')
pytestmark = pytest.mark.skipif(GPSFAKE is None, reason='gpsfake (Debian gpsd-clients) is not installed')


@pytest.fixture(autouse=True)
def gpsd_provider_built():
    '''Skips, visibly, in a libbgrun built without its gpsd provider.'''
    session = Bgrun.LocationSession.new(Bgrun.TestDriver.new(APP).get_scheduler())
    session.props.provider = Bgrun.LocationProvider.GPSD
    try:
        session.start()
    except GLib.Error as error:
        if error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.NOT_BUILT):
            pytest.skip('libbgrun was built with -Dlocation=disabled: no gpsd provider')
        raise
    session.stop()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_for_port(port, process):
    def accepting():
        assert process.poll() is None, 'gpsfake exited before gpsd listened'
        try:
            socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
            return True
        except OSError:
            return False
    spin_until(accepting, what=f'gpsd listening on port {port}', retry_every=0.05)

    # gpsfake adds its pseudo-terminal to gpsd once gpsd runs: wait until
    # gpsd lists it, as a gpsd with a receiver plugged in would at once.
    def has_device():
        with socket.create_connection(('127.0.0.1', port), timeout=2) as s:
            s.sendall(b'?DEVICES;\n')
            reply = b''
            while b'"DEVICES"' not in reply or not reply.endswith(b'\n'):
                chunk = s.recv(4096)
                if not chunk:
                    return False
                reply += chunk
        devices = [json.loads(line) for line in reply.decode().splitlines() if '"DEVICES"' in line]
        return bool(devices and devices[0]['devices'])
    spin_until(has_device, what=f'gpsd on port {port} listing the receiver', retry_every=0.05)


@pytest.fixture
def gpsfake(tmp_path):
    '''Starts gpsfake on a track; returns the address of its gpsd.'''
    processes = []

    def start(points, cycle=0.05, once=True):
        track = write_nmea(tmp_path / f'track{len(processes)}.nmea', points)
        port = free_port()
        env = dict(os.environ, PATH=os.environ.get('PATH', '') + ':/usr/sbin:/sbin')
        # -n: gpsd reads the log at once, so the probe connection made while
        # waiting for the port does not count as the client that starts it.
        process = subprocess.Popen([GPSFAKE, '-q', '-n'] + (['-1'] if once else []) +
                                   ['-P', str(port), '-c', str(cycle), str(track)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        wait_for_port(port, process)
        return f'127.0.0.1:{port}', process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait()


def gpsd_session(driver, provider=Bgrun.LocationProvider.GPSD):
    session = Bgrun.LocationSession.new(driver.get_scheduler())
    session.props.provider = provider
    session.props.pauses_updates_automatically = False
    return session


TRACK = [(i, i * 10) for i in range(200)]


def test_fixes_come_from_gpsd(gpsfake, monkeypatch):
    address, _ = gpsfake(TRACK, once=False)
    monkeypatch.setenv('BGRUN_GPSD', address)
    driver = Bgrun.TestDriver.new(APP)
    session = gpsd_session(driver)
    recorder = Recorder(session)
    session.start()
    assert session.props.active_provider == 'gpsd'
    spin_until(lambda: len([f for f in recorder.locations if f.get_timestamp().get_year() == 2026 and
                            f.get_timestamp().get_month() == 5]) >= 5,
               what='five fixes of the track from gpsd')
    assert recorder.signals() == []

    timed = [f for f in recorder.locations if f.get_timestamp().get_month() == 5]
    for fix in timed:
        # Every fix is a point of the track: its time says which.
        seconds = fix.get_timestamp().get_second() + 60 * (fix.get_timestamp().get_minute())
        assert fix.get_latitude() * METRES_PER_DEGREE == pytest.approx(TRACK[seconds % 200][1], abs=0.2)
        assert fix.get_longitude() == pytest.approx(10.0, abs=1e-7)
        assert fix.get_altitude() == pytest.approx(12.0)
        assert fix.get_horizontal_accuracy() > 0
    times = [f.get_timestamp().to_unix() for f in timed]
    assert times == sorted(times)
    session.stop()
    assert session.props.running is False


def test_auto_picks_gpsd_when_it_has_a_receiver(gpsfake, monkeypatch):
    address, _ = gpsfake(TRACK, once=False)
    monkeypatch.setenv('BGRUN_GPSD', address)
    driver = Bgrun.TestDriver.new(APP)
    session = gpsd_session(driver, Bgrun.LocationProvider.AUTO)
    recorder = Recorder(session)
    announced = []
    session.connect('notify::active-provider', lambda *args: announced.append(session.props.active_provider))
    session.start()
    assert session.props.active_provider == 'auto'
    spin_until(lambda: len(recorder.locations) >= 2, what='fixes through the automatic choice')
    assert session.props.active_provider == 'gpsd'
    assert announced == ['auto', 'gpsd']
    assert recorder.signals() == []


def test_gpsd_unreachable_is_a_precise_error(monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv('BGRUN_GPSD', f'127.0.0.1:{port}')
    driver = Bgrun.TestDriver.new(APP)
    session = gpsd_session(driver)
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what='failed')
    [(kind, error)] = recorder.signals()
    assert kind == 'failed'
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.GPSD_UNREACHABLE)
    assert f'127.0.0.1:{port}' in error.message
    assert session.props.running is False

    monkeypatch.setenv('BGRUN_GPSD', 'not an address:x')
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what='failed')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.GPSD_UNREACHABLE)
    assert 'not a gpsd address' in error.message


def test_gpsd_going_away_is_said(gpsfake, monkeypatch):
    address, process = gpsfake(TRACK, once=False)
    monkeypatch.setenv('BGRUN_GPSD', address)
    driver = Bgrun.TestDriver.new(APP)
    session = gpsd_session(driver)
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: len(recorder.locations) >= 2, what='fixes from gpsd')
    process.terminate()
    process.wait()
    spin_until(lambda: recorder.signals(), what='failed once gpsd is gone')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.GPSD_UNREACHABLE)
    assert address in error.message
    assert session.props.running is False


def test_auto_without_gpsd_or_geoclue_says_there_is_no_provider(monkeypatch):
    # The private system bus of the test process has no GeoClue on it.
    monkeypatch.setenv('BGRUN_GPSD', f'127.0.0.1:{free_port()}')
    driver = Bgrun.TestDriver.new(APP)
    session = gpsd_session(driver, Bgrun.LocationProvider.AUTO)
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what='failed')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.NO_PROVIDER)
    assert 'gpsd cannot be reached' in error.message
    assert 'GeoClue is not available' in error.message


class FakeGpsd:
    '''A gpsd that says what the test wants, on a loopback port: it
    accepts one client, waits for its ?WATCH, and sends @lines.'''

    def __init__(self, lines):
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(1)
        self.address = f'127.0.0.1:{self.server.getsockname()[1]}'
        self.lines = lines
        self.client = None
        self.watch = b''
        GLib.io_add_watch(self.server.fileno(), GLib.IO_IN, self.on_accept)

    def on_accept(self, *_args):
        self.client, _ = self.server.accept()
        GLib.io_add_watch(self.client.fileno(), GLib.IO_IN, self.on_request)
        return GLib.SOURCE_REMOVE

    def on_request(self, *_args):
        self.watch += self.client.recv(4096)
        if not self.watch.endswith(b'\n'):
            return GLib.SOURCE_CONTINUE
        self.client.sendall(b''.join(line.encode() + b'\n' for line in self.lines))
        return GLib.SOURCE_REMOVE

    def close(self):
        if self.client is not None:
            self.client.close()
        self.server.close()


def run_against(monkeypatch, lines, what):
    gpsd = FakeGpsd(lines)
    monkeypatch.setenv('BGRUN_GPSD', gpsd.address)
    session = gpsd_session(Bgrun.TestDriver.new(APP))
    recorder = Recorder(session)
    session.start()
    spin_until(lambda: recorder.signals(), what=what)
    assert gpsd.watch == b'?WATCH={"enable":true,"json":true};\n'
    gpsd.close()
    return recorder


def test_what_gpsd_sends_is_not_trusted(monkeypatch):
    recorder = run_against(monkeypatch, [
        '{"class":"VERSION","release":"3.22","proto_major":3,"proto_minor":14}',
        '{"class":{"not":"a string"},"lat":1}',
        '{"class":"TPV","mode":3,"lat":"north","lon":2,"time":17}',
        '{"class":"TPV","mode":1,"lat":1,"lon":2}',
        '{"class":"TPV","mode":3,"lat":91,"lon":2}',
        '{"class":"TPV","mode":3,"lat":1.5,"lon":2.5,"alt":7,"eph":4.5,"speed":1.25,"track":45,'
        '"time":"2026-05-01T08:00:00.000Z"}',
        '{"class":"TPV","mode":2,"lat":1.5001,"lon":2.5,"time":"2026-05-01T08:00:01.000Z"}',
        'this is not JSON',
    ], 'failed after the bad line')
    # Only the two real fixes got through, with what gpsd said of them.
    assert len(recorder.locations) == 2
    fix = recorder.locations[0]
    assert (fix.get_latitude(), fix.get_longitude(), fix.get_altitude()) == (1.5, 2.5, 7.0)
    assert (fix.get_horizontal_accuracy(), fix.get_speed(), fix.get_course()) == (4.5, 1.25, 45.0)
    assert fix.get_timestamp().format_iso8601() == '2026-05-01T08:00:00Z'
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.PROVIDER_FAILED)
    assert '“this is not JSON”' in error.message


def test_a_gpsd_error_report_is_said(monkeypatch):
    recorder = run_against(monkeypatch, ['{"class":"ERROR","message":"Unrecognized request \'?WATCH\'"}'],
                           'failed after the ERROR report')
    [(kind, error)] = recorder.signals()
    assert error.matches(Bgrun.location_error_quark(), Bgrun.LocationError.PROVIDER_FAILED)
    assert "Unrecognized request '?WATCH'" in error.message
