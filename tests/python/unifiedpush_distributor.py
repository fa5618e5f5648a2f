# A UnifiedPush distributor written to the D-Bus specification
# (org.unifiedpush.Distributor2 at /org/unifiedpush/Distributor, calling
# back org.unifiedpush.Connector2 at /org/unifiedpush/Connector on the
# app's bus name; the revision of the specification that docs/system-tasks.md
# names), with its push server in the same process: an HTTP server on
# 127.0.0.1 whose endpoints, one per registration, take what an application
# server posts (RFC 8030) and pass it on to the app as a message. A real
# distributor holds a connection to a remote push server instead; what the
# app sees on D-Bus is the same.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     unifiedpush_distributor.py NAME PORT LOG [--vapid-required]
#
# NAME is the part after org.unifiedpush.Distributor.; LOG gets one line
# per call received ("register SERVICE TOKEN VAPID-or--", "refused
# REASON", "unregister TOKEN"), per message passed on ("message SERVICE ID
# SIZE") and per message the connector acknowledged ("ack ID"). With
# --vapid-required it refuses registrations without a VAPID key
# (VAPID_REQUIRED), as distributors whose push server needs one do.
#
# Push server side: a registration made with a VAPID key takes only
# messages whose Authorization header (RFC 8292: "vapid t=JWT, k=KEY")
# carries that key and a JWT it signed (ES256) for this server, not
# expired: 401 without one or with a bad one, 403 with another key.
# Messages are 1 to 4096 bytes (413 otherwise).

import base64
import http.server
import json
import sys
import threading
import time
import uuid

import gi
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

XML = '''
<node>
  <interface name="org.unifiedpush.Distributor2">
    <method name="Register">
      <arg name="args" type="a{sv}" direction="in"/>
      <arg name="res" type="a{sv}" direction="out"/>
    </method>
    <method name="Unregister">
      <arg name="args" type="a{sv}" direction="in"/>
      <arg name="res" type="a{sv}" direction="out"/>
    </method>
  </interface>
</node>'''
CONNECTOR_PATH = '/org/unifiedpush/Connector'
CONNECTOR = 'org.unifiedpush.Connector2'
MAX_TOKEN = MAX_DESCRIPTION = 100
MAX_MESSAGE = 4096
VAPID_LENGTH = 87


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))


def vapid_point(key):
    '''The public key a VAPID key string holds, or None when it is none
    (87 characters of base64url, an uncompressed point on P-256).'''
    if not isinstance(key, str) or len(key) != VAPID_LENGTH:
        return None
    try:
        raw = b64url_decode(key)
        if raw[0] != 4:
            return None
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return None


def vapid_status(authorization, key, audience):
    '''The HTTP status for a push request's Authorization header when the
    registration was made with VAPID key @key, or None when it passes.'''
    if not authorization or not authorization.startswith('vapid '):
        return 401
    fields = dict(part.strip().split('=', 1) for part in authorization[6:].split(',') if '=' in part)
    if fields.get('k') != key:
        return 403
    try:
        header, claims, signature = fields.get('t', '').split('.')
        raw = b64url_decode(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], 'big'), int.from_bytes(raw[32:], 'big'))
        vapid_point(key).verify(der, f'{header}.{claims}'.encode(), ec.ECDSA(hashes.SHA256()))
        claims = json.loads(b64url_decode(claims))
    except (ValueError, InvalidSignature):
        return 401
    expires = claims.get('exp', 0)
    if claims.get('aud') != audience or not time.time() < expires <= time.time() + 24 * 3600:
        return 401
    return None


