# An application whose location session allows background updates, for
# test_location_hosted_updates.py, which kills it, and makes it D-Bus
# activatable on the test's own bus so that bgrund starts it again when
# the device enters a region.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     location_hosted_app.py MODE DIR [GApplication options]
#
# Its own sessions replay the track in $OWN_TRACK (20 times faster),
# whatever bgrund replays; a fix is "bgrund" when on bgrund's line (the
# tracks' longitude), else "own".
#
# MODE:
#   track  run by hand (and killed): monitors the region "depot" (200 m
#          around 1000 m north of the tracks' start), starts a session
#          that allows background updates, and records its fixes
#   serve  what the bus starts: creates and starts such a session, as an
#          app does at startup, and quits four seconds after its own first
#          fix (or after 20 s)
#   check  run by hand: creates a session, does not start it, records for
#          2 s, and exits
#
# What happened goes to DIR/events, one line per event, in order:
# "MODE fix SOURCE SECONDS" (seconds after the tracks' start) and
# "MODE region EVENT IDENTIFIER"; DIR/exited gets MODE at the end.

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_child import record, run  # noqa: E402
from location_helpers import LONGITUDE, START, latitude  # noqa: E402

APP_ID = 'org.example.Launched'


def main(mode, directory, gapplication_args):
    # bgrund replays the variable's track; this app its own.
    own_track = os.environ.pop('OWN_TRACK')
    os.environ.pop('BGRUN_LOCATION_REPLAY', None)
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    kept = []
    quitting = []

    def on_location(_session, location):
        source = 'bgrund' if abs(location.get_longitude() - LONGITUDE) < 1e-9 else 'own'
        seconds = location.get_timestamp().to_unix() - int(START.timestamp())
        record(directory, 'events', f'{mode} fix {source} {seconds}')
        if mode == 'serve' and source == 'own' and not quitting:
            quitting.append(True)
            GLib.timeout_add(4000, lambda: application.quit() or GLib.SOURCE_REMOVE)

    def on_region(_session, region, event):
        record(directory, 'events', f'{mode} region {event.value_nick} {region.get_identifier()}')

    def on_startup(app):
        scheduler = Bgrun.Scheduler.new_for_application(app)
        kept.append(scheduler)
        session = Bgrun.LocationSession.new(scheduler)
        kept.append(session)
        session.connect('location-updated', on_location)
        session.connect('region-event', on_region)
        session.props.provider = Bgrun.LocationProvider.REPLAY
        session.props.replay_file = Gio.File.new_for_path(own_track)
        session.props.replay_speed = 20.0
        session.props.allows_background_updates = True
        if mode == 'track':
            session.monitor_region(Bgrun.Region.new('depot', latitude(1000), LONGITUDE, 200.0))
        if mode in ('track', 'serve'):
            session.start()
        if mode == 'serve':
            app.hold()
            GLib.timeout_add_seconds(20, lambda: app.quit() or GLib.SOURCE_REMOVE)

    application.connect('startup', on_startup)

    return run(application, mode, directory, kept, gapplication_args,
               by_hand=mode in ('track', 'check'), seconds=2 if mode == 'check' else None)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
