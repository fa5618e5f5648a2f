# bgrunctl, the built binary, against the real bgrund on the test's bus,
# against an app whose engine runs embedded, and against stores on disk:
# what a developer debugging background work types and reads. Also the
# daemon's refusal of sandboxed (Flatpak) callers, whose sandbox the
# tests fake through bgrund's BGRUN_TEST_PROC_ROOT.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import Bgrun, Gio, GLib, TIMEOUT, spin_idle, spin_until
from daemon_helpers import BUS_NAME, SOURCE_ROOT, Daemon, bus_call, name_owner, open_bus
from sched_helpers import Recorder, pending_ids, processing, running_ids
from test_daemon import schedulers  # noqa: F401 (a fixture: schedulers(app_id))

BGRUNCTL = os.environ.get('BGRUNCTL')

APP = 'org.example.Ctl'
WORK = APP + '.work'
LATER = APP + '.later'
OTHER_APP = 'org.example.CtlOther'
OTHER_WORK = OTHER_APP + '.work'
FLATPAK_APP = 'org.example.Sandboxed'

COMMANDS = ['status', 'apps', 'list', 'running', 'history', 'transfers', 'explain',
            'simulate-launch', 'simulate-expiration', 'cancel', 'simulate-location']
PENDING_KEYS = {'app-id', 'identifier', 'kind', 'submitted', 'earliest-begin-date',
                'requires-network-connectivity', 'requires-external-power',
                'requires-unmetered-network', 'requires-battery-not-low',
                'requires-storage-not-low', 'requires-device-idle'}
RUNNING_KEYS = {'app-id', 'task-id', 'identifier', 'kind', 'expiration-date', 'attempt'}
HISTORY_KEYS = {'app-id', 'identifier', 'event', 'date', 'message'}
APP_KEYS = {'app-id', 'pending', 'running', 'attached'}
CONDITION_KEYS = {'network-available', 'network-metered', 'on-battery', 'battery-level',
                  'power-saver', 'low-memory', 'storage-low', 'device-idle', 'simulated'}


def in_an_hour():
    return GLib.DateTime.new_now_utc().add_hours(1)


def ctl(*args, env=None, wrapper=None):
    '''Runs bgrunctl ARGS… to its end (nothing in this process needs to
    answer it); returns the CompletedProcess.'''
    assert BGRUNCTL, 'BGRUNCTL is not set: run this test through meson'
    command = [BGRUNCTL] + list(args)
    if wrapper is not None:
        command = wrapper + command
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                          env=dict(os.environ, **(env or {})))


