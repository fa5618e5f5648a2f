# A GTK application for test_tasks_snapshot_windows.py, whose windows the
# test hides, shows and minimises, in whichever placement its environment
# chooses (BGRUN_BACKEND, the bus). It subscribes to snapshot tasks and
# does not touch its scheduler's frontmost: the windows alone say when it
# leaves the front.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     gtk_windows_app.py APP_ID GTK_VERSION (4.0 or 3.0)
#
# It shows two windows, "one" and "two", then says "ready BACKEND". Then
# it reads commands from its standard input, one a line, and answers
# each with "did COMMAND" once done: "hide NAME", "present NAME",
# "minimize NAME" (GTK 4's word; iconify in GTK 3), "quit". Each snapshot
# task it runs is a line "snapshot REASON"; in GTK 4, each time the window
# manager minimises a window or brings it back, a line "NAME minimized"
# or "NAME normal".

import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gdk', sys.argv[2])
gi.require_version('Gtk', sys.argv[2])
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gdk, GLib, Gtk  # noqa: E402

APP_ID = sys.argv[1]
GTK4 = sys.argv[2] == '4.0'


def say(line):
    print(line, flush=True)


def main():
    application = Gtk.Application(application_id=APP_ID)
    kept = {}

    def on_snapshot(_scheduler, task):
        say(f'snapshot {task.props.reason.value_nick}')
        task.set_task_completed(True)

    def on_startup(app):
        scheduler = Bgrun.Scheduler.new_for_application(app)
        kept['scheduler'] = scheduler
        scheduler.register(APP_ID + '.snapshot.*', on_snapshot)
        Bgrun.SnapshotRefreshTask.subscribe(scheduler, True)

    def run(command, name):
        window = kept[name]
        if command == 'hide':
            window.hide()
        elif command == 'present':
            window.present()
        elif command == 'minimize':
            window.minimize() if GTK4 else window.iconify()

    def on_input(_fd, _condition):
        line = sys.stdin.readline().strip()
        if line in ('', 'quit'):
            application.quit()
            return GLib.SOURCE_REMOVE
        run(*line.split(' '))
        say(f'did {line}')
        return GLib.SOURCE_CONTINUE

    def follow_state(window, name):
        surface = window.get_surface()
        minimized = [None]

        def on_state(*_args):
            now = bool(surface.props.state & Gdk.ToplevelState.MINIMIZED)
            if now != minimized[0]:
                minimized[0] = now
                say(f'{name} {"minimized" if now else "normal"}')

        surface.connect('notify::state', on_state)

    def on_activate(app):
        for name in ('one', 'two'):
            window = Gtk.ApplicationWindow(application=app, title=name)
            window.set_default_size(200, 100)
            kept[name] = window
            window.present()
            if GTK4:
                follow_state(window, name)
        say(f'ready {kept["scheduler"].props.backend.value_nick}')
        GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, on_input)

    application.connect('startup', on_startup)
    application.connect('activate', on_activate)
    status = application.run([sys.argv[0]])
    kept['scheduler'].run_dispose()
    return status


if __name__ == '__main__':
    sys.exit(main())
