#!/usr/bin/python3
# network-monitor: an ongoing session in a GTK 4 window
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A local-network monitor that must keep listening while the user does
# something else: it counts the UDP packets that reach a port on the
# loopback interface. Start it from the window; close the window and it
# keeps counting, because the ongoing session holds the app. The count is
# the session's status, so the notification shows it live, with a Stop
# button; Stop (or `bgrunctl stop org.bgrun.Demo.NetworkMonitor`) ends the
# session, and with no window left the app quits.
#
#     network-monitor.py [--port PORT] [--start] [--close-window]
#                        [--stop-after PACKETS]
#
# --port listens on that port (default: one the system picks); --start
# begins the session as soon as the window is active; --close-window
# closes the window once the session runs; --stop-after stops the session
# after that many packets. The demo prints one line when it listens, when
# the window closes, at each packet and when the session ends (for tests).

import sys

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gdk', '4.0')
gi.require_version('Gtk', '4.0')

from gi.repository import Bgrun, Gdk, Gio, GLib, GObject, Gtk  # noqa: E402

APP_ID = 'org.bgrun.Demo.NetworkMonitor'
TITLE = 'Network monitor'


def say(message):
    print(f'network-monitor: {message}', flush=True)


class Listener:
    '''A UDP socket on 127.0.0.1 that counts what arrives, from the main
    loop.'''

    def __init__(self, port, on_packet):
        self.socket = Gio.Socket.new(Gio.SocketFamily.IPV4, Gio.SocketType.DATAGRAM,
                                     Gio.SocketProtocol.UDP)
        address = Gio.InetSocketAddress.new_from_string('127.0.0.1', port)
        self.socket.bind(address, True)
        self.socket.set_blocking(False)
        self.port = self.socket.get_local_address().get_port()
        self.count = 0
        self.on_packet = on_packet
        self.source = self.socket.create_source(GLib.IOCondition.IN, None)
        self.source.set_callback(self._on_readable)
        self.source.attach(None)

    def _on_readable(self, *_args):
        while True:
            try:
                # Only the packets count: what they carry is dropped.
                self.socket.receive_from(None)
            except GLib.Error as error:
                if error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.WOULD_BLOCK):
                    break
                raise
            self.count += 1
            self.on_packet(self.count)
        return GLib.SOURCE_CONTINUE

    def close(self):
        self.source.destroy()
        self.socket.close()


class MonitorWindow(Gtk.ApplicationWindow):
    def __init__(self, app):
        super().__init__(application=app, title='Network Monitor',
                         default_width=360, default_height=200)
        self.app = app
        # The one line that tells libbgrun whether the app is frontmost.
        self.bind_property('is-active', app.scheduler, 'frontmost',
                           GObject.BindingFlags.SYNC_CREATE)
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=12,
                      margin_top=24, margin_bottom=24, margin_start=24, margin_end=24,
                      valign=Gtk.Align.CENTER)
        self.count = Gtk.Label(css_classes=['title-1'])
        self.state = Gtk.Label(wrap=True, justify=Gtk.Justification.CENTER)
        self.button = Gtk.Button(halign=Gtk.Align.CENTER)
        self.button.connect('clicked', self.on_clicked)
        for widget in (self.count, self.state, self.button):
            box.append(widget)
        self.set_child(box)
        self.handler = app.connect('changed', lambda _app: self.update())
        self.connect('destroy', lambda _w: app.disconnect(self.handler))
        self.update()

    def on_clicked(self, _button):
        if self.app.is_running():
            self.app.session.stop()
        else:
            self.app.begin_session()

    def update(self):
        running = self.app.is_running()
        self.count.set_label(f'{self.app.listener.count} packets')
        if running:
            text = f'Listening on 127.0.0.1:{self.app.listener.port}; close the window, it goes on'
        elif self.app.message:
            text = self.app.message
        else:
            text = f'Counts UDP packets to 127.0.0.1:{self.app.listener.port}'
        self.state.set_label(text)
        self.button.set_label('Stop' if running else 'Start')
        self.button.set_css_classes(['destructive-action' if running else 'suggested-action'])


