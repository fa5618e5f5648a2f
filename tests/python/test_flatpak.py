# Flatpak apps and bgrund (docs/flatpak.md): the isolation the daemon
# keeps between apps holds when both apps run in Flatpak sandboxes, each
# identified by the app id its sandbox names, and an app in a sandbox that
# cannot reach bgrund falls back to its embedded engine and says so once.
#
# The sandboxes are faked: each app process writes a .flatpak-info for its
# own pid into a fake /proc that BGRUN_TEST_PROC_ROOT names, for bgrund
# (which identifies callers by it) and for the app (which reads its own).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import subprocess
import sys

import pytest

from conftest import TIMEOUT
from daemon_helpers import Daemon, HERE, name_owner, open_bus

FEEDS = 'org.example.Feeds'
PHOTOS = 'org.example.Photos'
FEEDS_WORK = FEEDS + '.refresh'
PHOTOS_WORK = PHOTOS + '.backup'
NOTICE = 'runs in a Flatpak sandbox that cannot reach bgrund'


def sandboxed(proc_root, app_name):
    '''A command prefix that runs the rest as a process of the Flatpak
    app @app_name: the shell writes the sandbox file for its own pid in
    the fake /proc, then execs (keeping the pid).'''
    script = ('mkdir -p "$0/$$/root" && printf "[Application]\\nname=%s\\n" "$1" '
              '> "$0/$$/root/.flatpak-info" && shift && exec "$@"')
    return ['sh', '-c', script, proc_root, app_name]


def run_app(proc_root, sandbox, scenario, *args):
    '''Runs flatpak_app_child.py SCENARIO ARGS… in the sandbox of @sandbox
    (None: on the host); returns its JSON output and its stderr.'''
    command = [sys.executable, os.path.join(HERE, 'flatpak_app_child.py'), scenario, *args]
    if sandbox is not None:
        command = sandboxed(proc_root, sandbox) + command
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT * 3,
                            env=dict(os.environ, BGRUN_TEST_PROC_ROOT=proc_root))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


@pytest.fixture(autouse=True)
def no_forced_backend(monkeypatch):
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)


@pytest.fixture
def proc_root(tmp_path):
    root = tmp_path / 'proc'
    root.mkdir()
    return str(root)


@pytest.fixture
def daemon(tmp_path, proc_root, monkeypatch):
    monkeypatch.setenv('BGRUN_TEST_PROC_ROOT', proc_root)
    started = Daemon(str(tmp_path / 'state'), '--idle-timeout', '0')
    monkeypatch.delenv('BGRUN_TEST_PROC_ROOT')
    started.wait_owned()
    yield started
    started.stop()


def test_two_sandboxed_apps_see_and_change_only_their_own_work(daemon, proc_root):
    feeds, _ = run_app(proc_root, FEEDS, 'work', FEEDS, FEEDS_WORK, PHOTOS_WORK)
    photos, _ = run_app(proc_root, PHOTOS, 'work', PHOTOS, PHOTOS_WORK, FEEDS_WORK)

    for result, own, other in ((feeds, FEEDS_WORK, PHOTOS_WORK), (photos, PHOTOS_WORK, FEEDS_WORK)):
        assert result['backend'] == 'daemon'
        assert result['pending'] == [own]
        assert result['history'] == [own]
        assert other in result['explain-error']

    # Photos' cancel of the Feeds request changed nothing: Feeds, started
    # again, still has it pending, and has not seen Photos' work.
    again, _ = run_app(proc_root, FEEDS, 'work', FEEDS, FEEDS_WORK, PHOTOS_WORK)
    assert again['pending'] == [FEEDS_WORK]
    assert again['history'] == [FEEDS_WORK]


def test_a_sandboxed_app_cannot_act_as_another(daemon, proc_root):
    result, _ = run_app(proc_root, FEEDS, 'scheduler', PHOTOS)
    assert result['backends'] == ['daemon', 'daemon']
    assert FEEDS in result['error'] and PHOTOS in result['error']
    assert 'sandbox' in result['error']


def test_a_sandbox_that_cannot_reach_bgrund_falls_back_and_says_so_once(proc_root):
    bus = open_bus()
    try:
        if name_owner(bus) is not None:
            pytest.skip('org.bgrun.Broker1 is owned on this session bus')
    finally:
        bus.close_sync(None)
    result, stderr = run_app(proc_root, FEEDS, 'scheduler', FEEDS)
    assert result == {'backends': ['local', 'local'], 'error': None}
    assert stderr.count(NOTICE) == 1, stderr
    assert FEEDS in stderr and '--talk-name=org.bgrun.Broker1' in stderr


def test_a_host_app_falls_back_without_the_sandbox_notice(proc_root):
    result, stderr = run_app(proc_root, None, 'scheduler', FEEDS)
    assert result['backends'] == ['local', 'local']
    assert NOTICE not in stderr


def test_a_sandboxed_app_that_reaches_bgrund_says_nothing(daemon, proc_root):
    result, stderr = run_app(proc_root, FEEDS, 'scheduler', FEEDS)
    assert result == {'backends': ['daemon', 'daemon'], 'error': None}
    assert NOTICE not in stderr