def ctl_spinning(*args):
    '''Runs bgrunctl while this process's main loop runs, for when this
    process is the one bgrunctl talks to.'''
    process = subprocess.Popen([BGRUNCTL] + list(args), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    # Its exit wakes no main loop: look again every 50 ms.
    spin_until(lambda: process.poll() is not None, what='bgrunctl to finish', retry_every=0.05)
    out, err = process.communicate()
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def ask_admin_here(app_id, method, *args):
    '''Calls @method(@args, all strings) of the org.bgrun.Admin1 of @app_id,
    whose engine runs embedded in this process: asynchronously, as this
    process answers. Returns the reply's value, or raises its GLib.Error.'''
    path = '/' + app_id.replace('.', '/').replace('-', '_') + '/bgrun'
    bus = open_bus()
    replies = []
    try:
        bus.call(app_id, path, 'org.bgrun.Admin1', method,
                 GLib.Variant('(' + 's' * len(args) + ')', args), None, Gio.DBusCallFlags.NONE,
                 -1, None, lambda source, result: replies.append(result))
        spin_until(lambda: replies, what=f'the app to answer {method}')
        return bus.call_finish(replies[0]).unpack()[0]
    finally:
        bus.close_sync(None)


def ctl_json(*args, **kwargs):
    result = ctl(*args, '--json', **kwargs)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def failed(result, *fragments):
    '''bgrunctl failed as it should: exit 1, one line on stderr naming
    @fragments, nothing on stdout.'''
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ''
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def misused(result, *fragments):
    '''Bad usage: exit 2, the message and the usage on stderr only.'''
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ''
    assert 'Usage:' in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def sandboxed(proc_root, app_name):
    '''A command prefix that runs the rest as a process the daemon takes
    for the Flatpak app @app_name: the shell writes the sandbox file for
    its own pid in the fake /proc, then execs (keeping the pid).'''
    info = f'[Application]\\nname={app_name}\\n' if app_name else '[Application]\\n'
    script = ('mkdir -p "$0/$$/root" && printf "' + info + '" > "$0/$$/root/.flatpak-info"'
              ' && exec "$@"')
    return ['sh', '-c', script, proc_root]


ATTACH = '''
import sys
from gi.repository import Gio, GLib
bus = Gio.DBusConnection.new_for_address_sync(
    Gio.dbus_address_get_for_bus_sync(Gio.BusType.SESSION, None),
    Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT |
    Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)
try:
    bus.call_sync('org.bgrun.Broker1', '/org/bgrun/Broker1', 'org.bgrun.Broker1', 'Attach',
                  GLib.Variant('(s)', (sys.argv[1],)), None, Gio.DBusCallFlags.NONE, -1, None)
    print('attached')
except GLib.Error as error:
    print(Gio.DBusError.get_remote_error(error), Gio.DBusError.strip_remote_error(error) and
          error.message)
'''


def attach_as(proc_root, sandbox_name, app_id):
    '''What Attach(@app_id) answers a process in the sandbox of
    @sandbox_name: "attached", or the D-Bus error name and message.'''
    command = sandboxed(proc_root, sandbox_name) + ['/usr/bin/python3', '-c', ATTACH, app_id]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# ---- fixtures ----------------------------------------------------------------

@pytest.fixture(autouse=True)
def no_forced_backend(monkeypatch):
    monkeypatch.delenv('BGRUN_BACKEND', raising=False)


@pytest.fixture
def proc_root(tmp_path):
    '''The fake /proc bgrund reads sandbox files from; processes with no
    entry in it are host processes.'''
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


@pytest.fixture
def two_apps(daemon, schedulers):
    '''Two apps on the daemon: APP with WORK and LATER pending (due in an
    hour, so nothing runs by itself), OTHER_APP with OTHER_WORK.'''
    app, other = schedulers(APP), schedulers(OTHER_APP)
    recorder = Recorder(complete=False)
    app.register(APP + '.*', recorder)
    app.submit(processing(WORK, begin=in_an_hour(), network=True))
    app.submit(processing(LATER, begin=in_an_hour()))
    other.register(OTHER_WORK, Recorder())
    other.submit(processing(OTHER_WORK, begin=in_an_hour()))
    return app, other, recorder


def no_daemon_anywhere():
    bus = open_bus()
    try:
        (names,) = bus_call(bus, 'ListActivatableNames', None, '(as)')
        if name_owner(bus) is not None or BUS_NAME in names:
            pytest.skip('org.bgrun.Broker1 is owned or activatable on this session bus')
    finally:
        bus.close_sync(None)


# ---- usage -------------------------------------------------------------------

def test_help_lists_every_command():
    result = ctl('--help')
    assert result.returncode == 0
    assert result.stderr == ''
    for command in COMMANDS:
        assert f'\n  {command} ' in result.stdout


@pytest.mark.parametrize('command', COMMANDS)
def test_every_command_has_help(command):
    result = ctl(command, '--help')
    assert result.returncode == 0, result.stderr
    assert result.stderr == ''
    assert f'bgrunctl [OPTION…] {command}' in result.stdout
    assert '--state-dir' in result.stdout
    takes_app = command in ('explain', 'simulate-launch', 'simulate-expiration', 'cancel')
    assert ('APP IDENTIFIER' in result.stdout) == takes_app


@pytest.mark.parametrize('args, message', [
    ((), 'no command given'),
    (('frobnicate',), 'unknown command “frobnicate”'),
    (('explain', APP), 'needs APP and IDENTIFIER'),
    (('cancel', APP, WORK, 'extra'), 'needs APP and IDENTIFIER'),
    (('list', 'extra'), 'takes no arguments'),
    (('list', '--bogus'), '--bogus'),
    (('history', '--limit', 'many'), 'many'),
    (('history', '--limit', '-1'), 'cannot be negative'),
    (('list', '--app', 'not an id'), 'application id'),
    (('cancel', 'not-an-id', WORK), 'application id'),
    (('cancel', '--json', APP, WORK), '--json'),
])
def test_bad_usage_prints_usage_on_stderr_and_exits_2(args, message):
    misused(ctl(*args), message)


def test_version():
    result = ctl('--version')
    assert result.returncode == 0
    assert result.stdout == f'bgrunctl {os.environ["BGRUN_EXPECTED_VERSION"]}\n'


def test_without_a_daemon_or_app_says_so_and_exits_1():
    no_daemon_anywhere()
    failed(ctl('list'), 'bgrund does not run', '--state-dir')
    failed(ctl('explain', APP, WORK), 'Neither bgrund nor the app ' + APP)


def test_without_a_session_bus_says_so_and_suggests_state_dir():
    # It used to print GLib's own words, "Could not connect: No such file
    # or directory", and nothing about what to do.
    env = {'DBUS_SESSION_BUS_ADDRESS': 'unix:path=' + os.path.join(os.environ['XDG_RUNTIME_DIR'], 'none')}
    failed(ctl('list', env=env), 'no session bus', '--state-dir')


# ---- bash completion -----------------------------------------------------------

BASH_COMPLETION = '/usr/share/bash-completion/bash_completion'
COMPLETE = """
source "$BASH_COMPLETION"
source "$SCRIPT"
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_POINT=${#COMP_LINE}
_bgrunctl bgrunctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "${COMPREPLY[@]}"
"""


def complete(line):
    '''What bash offers after @line, with the installed completion script
    and the built bgrunctl first on PATH.'''
    if not os.path.exists(BASH_COMPLETION):
        pytest.skip('bash-completion is not installed')
    env = dict(os.environ, BASH_COMPLETION=BASH_COMPLETION, COMP_LINE=line,
               SCRIPT=os.path.join(SOURCE_ROOT, 'bgrunctl', 'bgrunctl.bash'),
               PATH=os.path.dirname(BGRUNCTL) + os.pathsep + os.environ['PATH'])
    result = subprocess.run(['bash', '-c', COMPLETE], capture_output=True, text=True,
                            env=env, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr
    return sorted(word for word in result.stdout.split('\n') if word)


def test_bash_completes_commands_and_options():
    assert complete('bgrunctl si') == ['simulate-bluetooth-alert', 'simulate-connectivity',
                                       'simulate-expiration', 'simulate-intent',
                                       'simulate-launch', 'simulate-location',
                                       'simulate-push', 'simulate-shortcut', 'simulate-snapshot']
    assert complete('bgrunctl simulate-snapshot org.example.App r') == ['return-to-default-state']
    assert complete('bgrunctl --state-dir /tmp hi') == ['history']
    assert complete('bgrunctl history --') == ['--app', '--help', '--json', '--limit',
                                               '--state-dir', '--tag']
    assert complete('bgrunctl cancel --') == ['--help', '--state-dir']


def test_bash_completes_apps_and_identifiers_from_the_engine(two_apps):
    assert complete('bgrunctl cancel ') == [APP, OTHER_APP]
    assert complete('bgrunctl list --app org.example.CtlO') == [OTHER_APP]
    assert complete(f'bgrunctl explain {APP} ') == [LATER, WORK]


# ---- against bgrund ------------------------------------------------------------

def test_status_shows_the_daemon_and_its_conditions(daemon):
    status = ctl_json('status')
    assert status['placement'] == 'daemon'
    assert status['version'] == os.environ['BGRUN_EXPECTED_VERSION']
    assert set(status['conditions']) == CONDITION_KEYS

    text = ctl('status').stdout
    assert f'bgrund ({BUS_NAME}, {daemon.unique_name})' in text
    assert 'network-available' in text


def test_apps_lists_each_app_with_its_counts(two_apps):
    apps = ctl_json('apps')
    assert [app['app-id'] for app in apps] == [APP, OTHER_APP]
    assert all(set(app) == APP_KEYS for app in apps)
    assert (apps[0]['pending'], apps[0]['running'], apps[0]['attached']) == (2, 0, True)


def test_list_shows_every_apps_pending_requests(two_apps):
    requests = ctl_json('list')
    assert [(r['app-id'], r['identifier']) for r in requests] == [
        (APP, WORK), (APP, LATER), (OTHER_APP, OTHER_WORK)]
    assert set(requests[0]) == PENDING_KEYS
    assert requests[0]['kind'] == 'processing'
    assert requests[0]['requires-network-connectivity'] is True

    only = ctl_json('list', '--app', OTHER_APP)
    assert [r['identifier'] for r in only] == [OTHER_WORK]


def test_list_prints_an_aligned_table(two_apps):
    lines = ctl('list').stdout.splitlines()
    assert lines[0].split() == ['APP', 'IDENTIFIER', 'KIND', 'SUBMITTED', 'EARLIEST', 'BEGIN']
    assert len(lines) == 4
    column = lines[0].index('IDENTIFIER')
    kind = lines[0].index('KIND')
    for line, identifier in zip(lines[1:], [WORK, LATER, OTHER_WORK]):
        assert line[column:].startswith(identifier + ' ')
        assert line[kind:].startswith('processing ')


def test_an_unknown_app_is_a_one_line_failure(two_apps):
    failed(ctl('list', '--app', 'org.example.Nobody'), 'org.example.Nobody')
    failed(ctl('explain', 'org.example.Nobody', WORK), 'org.example.Nobody')


def test_explain_says_why_and_when(two_apps):
    explanation = ctl_json('explain', APP, WORK)
    assert explanation['app-id'] == APP
    assert explanation['identifier'] == WORK
    assert explanation['running'] is False
    assert 'earliest-begin-date' in explanation['reasons']
    assert explanation['earliest'] > GLib.get_real_time()
    assert len(explanation['messages']) == len(explanation['reasons'])

    text = ctl('explain', APP, WORK).stdout
    assert f'{WORK} of {APP} is pending.' in text
    assert 'at the earliest' in text
    for message in explanation['messages']:
        assert message in text

    failed(ctl('explain', APP, APP + '.never'), APP + '.never')


def test_explain_names_low_storage_and_a_busy_session_in_words(tmp_path, proc_root, monkeypatch,
                                                               schedulers):
    # A threshold above any disk's free space: bgrund's own look at its
    # filesystem finds storage low. No logind here: the session is not idle.
    monkeypatch.setenv('BGRUN_STORAGE_LOW_BYTES', str(2 ** 62))
    monkeypatch.setenv('BGRUN_TEST_PROC_ROOT', proc_root)
    started = Daemon(str(tmp_path / 'state'), '--idle-timeout', '0')
    monkeypatch.delenv('BGRUN_TEST_PROC_ROOT')
    started.wait_owned()
    try:
        app = schedulers(APP)
        app.register(WORK, Recorder())
        request = processing(WORK)
        request.props.requires_storage_not_low = True
        request.props.requires_device_idle = True
        app.submit(request)

        explanation = ctl_json('explain', APP, WORK)
        assert explanation['reasons'] == ['storage-low', 'device-not-idle']
        text = ctl('explain', APP, WORK).stdout
        assert 'storage that is not low' in text and 'nearly full' in text, text
        assert 'idle device' in text and 'not idle' in text, text
        listed = ctl_json('list')[0]
        assert listed['requires-storage-not-low'] is True
        assert listed['requires-device-idle'] is True
        conditions = ctl_json('status')['conditions']
        assert conditions['storage-low'] is True
        assert conditions['device-idle'] is False
    finally:
        started.stop()


def test_simulate_launch_runs_the_task_in_the_app_and_expiration_reaches_it(two_apps):
    app, _other, recorder = two_apps
    result = ctl('simulate-launch', APP, LATER)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f'Started {LATER} of {APP}.\n'
    spin_until(lambda: len(recorder) == 1, what='the task to start in the app')
    task = recorder.last()
    assert task.props.identifier == LATER

    tasks = ctl_json('running')
    assert [(t['app-id'], t['identifier']) for t in tasks] == [(APP, LATER)]
    assert set(tasks[0]) == RUNNING_KEYS
    assert ctl('running', '--app', OTHER_APP).stdout == 'No running tasks.\n'

    expired = []
    task.connect('expired', lambda t: expired.append(True))
    result = ctl('simulate-expiration', APP, LATER)
    assert result.returncode == 0, result.stderr
    spin_until(lambda: expired, what='the expired signal in the app')
    task.set_task_completed(True)
    spin_until(lambda: running_ids(app) == [], what='the task to end')
    failed(ctl('simulate-expiration', APP, LATER), LATER)


def test_simulate_launch_of_nothing_pending_fails(two_apps):
    failed(ctl('simulate-launch', APP, APP + '.never'), APP + '.never')


def test_cancel_removes_the_request_from_the_app(two_apps):
    app, other, _recorder = two_apps
    result = ctl('cancel', APP, WORK)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f'Cancelled {WORK} of {APP}.\n'
    spin_until(lambda: pending_ids(app) == [LATER], what='the app to see the cancel')
    assert pending_ids(other) == [OTHER_WORK]

    failed(ctl('cancel', APP, WORK), WORK, 'no request')


def test_running_shows_the_progress_a_task_reports(two_apps):
    _app, _other, recorder = two_apps
    assert ctl('simulate-launch', APP, LATER).returncode == 0
    spin_until(lambda: len(recorder) == 1, what='the task to start in the app')
    recorder.last().set_progress(0.5, GLib.Variant('a{sv}', {'step': GLib.Variant('s', 'two')}))
    spin_until(lambda: ctl_json('running')[0].get('progress') == 0.5,
               what='bgrund to show the progress')
    task = ctl_json('running')[0]
    assert task['attempt'] == 1
    assert task['progress-details'] == {'step': 'two'}
    assert 'PROGRESS' in ctl('running').stdout.splitlines()[0]
    recorder.last().set_task_completed(True)


def guide_session():
    '''The sample session of docs/daemon.md: (command, output lines).'''
    with open(os.path.join(SOURCE_ROOT, 'docs', 'daemon.md'), encoding='utf-8') as f:
        text = f.read()
    block = text.split('session might go:\n\n```\n', 1)[1].split('\n```', 1)[0]
    session = []
    for line in block.splitlines():
        if line.startswith('$ bgrunctl '):
            session.append((line[len('$ bgrunctl '):].split()[0], []))
        else:
            session[-1][1].append(line)
    return dict(session)


def same_shape(line, *names):
    '''@line with its dates (as bgrunctl prints them) and the @names in it
    made placeholders.'''
    line = re.sub(r'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d', 'DATE', line)
    for name in names:
        line = line.replace(name, 'NAME')
    return line


def test_the_daemon_guide_shows_what_bgrunctl_prints(two_apps):
    # docs/daemon.md once showed a date format bgrunctl no longer printed.
    guide = guide_session()
    assert ctl('list', '--app', APP).stdout.splitlines()[0].split() == guide['list'][0].split()
    assert ctl('history', '--app', APP).stdout.splitlines()[0].split() == guide['history'][0].split()
    explained = ctl('explain', APP, LATER).stdout.splitlines()
    assert [same_shape(line, LATER, APP) for line in explained] == [
        same_shape(line, 'org.example.News.refresh', 'org.example.News') for line in guide['explain']]


def test_tags_list_explain_and_cancel(two_apps):
    app, _other, _recorder = two_apps
    tagged = processing(APP + '.photos', begin=in_an_hour())
    tagged.props.tags = ['photos']
    app.submit(tagged)
    spin_until(lambda: APP + '.photos' in [r['identifier'] for r in ctl_json('list')],
               what='the tagged request in bgrund')
    assert [r['identifier'] for r in ctl_json('list', '--tag', 'photos')] == [APP + '.photos']
    result = ctl('explain-tag', APP, 'photos')
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f'{APP}.photos of {APP} is pending.\n')
    # bgrund's ExplainByTag, what bgrun_scheduler_explain_by_tag() gives the app.
    explained = ctl_json('explain-tag', APP, 'photos')
    assert [(e['identifier'], e['app-id']) for e in explained] == [(APP + '.photos', APP)]
    assert 'earliest-begin-date' in explained[0]['reasons']
    failed(ctl('explain-tag', APP, 'none'), 'none')

    result = ctl('cancel-tag', APP, 'photos')
    assert result.returncode == 0, result.stderr
    assert result.stdout == f'Cancelled the requests tagged photos of {APP}.\n'
    spin_until(lambda: pending_ids(app) == [WORK, LATER], what='the app to see the cancel')
    cancelled = ctl_json('history', '--tag', 'photos')
    assert [(e['identifier'], e['event']) for e in cancelled] == [
        (APP + '.photos', 'submitted'), (APP + '.photos', 'cancelled')]
    assert cancelled[1]['tags'] == ['photos']
    failed(ctl('cancel-tag', APP, 'photos'), 'photos', 'no pending request')


def test_history_with_limit_keeps_the_latest(two_apps):
    entries = ctl_json('history')
    assert all(set(entry) == HISTORY_KEYS for entry in entries)
    assert [(e['app-id'], e['identifier'], e['event']) for e in entries] == [
        (APP, WORK, 'submitted'), (APP, LATER, 'submitted'), (OTHER_APP, OTHER_WORK, 'submitted')]

    ctl('cancel', APP, LATER)
    latest = ctl_json('history', '--limit', '1')
    assert [(e['identifier'], e['event']) for e in latest] == [(LATER, 'cancelled')]
    assert [e['identifier'] for e in ctl_json('history', '--app', OTHER_APP)] == [OTHER_WORK]

    lines = ctl('history', '-n', '2').stdout.splitlines()
    assert lines[0].split() == ['DATE', 'APP', 'IDENTIFIER', 'EVENT', 'MESSAGE']
    assert len(lines) == 3


# ---- sandboxed callers -------------------------------------------------------

def test_admin_interface_refuses_a_sandboxed_caller(two_apps, proc_root):
    for args in (('list',), ('cancel', OTHER_APP, OTHER_WORK), ('status',)):
        result = ctl(*args, wrapper=sandboxed(proc_root, FLATPAK_APP))
        failed(result, 'not open to sandboxed apps', FLATPAK_APP)
    # Nothing was cancelled; the host may still do everything.
    assert [r['identifier'] for r in ctl_json('list', '--app', OTHER_APP)] == [OTHER_WORK]


def test_a_flatpak_app_attaches_as_its_sandbox_id_only(daemon, proc_root):
    refused = attach_as(proc_root, FLATPAK_APP, OTHER_APP)
    assert refused.startswith('org.bgrun.Error.NotPermitted')
    assert FLATPAK_APP in refused and OTHER_APP in refused
    assert attach_as(proc_root, FLATPAK_APP, FLATPAK_APP) == 'attached'


def test_a_sandbox_without_an_app_name_is_refused(daemon, proc_root):
    refused = attach_as(proc_root, None, FLATPAK_APP)
    assert refused.startswith('org.bgrun.Error.NotPermitted')
    assert 'Cannot tell which app' in refused


# ---- an app with its engine embedded -------------------------------------------

def test_talks_to_an_app_running_its_engine_embedded(monkeypatch):
    no_daemon_anywhere()
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    application = Gio.Application(application_id=APP)
    application.register(None)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    try:
        scheduler.register(APP + '.*', Recorder())
        scheduler.submit(processing(WORK, begin=in_an_hour()))

        result = ctl_spinning('list', '--app', APP, '--json')
        assert result.returncode == 0, result.stderr
        assert [r['identifier'] for r in json.loads(result.stdout)] == [WORK]

        result = ctl_spinning('status', '--app', APP)
        assert f'the app {APP}' in result.stdout and 'embedded' in result.stdout

        result = ctl_spinning('cancel', APP, WORK)
        assert result.returncode == 0, result.stderr
        spin_until(lambda: pending_ids(scheduler) == [], what='the cancel to reach the app')

        # The app's interface shows that app only.
        with pytest.raises(GLib.Error) as info:
            ask_admin_here(APP, 'ListPending', OTHER_APP)
        assert Gio.DBusError.get_remote_error(info.value) == 'org.bgrun.Error.NotPermitted'
        assert OTHER_APP in info.value.message
    finally:
        scheduler.run_dispose()
        spin_idle()


# ---- stores on disk, read-only -------------------------------------------------

@pytest.fixture
def stored(tmp_path, monkeypatch):
    '''A state directory with APP's embedded store: WORK pending, and a
    cancelled LATER in the history. No process has it open.'''
    state = tmp_path / 'state'
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(state))
    scheduler = Bgrun.Scheduler.new(APP)
    scheduler.register(APP + '.*', Recorder())
    scheduler.submit(processing(WORK, begin=in_an_hour()))
    scheduler.submit(processing(LATER, begin=in_an_hour()))
    scheduler.cancel(LATER)
    scheduler.run_dispose()
    spin_idle()
    monkeypatch.delenv('BGRUN_BACKEND')
    monkeypatch.delenv('BGRUN_STATE_DIR')
    return state