class Distributor:
    def __init__(self, connection, port, log, vapid_required):
        self.connection = connection
        self.port = port
        self.log = log
        self.vapid_required = vapid_required
        self.by_key = {}    # endpoint key → (service, token, VAPID key or None)
        self.by_token = {}  # token → endpoint key

    def note(self, line):
        with open(self.log, 'a') as f:
            f.write(line + '\n')

    def call_connector(self, service, method, args, answered=None):
        '''A call to the app's connector, which starts a closed app; the
        distributor does not wait for the answer.'''
        def done(connection, result):
            try:
                (res,) = connection.call_finish(result).unpack()
            except GLib.Error:
                return
            if answered is not None:
                answered(res)

        self.connection.call(service, CONNECTOR_PATH, CONNECTOR, method,
                             GLib.Variant('(a{sv})', (args,)), GLib.VariantType('(a{sv})'),
                             Gio.DBusCallFlags.NONE, -1, None, done)

    def refuse(self, reason):
        self.note(f'refused {reason}')
        return {'success': GLib.Variant('s', 'REGISTRATION_FAILED'),
                'reason': GLib.Variant('s', reason)}

    def register(self, args):
        service, token = args.get('service'), args.get('token')
        description, vapid = args.get('description', ''), args.get('vapid')
        # Fields that do not follow the specification: the call is ignored,
        # which for a call that must answer is a generic failure.
        if not isinstance(service, str) or not Gio.dbus_is_name(service) or \
           not isinstance(token, str) or not 0 < len(token.encode()) <= MAX_TOKEN or \
           not isinstance(description, str) or len(description.encode()) > MAX_DESCRIPTION or \
           (vapid is not None and vapid_point(vapid) is None):
            return self.refuse('INTERNAL_ERROR')
        if vapid is None and self.vapid_required:
            return self.refuse('VAPID_REQUIRED')
        self.note(f'register {service} {token} {vapid or "-"}')
        key = self.by_token.get(token) or uuid.uuid4().hex
        self.by_token[token] = key
        self.by_key[key] = (service, token, vapid)
        endpoint = f'http://127.0.0.1:{self.port}/push/{key}'
        # NewEndpoint both for a new token and for one already in use.
        GLib.idle_add(lambda: self.call_connector(
            service, 'NewEndpoint',
            {'token': GLib.Variant('s', token), 'endpoint': GLib.Variant('s', endpoint)}))
        return {'success': GLib.Variant('s', 'REGISTRATION_SUCCEEDED')}

    def unregister(self, args):
        token = args.get('token', '')
        key = self.by_token.pop(token, None)
        if key is None:
            return {}
        service, _token, _vapid = self.by_key.pop(key)
        self.note(f'unregister {token}')
        # Unregistered confirms it.
        GLib.idle_add(lambda: self.call_connector(
            service, 'Unregistered', {'token': GLib.Variant('s', token)}))
        return {}

    def on_method_call(self, _connection, _sender, _path, _iface, method, parameters, invocation):
        (args,) = parameters.unpack()
        reply = self.register(args) if method == 'Register' else self.unregister(args)
        invocation.return_value(GLib.Variant('(a{sv})', (reply,)))

    def push(self, key, body, authorization):
        '''Called from the HTTP thread: the HTTP status for a message
        posted to the endpoint @key.'''
        registration = self.by_key.get(key)
        if registration is None:
            return 404
        service, token, vapid = registration
        if not 0 < len(body) <= MAX_MESSAGE:
            return 413
        if vapid is not None:
            refused = vapid_status(authorization, vapid, f'http://127.0.0.1:{self.port}')
            if refused is not None:
                return refused
        message_id = uuid.uuid4().hex
        self.note(f'message {service} {message_id} {len(body)}')

        def acknowledged(res):
            if res.get('id') == message_id:
                self.note(f'ack {message_id}')

        GLib.idle_add(lambda: self.call_connector(
            service, 'Message',
            {'token': GLib.Variant('s', token), 'message': GLib.Variant('ay', body),
             'id': GLib.Variant('s', message_id)}, acknowledged))
        return 201


def serve_http(distributor):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
            parts = self.path.split('/')
            status = 404
            if len(parts) == 3 and parts[1] == 'push':
                status = distributor.push(parts[2], body, self.headers.get('Authorization'))
            self.send_response(status)
            self.send_header('Content-Length', '0')
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', distributor.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main(name, port, log, *options):
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    distributor = Distributor(connection, int(port), log, '--vapid-required' in options)
    serve_http(distributor)
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    connection.register_object('/org/unifiedpush/Distributor', node.interfaces[0],
                               distributor.on_method_call, None, None)
    loop = GLib.MainLoop()
    Gio.bus_own_name_on_connection(connection, 'org.unifiedpush.Distributor.' + name,
                                   Gio.BusNameOwnerFlags.NONE, None, lambda *_: loop.quit())
    loop.run()


if __name__ == '__main__':
    main(*sys.argv[1:])
