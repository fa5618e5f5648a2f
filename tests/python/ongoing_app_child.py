# A small application for test_ongoing_session_exit.py: a GApplication
# with no window that starts an ongoing session when activated.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     ongoing_app_child.py MODE STATE_DIRECTORY
#
# STATE_DIRECTORY "-": the scheduler chooses its placement itself (run it
# with BGRUN_BACKEND=daemon for bgrund's).
#
# MODE:
#   hold   stops the session half a second after it started: the app runs
#          that long only because the session holds it
#   crash  keeps the session running until the process is killed
#   quit   quits the app half a second after the session started, with
#          the session still running
#   both   like crash, and also runs a physical-therapy extended runtime
#          session (it says "invalidated REASON" when it ends)
#
# It prints one line per event, flushed: "started PID", "ended REASON",
# "returned" (g_application_run() came back).

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib, GObject  # noqa: E402

APP_ID = 'org.example.OngoingChild'


def say(*words):
    print(*words, flush=True)


def main():
    mode, state_directory = sys.argv[1], sys.argv[2]
    # Unique: it owns its id on the bus, where a notification server
    # activates its actions (org.freedesktop.Application).
    app = Gio.Application(application_id=APP_ID)
    kept = []

    def on_activate(app):
        if state_directory == '-':
            scheduler = GObject.new(Bgrun.Scheduler, application=app, frontmost=True)
        else:
            scheduler = GObject.new(Bgrun.Scheduler, application=app,
                                    state_directory=state_directory, frontmost=True)
        session = Bgrun.OngoingSession.new(scheduler, 'Network monitor')
        session.connect('ended', lambda s, reason: say('ended', reason.value_nick))
        session.start()
        kept.extend([scheduler, session])
        if mode == 'both':
            therapy = Bgrun.ExtendedRuntimeSession.new(
                scheduler, Bgrun.ExtendedRuntimeType.PHYSICAL_THERAPY)
            therapy.connect('invalidated',
                            lambda s, reason, error: say('invalidated', reason.value_nick))
            therapy.start()
            kept.append(therapy)
        say('started', os.getpid(), scheduler.props.backend.value_nick)
        if mode == 'hold':
            GLib.timeout_add(500, lambda: session.stop() or GLib.SOURCE_REMOVE)
        elif mode == 'quit':
            GLib.timeout_add(500, lambda: app.quit() or GLib.SOURCE_REMOVE)

    app.connect('activate', on_activate)
    app.run([sys.argv[0]])
    say('returned')


if __name__ == '__main__':
    main()
