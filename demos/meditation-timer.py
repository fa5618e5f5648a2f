#!/usr/bin/python3
# meditation-timer: an extended runtime session in a GTK 4 window
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A mindfulness session keeps the app running for up to an hour while the
# user meditates, and ends when the user leaves the app: the scheduler
# learns whether the app is frontmost from the window's is-active property,
# bound in one line. The window shows the session's state and the time it
# has left, and the session sounds its start, its coming end, and its stop.
#
#     meditation-timer.py [--start] [--exit-after SECONDS]
#
# --start begins the session as soon as the window is active; --exit-after
# ends it that many seconds after it started running, and quits (for tests:
# the demo then prints one line when the window is shown with the session
# running, and one when the session ended).

import sys

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gdk', '4.0')
gi.require_version('Gtk', '4.0')

from gi.repository import Bgrun, Gdk, GLib, GObject, Gtk  # noqa: E402

APP_ID = 'org.bgrun.Demo.MeditationTimer'

STATE_TEXT = {
    Bgrun.ExtendedRuntimeState.NOT_STARTED: 'Ready when you are',
    Bgrun.ExtendedRuntimeState.SCHEDULED: 'Scheduled',
    Bgrun.ExtendedRuntimeState.RUNNING: 'Breathe in, breathe out',
    Bgrun.ExtendedRuntimeState.INVALID: 'Session ended',
}

REASON_TEXT = {
    Bgrun.InvalidationReason.NONE: 'you ended it',
    Bgrun.InvalidationReason.SESSION_IN_PROGRESS: 'another session is running',
    Bgrun.InvalidationReason.EXPIRED: 'the hour is up',
    Bgrun.InvalidationReason.RESIGNED_FRONTMOST: 'you left the app',
    Bgrun.InvalidationReason.SUPPRESSED_BY_SYSTEM: 'the system stopped it',
    Bgrun.InvalidationReason.ERROR: 'something went wrong',
}


def format_remaining(microseconds):
    seconds = max(0, (microseconds + 999_999) // 1_000_000)
    return f'{seconds // 60:02d}:{seconds % 60:02d}'


class TimerWindow(Gtk.ApplicationWindow):
    def __init__(self, app):
        super().__init__(application=app, title='Meditation Timer',
                         default_width=360, default_height=240)
        self.app = app
        # The one line that tells libbgrun whether the app is frontmost.
        self.bind_property('is-active', app.scheduler, 'frontmost',
                           GObject.BindingFlags.SYNC_CREATE)

        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=12,
                      margin_top=24, margin_bottom=24, margin_start=24, margin_end=24,
                      valign=Gtk.Align.CENTER)
        self.remaining = Gtk.Label(label='--:--', css_classes=['title-1'])
        self.state = Gtk.Label(wrap=True, justify=Gtk.Justification.CENTER)
        self.button = Gtk.Button(halign=Gtk.Align.CENTER)
        self.button.connect('clicked', self.on_clicked)
        for widget in (self.remaining, self.state, self.button):
            box.append(widget)
        self.set_child(box)

        app.connect('session-changed', lambda _app: self.update())
        self.tick = GLib.timeout_add_seconds(1, self.on_tick)
        self.connect('destroy', self.on_destroy)
        self.update()

    def on_clicked(self, _button):
        if self.app.is_running():
            self.app.end_session()
        else:
            self.app.begin_session()

    def on_tick(self):
        self.update()
        return GLib.SOURCE_CONTINUE

    def on_destroy(self, _window):
        GLib.source_remove(self.tick)

    def update(self):
        session = self.app.session
        state = session.props.state if session else Bgrun.ExtendedRuntimeState.NOT_STARTED
        text = STATE_TEXT[state]
        if state == Bgrun.ExtendedRuntimeState.INVALID:
            text = f'{text}: {REASON_TEXT[session.props.invalidation_reason]}'
        if self.app.error is not None:
            text = f'{text}\n{self.app.error}'
        self.state.set_label(text)
        remaining = self.app.remaining()
        self.remaining.set_label('--:--' if remaining is None else format_remaining(remaining))
        running = self.app.is_running()
        self.button.set_label('End' if running else 'Begin')
        self.button.set_css_classes(['destructive-action' if running else 'suggested-action'])


