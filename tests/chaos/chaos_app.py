# The app that tests/chaos/chaos.py kills: submits the requests of its
# plan, cancels some, runs the tasks, starts and checks transfers, and
# writes what it did to a journal, one fsynced line per step, so that
# whatever the moment of a SIGKILL the journal says what was acknowledged.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#     chaos_app.py PLAN JOURNAL
#     chaos_app.py --fill PLAN
#
# PLAN is a JSON file (see chaos.py). With --fill, the app submits the
# plan's "preload" identifiers, due at once, without running anything, and
# exits: the requests an old store holds before a migration (chaos.py
# rewrites that store in the old schema). Each step is written before it
# starts ("submitting", "cancelling", "completing", "starting") and after
# the call returned ("ack", "cancelled", "done", "started"); a kill between
# the two leaves the outcome open, and the checker accepts either. Every
# task run writes "run ID" first. Transfers write "received NAME ok|bad"
# (the downloaded bytes against the source) and "xfer-done NAME" or
# "xfer-failed NAME MESSAGE". "opening" and "opened" surround making the
# scheduler, which is when the store is opened (and migrated) and when
# the app's work moves between placements. The app exits 0 once everything in its plan
# was done and nothing is pending, running or transferring.

import hashlib
import json
import os
import sys

import gi

gi.require_version('GLib', '2.0')
gi.require_version('Gio', '2.0')
gi.require_version('Bgrun', '1.0')

from gi.repository import Bgrun, Gio, GLib  # noqa: E402


class Journal:
    def __init__(self, path):
        self.lines = []
        if os.path.exists(path):
            with open(path) as f:
                # A kill can cut the last line short: it never happened.
                self.lines = [line.split() for line in f.read().split('\n')[:-1]]
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, *words):
        os.write(self.fd, (' '.join(str(w) for w in words) + '\n').encode())
        os.fsync(self.fd)

    def has(self, *words):
        words = [str(w) for w in words]
        return any(line[:len(words)] == words for line in self.lines)


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


class App:
    def __init__(self, plan, journal):
        self.plan = plan
        self.journal = journal
        self.journal.write('opening')
        self.scheduler = Bgrun.Scheduler(app_id=plan['app_id'], state_directory=plan['state_dir'])
        self.journal.write('opened', self.scheduler.props.backend.value_nick)
        self.scheduler.register(plan['app_id'] + '.t.*', self.on_run)
        config = Bgrun.UrlSessionConfiguration.new_background(plan['app_id'] + '.transfers')
        self.session = Bgrun.UrlSession.new(self.scheduler, config)
        self.session.connect('download-finished', self.on_download_finished)
        self.session.connect('task-completed', self.on_task_completed)
        self.events_finished = False
        self.session.connect('events-finished', self.on_events_finished)

    # ---- tasks

    def on_run(self, scheduler, task):
        identifier = task.props.identifier
        self.journal.write('run', identifier)
        # Complete from the main loop, as an app doing work would.
        GLib.idle_add(self.complete, task)

    def complete(self, task):
        identifier = task.props.identifier
        self.journal.write('completing', identifier)
        task.set_task_completed(True)
        self.journal.write('done', identifier)
        return GLib.SOURCE_REMOVE

    # ---- transfers

    def name_of(self, task):
        return task.props.uri.rsplit('/', 1)[-1]

    def on_download_finished(self, session, task, location):
        name = self.name_of(task)
        ok = sha256(location.get_path()) == self.plan['sources'][name]
        self.journal.write('received', name, 'ok' if ok else 'bad')

    def on_task_completed(self, session, task, error):
        name = self.name_of(task)
        if error is None:
            self.journal.write('xfer-done', name)
        else:
            self.journal.write('xfer-failed', name, error.message.replace('\n', ' '))

    def on_events_finished(self, session):
        self.events_finished = True

    def start_transfer(self, name):
        self.journal.write('starting', name)
        if name.startswith('up-'):
            task = self.session.upload(self.plan['upload_uri'] + name,
                                       Gio.File.new_for_path(os.path.join(self.plan['source_dir'], name)),
                                       'PUT', False)
        else:
            task = self.session.download(self.plan['download_uri'] + name)
        task.resume()
        self.journal.write('started', name)

    # ---- the plan

    def step(self, index, entry):
        '''Does step @index unless the journal says it began already.'''
        if entry['op'] == 'submit':
            identifier = entry['id']
            if self.journal.has('submitting', identifier):
                return
            request = Bgrun.ProcessingRequest.new(identifier)
            request.props.earliest_begin_date = GLib.DateTime.new_now_utc().add_seconds(entry['delay'])
            self.journal.write('submitting', identifier)
            self.scheduler.submit(request)
            self.journal.write('ack', identifier)
        elif entry['op'] == 'cancel':
            identifier = entry['id']
            if self.journal.has('cancelling', identifier):
                return
            self.journal.write('cancelling', identifier)
            self.scheduler.cancel(identifier)
            self.journal.write('cancelled', identifier)
        elif entry['op'] == 'transfer':
            if not self.journal.has('starting', entry['name']):
                self.start_transfer(entry['name'])

    def busy(self):
        return (self.scheduler.get_pending_requests().get_n_items() > 0 or
                self.scheduler.get_running_tasks().get_n_items() > 0 or
                self.session.get_tasks().get_n_items() > 0 or
                not self.events_finished)

    def run(self):
        context = GLib.MainContext.default()
        for index, entry in enumerate(self.plan['steps']):
            self.step(index, entry)
            while context.iteration(False):
                pass
        self.journal.write('plan-done')
        deadline = GLib.get_monotonic_time() + self.plan['drain_seconds'] * 1000000
        while self.busy():
            if GLib.get_monotonic_time() > deadline:
                self.journal.write('stuck', self.scheduler.get_pending_requests().get_n_items(),
                                   self.session.get_tasks().get_n_items())
                return 3
            GLib.timeout_add(100, lambda: GLib.SOURCE_REMOVE)
            context.iteration(True)
        self.journal.write('idle')
        return 0


def fill(plan):
    scheduler = Bgrun.Scheduler(app_id=plan['app_id'], state_directory=plan['state_dir'])
    scheduler.register(plan['app_id'] + '.t.*', lambda _scheduler, _task: None)
    now = GLib.DateTime.new_now_utc()
    for identifier in plan['preload']:
        request = Bgrun.ProcessingRequest.new(identifier)
        request.props.earliest_begin_date = now
        scheduler.submit(request)
    return 0


def main(plan_path, journal_path):
    with open(plan_path) as f:
        plan = json.load(f)
    return App(plan, Journal(journal_path)).run()


if __name__ == '__main__':
    if sys.argv[1] == '--fill':
        with open(sys.argv[2]) as f:
            sys.exit(fill(json.load(f)))
    sys.exit(main(*sys.argv[1:3]))
