# Push tasks: the app registers with a UnifiedPush distributor on the
# test's own bus (unifiedpush_distributor.py, written to the D-Bus
# specification), gets an endpoint, and an application server, npm's
# web-push (pinned in tests/web-push), encrypts a message for the app's
# keys and posts it there; the distributor passes it on over D-Bus and the
# app gets it, decrypted, as a push task. A message that does not decrypt
# is a precise failure in the app's history, and no task.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Issue 19, point 7.

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import pytest

from conftest import Bgrun, Gio, GLib, spin_until
from daemon_helpers import open_bus
import npm_peer
from test_daemon_launch import (  # noqa: F401 (fixtures)
    APP_ID, admin_history, lines, outdir, stop_daemon, wait_for_lines)
from test_tasks_connectivity import private_bus, run_app
from url_servers import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get('WEB_PUSH_SOURCE', os.path.join(HERE, '..', 'web-push'))
INSTALL_DIR = os.environ.get('WEB_PUSH_DIR', os.path.join(tempfile.gettempdir(), 'bgrun-web-push'))
DISTRIBUTOR = 'org.unifiedpush.Distributor.bgruntest'
BGRUNCTL = os.environ.get('BGRUNCTL')


def send_to(endpoint, public_key, auth_secret, payload):
    '''What an application server does: web-push encrypts @payload for the
    subscription and posts it to the endpoint.'''
    npm_peer.install(SOURCE, INSTALL_DIR, ('send.mjs',))
    node = shutil.which('node') or '/usr/bin/node'
    result = subprocess.run([node, 'send.mjs', endpoint, public_key, auth_secret, payload],
                            cwd=INSTALL_DIR, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == '201'


def send(registration, payload):
    send_to(registration.props.endpoint, registration.props.public_key,
            registration.props.auth_secret, payload)


def post(endpoint, body):
    '''A body that is no Web Push message, posted as is.'''
    request = urllib.request.Request(endpoint, data=body, method='POST')
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def start_distributor(tmp_path, bus):
    '''unifiedpush_distributor.py on the session bus of the environment,
    which @bus is a connection to.'''
    log = tmp_path / 'distributor.log'
    process = subprocess.Popen([sys.executable, os.path.join(HERE, 'unifiedpush_distributor.py'),
                                'bgruntest', str(free_port()), str(log)])

    def running():
        (owner,) = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                                 'NameHasOwner', GLib.Variant('(s)', (DISTRIBUTOR,)), None,
                                 Gio.DBusCallFlags.NONE, -1, None).unpack()
        return owner

    spin_until(running, what='the distributor on the bus')
    return process, log


@pytest.fixture
def distributor(tmp_path):
    process, log = start_distributor(tmp_path, Gio.bus_get_sync(Gio.BusType.SESSION, None))
    yield log
    process.terminate()
    process.wait(timeout=10)


def make_app(app_id):
    '''A scheduler made before the application registers, as the push
    registration asks.'''
    application = Gio.Application(application_id=app_id, flags=Gio.ApplicationFlags.FLAGS_NONE)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    application.register(None)
    return application, scheduler


@pytest.fixture
def app(monkeypatch, tmp_path, request):
    monkeypatch.setenv('BGRUN_BACKEND', 'local')
    monkeypatch.setenv('BGRUN_STATE_DIR', str(tmp_path / 'state'))
    app_id = 'org.example.Push' + request.node.name.title().replace('_', '')
    application, scheduler = make_app(app_id)
    ran = []

    def handler(_scheduler, task):
        ran.append(task)
        task.set_task_completed(True)

    scheduler.register(app_id + '.push.*', handler)
    yield app_id, application, scheduler, ran
    scheduler.run_dispose()
    application.run_dispose()


def register(registration):
    done = []
    registration.register('Test messages', None, lambda r, result: done.append(result))
    spin_until(lambda: done, what='the registration to be answered')
    registration.register_finish(done.pop())
    spin_until(lambda: registration.props.endpoint is not None, what='the distributor’s endpoint')