def snapshot(directory):
    '''Every file under @directory with its bytes and modification time.'''
    files = {}
    for parent, _dirs, names in os.walk(directory):
        for name in names:
            path = os.path.join(parent, name)
            with open(path, 'rb') as f:
                files[path] = (f.read(), os.stat(path).st_mtime_ns)
    return files


def test_state_dir_reads_stores_without_changing_them(stored):
    database = stored / APP / 'tasks.db'
    before = snapshot(stored)
    assert str(database) in before

    requests = ctl_json('--state-dir', str(stored), 'list')
    assert [(r['app-id'], r['identifier']) for r in requests] == [(APP, WORK)]
    assert PENDING_KEYS <= set(requests[0])
    entries = ctl_json('history', '--state-dir', str(stored), '--app', APP)
    assert [(e['identifier'], e['event']) for e in entries] == [
        (WORK, 'submitted'), (LATER, 'submitted'), (LATER, 'cancelled')]
    apps = ctl_json('apps', '--state-dir', str(stored))
    assert [(a['app-id'], a['pending'], a['store']) for a in apps] == [(APP, 1, str(database))]
    status = ctl_json('status', '--state-dir', str(stored))
    assert (status['placement'], status['apps']) == ('stores', 1)

    after = snapshot(stored)
    assert after[str(database)] == before[str(database)]


