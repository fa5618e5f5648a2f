# Intent tasks: one of the app's actions run from outside the app
# (org.freedesktop.Application.ActivateAction, as the desktop, a
# notification or `gapplication action` calls it) while the app is not in
# front becomes an intent-did-run task with the action and its parameter.
# Embedded: a Gio.Application in this process, called from another
# connection. Daemon: the call starts the closed app (D-Bus activation),
# which reports the intent to bgrund, which runs the task in it.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 4.

import os
import subprocess

import pytest

from conftest import Bgrun, Gio, GLib, spin_until
from daemon_helpers import open_bus
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, admin_history, lines, no_forced_backend, outdir, shared_session_bus,
    stop_daemon, wait_for_lines)
from test_tasks_connectivity import private_bus, run_app

BGRUNCTL = os.environ.get('BGRUNCTL')


def object_path(app_id):
    return '/' + app_id.replace('.', '/')


def activate_action(connection, name, parameter):
    '''org.freedesktop.Application.ActivateAction on the app's bus name,
    as the desktop calls it; starts the app if it does not run.'''
    connection.call_sync(APP_ID, object_path(APP_ID), 'org.freedesktop.Application', 'ActivateAction',
                         GLib.Variant('(sava{sv})', (name, [parameter], {})), None,
                         Gio.DBusCallFlags.NONE, 60000, None)


@pytest.fixture
def app(monkeypatch, tmp_path, request):
    '''A registered Gio.Application with an embedded scheduler and an
    action "open-folder"; what ran is recorded. An id of its own per test:
    a registered application stays exported until the process ends.'''
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    app_id = 'org.example.Intents' + request.node.name.title().replace('_', '')
    application = Gio.Application(application_id=app_id, flags=Gio.ApplicationFlags.FLAGS_NONE)
    application.register(None)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    ran = {'actions': [], 'tasks': []}

    def handler(_scheduler, task):
        ran['tasks'].append((type(task).__name__, task.props.action_name,
                             task.props.parameter, task.props.identifier))
        task.set_task_completed(True)

    action = Gio.SimpleAction.new('open-folder', GLib.VariantType.new('s'))
    action.connect('activate', lambda _a, parameter: ran['actions'].append(parameter.get_string()))
    application.add_action(action)
    scheduler.register(app_id + '.intent.*', handler)
    caller = open_bus()
    yield application, scheduler, ran, caller
    caller.close_sync(None)
    scheduler.run_dispose()
    application.run_dispose()


def call_in_background(application, caller, name, parameter):
    '''ActivateAction from another connection, answered by this process's
    main loop.'''
    done = []
    app_id = application.props.application_id
    caller.call(app_id, object_path(app_id), 'org.freedesktop.Application', 'ActivateAction',
                GLib.Variant('(sava{sv})', (name, [parameter], {})), None,
                Gio.DBusCallFlags.NONE, -1, None, lambda c, r: done.append(c.call_finish(r)))
    spin_until(lambda: done, what='the ActivateAction call to return')


def spin_a_while():
    for _ in range(50):
        GLib.MainContext.default().iteration(False)


def test_an_action_run_from_outside_becomes_an_intent_task(app):
    application, scheduler, ran, caller = app
    call_in_background(application, caller, 'open-folder', GLib.Variant('s', 'Inbox'))
    spin_until(lambda: ran['tasks'], what='an intent task')
    assert ran['actions'] == ['Inbox']
    kind, action, parameter, identifier = ran['tasks'][0]
    assert kind == 'IntentDidRunRefreshTask'
    assert (action, parameter.unpack()) == ('open-folder', 'Inbox')
    assert identifier.startswith(application.props.application_id + '.intent.')


def test_no_intent_task_when_frontmost_or_run_by_the_app_itself(app):
    application, scheduler, ran, caller = app
    # The app's own activation (a menu, a shortcut) is no intent.
    application.activate_action('open-folder', GLib.Variant('s', 'Drafts'))
    # Nor is a call while the app is in front.
    scheduler.props.frontmost = True
    call_in_background(application, caller, 'open-folder', GLib.Variant('s', 'Sent'))
    spin_a_while()
    assert ran['actions'] == ['Drafts', 'Sent']
    assert ran['tasks'] == []


