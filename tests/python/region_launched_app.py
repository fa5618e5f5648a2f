# An application that monitors a region, for test_location_region_launch.py,
# which makes it D-Bus activatable on the test's own bus so that bgrund can
# start it when the device enters the region while it does not run.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     region_launched_app.py MODE DIR [GApplication options]
#
# MODE:
#   monitor  run by hand: monitors the region "depot" (200 m around 1000 m
#            north of the tracks' start) and exits
#   serve    what the bus starts: creates a location session, as an app
#            does at startup, records its region events and quits a second
#            after the first one (or after 20 s without any)
#   check    run by hand: creates a location session, records its region
#            events for 3 s, and exits
#
# What happened goes to files in DIR, one line per event: "started"
# (backend), "region" ("enter depot", "exit depot") and "exited" (mode).

import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from app_child import record, run  # noqa: E402
from location_helpers import LONGITUDE, latitude  # noqa: E402

APP_ID = 'org.example.Launched'


def main(mode, directory, gapplication_args):
    application = Gio.Application(application_id=APP_ID, flags=Gio.ApplicationFlags.FLAGS_NONE)
    kept = []

    quitting = []

    def on_region(_session, region, event):
        record(directory, 'region', f'{event.value_nick} {region.get_identifier()}')
        if mode == 'serve':
            # Two seconds after the last event.
            for source in quitting:
                GLib.source_remove(source)
            quitting[:] = [GLib.timeout_add(2000, lambda: application.quit() or GLib.SOURCE_REMOVE)]

    def on_startup(app):
        scheduler = Bgrun.Scheduler.new_for_application(app)
        kept.append(scheduler)
        record(directory, 'started', scheduler.props.backend.value_nick)
        session = Bgrun.LocationSession.new(scheduler)
        kept.append(session)
        session.connect('region-event', on_region)
        if mode == 'monitor':
            session.monitor_region(Bgrun.Region.new('depot', latitude(1000), LONGITUDE, 200.0))
        elif mode == 'serve':
            app.hold()
            GLib.timeout_add_seconds(20, lambda: app.quit() or GLib.SOURCE_REMOVE)

    application.connect('startup', on_startup)

    return run(application, mode, directory, kept, gapplication_args,
               by_hand=mode in ('monitor', 'check'), seconds=3 if mode == 'check' else 0)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