def test_state_dir_cannot_act_or_explain(stored):
    before = snapshot(stored)
    for args in (('explain', APP, WORK), ('cancel', APP, WORK), ('running',),
                 ('simulate-launch', APP, WORK)):
        failed(ctl('--state-dir', str(stored), *args), 'needs a running bgrund or app')
    assert snapshot(stored) == before


def test_state_dir_never_creates_a_store(tmp_path):
    empty = tmp_path / 'empty'
    (empty / APP).mkdir(parents=True)
    assert ctl('--state-dir', str(empty), 'list').stdout == 'No pending requests.\n'
    assert os.listdir(empty / APP) == []
    failed(ctl('--state-dir', str(empty), 'list', '--app', APP), APP)
    failed(ctl('--state-dir', str(tmp_path / 'missing'), 'list'), 'does not exist')


def test_state_dir_skips_a_store_it_cannot_read_and_leaves_it_alone(stored):
    import sqlite3
    newer = stored / 'org.example.Newer' / 'tasks.db'
    newer.parent.mkdir()
    with sqlite3.connect(newer) as db:
        db.execute('CREATE TABLE schema_version (version INTEGER)')
        db.execute('INSERT INTO schema_version VALUES (99)')
    db.close()
    before = snapshot(newer.parent)

    result = ctl('--state-dir', str(stored), 'list', '--json')
    assert result.returncode == 0
    assert [r['app-id'] for r in json.loads(result.stdout)] == [APP]
    assert str(newer) in result.stderr and 'never migrated' in result.stderr
    assert snapshot(newer.parent) == before
