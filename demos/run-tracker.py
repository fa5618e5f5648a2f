#!/usr/bin/python3
# run-tracker: a location session in a GTK 4 window
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Records a run: the window draws the track as the locations come, shows
# the distance, says loudly when updates pause because the runner stands
# still, and lists the monitored regions entered and left. The session
# allows background updates, so closing the window does not stop the run
# while it is recorded (the app is held, and the desktop shows "Using your
# location").
#
#     run-tracker.py [--replay TRACK] [--speed N] [--region LAT,LON,RADIUS]
#                    [--exit-after-fixes N --snapshot FILE.png]
#
# --replay plays a GPX or NMEA file instead of the real location (as
# BGRUN_LOCATION_REPLAY would), --speed N times faster. --exit-after-fixes
# (for tests) quits once that many locations were drawn, first saving the
# drawing to --snapshot; it prints one line when the window is shown with
# the session running and one when it quits.

import math
import sys

import gi

gi.require_version('Bgrun', '1.0')
gi.require_version('Gdk', '4.0')
gi.require_version('Gtk', '4.0')

from gi.repository import Bgrun, Gdk, Gio, GLib, GObject, Gtk  # noqa: E402

APP_ID = 'org.bgrun.Demo.RunTracker'
TRACK_RGB = (0.88, 0.11, 0.14)  # the track's colour, which the test looks for


class TrackView(Gtk.DrawingArea):
    '''The track, scaled to fit, north up.'''

    def __init__(self):
        super().__init__(hexpand=True, vexpand=True, content_width=400, content_height=300)
        self.points = []
        self.regions = []
        self.drawn = 0
        self.set_draw_func(self.draw)

    def add(self, location):
        self.points.append((location.get_latitude(), location.get_longitude()))
        self.queue_draw()

    def draw(self, _area, cr, width, height):
        cr.set_source_rgb(1, 1, 1)
        cr.paint()
        if not self.points:
            return
        lats = [p[0] for p in self.points] + [r[0] for r in self.regions]
        lons = [p[1] for p in self.points] + [r[1] for r in self.regions]
        mid_lat = math.radians((max(lats) + min(lats)) / 2)
        # Equirectangular: fine for a run's few kilometres.
        xs = [lon * math.cos(mid_lat) for lon in lons]
        span = max(max(xs) - min(xs), max(lats) - min(lats), 1e-5)
        scale = 0.9 * min(width, height) / span

        def project(lat, lon):
            x = (lon * math.cos(mid_lat) - min(xs)) * scale + 0.05 * width
            y = height - ((lat - min(lats)) * scale + 0.05 * height)
            return x, y

        for lat, lon, radius in self.regions:
            x, y = project(lat, lon)
            cr.set_source_rgb(0.2, 0.5, 0.9)
            cr.arc(x, y, radius / 111320 * scale, 0, 2 * math.pi)
            cr.stroke()
        cr.set_source_rgb(*TRACK_RGB)
        cr.set_line_width(4)
        for i, (lat, lon) in enumerate(self.points):
            (cr.move_to if i == 0 else cr.line_to)(*project(lat, lon))
        cr.stroke()
        self.drawn = len(self.points)


class TrackerWindow(Gtk.ApplicationWindow):
    def __init__(self, app):
        super().__init__(application=app, title='Run Tracker', default_width=420, default_height=460)
        self.bind_property('is-active', app.scheduler, 'frontmost', GObject.BindingFlags.SYNC_CREATE)
        self.view = TrackView()
        self.view.regions = app.regions
        self.distance = Gtk.Label(label='0 m', css_classes=['title-1'])
        self.status = Gtk.Label(label='Starting…', wrap=True)
        self.events = Gtk.Label(label='', wrap=True)
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=8, margin_top=12,
                      margin_bottom=12, margin_start=12, margin_end=12)
        for widget in (self.view, self.distance, self.status, self.events):
            box.append(widget)
        self.set_child(box)


