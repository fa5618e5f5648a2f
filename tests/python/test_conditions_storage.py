# Bgrun.Conditions:storage-low from the real filesystem of the state
# directory (statfs through GIO), with the threshold at its default and
# moved by BGRUN_STORAGE_LOW_BYTES.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os

import pytest

from conftest import Bgrun, NotifyCounter, spin_for, spin_until
from gi.repository import GObject

APP = 'org.example.Storage'
WORK = APP + '.compact'
ABOVE_ANY_DISK = str(2 ** 62)      # more bytes than any filesystem here has free


@pytest.fixture
def state_dir(tmp_path, monkeypatch):
    directory = tmp_path / 'state'
    directory.mkdir()
    monkeypatch.setenv('BGRUN_STATE_DIR', str(directory))
    return directory


def default_says_low(path):
    '''What Android's rule says of @path's filesystem: less free than the
    smaller of 5 % of its size and 500 MiB.'''
    stat = os.statvfs(path)
    size = stat.f_blocks * stat.f_frsize
    free = stat.f_bavail * stat.f_frsize
    return free < min(size // 100 * Bgrun.STORAGE_LOW_PERCENT, Bgrun.STORAGE_LOW_MAX_BYTES)


def test_the_threshold_constants():
    assert Bgrun.STORAGE_LOW_PERCENT == 5
    assert Bgrun.STORAGE_LOW_MAX_BYTES == 500 * 1024 * 1024


def test_the_default_threshold_reads_the_real_filesystem(state_dir, monkeypatch):
    monkeypatch.delenv('BGRUN_STORAGE_LOW_BYTES', raising=False)
    conditions = Bgrun.Conditions.new(None)
    assert conditions.props.storage_low is default_says_low(state_dir)
    assert conditions.get_storage_low() is conditions.props.storage_low


def test_a_threshold_above_the_free_space_is_low_at_once(state_dir, monkeypatch):
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', ABOVE_ANY_DISK)
    conditions = Bgrun.Conditions.new(None)
    assert conditions.props.storage_low is True, 'read when made, not a minute later'


def test_a_zero_threshold_is_never_low(state_dir, monkeypatch):
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', '0')
    assert Bgrun.Conditions.new(None).props.storage_low is False


def test_a_state_directory_not_made_yet_is_measured_on_its_parent(tmp_path, monkeypatch):
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'not' / 'made' / 'yet'))
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', ABOVE_ANY_DISK)
    assert Bgrun.Conditions.new(None).props.storage_low is True
    assert not (tmp_path / 'not').exists(), 'looking made nothing'


def test_a_malformed_threshold_is_named_once_and_the_default_applies(state_dir, monkeypatch,
                                                                     capfd):
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', '12 GB')
    clock = Bgrun.TestClock.new(None)
    conditions = Bgrun.Conditions.new(clock)
    assert conditions.props.storage_low is default_says_low(state_dir)
    err = capfd.readouterr().err
    assert 'BGRUN_STORAGE_LOW_BYTES' in err and '12 GB' in err, err

    # Looked at again (here after a clock change): no second warning.
    for _ in range(2):
        clock.set_now(clock.get_now().add_minutes(1))
        spin_for(0.2)
    assert conditions.props.storage_low is default_says_low(state_dir)
    assert 'BGRUN_STORAGE_LOW_BYTES' not in capfd.readouterr().err


def test_simulated_conditions_ignore_the_disk(state_dir, monkeypatch):
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', ABOVE_ANY_DISK)
    conditions = Bgrun.Conditions.new_simulated(None)
    assert conditions.props.storage_low is False
    conditions.simulate_storage_low(True)
    assert conditions.props.storage_low is True


def test_a_clock_change_looks_again(state_dir, monkeypatch):
    '''After a resume or a clock jump the disk is looked at again (with a
    test clock, set_now() is that jump), without blocking.'''
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', '0')
    clock = Bgrun.TestClock.new(None)
    conditions = Bgrun.Conditions.new(clock)
    assert conditions.props.storage_low is False
    notes = NotifyCounter(conditions, 'storage-low')

    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', ABOVE_ANY_DISK)    # the disk fills up
    clock.set_now(clock.get_now().add_minutes(30))
    assert conditions.props.storage_low is False, 'the look does not block'
    spin_until(lambda: conditions.props.storage_low, what='storage-low after the clock change')

    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', '0')               # and is emptied
    clock.set_now(clock.get_now().add_minutes(30))
    spin_until(lambda: not conditions.props.storage_low, what='storage-low to clear')
    assert notes.seen['storage-low'] == [True, False]
    assert clock.get_n_alarms() == 0, 'no alarm on the clock for it'


def test_a_scheduler_on_a_nearly_full_disk_explains_the_wait(state_dir, monkeypatch):
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', ABOVE_ANY_DISK)
    clock = Bgrun.TestClock.new(None)
    scheduler = GObject.new(Bgrun.Scheduler, app_id=APP, clock=clock,
                            conditions=Bgrun.Conditions.new(clock))
    started = []
    scheduler.register(WORK, lambda _s, task: started.append(task))
    request = Bgrun.ProcessingRequest.new(WORK)
    request.props.requires_storage_not_low = True
    scheduler.submit(request)
    clock.advance(3600)
    assert started == []
    explanation = scheduler.explain(WORK)
    assert list(explanation.get_reasons()) == [Bgrun.WaitReason.STORAGE_LOW]
    assert 'nearly full' in explanation.get_messages()[0]

    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', '0')       # space was freed
    clock.set_now(clock.get_now().add_minutes(1))
    spin_until(lambda: len(started) == 1, what='the task to start once storage is not low')
    assert started[0].props.identifier == WORK
    started[0].set_task_completed(True)
    scheduler.run_dispose()
