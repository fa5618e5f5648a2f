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

import base64
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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


def send_to(endpoint, public_key, auth_secret, payload, vapid=(), status='201'):
    '''What an application server does: web-push encrypts @payload for the
    subscription, signs the request with the VAPID key pair @vapid (public,
    private) if any, and posts it to the endpoint, whose answer must be
    @status.'''
    npm_peer.install(SOURCE, INSTALL_DIR, ('send.mjs',))
    node = shutil.which('node') or '/usr/bin/node'
    result = subprocess.run([node, 'send.mjs', endpoint, public_key, auth_secret, payload, *vapid],
                            cwd=INSTALL_DIR, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == status, result.stdout + result.stderr
    assert (result.returncode == 0) == status.startswith('2'), result.stderr


def send(registration, payload, **kwargs):
    send_to(registration.props.endpoint, registration.props.public_key,
            registration.props.auth_secret, payload, **kwargs)


def post(endpoint, body):
    '''A body that is no Web Push message, posted as is.'''
    request = urllib.request.Request(endpoint, data=body, method='POST')
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def has_owner(bus, name):
    (owner,) = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                             'NameHasOwner', GLib.Variant('(s)', (name,)), None,
                             Gio.DBusCallFlags.NONE, -1, None).unpack()
    return owner


def start_distributor(tmp_path, bus, name='bgruntest', *options, wait=True):
    '''unifiedpush_distributor.py on the session bus of the environment,
    which @bus is a connection to, once on the bus unless not @wait.'''
    log = tmp_path / f'distributor-{name}.log'
    process = subprocess.Popen([sys.executable, os.path.join(HERE, 'unifiedpush_distributor.py'),
                                name, str(free_port()), str(log), *options])
    if wait:
        spin_until(lambda: has_owner(bus, 'org.unifiedpush.Distributor.' + name),
                   what='the distributor on the bus')
    return process, log


def stop_distributor(process, bus=None, name='bgruntest'):
    process.terminate()
    process.wait(timeout=10)
    if bus is not None:
        spin_until(lambda: not has_owner(bus, 'org.unifiedpush.Distributor.' + name),
                   what='the distributor gone from the bus')


@pytest.fixture
def distributor(tmp_path):
    process, log = start_distributor(tmp_path, Gio.bus_get_sync(Gio.BusType.SESSION, None))
    yield log
    stop_distributor(process)


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
    app_id = 'org.example.Push' + ''.join(c for c in request.node.name.title() if c.isalnum())
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
    # The connector acknowledges each message by returning its id.
    spin_until(lambda: f'ack {task.props.message_id}' in distributor.read_text(),
               what='the acknowledgement')
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


def state_token(tmp_path, app_id):
    '''The connection's token as the app keeps it.'''
    kept = GLib.KeyFile()
    kept.load_from_file(str(tmp_path / 'state' / app_id / 'unifiedpush'), GLib.KeyFileFlags.NONE)
    try:
        return kept.get_string('UnifiedPush', 'token')
    except GLib.Error:
        return None


def test_calls_whose_fields_do_not_follow_the_specification_are_ignored(distributor, app, tmp_path):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    register(registration)
    endpoint = registration.props.endpoint
    token = GLib.Variant('s', state_token(tmp_path, app_id))
    caller = open_bus()
    try:
        # A message is 1 to 4096 bytes of type ay: other calls get no
        # acknowledgement and make no task.
        for message in (GLib.Variant('ay', b'x' * 4097), GLib.Variant('ay', b''),
                        GLib.Variant('s', 'text')):
            assert call_connector(caller, app_id, 'Message',
                                  {'token': token, 'message': message,
                                   'id': GLib.Variant('s', 'bad')}) == ({},)
        # An endpoint is a URL of at most 1000 bytes.
        for bad in ('not_an_url', 'https://push.example.org/' + 'a' * 1000):
            assert call_connector(caller, app_id, 'NewEndpoint',
                                  {'token': token, 'endpoint': GLib.Variant('s', bad)}) == ({},)
        assert registration.props.endpoint == endpoint
        assert ran == [] and history(scheduler) == []

        # A message that follows the specification is acknowledged with its
        # id, even when it then does not decrypt.
        assert call_connector(caller, app_id, 'Message',
                              {'token': token, 'message': GLib.Variant('ay', b'x' * 4096),
                               'id': GLib.Variant('s', 'fine')}) == ({'id': 'fine'},)
        spin_until(lambda: history(scheduler), what='the failure in the history')
        assert [e for _i, e, _m in history(scheduler)] == [Bgrun.HistoryEvent.FAILED]
    finally:
        caller.close_sync(None)


def test_a_distributor_ending_the_registration_is_heard(distributor, app, tmp_path):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    register(registration)
    token = GLib.Variant('s', state_token(tmp_path, app_id))
    caller = open_bus()
    try:
        assert call_connector(caller, app_id, 'Unregistered', {'token': token}) == ({},)
        assert (registration.props.endpoint, registration.props.distributor) == (None, None)
        assert state_token(tmp_path, app_id) is None
        # The token is dead: what comes with it is ignored.
        assert call_connector(caller, app_id, 'Message',
                              {'token': token, 'message': GLib.Variant('ay', b'x' * 100),
                               'id': GLib.Variant('s', 'late')}) == ({},)
    finally:
        caller.close_sync(None)
    assert ran == [] and history(scheduler) == []