class RunTracker(Gtk.Application):
    def __init__(self):
        super().__init__(application_id=APP_ID, flags=Gio.ApplicationFlags.NON_UNIQUE)
        self.scheduler = None
        self.session = None
        self.window = None
        self.replay = None
        self.speed = 1.0
        self.regions = []
        self.exit_after = None
        self.snapshot = None
        self.exit_status = 0
        self.previous = None
        self.metres = 0.0
        self.reported_shown = False
        self.add_main_option('replay', 0, GLib.OptionFlags.NONE, GLib.OptionArg.FILENAME,
                             'Replay this GPX or NMEA track', 'TRACK')
        self.add_main_option('speed', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Replay N times faster', 'N')
        self.add_main_option('region', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Monitor a circular region', 'LAT,LON,RADIUS')
        self.add_main_option('exit-after-fixes', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Quit after drawing N locations', 'N')
        self.add_main_option('snapshot', 0, GLib.OptionFlags.NONE, GLib.OptionArg.FILENAME,
                             'Save the drawing there before quitting', 'FILE')

    def do_handle_local_options(self, options):
        def value(name):
            variant = options.lookup_value(name)
            if variant is None:
                return None
            if variant.get_type_string() == 'ay':
                return bytes(variant.get_bytestring()).decode()
            return variant.get_string()

        try:
            self.replay = value('replay')
            self.speed = float(value('speed') or 1)
            if value('region'):
                lat, lon, radius = (float(part) for part in value('region').split(','))
                self.regions.append((lat, lon, radius))
            if value('exit-after-fixes'):
                self.exit_after = int(value('exit-after-fixes'))
                if self.exit_after < 1:
                    raise ValueError
            self.snapshot = value('snapshot')
        except ValueError:
            print('run-tracker: --speed, --region or --exit-after-fixes is not a number',
                  file=sys.stderr)
            return 2
        return -1

    def do_startup(self):
        Gtk.Application.do_startup(self)
        self.scheduler = Bgrun.Scheduler.new_for_application(self)

    def do_activate(self):
        if self.window is None:
            self.window = TrackerWindow(self)
            self.window.connect('map', lambda _w: self.report_if_shown())
            self.start_session()
        self.window.present()

    def start_session(self):
        session = Bgrun.LocationSession.new(self.scheduler)
        session.props.activity_type = Bgrun.LocationActivityType.FITNESS
        session.props.desired_accuracy = Bgrun.LocationAccuracy.BEST
        session.props.allows_background_updates = True
        if self.replay is not None:
            session.props.provider = Bgrun.LocationProvider.REPLAY
            self.replay_file = Gio.File.new_for_path(self.replay)
            session.props.replay_file = self.replay_file
            session.props.replay_speed = self.speed
        for i, (lat, lon, radius) in enumerate(self.regions):
            session.monitor_region(Bgrun.Region.new(f'region{i + 1}', lat, lon, radius))
        session.connect('location-updated', self.on_location)
        session.connect('updates-paused', lambda _s: self.set_status('Paused: you are not moving'))
        session.connect('updates-resumed', lambda _s: self.set_status('Tracking'))
        session.connect('region-event', self.on_region)
        session.connect('failed', self.on_failed)
        self.session = session
        try:
            session.start()
        except GLib.Error:
            return  # failed says it
        self.set_status(f'Tracking ({session.props.active_provider})')

    def set_status(self, text):
        self.window.status.set_label(text)

    def on_location(self, _session, location):
        if self.previous is not None:
            self.metres += self.previous.distance_to(location)
        self.previous = location
        self.window.view.add(location)
        self.window.distance.set_label(f'{self.metres:,.0f} m')
        if self.exit_after is not None and len(self.window.view.points) >= self.exit_after:
            # After the next frame, which draws this location.
            self.window.view.get_frame_clock().connect_after('after-paint', self.on_painted)

    def on_painted(self, clock):
        clock.disconnect_by_func(self.on_painted)
        if self.window.view.drawn < self.exit_after:
            self.window.view.queue_draw()
            clock.connect_after('after-paint', self.on_painted)
            return
        if self.snapshot:
            self.save_snapshot()
        self.finish(f'drew {self.window.view.drawn} locations, {self.metres:.0f} m', 0)

    def save_snapshot(self):
        # The same drawing GTK just showed, drawn again into an image.
        import cairo
        view = self.window.view
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, view.get_width(), view.get_height())
        view.draw(view, cairo.Context(surface), view.get_width(), view.get_height())
        surface.write_to_png(self.snapshot)

    def on_region(self, _session, region, event):
        verb = 'Entered' if event == Bgrun.RegionEvent.ENTER else 'Left'
        lines = [line for line in self.window.events.get_label().splitlines() if line]
        self.window.events.set_label('\n'.join(lines + [f'{verb} {region.get_identifier()}']))
        if self.exit_after is not None:
            print(f'run-tracker: {verb.lower()} {region.get_identifier()}', flush=True)

    def on_failed(self, _session, error):
        self.set_status(f'Location unavailable: {error.message}')
        self.finish(f'failed: {error.message}', 1)

    def report_if_shown(self):
        if self.exit_after is not None and not self.reported_shown and self.session is not None:
            self.reported_shown = True
            print(f'run-tracker: window shown, tracking with {self.session.props.active_provider}',
                  flush=True)

    def finish(self, message, status):
        if self.exit_after is None:
            return
        print(f'run-tracker: {message}', flush=True)
        self.exit_status = status
        self.session.stop()
        self.quit()


def main():
    if Gdk.Display.get_default() is None:
        print('run-tracker: cannot open a display', file=sys.stderr)
        return 1
    app = RunTracker()
    status = app.run(sys.argv)
    return status or app.exit_status


if __name__ == '__main__':
    sys.exit(main())
