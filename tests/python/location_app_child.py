# A small application for test_location_simulate.py: a GApplication with
# no window whose scheduler chooses its placement itself (run it with
# BGRUN_BACKEND=daemon for bgrund's), and one location session that asks
# for the replay of TRACK at SPEED.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     location_app_child.py TRACK SPEED
#
# It prints one line per event, flushed: "started PID BACKEND", then
# "location METRES_NORTH" for each location, "provider NAME" when the
# active provider changes, "enter ID" / "exit ID" for region events (it
# monitors "depot", 200 m around 1000 m north), "failed MESSAGE".

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib, GObject  # noqa: E402

from location_helpers import LONGITUDE, METRES_PER_DEGREE, latitude  # noqa: E402

APP_ID = 'org.example.LocationChild'


def say(*words):
    print(*words, flush=True)


def main():
    track, speed = sys.argv[1], float(sys.argv[2])
    app = Gio.Application(application_id=APP_ID)
    kept = []

    def on_activate(app):
        scheduler = GObject.new(Bgrun.Scheduler, application=app, frontmost=True)
        session = Bgrun.LocationSession.new(scheduler)
        session.props.provider = Bgrun.LocationProvider.REPLAY
        session.props.replay_file = Gio.File.new_for_path(track)
        session.props.replay_speed = speed
        session.props.pauses_updates_automatically = False
        session.props.allows_background_updates = True
        session.monitor_region(Bgrun.Region.new('depot', latitude(1000), LONGITUDE, 200.0))
        session.connect('location-updated',
                        lambda s, fix: say('location', round(fix.get_latitude() * METRES_PER_DEGREE)))
        session.connect('notify::active-provider',
                        lambda s, pspec: say('provider', s.props.active_provider))
        session.connect('region-event',
                        lambda s, region, event: say(event.value_nick, region.get_identifier()))
        session.connect('failed', lambda s, error: say('failed', error.message))
        kept.extend([scheduler, session])
        say('started', os.getpid(), scheduler.props.backend.value_nick)
        session.start()

    app.connect('activate', on_activate)
    app.run([sys.argv[0]])


if __name__ == '__main__':
    main()
