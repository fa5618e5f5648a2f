# What the applications the daemon tests run (region_launched_app.py,
# location_hosted_app.py, workout_launched_app.py) share: recording what
# happened, and running as the user or the bus starts them.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys

from gi.repository import GLib


def record(directory, name, line=''):
    '''Appends @line to the file @name in @directory.'''
    with open(os.path.join(directory, name), 'a') as f:
        f.write(f'{line}\n')


def run(application, mode, directory, kept, gapplication_args, by_hand=False, seconds=None):
    '''Runs @application: registered and left (@by_hand, as a user's
    short-lived run), with a main loop for @seconds (None: until killed)
    when given; otherwise as the bus starts it. Then disposes of @kept,
    newest first, records "exited" @mode, and returns the exit status.'''
    if by_hand:
        application.register(None)
        if seconds != 0:
            loop = GLib.MainLoop()
            if seconds is not None:
                GLib.timeout_add_seconds(seconds, lambda: loop.quit() or GLib.SOURCE_REMOVE)
            loop.run()
        status = 0
    else:
        status = application.run([sys.argv[0]] + gapplication_args)
    for thing in reversed(kept):
        thing.run_dispose()
    record(directory, 'exited', mode)
    return status