def test_a_distributor_that_starts_later_gets_the_registration(app, tmp_path):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    _domain, code, message = register_error(registration)
    assert code == Gio.IOErrorEnum.NOT_FOUND
    assert 'registers with the first one that starts' in message

    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    process, log = start_distributor(tmp_path, bus)
    try:
        spin_until(lambda: registration.props.endpoint is not None, what='the endpoint')
        assert registration.props.distributor == DISTRIBUTOR
        assert f'register {app_id} {state_token(tmp_path, app_id)} -' in log.read_text()
        send(registration, 'after all')
        spin_until(lambda: ran, what='the push task')
        assert ran[0].get_message().get_data() == b'after all'
    finally:
        stop_distributor(process)


def test_the_registration_follows_its_distributor_away_back_and_to_another(app, tmp_path):
    app_id, _application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    process, log = start_distributor(tmp_path, bus)
    register(registration)
    first, token = registration.props.endpoint, state_token(tmp_path, app_id)

    # Gone: the endpoint stays (its push server may keep messages).
    stop_distributor(process, bus)
    assert (registration.props.endpoint, registration.props.distributor) == (first, DISTRIBUTOR)

    # Back (a new process, which knows nothing): the app registers again
    # with the same token and gets the new endpoint.
    process, log = start_distributor(tmp_path, bus)
    spin_until(lambda: registration.props.endpoint != first, what='the new endpoint')
    assert log.read_text().count(f'register {app_id} {token} -') == 2
    send(registration, 'back again')
    spin_until(lambda: ran, what='the push task through the distributor that came back')

    # Gone, and another starts: the app moves to it, as a new connection.
    stop_distributor(process, bus)
    other, other_log = start_distributor(tmp_path, bus, 'othertest')
    try:
        spin_until(lambda: registration.props.distributor == 'org.unifiedpush.Distributor.othertest',
                   what='the move to the other distributor')
        spin_until(lambda: registration.props.endpoint not in (None, first),
                   what='the other distributor’s endpoint')
        assert state_token(tmp_path, app_id) != token
        assert f'register {app_id} {state_token(tmp_path, app_id)} -' in other_log.read_text()
        send(registration, 'elsewhere')
        spin_until(lambda: len(ran) == 2, what='the push task through the other distributor')
        assert ran[1].get_message().get_data() == b'elsewhere'
    finally:
        stop_distributor(other)


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b'=').decode()


def vapid_keys():
    '''An application server's VAPID key pair (public, private), as
    web-push takes it.'''
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64url(public), b64url(private.private_numbers().private_value.to_bytes(32, 'big'))


def test_a_vapid_key_goes_to_the_distributor_whose_push_server_then_checks_it(app, tmp_path):
    app_id, application, scheduler, ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    process, log = start_distributor(tmp_path, bus, 'bgruntest', '--vapid-required')
    try:
        _domain, code, message = register_error(registration)
        assert code == Gio.IOErrorEnum.INVALID_ARGUMENT
        assert 'requires a VAPID public key' in message
        assert 'refused VAPID_REQUIRED' in log.read_text()

        public, private = vapid_keys()
        assert registration.set_vapid_public_key(public)
        assert registration.props.vapid_public_key == public
        register(registration)
        assert f'register {app_id} {state_token(tmp_path, app_id)} {public}' in log.read_text()

        send(registration, 'signed', vapid=(public, private))
        spin_until(lambda: ran, what='the push task of the signed message')
        assert ran[0].get_message().get_data() == b'signed'
        send(registration, 'unsigned', status='401')
        send(registration, 'signed by another', vapid=vapid_keys(), status='403')
        assert len(ran) == 1
    finally:
        stop_distributor(process)

    # Kept across restarts, with the registration.
    scheduler.run_dispose()
    again = Bgrun.Scheduler.new_for_application(
        Gio.Application(application_id=app_id, flags=Gio.ApplicationFlags.FLAGS_NONE))
    assert Bgrun.PushRegistration.get_for_scheduler(again).props.vapid_public_key == public
    again.run_dispose()


def off_curve_key():
    point = base64.urlsafe_b64decode(vapid_keys()[0] + '=')
    y = (int.from_bytes(point[33:], 'big') + 1) % 2**256
    return b64url(point[:33] + y.to_bytes(32, 'big'))


def non_canonical_key():
    alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    key = vapid_keys()[0]
    return key[:-1] + alphabet[alphabet.index(key[-1]) + 1]


@pytest.mark.parametrize('make_key, says', [
    (lambda: vapid_keys()[0][:-1], '87 characters long'),
    (lambda: vapid_keys()[0][:-1] + '=', 'base64url'),
    (non_canonical_key, 'base64url'),
    (lambda: 'A' + vapid_keys()[0][1:], 'uncompressed point'),
    (off_curve_key, 'not a point on the P-256 curve'),
], ids=['short', 'padded', 'non-canonical', 'not-uncompressed', 'off-curve'])
def test_a_vapid_key_that_is_not_one_is_refused(app, make_key, says):
    _app_id, _application, scheduler, _ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    public = vapid_keys()[0]
    assert registration.set_vapid_public_key(public)
    with pytest.raises(GLib.Error) as error:
        registration.set_vapid_public_key(make_key())
    assert error.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_ARGUMENT)
    assert says in error.value.message
    assert registration.props.vapid_public_key == public
    assert registration.set_vapid_public_key(None)
    assert registration.props.vapid_public_key is None


def test_a_description_longer_than_the_specification_allows_is_refused(app):
    _app_id, _application, scheduler, _ran = app
    registration = Bgrun.PushRegistration.get_for_scheduler(scheduler)
    done = []
    registration.register('x' * 101, None, lambda r, result: done.append(result))
    spin_until(lambda: done, what='the registration to fail')
    with pytest.raises(GLib.Error) as error:
        registration.register_finish(done.pop())
    assert error.value.matches(Gio.io_error_quark(), Gio.IOErrorEnum.INVALID_ARGUMENT)
    assert 'at most 100 bytes' in error.value.message


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
        stop_distributor(process)
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
