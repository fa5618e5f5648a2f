# A UnifiedPush distributor written to the D-Bus specification (DBUS 0.3:
# org.unifiedpush.Distributor2 at /org/unifiedpush/Distributor, calling
# back org.unifiedpush.Connector2 at /org/unifiedpush/Connector on the
# app's bus name), with its push server in the same process: an HTTP
# server on 127.0.0.1 whose endpoints, one per registration, take what an
# application server posts and pass it on to the app as a message. A real
# distributor holds a connection to a remote push server instead; what the
# app sees on D-Bus is the same.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     unifiedpush_distributor.py NAME PORT LOG
#
# NAME is the part after org.unifiedpush.Distributor.; LOG gets one line
# per call received ("register SERVICE TOKEN", "unregister TOKEN") and per
# message passed on ("message SERVICE ID SIZE").

import http.server
import sys
import threading
import uuid

import gi

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


class Distributor:
    def __init__(self, connection, port, log):
        self.connection = connection
        self.port = port
        self.log = log
        self.by_key = {}    # endpoint key → (service, token)
        self.by_token = {}  # token → endpoint key

    def note(self, line):
        with open(self.log, 'a') as f:
            f.write(line + '\n')

    def call_connector(self, service, method, args):
        '''The connector's methods answer an empty dictionary, which the
        distributor must not wait for; the call starts a closed app.'''
        self.connection.call(service, CONNECTOR_PATH, CONNECTOR, method,
                             GLib.Variant('(a{sv})', (args,)), None, Gio.DBusCallFlags.NONE,
                             -1, None, None)

    def register(self, args):
        service, token = args.get('service', ''), args.get('token', '')
        if not Gio.dbus_is_name(service) or not token or len(token.encode()) > 100:
            return {'success': GLib.Variant('s', 'REGISTRATION_FAILED'),
                    'reason': GLib.Variant('s', 'INTERNAL_ERROR')}
        self.note(f'register {service} {token}')
        key = self.by_token.get(token) or uuid.uuid4().hex
        self.by_token[token] = key
        self.by_key[key] = (service, token)
        endpoint = f'http://127.0.0.1:{self.port}/push/{key}'
        GLib.idle_add(lambda: self.call_connector(
            service, 'NewEndpoint',
            {'token': GLib.Variant('s', token), 'endpoint': GLib.Variant('s', endpoint)}))
        return {'success': GLib.Variant('s', 'REGISTRATION_SUCCEEDED')}

    def unregister(self, args):
        token = args.get('token', '')
        key = self.by_token.pop(token, None)
        if key is None:
            return {}
        service, _token = self.by_key.pop(key)
        self.note(f'unregister {token}')
        GLib.idle_add(lambda: self.call_connector(
            service, 'Unregistered', {'token': GLib.Variant('s', token)}))
        return {}

    def on_method_call(self, _connection, _sender, _path, _iface, method, parameters, invocation):
        (args,) = parameters.unpack()
        reply = self.register(args) if method == 'Register' else self.unregister(args)
        invocation.return_value(GLib.Variant('(a{sv})', (reply,)))

    def push(self, key, body):
        '''Called from the HTTP thread: whether the endpoint exists.'''
        registration = self.by_key.get(key)
        if registration is None:
            return False
        service, token = registration
        message_id = uuid.uuid4().hex
        self.note(f'message {service} {message_id} {len(body)}')
        GLib.idle_add(lambda: self.call_connector(
            service, 'Message',
            {'token': GLib.Variant('s', token), 'message': GLib.Variant('ay', body),
             'id': GLib.Variant('s', message_id)}))
        return True


def serve_http(distributor):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
            parts = self.path.split('/')
            found = len(parts) == 3 and parts[1] == 'push' and distributor.push(parts[2], body)
            self.send_response(201 if found else 404)
            self.send_header('Content-Length', '0')
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(('127.0.0.1', distributor.port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main(name, port, log):
    connection = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    distributor = Distributor(connection, int(port), log)
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