def history(scheduler):
    entries = scheduler.get_history()
    return [(e.get_identifier(), e.get_event(), e.get_message())
            for e in (entries.get_item(i) for i in range(entries.get_n_items()))]


def test_a_message_from_an_application_server_becomes_a_push_task(distributor, app, tmp_path):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    assert registration.props.endpoint is None

    register(registration)
    assert registration.props.distributor == DISTRIBUTOR
    assert registration.props.endpoint.startswith('http://127.0.0.1:')
    assert len(registration.props.public_key) == 87
    keys = tmp_path / 'state' / app_id / 'web-push-keys'
    assert stat.S_IMODE(os.stat(keys).st_mode) == 0o600
    assert f'register {app_id} ' in distributor.read_text()

    send(registration, 'New mail: 3 messages')
    spin_until(lambda: ran, what=lambda: f'the push task, in {history(scheduler)}')
    task = ran[0]
    assert isinstance(task, Bgrun.PushRefreshTask)
    assert task.props.identifier.startswith(app_id + '.push.')
    assert task.get_message().get_data() == b'New mail: 3 messages'
    assert task.props.message_id in distributor.read_text()
    assert 0 < task.props.expiration_date.difference(GLib.DateTime.new_now_utc()) <= 30 * 1_000_000


def test_a_message_that_does_not_decrypt_is_a_failure_in_the_history(distributor, app):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    register(registration)

    post(registration.props.endpoint, b'not encrypted at all')

    def failed():
        return [m for i, e, m in history(scheduler) if e == Bgrun.HistoryEvent.FAILED]

    spin_until(failed, what=lambda: f'a failure in {history(scheduler)}')
    assert 'aes128gcm header' in failed()[0]
    assert ran == []

    # The app goes on receiving what does decrypt.
    send(registration, 'still here')
    spin_until(lambda: ran, what='the push task after the bad message')
    assert ran[0].get_message().get_data() == b'still here'


def test_the_registration_is_kept_across_restarts(distributor, app):
    app_id, application, scheduler, _ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    register(registration)
    endpoint, public_key = registration.props.endpoint, registration.props.public_key
    auth_secret = registration.props.auth_secret
    scheduler.run_dispose()

    # The app again, as a new process would make it.
    application = Gio.Application(application_id=app_id, flags=Gio.ApplicationFlags.FLAGS_NONE)
    scheduler = Bgrun.Scheduler.new_for_application(application)
    again = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    assert (again.props.endpoint, again.props.public_key, again.props.auth_secret,
            again.props.distributor) == (endpoint, public_key, auth_secret, DISTRIBUTOR)
    scheduler.run_dispose()


def register_error(registration):
    '''The error of a registration that fails; the result (which holds the
    registration, and so its connector) is not kept.'''
    done = []
    registration.register(None, None, lambda r, result: done.append(result))
    spin_until(lambda: done, what='the registration to fail')
    try:
        registration.register_finish(done.pop())
    except GLib.Error as error:
        return error.domain, error.code, error.message
    return None


def test_registering_without_a_distributor_says_so(app):
    _app_id, _application, scheduler, _ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    domain, code, message = register_error(registration)
    assert (domain, code) == (GLib.quark_to_string(Gio.io_error_quark()), Gio.IOErrorEnum.NOT_FOUND)
    assert 'No UnifiedPush distributor' in message

def call_connector(caller, app_id, method, args):
    '''A call to the app's connector from another connection, answered by
    this process's main loop.'''
    done = []
    caller.call(app_id, '/org/unifiedpush/Connector', 'org.unifiedpush.Connector2', method,
                GLib.Variant('(a{sv})', (args,)), GLib.VariantType.new('(a{sv})'),
                Gio.DBusCallFlags.NONE, -1, None, lambda c, r: done.append(c.call_finish(r)))
    spin_until(lambda: done, what=f'the {method} call to return')
    return done[0].unpack()