def test_the_app_running_its_own_action_from_a_dbus_method_is_no_intent(app):
    '''An app may run its actions while it answers D-Bus calls of its own
    (here a method of an interface it exports): that is not the desktop
    running the action, so no intent; the ActivateAction that follows is
    one, and the only one.'''
    application, scheduler, ran, caller = app
    node = Gio.DBusNodeInfo.new_for_xml(
        '<node><interface name="org.example.Remote"><method name="OpenDrafts"/></interface></node>')

    def on_call(_connection, _sender, _path, _interface, _method, _parameters, invocation):
        application.activate_action('open-folder', GLib.Variant('s', 'Drafts'))
        invocation.return_value(None)

    connection = application.get_dbus_connection()
    path = application.get_dbus_object_path() + '/remote'
    registration = connection.register_object(path, node.interfaces[0], on_call)
    try:
        done = []
        caller.call(application.props.application_id, path, 'org.example.Remote', 'OpenDrafts', None, None,
                    Gio.DBusCallFlags.NONE, -1, None, lambda c, r: done.append(c.call_finish(r)))
        spin_until(lambda: done, what='the app\'s own method to return')
        spin_a_while()
        assert ran['actions'] == ['Drafts']
        assert ran['tasks'] == []

        call_in_background(application, caller, 'open-folder', GLib.Variant('s', 'Inbox'))
        spin_until(lambda: ran['tasks'], what='an intent task')
        spin_a_while()
        assert ran['actions'] == ['Drafts', 'Inbox']
        assert [(action, parameter.unpack()) for _k, action, parameter, _i in ran['tasks']] == \
            [('open-folder', 'Inbox')]
    finally:
        connection.unregister_object(registration)


def test_an_action_the_app_runs_when_activated_from_outside_is_no_intent(app):
    '''org.freedesktop.Application.Activate comes from outside too, but
    what its `activate` handler runs is the app's own doing.'''
    application, scheduler, ran, caller = app
    activated = []

    def on_activate(_application):
        activated.append(True)
        application.activate_action('open-folder', GLib.Variant('s', 'Drafts'))

    application.connect('activate', on_activate)
    done = []
    app_id = application.props.application_id
    caller.call(app_id, object_path(app_id), 'org.freedesktop.Application', 'Activate',
                GLib.Variant('(a{sv})', ({},)), None, Gio.DBusCallFlags.NONE, -1, None,
                lambda c, r: done.append(c.call_finish(r)))
    spin_until(lambda: done, what='the Activate call to return')
    spin_a_while()
    assert activated == [True]
    assert ran['actions'] == ['Drafts']
    assert ran['tasks'] == []


class ChainingApplication(Gio.Application):
    '''An application class of its own whose before_emit chains up, as
    GtkApplication's does.'''

    def __init__(self, **properties):
        super().__init__(**properties)
        self.emits = 0

    def do_before_emit(self, platform_data):
        self.emits += 1
        Gio.Application.do_before_emit(self, platform_data)


def test_an_application_class_that_chains_up_in_before_emit(app):
    '''libbgrun wraps before_emit in the class of each application it
    follows; `app`'s plain Gio.Application had GApplication's own class
    wrapped already, which this subclass's before_emit chains up to.'''
    _application, _scheduler, _ran, caller = app
    app_id = 'org.example.IntentsChaining'
    application = ChainingApplication(application_id=app_id, flags=Gio.ApplicationFlags.FLAGS_NONE)
    application.register(None)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    tasks = []

    def handler(_scheduler, task):
        tasks.append((task.props.action_name, task.props.parameter.unpack()))
        task.set_task_completed(True)

    scheduler.register(app_id + '.intent.*', handler)
    action = Gio.SimpleAction.new('open-folder', GLib.VariantType.new('s'))
    opened = []
    action.connect('activate', lambda _a, parameter: opened.append(parameter.unpack()))
    application.add_action(action)
    try:
        call_in_background(application, caller, 'open-folder', GLib.Variant('s', 'Inbox'))
        spin_until(lambda: tasks, what='an intent task')
        spin_a_while()
        assert opened == ['Inbox']
        assert tasks == [('open-folder', 'Inbox')]
        assert application.emits == 1
    finally:
        scheduler.run_dispose()
        application.run_dispose()


