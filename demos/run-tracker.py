#!/usr/bin/python3
# run-tracker: a workout and its location session in a GTK 4 window
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Records a run: a workout session fed by a location session (its route,
# distance and speed) and, when there is one, a heart-rate source. The
# window draws the track as the locations come, shows the distance and the
# live heart rate, says loudly when updates pause because the runner stands
# still (the workout's motion pause), and lists the monitored regions
# entered and left. Lap ends a lap; Export finishes the workout and writes
# it as GPX and TCX. The sessions run in the background, so closing the
# window does not stop the run while it is recorded (the app is held, and
# the desktop shows "Using your location").
#
#     run-tracker.py [--replay TRACK] [--speed N] [--region LAT,LON,RADIUS]
#                    [--samples FILE] [--sensor ADDRESS] [--export PATH]
#                    [--lap-after-fixes N,...]
#                    [--exit-after-fixes N --snapshot FILE.png]
#
# --replay plays a GPX or NMEA file instead of the real location (as
# BGRUN_LOCATION_REPLAY would), --speed N times faster. --samples replays
# workout samples ("<seconds> heart-rate <bpm>" lines, see
# bgrun_workout_session_add_replay_source()); --sensor reads a Bluetooth
# heart-rate sensor ("any" for the first one). --export writes PATH.gpx and
# PATH.tcx without asking (else Export asks where, with a file chooser).
# For tests: --lap-after-fixes presses Lap once that many locations were
# drawn, and --exit-after-fixes quits once that many were drawn, first
# saving the drawing to --snapshot and, with --export, pressing Export;
# the demo prints one line when the window is shown with the session
# running, one per lap, one when the drawing is done and one when it
# quits.

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
        super().__init__(application=app, title='Run Tracker', default_width=420, default_height=520)
        self.bind_property('is-active', app.scheduler, 'frontmost', GObject.BindingFlags.SYNC_CREATE)
        self.view = TrackView()
        self.view.regions = app.regions
        self.distance = Gtk.Label(label='0 m', css_classes=['title-1'])
        self.heart_rate = Gtk.Label(label='♥ –', css_classes=['title-2'])
        self.laps = Gtk.Label(label='Lap 1')
        self.status = Gtk.Label(label='Starting…', wrap=True)
        self.events = Gtk.Label(label='', wrap=True)
        self.lap_button = Gtk.Button(label='Lap')
        self.export_button = Gtk.Button(label='Export', css_classes=['suggested-action'])
        self.lap_button.connect('clicked', lambda _b: app.lap())
        self.export_button.connect('clicked', lambda _b: app.export())
        figures = Gtk.Box(spacing=24, halign=Gtk.Align.CENTER)
        for widget in (self.distance, self.heart_rate, self.laps):
            figures.append(widget)
        buttons = Gtk.Box(spacing=8, halign=Gtk.Align.CENTER)
        buttons.append(self.lap_button)
        buttons.append(self.export_button)
        box = Gtk.Box(orientation=Gtk.Orientation.VERTICAL, spacing=8, margin_top=12,
                      margin_bottom=12, margin_start=12, margin_end=12)
        for widget in (self.view, figures, buttons, self.status, self.events):
            box.append(widget)
        self.set_child(box)


class RunTracker(Gtk.Application):
    def __init__(self):
        super().__init__(application_id=APP_ID, flags=Gio.ApplicationFlags.NON_UNIQUE)
        self.scheduler = None
        self.session = None
        self.workout = None
        self.window = None
        self.samples = None
        self.sensor = None
        self.export_path = None
        self.lap_after = []
        self.last_lap = 0.0
        self.n_laps = 0
        self.exporting = False
        self.ticker = 0
        self.replay = None
        self.speed = 1.0
        self.regions = []
        self.exit_after = None
        self.snapshot = None
        self.exit_status = 0
        self.metres = 0.0
        self.reported_shown = False
        self.add_main_option('replay', 0, GLib.OptionFlags.NONE, GLib.OptionArg.FILENAME,
                             'Replay this GPX or NMEA track', 'TRACK')
        self.add_main_option('speed', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Replay N times faster', 'N')
        self.add_main_option('region', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Monitor a circular region', 'LAT,LON,RADIUS')
        self.add_main_option('samples', 0, GLib.OptionFlags.NONE, GLib.OptionArg.FILENAME,
                             'Replay workout samples (heart rate) from this file', 'FILE')
        self.add_main_option('sensor', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Read this Bluetooth heart-rate sensor ("any" for the first)', 'ADDRESS')
        self.add_main_option('export', 0, GLib.OptionFlags.NONE, GLib.OptionArg.FILENAME,
                             'Export to PATH.gpx and PATH.tcx without asking', 'PATH')
        self.add_main_option('lap-after-fixes', 0, GLib.OptionFlags.NONE, GLib.OptionArg.STRING,
                             'Press Lap after drawing N locations', 'N,...')
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
            self.samples = value('samples')
            self.sensor = value('sensor')
            self.export_path = value('export')
            if value('lap-after-fixes'):
                self.lap_after = sorted(int(part) for part in value('lap-after-fixes').split(','))
        except ValueError:
            print('run-tracker: --speed, --region, --lap-after-fixes or --exit-after-fixes is not a number',
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
        # After the workout's own handler, which counts the location.
        session.connect_after('location-updated', self.on_location)
        session.connect('region-event', self.on_region)
        session.connect('failed', self.on_failed)
        self.session = session
        try:
            self.start_workout()
        except GLib.Error as error:
            self.set_status(f'No workout: {error.message}')
            self.finish(f'failed: {error.message}', 1)
            return
        try:
            session.start()
        except GLib.Error:
            return  # failed says it
        self.set_status(f'Tracking ({session.props.active_provider})')

    def start_workout(self):
        configuration = Bgrun.WorkoutConfiguration.new(Bgrun.WorkoutActivityType.RUNNING,
                                                       Bgrun.WorkoutLocationType.OUTDOOR)
        workout = Bgrun.WorkoutSession.new(self.scheduler, configuration)
        workout.connect('event', self.on_workout_event)
        workout.connect('failed', lambda _w, error: self.set_status(f'Workout not saved: {error.message}'))
        workout.add_location_source(self.session)
        if self.samples is not None:
            workout.add_replay_source(Gio.File.new_for_path(self.samples), None)
        if self.sensor is not None:
            workout.add_heart_rate_sensor(None if self.sensor == 'any' else self.sensor)
        self.workout = workout
        workout.start_activity(None)
        workout.get_builder().begin_collection(None)
        self.ticker = GLib.timeout_add_seconds(1, self.on_tick)

    def on_tick(self):
        self.show_heart_rate()
        return GLib.SOURCE_CONTINUE

    def heart_rate(self):
        statistics = self.workout.get_builder().get_statistics(Bgrun.QuantityType.HEART_RATE)
        return None if statistics.get_count() == 0 else round(statistics.get_most_recent())

    def show_heart_rate(self):
        bpm = self.heart_rate()
        self.window.heart_rate.set_label('♥ –' if bpm is None else f'♥ {bpm} bpm')

    def on_workout_event(self, _workout, event):
        kind = event.get_event_type()
        if kind == Bgrun.WorkoutEventType.MOTION_PAUSED:
            self.set_status('Paused: you are not moving')
        elif kind == Bgrun.WorkoutEventType.MOTION_RESUMED:
            self.set_status('Tracking')
        elif kind == Bgrun.WorkoutEventType.SENSOR_DISCONNECTED:
            self.set_status('Heart-rate sensor lost; reconnecting…')
        elif kind == Bgrun.WorkoutEventType.SENSOR_CONNECTED:
            self.set_status('Heart-rate sensor connected')

    def lap(self):
        if self.workout is None or self.exporting:
            return
        builder = self.workout.get_builder()
        elapsed = builder.props.elapsed_time
        now = self.scheduler.props.clock.get_now()
        try:
            builder.add_event(Bgrun.WorkoutEvent.new(Bgrun.WorkoutEventType.LAP, now, elapsed - self.last_lap))
        except GLib.Error as error:
            self.set_status(f'No lap: {error.message}')
            return
        self.last_lap = elapsed
        self.n_laps += 1
        self.window.laps.set_label(f'Lap {self.n_laps + 1}')
        if self.exit_after is not None:
            print(f'run-tracker: lap {self.n_laps}', flush=True)

    def export(self):
        '''Finishes the workout (a BgrunWorkout exists only once finished),
        then writes it where --export says, or where the user chooses.'''
        if self.workout is None or self.exporting:
            return
        self.exporting = True
        self.window.lap_button.set_sensitive(False)
        self.window.export_button.set_sensitive(False)
        self.session.stop()
        try:
            self.workout.stop_activity(None)
            self.workout.get_builder().end_collection(None)
        except GLib.Error as error:
            self.export_failed(error.message)
            return
        self.show_heart_rate()
        self.workout.get_builder().finish_workout_async(None, self.on_finished)

    def on_finished(self, builder, result):
        try:
            finished = builder.finish_workout_finish(result)
        except GLib.Error as error:
            self.export_failed(error.message)
            return
        self.workout.end()
        if self.export_path is not None:
            self.write(finished, self.export_path)
            return
        chooser = Gtk.FileChooserNative.new('Export the run', self.window, Gtk.FileChooserAction.SAVE,
                                            '_Export', '_Cancel')
        chooser.set_current_name('run.gpx')

        def on_response(dialog, response):
            if response == Gtk.ResponseType.ACCEPT:
                path = dialog.get_file().get_path()
                self.write(finished, path[:-4] if path.endswith('.gpx') else path)
            else:
                self.set_status('Not exported')
            dialog.destroy()
        chooser.connect('response', on_response)
        chooser.show()
        self.chooser = chooser  # held while it is shown

    def write(self, finished, base):
        try:
            finished.export_gpx(Gio.File.new_for_path(base + '.gpx'))
            finished.export_tcx(Gio.File.new_for_path(base + '.tcx'))
        except GLib.Error as error:
            self.export_failed(error.message)
            return
        self.set_status(f'Exported to {base}.gpx and {base}.tcx')
        bpm = self.heart_rate()
        self.finish(f'exported {len(self.window.view.points)} locations, {self.n_laps} laps, '
                    f'{self.metres:.0f} m, heart rate {bpm if bpm is not None else "none"}', 0)

    def export_failed(self, message):
        self.set_status(f'Not exported: {message}')
        self.finish(f'export failed: {message}', 1)

    def set_status(self, text):
        self.window.status.set_label(text)

    def on_location(self, _session, location):
        # The workout's distance: what the location source counted, pauses
        # left out.
        distance = self.workout.get_builder().get_statistics(Bgrun.QuantityType.DISTANCE)
        self.metres = distance.get_sum() if distance.get_count() > 0 else 0.0
        self.window.view.add(location)
        self.window.distance.set_label(f'{self.metres:,.0f} m')
        self.show_heart_rate()
        while self.lap_after and len(self.window.view.points) >= self.lap_after[0]:
            self.lap_after.pop(0)
            self.window.lap_button.emit('clicked')
        if self.exit_after is not None and len(self.window.view.points) == self.exit_after:
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
        drew = f'drew {self.window.view.drawn} locations, {self.metres:.0f} m'
        if self.export_path is None:
            self.finish(drew, 0)  # no file chooser in a test
            return
        print(f'run-tracker: {drew}', flush=True)
        self.window.export_button.emit('clicked')

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
        if self.workout is not None and self.workout.props.state != Bgrun.WorkoutSessionState.ENDED:
            self.workout.end()
        if self.ticker:
            GLib.source_remove(self.ticker)
            self.ticker = 0
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