class MeditationTimer(Gtk.Application):
    __gsignals__ = {
        # The session was replaced, or changed state.
        'session-changed': (GObject.SignalFlags.RUN_FIRST, None, ()),
    }

    def __init__(self):
        super().__init__(application_id=APP_ID)
        self.scheduler = None
        self.session = None
        self.error = None
        self.auto_start = False
        self.exit_after = None
        self.exit_status = 0
        self.reported_shown = False
        self.add_main_option('start', 0, GLib.OptionFlags.NONE, GLib.OptionArg.NONE,
                             'Begin the session as soon as the window is active', None)
        # A string: GApplication drops a number option given as 0, which
        # must be refused, not ignored.
        self.add_main_option('exit-after', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'End the session SECONDS after it started, and quit',
                             'SECONDS')

    def do_handle_local_options(self, options):
        self.auto_start = options.contains('start')
        if options.contains('exit-after'):
            try:
                self.exit_after = float(options.lookup_value('exit-after').get_string())
            except ValueError:
                self.exit_after = 0
            if not 0 < self.exit_after < float('inf'):
                print('meditation-timer: --exit-after needs a positive number of seconds',
                      file=sys.stderr)
                return 2
        return -1

    def do_startup(self):
        Gtk.Application.do_startup(self)
        self.scheduler = Bgrun.Scheduler.new_for_application(self)
        self.scheduler.connect('notify::frontmost', self.on_frontmost)

    def do_activate(self):
        window = self.get_active_window()
        if window is None:
            window = TimerWindow(self)
            window.connect('map', self.on_mapped)
        window.present()

    # the session

    def is_running(self):
        return (self.session is not None and
                self.session.props.state == Bgrun.ExtendedRuntimeState.RUNNING)

    def remaining(self):
        '''Microseconds until the session expires, or None.'''
        if not self.is_running() or self.session.props.expiration_date is None:
            return None
        now = self.scheduler.get_clock().get_now()
        return self.session.props.expiration_date.difference(now)

    def begin_session(self):
        self.error = None
        self.session = Bgrun.ExtendedRuntimeSession.new(
            self.scheduler, Bgrun.ExtendedRuntimeType.MINDFULNESS)
        self.session.connect('started', self.on_started)
        self.session.connect('will-expire', self.on_will_expire)
        self.session.connect('invalidated', self.on_invalidated)
        self.session.connect('notify::state', lambda *_args: self.emit('session-changed'))
        try:
            self.session.start()
        except GLib.Error as error:
            self.error = error.message
            self.finish_for_test(f'could not start: {error.message}', 1)
        self.emit('session-changed')

    def end_session(self):
        self.session.notify_user(Bgrun.HapticType.STOP)
        self.session.invalidate()

    def on_started(self, session):
        session.notify_user(Bgrun.HapticType.START)
        if self.exit_after is not None:
            GLib.timeout_add(int(self.exit_after * 1000), self.on_exit_time)
        self.report_if_shown()

    def on_will_expire(self, session):
        session.notify_user(Bgrun.HapticType.NOTIFICATION)

    def on_invalidated(self, session, reason, error):
        if error is not None:
            self.error = error.message
        self.emit('session-changed')
        self.finish_for_test(f'session ended: {Bgrun.InvalidationReason(reason).value_nick}', 0)

    # driving the demo from the command line

    def on_frontmost(self, scheduler, _pspec):
        if self.auto_start and scheduler.props.frontmost:
            self.auto_start = False
            self.begin_session()

    def on_mapped(self, _window):
        self.report_if_shown()

    def report_if_shown(self):
        window = self.get_active_window()
        if (self.exit_after is not None and not self.reported_shown and
                self.is_running() and window is not None and window.get_mapped()):
            self.reported_shown = True
            print(f'meditation-timer: window shown, session running, '
                  f'{format_remaining(self.remaining())} left', flush=True)

    def on_exit_time(self):
        if self.is_running():
            self.end_session()
        return GLib.SOURCE_REMOVE

    def finish_for_test(self, message, status):
        if self.exit_after is None:
            return
        print(f'meditation-timer: {message}', flush=True)
        self.exit_status = status
        self.quit()


def main():
    # PyGObject already tried to initialise GTK when it imported it.
    if Gdk.Display.get_default() is None:
        print('meditation-timer: cannot open a display', file=sys.stderr)
        return 1
    app = MeditationTimer()
    status = app.run(sys.argv)
    return status or app.exit_status


if __name__ == '__main__':
    sys.exit(main())