def test_calls_without_the_connection_token_are_ignored(distributor, app):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    register(registration)
    endpoint = registration.props.endpoint
    caller = open_bus()
    try:
        forged = GLib.Variant('s', 'not-the-token')
        assert call_connector(caller, app_id, 'NewEndpoint',
                              {'token': forged, 'endpoint': GLib.Variant('s', 'https://elsewhere.example/')}) == ({},)
        assert call_connector(caller, app_id, 'Message',
                              {'token': forged, 'message': GLib.Variant('ay', b'x' * 120),
                               'id': GLib.Variant('s', 'forged')}) == ({},)
        assert call_connector(caller, app_id, 'Unregistered', {'token': forged}) == ({},)
    finally:
        caller.close_sync(None)
    assert registration.props.endpoint == endpoint
    assert ran == [] and history(scheduler) == []


def test_unregistering_tells_the_distributor_and_forgets_the_endpoint(distributor, app):
    _app_id, _application, scheduler, _ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    register(registration)
    endpoint = registration.props.endpoint

    assert registration.unregister()
    assert (registration.props.endpoint, registration.props.distributor) == (None, None)
    spin_until(lambda: 'unregister ' in distributor.read_text(), what='the distributor to hear of it')
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(endpoint, b'too late')
    assert refused.value.code == 404
    with pytest.raises(GLib.Error) as error:
        registration.unregister()
    assert 'not registered' in error.value.message


def test_a_message_for_a_closed_app_launches_it_and_bgrund_runs_the_task(tmp_path, outdir,
                                                                        monkeypatch):
    bus = private_bus(tmp_path, monkeypatch, app_env={'TASKS_PUSH': '1'})
    process, _log = start_distributor(tmp_path, bus.bus)
    try:
        run_app('push', outdir)
        with open(os.path.join(outdir, 'subscription')) as f:
            endpoint, public_key, auth_secret = f.read().split()

        send_to(endpoint, public_key, auth_secret, 'Meeting moved to 3pm')
        wait_for_lines(outdir, 'exited', 2, 'the app started for the message to quit')
        [ran] = lines(outdir, 'ran')
        kind, identifier, message = ran.split(' ', 2)
        assert (kind, message) == ('PushRefreshTask', 'Meeting moved to 3pm')
        assert identifier.startswith(APP_ID + '.push.')
        assert [e for i, e, _m in admin_history(bus) if i == identifier] == \
            ['submitted', 'started', 'completed']

        # A message encrypted for other keys starts the app too, and is a
        # failure in the history, no task.
        npm_peer.install(SOURCE, INSTALL_DIR, ('send.mjs',))
        other_keys = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4'
        send_to(endpoint, other_keys, auth_secret, 'for someone else')

        def failures():
            return [m for i, e, m in admin_history(bus) if e == 'failed' and i.startswith(APP_ID + '.push.')]

        spin_until(failures, timeout=60, what=lambda: f'a failure in {admin_history(bus)}')
        assert 'authentication tag does not match' in failures()[0]
        assert len(lines(outdir, 'ran')) == 1
    finally:
        process.terminate()
        process.wait(timeout=10)
        stop_daemon(bus)
        bus.close()


@pytest.mark.skipif(BGRUNCTL is None, reason='BGRUNCTL is not set: run this test through meson')
def test_bgrunctl_simulates_a_push_message_and_explains_what_they_wait_for(tmp_path, outdir,
                                                                           monkeypatch):
    bus = private_bus(tmp_path, monkeypatch, app_env={'TASKS_PUSH': '1'})
    try:
        # The app once, which starts bgrund for it.
        run_app('subscribe', outdir)
        out = subprocess.run([BGRUNCTL, 'explain', APP_ID, APP_ID + '.push.1'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert 'UnifiedPush distributor' in out.stdout

        out = subprocess.run([BGRUNCTL, 'simulate-push', APP_ID, 'Simulated news'],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        wait_for_lines(outdir, 'exited', 2, 'the app started for the simulated message to quit')
        [ran] = lines(outdir, 'ran')
        kind, identifier, message = ran.split(' ', 2)
        assert (kind, message) == ('PushRefreshTask', 'Simulated news')
        assert identifier.startswith(APP_ID + '.push.')
    finally:
        stop_daemon(bus)
        bus.close()
