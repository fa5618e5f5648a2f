# Nothing an ongoing session holds outlives its app: the GApplication hold
# ends with the session, and a session left running by a process that died
# is found at the app's next start and recorded in the history.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 21, points 1 (the app is held) and 3 (embedded placement). The app
# is a child process (ongoing_app_child.py) so that it can run
# g_application_run() and be killed.

import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

from conftest import Bgrun, GLib, spin_until
from test_ongoing_session import notifications  # noqa: F401 (a fixture)
from test_ongoing_session_daemon import gtk_notifications  # noqa: F401 (a fixture)

from gi.repository import GObject  # noqa: E402

CHILD = str(pathlib.Path(__file__).with_name('ongoing_app_child.py'))
APP = 'org.example.OngoingChild'
RECORD = 'ongoing-sessions.gvariant'


def spawn(mode, state_directory):
    return subprocess.Popen([sys.executable, CHILD, mode, state_directory],
                            stdout=subprocess.PIPE, text=True)


def read_line(child):
    line = child.stdout.readline()
    assert line, f'the child exited (status {child.poll()}) before saying anything more'
    return line.split()


def history(state_directory):
    scheduler = GObject.new(Bgrun.Scheduler, app_id=APP, state_directory=state_directory)
    model = scheduler.get_history()
    entries = [model.get_item(i) for i in range(model.get_n_items())]
    return [(e.get_event(), e.get_identifier(), e.get_message()) for e in entries]


def exited(entries):
    return [entry for entry in entries if entry[0] == Bgrun.HistoryEvent.APP_EXITED]


def test_the_session_holds_the_app_until_it_ends():
    state_directory = tempfile.mkdtemp()
    started = time.monotonic()
    child = spawn('hold', state_directory)
    assert read_line(child)[0] == 'started'
    # Without the hold, run() would return right after `activate`.
    assert read_line(child) == ['ended', 'none']
    assert read_line(child) == ['returned']
    assert time.monotonic() - started >= 0.5
    assert child.wait(timeout=10) == 0
    # It ended properly: nothing is recorded as left running.
    assert not (pathlib.Path(state_directory) / APP / RECORD).exists()
    assert exited(history(state_directory)) == []


def test_an_app_quitting_ends_its_session_and_withdraws_the_notification(notifications):
    state_directory = tempfile.mkdtemp()
    child = spawn('quit', state_directory)
    assert read_line(child)[0] == 'started'
    # The app hears of it while it can still wind down.
    assert read_line(child) == ['ended', 'app-exited']
    assert read_line(child) == ['returned']
    assert child.wait(timeout=10) == 0
    child.stdout.close()

    [shown] = notifications.notified()
    assert shown['summary'] == 'Network monitor'
    assert notifications.closed() == [shown['id']]
    assert not (pathlib.Path(state_directory) / APP / RECORD).exists()
    # Recorded once, at the quit: the next start finds nothing more.
    [entry] = exited(history(state_directory))
    assert '“Network monitor”' in entry[2] and 'when the app quit' in entry[2]


def test_a_killed_app_is_found_at_its_next_start():
    state_directory = tempfile.mkdtemp()
    child = spawn('crash', state_directory)
    word, pid, backend = read_line(child)
    assert word == 'started' and backend == 'local'
    assert (pathlib.Path(state_directory) / APP / RECORD).exists()

    # While the process runs, its session is not mistaken for a dead one.
    assert exited(history(state_directory)) == []

    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()

    [entry] = exited(history(state_directory))
    assert entry[1] == APP + '.ongoing'
    assert '“Network monitor”' in entry[2] and f'process {pid}' in entry[2]
    assert not (pathlib.Path(state_directory) / APP / RECORD).exists()
    # Recorded once: the next start finds nothing more.
    assert len(exited(history(state_directory))) == 1


def test_the_next_start_withdraws_a_killed_apps_notification(gtk_notifications):
    '''Under GNOME Shell (org.gtk.Notifications, mocked) notifications are
    known by app and name, so the next process of the app can take back
    the one a killed process left.'''
    state_directory = tempfile.mkdtemp()
    child = spawn('crash', state_directory)
    assert read_line(child)[0] == 'started'
    spin_until(lambda: calls(gtk_notifications) == ['AddNotification'],
               what='the notification, through org.gtk.Notifications')
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()

    again = spawn('hold', state_directory)
    assert read_line(again)[0] == 'started'
    assert again.wait(timeout=10) == 0
    again.stdout.close()
    # The leftover is withdrawn before the new process shows its own.
    assert calls(gtk_notifications)[:3] == ['AddNotification', 'RemoveNotification',
                                            'AddNotification']
    assert f'RemoveNotification "{APP}" "bgrun-ongoing"' in gtk_notifications.read()
    assert len(exited(history(state_directory))) == 1


def calls(log):
    return [line.split()[1] for line in log.read().splitlines()
            if line.split()[1:2] in (['AddNotification'], ['RemoveNotification'])]


def test_a_killed_app_not_yet_reaped_counts_as_gone():
    state_directory = tempfile.mkdtemp()
    child = spawn('crash', state_directory)
    assert read_line(child)[0] == 'started'
    os.kill(child.pid, signal.SIGKILL)
    stat = pathlib.Path(f'/proc/{child.pid}/stat')
    # A zombie until this process, its parent, reaps it.
    spin_until(lambda: stat.read_text().rsplit(')', 1)[1].split()[0] == 'Z',
               what='the child to be a zombie', retry_every=0.01)
    try:
        assert len(exited(history(state_directory))) == 1
    finally:
        child.wait(timeout=10)
        child.stdout.close()


def test_a_damaged_record_is_ignored():
    state_directory = tempfile.mkdtemp()
    (pathlib.Path(state_directory) / APP).mkdir()
    (pathlib.Path(state_directory) / APP / RECORD).write_bytes(b'\x01not a record')
    assert exited(history(state_directory)) == []
