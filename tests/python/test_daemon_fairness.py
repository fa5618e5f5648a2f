# Per-peer fairness in bgrund (issue 17, item 8): one app flooding bgrund
# with calls does not hold up another app's call or its due task.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The flooding app is a raw GDBus connection that sends thousands of
# Submit calls without waiting for the answers, as a buggy or hostile app
# may. bgrund queues each connection's calls and serves the connections
# in turns (daemon/bgrun-call-queue.c), so what the tests assert is that
# order, counted in calls by the dates of bgrund's own history, not a
# time a loaded machine could miss: the other app's call, sent behind a
# backlog of 3,000 flood calls, is served before much of that backlog,
# and its task starts when it falls due with no flood call served in
# between. Served in arrival order, as GDBus hands calls over, the other
# app would wait for the whole backlog, and its task for every call that
# had arrived. (What else bgrund does for fairness, writing out what it
# sends every 16 calls, shows in time only: bench/daemon-load.)

import os
import signal

import pytest

from conftest import Gio, GLib, spin_until
from daemon_helpers import BUS_NAME, Daemon, open_bus

BROKER = '/org/bgrun/Broker1'
FLOODER = 'org.example.Flood'
OTHER = 'org.example.Other'
# Calls the flood has in flight at once.
BACKLOG = 3000
# In the due-task test: few enough that what the flood's history keeps
# (the last 1,000 entries) still reaches back to the task's due time.
WINDOW = 600
SUBMITTED, STARTED = 0, 1


def usec_from_now(seconds):
    return GLib.get_real_time() + int(seconds * 1e6)


def submit_body(identifier, begin_usec):
    return GLib.Variant('(a{sv}b)', ({
        'kind': GLib.Variant('s', 'processing'),
        'identifier': GLib.Variant('s', identifier),
        'earliest-begin-date': GLib.Variant('x', begin_usec),
    }, False))


def call_sync(bus, method, body=None):
    return bus.call_sync(BUS_NAME, BROKER, BUS_NAME, method, body, None,
                         Gio.DBusCallFlags.NO_AUTO_START, 600000, None)


def attach(app_id):
    bus = open_bus()
    call_sync(bus, 'Attach', GLib.Variant('(s)', (app_id,)))
    call_sync(bus, 'Register', GLib.Variant('(s)', (app_id + '.*',)))
    return bus


def dates(bus, event):
    '''When bgrund recorded each @event of the app on @bus, in µs: its
    own clock, so the order of calls as bgrund served them.'''
    (entries,) = call_sync(bus, 'ListHistory').unpack()
    return [date for _identifier, kind, date, _message, _details in entries if kind == event]


class Flood:
    '''Submit calls sent without waiting, each far in the future.'''

    def __init__(self):
        self.bus = attach(FLOODER)
        self.sent = 0
        self.answered = 0
        self.errors = []
        self.refill = False

    @property
    def in_flight(self):
        return self.sent - self.answered

    def send(self, count):
        for _ in range(count):
            # Identifiers come round again: each submit after the first
            # replaces a pending request, so the app stays under its limit.
            identifier = f'{FLOODER}.f{self.sent % 5000}'
            self.bus.call(BUS_NAME, BROKER, BUS_NAME, 'Submit',
                          submit_body(identifier, usec_from_now(10 * 86400)), None,
                          Gio.DBusCallFlags.NO_AUTO_START, 600000, None, self.on_answer)
            self.sent += 1

    def on_answer(self, bus, result):
        self.answered += 1
        try:
            bus.call_finish(result)
        except GLib.Error as error:
            self.errors.append(error.message)
        if self.refill:
            self.send(1)

    def reach_bgrund(self):
        '''Returns once the bus has passed every call sent so far on to
        bgrund: it handles a connection's messages in order, so its
        answer to a call of its own comes after them.'''
        self.bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus',
                           'org.freedesktop.DBus', 'GetId', None, None,
                           Gio.DBusCallFlags.NONE, 60000, None)

    def finish(self):
        '''Waits for every answer; returns the dates bgrund served the
        calls at, as far back as the app's history reaches.'''
        self.refill = False
        spin_until(lambda: self.in_flight == 0, timeout=600,
                   what=lambda: f'the flood to be answered ({self.in_flight} of {self.sent} waiting)')
        assert self.errors == []
        return dates(self.bus, SUBMITTED)


@pytest.fixture
def daemon(tmp_path):
    daemon = Daemon(str(tmp_path / 'state'), '--idle-timeout', '0')
    daemon.wait_owned()
    yield daemon
    daemon.stop()


def test_another_apps_call_is_served_before_a_flood_of_calls(daemon):
    flood = Flood()
    other = attach(OTHER)
    answered = []

    # bgrund is stopped while the flood is sent, and then the other app's
    # call, so that the whole flood waits for bgrund ahead of that call
    # (running, bgrund serves calls about as fast as the bus relays them).
    os.kill(daemon.process.pid, signal.SIGSTOP)
    try:
        flood.send(BACKLOG)
        flood.reach_bgrund()
        other.call(BUS_NAME, BROKER, BUS_NAME, 'Submit', submit_body(OTHER + '.job', usec_from_now(3600)),
                   None, Gio.DBusCallFlags.NO_AUTO_START, 600000, None,
                   lambda bus, result: answered.append(bus.call_finish(result)))
    finally:
        os.kill(daemon.process.pid, signal.SIGCONT)
    spin_until(lambda: answered, timeout=600, what='the other app to be answered')
    flooded = flood.finish()
    (served,) = dates(other, SUBMITTED)
    # In arrival order none of the flood would come after it; in turns,
    # what was still waiting when it arrived did.
    after = sum(1 for date in flooded if date > served)
    assert after >= BACKLOG // 10, (
        f'{BACKLOG - after} of the {BACKLOG} flood calls were served before the other app’s call')
    assert daemon.running, daemon.error_output()
    other.close_sync(None)


def test_a_task_falls_due_in_the_middle_of_a_flood(daemon):
    flood = Flood()
    other = attach(OTHER)
    started = []

    def on_run_task(bus, sender, path, interface, signal, parameters):
        (task,) = parameters.unpack()
        started.append(task['task-id'])
        flood.refill = False

    other.signal_subscribe(None, BUS_NAME, 'RunTask', BROKER, None, Gio.DBusSignalFlags.NONE,
                           on_run_task)
    due = usec_from_now(2)
    call_sync(other, 'Submit', submit_body(OTHER + '.due', due))
    # The flood keeps WINDOW calls in flight until the task has started.
    flood.refill = True
    flood.send(WINDOW)
    spin_until(lambda: started, timeout=600, what='the due task to start')
    call_sync(other, 'CompleteTask', GLib.Variant('(tb)', (started[0], True)))
    flooded = flood.finish()
    (start,) = dates(other, STARTED)
    assert start >= due
    assert flooded[0] < due, 'the flood’s history no longer reaches back to the due time'
    # The task waited for the flood call being served when it fell due
    # (its SUBMITTED entry may come just after the due time), not for the
    # calls behind it; in arrival order it would wait for every call that
    # had arrived, up to a WINDOW of them.
    between = [date for date in flooded if due < date < start]
    assert len(between) <= 2, (
        f'{len(between)} flood calls were served between the task’s due time and its start, '
        f'{(start - due) / 1000:.1f} ms later')
    assert daemon.running, daemon.error_output()
    other.close_sync(None)