def test_an_action_run_on_a_closed_app_launches_it_and_bgrund_runs_the_task(tmp_path, outdir,
                                                                            monkeypatch):
    bus = private_bus(tmp_path, monkeypatch)
    try:
        activate_action(bus.bus, 'open-folder', GLib.Variant('s', 'Inbox'))
        wait_for_lines(outdir, 'exited', 1, 'the app started for its action to quit')
        assert lines(outdir, 'action') == ['Inbox']
        [ran] = lines(outdir, 'ran')
        kind, identifier, action, parameter = ran.split(' ')
        assert (kind, action, parameter) == ('IntentDidRunRefreshTask', 'open-folder', "'Inbox'")
        assert identifier.startswith(APP_ID + '.intent.')
        assert lines(outdir, 'activated') == []
        assert [e for i, e, _m in admin_history(bus) if i == identifier] == \
            ['submitted', 'started', 'completed']
    finally:
        stop_daemon(bus)
        bus.close()


@pytest.mark.skipif(BGRUNCTL is None, reason='BGRUNCTL is not set: run this test through meson')
def test_bgrunctl_simulates_an_intent_and_explains_what_they_wait_for(tmp_path, outdir,
                                                                      monkeypatch):
    bus = private_bus(tmp_path, monkeypatch)
    try:
        run_app('subscribe', outdir)
        out = subprocess.run([BGRUNCTL, 'explain', APP_ID, APP_ID + '.connectivity'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert 'connectivity to come back' in out.stdout

        out = subprocess.run([BGRUNCTL, 'simulate-intent', APP_ID, 'open-folder', "'Archive'"],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        wait_for_lines(outdir, 'exited', 2, 'the app started for the simulated intent to quit')
        [ran] = lines(outdir, 'ran')
        assert ran.split(' ')[0] == 'IntentDidRunRefreshTask'
        assert ran.split(' ')[2:] == ['open-folder', "'Archive'"]
        # Simulated, the action itself did not run.
        assert lines(outdir, 'action') == []

        out = subprocess.run([BGRUNCTL, 'simulate-intent', APP_ID, 'open-folder', 'not a variant'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode != 0
        assert 'not a GVariant' in out.stderr

        # The other kinds: a snapshot starts the app again with its reason.
        out = subprocess.run([BGRUNCTL, 'simulate-snapshot', APP_ID, 'return-to-default-state'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        wait_for_lines(outdir, 'exited', 3, 'the app started for the simulated snapshot to quit')
        assert lines(outdir, 'ran')[1].split(' ')[0::2] == \
            ['SnapshotRefreshTask', 'return-to-default-state']
        out = subprocess.run([BGRUNCTL, 'simulate-snapshot', APP_ID, 'bogus'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode != 0 and '“bogus” is no snapshot reason' in out.stderr
        out = subprocess.run([BGRUNCTL, 'simulate-bluetooth-alert', APP_ID, 'F0:13:C3:5A:22:9B',
                              '00002a37-0000-1000-8000-00805f9b34fb', '0048'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        wait_for_lines(outdir, 'exited', 4, 'the app started for the simulated alert to quit')
        assert lines(outdir, 'ran')[2].split(' ')[0::2] == ['BluetoothAlertRefreshTask', 'F0:13:C3:5A:22:9B']
        assert lines(outdir, 'ran')[2].endswith(' 0048')
        out = subprocess.run([BGRUNCTL, 'simulate-bluetooth-alert', APP_ID, 'F0:13:C3:5A:22:9B',
                              '00002a37-0000-1000-8000-00805f9b34fb', '0x48'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode != 0 and 'not bytes in hexadecimal' in out.stderr
        out = subprocess.run([BGRUNCTL, 'explain', APP_ID, APP_ID + '.shortcut'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert 'daily chance' in out.stdout
    finally:
        stop_daemon(bus)
        bus.close()
