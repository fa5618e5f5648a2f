# bgrunctl timeline: the history of requests and transfers drawn as an SVG
# timeline, checked by parsing the SVG: one lane per request with its
# waits, runs and events in order, why a pending request waits, and the
# options' errors.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import Bgrun, Gio, GLib, TIMEOUT, spin_idle, spin_until
from sched_helpers import Recorder, processing

BGRUNCTL = os.environ.get('BGRUNCTL')
SVG = '{http://www.w3.org/2000/svg}'
APP = 'org.example.Timeline'
DONE = APP + '.done'
LATER = APP + '.later'
DROPPED = APP + '.dropped'


def in_an_hour():
    return GLib.DateTime.new_now_utc().add_hours(1)


def ctl(*args):
    '''Runs bgrunctl while this process's main loop runs, for when this
    process is the app it asks.'''
    assert BGRUNCTL, 'BGRUNCTL is not set: run this test through meson'
    process = subprocess.Popen([BGRUNCTL, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    spin_until(lambda: process.poll() is not None, what='bgrunctl to finish', retry_every=0.05,
               timeout=TIMEOUT)
    out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def lanes(path):
    root = ET.parse(path).getroot()
    assert root.tag == SVG + 'svg' and root.get('class') == 'bgrun-timeline'
    return root, {lane.get('data-identifier'): lane
                  for lane in root.iter(SVG + 'g') if 'request' in lane.get('class', '').split()}


def shapes(lane):
    '''The lane's bars and marks, left to right: ("wait"|"run", from, to)
    and ("event", name, date).'''
    found = []
    for child in lane:
        kind = child.get('class', '').split()
        if child.tag == SVG + 'rect':
            found.append((float(child.get('x')), (kind[0], child.get('data-from'), child.get('data-to'))))
        elif child.tag == SVG + 'circle':
            found.append((float(child.get('cx')), ('event', child.get('data-event'), child.get('data-date'))))
    return [shape for _x, shape in sorted(found, key=lambda item: item[0])]


@pytest.fixture
def app(tmp_path, monkeypatch):
    '''APP with its engine embedded in this process: DONE ran and
    completed, LATER waits for its begin date, DROPPED was cancelled.'''
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    application = Gio.Application(application_id=APP)
    application.register(None)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    recorder = Recorder()
    scheduler.register(APP + '.*', recorder)
    scheduler.submit(processing(DONE))
    spin_until(lambda: recorder.identifiers == [DONE], what='DONE to run')
    scheduler.submit(processing(LATER, begin=in_an_hour()))
    scheduler.submit(processing(DROPPED, begin=in_an_hour()))
    scheduler.cancel(DROPPED)
    spin_idle()
    yield scheduler
    scheduler.run_dispose()
    spin_idle()


def test_each_request_is_a_lane_with_its_life_in_order(app, tmp_path):
    out = tmp_path / 'timeline.svg'
    result = ctl('timeline', '--app', APP, '--svg', str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    root, by_id = lanes(out)
    assert set(by_id) == {DONE, LATER, DROPPED}

    done = shapes(by_id[DONE])
    assert [shape[1] for shape in done if shape[0] == 'event'] == ['submitted', 'started', 'completed']
    kinds = [shape[0] if shape[0] != 'event' else shape[1] for shape in done]
    # The bars lie between their events: it ran from start to completion.
    assert kinds.index('started') < kinds.index('run') < kinds.index('completed')

    dropped = [shape[1] for shape in shapes(by_id[DROPPED]) if shape[0] == 'event']
    assert dropped == ['submitted', 'cancelled']

    # A pending request waits up to now, and says why.
    later = by_id[LATER].find(SVG + 'rect')
    assert later.get('class') == 'wait'
    assert later.get('data-reason') == 'earliest-begin-date'
    assert 'begin date' in later.find(SVG + 'title').text

    # And the legend names what the colours mean.
    legend = [text.text for g in root.iter(SVG + 'g') if g.get('class') == 'legend'
              for text in g.iter(SVG + 'text')]
    assert legend == ['waiting', 'running', 'completed', 'failed', 'expired', 'cancelled']


def test_since_leaves_out_what_ended_before(app, tmp_path):
    out = tmp_path / 'recent.svg'
    later = GLib.DateTime.new_now_utc().add_seconds(5).format_iso8601()
    result = ctl('timeline', '--app', APP, '--since', later, '--svg', str(out))
    assert result.returncode == 0, result.stderr
    _root, by_id = lanes(out)
    # DONE and DROPPED ended before; LATER still waits.
    assert set(by_id) == {LATER}


def test_stored_work_is_drawn_without_a_running_engine(tmp_path, monkeypatch):
    state = tmp_path / 'state'
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(state))
    scheduler = Bgrun.Scheduler.new(APP)
    scheduler.register(APP + '.*', Recorder())
    scheduler.submit(processing(LATER, begin=in_an_hour()))
    scheduler.run_dispose()
    spin_idle()
    out = tmp_path / 'stored.svg'
    result = ctl('timeline', '--state-dir', str(state), '--since', '2h', '--svg', str(out))
    assert result.returncode == 0, result.stderr
    _root, by_id = lanes(out)
    assert [shape[1] for shape in shapes(by_id[LATER]) if shape[0] == 'event'] == ['submitted']


@pytest.mark.parametrize('args, message', [
    (['timeline'], '--svg'),
    (['timeline', '--svg', 'x.svg', '--since', 'yesterday'], 'yesterday'),
    (['timeline', '--svg', 'x.svg', '--since', '5w'], '5w'),
])
def test_bad_options_are_usage_errors(args, message):
    result = subprocess.run([BGRUNCTL, *args], capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 2
    assert message in result.stderr and 'Usage:' in result.stderr