class NetworkMonitor(Gtk.Application):
    __gsignals__ = {
        'changed': (GObject.SignalFlags.RUN_FIRST, None, ()),
    }

    def __init__(self):
        super().__init__(application_id=APP_ID)
        self.scheduler = None
        self.session = None
        self.listener = None
        self.message = None
        self.port = 0
        self.auto_start = False
        self.close_window = False
        self.stop_after = None
        for name, arg, text in (
                ('port', GLib.OptionArg.INT, 'Listen on PORT of 127.0.0.1'),
                ('start', GLib.OptionArg.NONE, 'Start the session once the window is active'),
                ('close-window', GLib.OptionArg.NONE, 'Close the window once the session runs'),
                ('stop-after', GLib.OptionArg.STRING, 'Stop the session after PACKETS packets')):
            self.add_main_option(name, 0, GLib.OptionFlags.NONE, arg, text,
                                 None if arg == GLib.OptionArg.NONE else name.upper())

    def do_handle_local_options(self, options):
        self.auto_start = options.contains('start')
        self.close_window = options.contains('close-window')
        if options.contains('port'):
            self.port = options.lookup_value('port').get_int32()
            if not 0 < self.port < 65536:
                print('network-monitor: --port needs a port number, 1 to 65535', file=sys.stderr)
                return 2
        if options.contains('stop-after'):
            value = options.lookup_value('stop-after').get_string()
            if not value.isdigit() or int(value) == 0:
                print('network-monitor: --stop-after needs a positive number of packets',
                      file=sys.stderr)
                return 2
            self.stop_after = int(value)
        return -1

    def do_startup(self):
        Gtk.Application.do_startup(self)
        self.scheduler = Bgrun.Scheduler.new_for_application(self)
        self.scheduler.connect('notify::frontmost', self.on_frontmost)
        self.listener = Listener(self.port, self.on_packet)
        say(f'listening on 127.0.0.1:{self.listener.port}')

    def do_shutdown(self):
        self.listener.close()
        Gtk.Application.do_shutdown(self)

    def do_activate(self):
        window = self.get_active_window()
        if window is None:
            window = MonitorWindow(self)
        window.present()

    def is_running(self):
        return self.session is not None and self.session.props.state == Bgrun.OngoingState.RUNNING

    def begin_session(self):
        self.message = None
        self.session = Bgrun.OngoingSession.new(self.scheduler, TITLE)
        self.session.props.status = f'{self.listener.count} packets'
        self.session.connect('ended', self.on_ended)
        try:
            self.session.start()
        except GLib.Error as error:
            self.message = error.message
            say(f'could not start: {error.message}')
        self.emit('changed')
        if self.is_running():
            say('session running')
            if self.close_window and self.get_active_window() is not None:
                self.get_active_window().destroy()
                say('window closed')

    def on_packet(self, count):
        if self.is_running():
            self.session.props.status = f'{count} packets'
            say(f'{count} packets')
        self.emit('changed')
        if self.stop_after is not None and count >= self.stop_after and self.is_running():
            self.session.stop()

    def on_ended(self, session, reason):
        # Still held here: close what the session kept open, or save.
        self.message = session.props.end_message or f'Stopped ({reason.value_nick})'
        say(f'session ended: {reason.value_nick}')
        self.emit('changed')

    def on_frontmost(self, scheduler, _pspec):
        if self.auto_start and scheduler.props.frontmost:
            self.auto_start = False
            self.begin_session()


def main():
    # PyGObject already tried to initialise GTK when it imported it.
    if Gdk.Display.get_default() is None:
        print('network-monitor: cannot open a display', file=sys.stderr)
        return 1
    return NetworkMonitor().run(sys.argv)


if __name__ == '__main__':
    sys.exit(main())
