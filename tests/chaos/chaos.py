#!/usr/bin/python3
# Kill -9 chaos: SIGKILLs the app (and, in the daemon placement, bgrund)
# at random moments while the app works through a plan of submits,
# cancels and transfers, restarts what was killed, and checks the
# outcome against the app's journal (tests/chaos/chaos_app.py):
#
#   lost       a submit was acknowledged, not cancelled, and its task never
#              completed (nor is it pending at the end)
#   resurrected  a task ran after its cancel was acknowledged
#   twice      a task ran again after its completion was acknowledged
#   transfers  a transfer was acknowledged and never completed, failed,
#              or delivered bytes other than the source's
#   stores     after a kill in a migration or a move: a store moved aside
#              as damaged, no live copy of the app's work, two, or a live
#              copy missing an acknowledged pending request
#
# Rounds take turns through the scenarios of --scenario:
#
#   local      the app's embedded engine
#   daemon     bgrund; the app or bgrund killed, half the time each
#   migration  embedded, from a store in libbgrun's first schema holding
#              --preload pending requests (acknowledged: each must run
#              once) and --old-history history entries; the first kills
#              land while the app opens it and migrates it, again until
#              a start gets through, then the round goes on as "local"
#   move       no BGRUN_BACKEND: every kill moves the app to the other
#              placement (bgrund started, or killed with the app), and
#              the process doing the move (bgrund taking the work, or the
#              app taking it back) is killed during it, the other too:
#              half the time at a random moment, half as soon as the
#              taking store shows its new placement epoch; then exactly
#              one store must hold the work as live, with every
#              acknowledged request not yet run (pending, or among the
#              running tasks the engine saved)
#
# Each round has its own state directory, its own nginx on loopback (files
# to download at a limited rate, and WebDAV PUT for uploads), and, where
# bgrund runs, its own bgrund on the private session bus.
#
#     tests/chaos/chaos.py [--rounds N] [--submits N] [--transfers N]
#                          [--kills N] [--scenario all|both|local|daemon|migration|move]
#                          [--preload N] [--old-history N] [--seed S] [BUILDDIR]
#
# Run it under tests/isolate (as .ci/run does) or any private session bus:
#     tests/isolate tests/chaos/chaos.py --rounds 1 --submits 200
# It prints one line per round and a total, and exits 1 when a property
# failed. Needs /usr/bin/python3 with PyGObject, nginx, and a build with
# introspection (default _build).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import stores

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, '..', '..'))
APP_ID = 'org.example.Chaos'
NGINX = shutil.which('nginx') or '/usr/sbin/nginx'
BUS_NAME = 'org.bgrun.Broker1'
# Starts of the app killed while it migrates, at most, before a round
# counts the migration as never getting through.
MIGRATION_STARTS = 50

NGINX_CONF = '''\
{user}
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        location /files/ {{ limit_rate 4m; }}
        location /up/ {{
            dav_methods PUT;
            create_full_put_path on;
            client_max_body_size 64m;
        }}
    }}
}}
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError('timed out waiting for ' + what)
        time.sleep(0.02)


class Nginx:
    def __init__(self, directory):
        self.dir = directory
        self.port = free_port()
        for sub in ('www/files', 'www/up'):
            os.makedirs(os.path.join(directory, sub))
        conf = os.path.join(directory, 'nginx.conf')
        with open(conf, 'w') as f:
            f.write(NGINX_CONF.format(dir=directory, port=self.port,
                                      user='user root;' if os.geteuid() == 0 else ''))
        self.process = subprocess.Popen([NGINX, '-p', directory, '-c', conf, '-e', 'stderr'],
                                        stdin=subprocess.DEVNULL)

        def listening():
            try:
                socket.create_connection(('127.0.0.1', self.port), timeout=1).close()
                return True
            except OSError:
                return False
        wait_for(listening, 10, 'nginx')

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def bus_name_owned():
    done = subprocess.run(['dbus-send', '--session', '--print-reply', '--dest=org.freedesktop.DBus',
                           '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner',
                           f'string:{BUS_NAME}'], capture_output=True, text=True)
    return 'boolean true' in done.stdout


def make_plan(rng, directory, nginx, args, scenario):
    '''The steps, the transfer sources and where things go.'''
    sources = {}
    source_dir = os.path.join(directory, 'sources')
    os.makedirs(source_dir)
    steps = []
    submitted = []
    transfer_every = max(1, args.submits // max(1, args.transfers))
    for i in range(args.submits):
        identifier = f'{APP_ID}.t.{i}'
        steps.append({'op': 'submit', 'id': identifier, 'delay': rng.choice([0, 0, 0.2, 1, 3])})
        submitted.append(identifier)
        if rng.random() < 0.1:
            steps.append({'op': 'cancel', 'id': rng.choice(submitted)})
        n = len(sources)
        if i % transfer_every == 0 and n < args.transfers:
            kind = 'up' if n % 2 else 'down'
            name = f'{kind}-{n}'
            content = rng.randbytes(rng.randint(1, 2 << 20))
            path = (os.path.join(source_dir, name) if kind == 'up'
                    else os.path.join(nginx.dir, 'www', 'files', name))
            with open(path, 'wb') as f:
                f.write(content)
            sources[name] = hashlib.sha256(content).hexdigest()
            steps.append({'op': 'transfer', 'name': name})
    return {
        'app_id': APP_ID,
        'state_dir': os.path.join(directory, 'state'),
        'source_dir': source_dir,
        'download_uri': f'http://127.0.0.1:{nginx.port}/files/',
        'upload_uri': f'http://127.0.0.1:{nginx.port}/up/',
        'sources': sources,
        'steps': steps,
        'preload': ([f'{APP_ID}.t.old.{i}' for i in range(args.preload)]
                    if scenario == 'migration' else []),
        'drain_seconds': 120,
    }


def read_journal(path):
    with open(path) as f:
        return [line.split(' ', 2) for line in f.read().split('\n')[:-1]]


def not_yet_run(journal):
    '''The requests the journal says were acknowledged and not cancelled,
    whose task has not started: each must be pending in the live store.'''
    acked, gone = set(), set()
    for words in journal:
        if words[0] == 'ack':
            acked.add(words[1])
        elif words[0] in ('cancelling', 'run'):
            gone.add(words[1])
    return acked - gone


def check(journal, plan, nginx):
    '''The properties, from the journal: a dict of failure lists.'''
    acked, cancelling, cancelled, done, completing = set(plan['preload']), set(), set(), set(), set()
    failures = {'lost': [], 'resurrected': [], 'twice': [], 'transfers': [], 'stores': []}
    started, received, xfer_done, xfer_failed = set(), {}, {}, []
    for words in journal:
        op, arg = words[0], words[1] if len(words) > 1 else None
        if op == 'ack':
            acked.add(arg)
        elif op == 'cancelling':
            cancelling.add(arg)
        elif op == 'cancelled':
            cancelled.add(arg)
        elif op == 'completing':
            completing.add(arg)
        elif op == 'run':
            if arg in cancelled:
                failures['resurrected'].append(arg)
            if arg in done:
                failures['twice'].append(arg)
        elif op == 'done':
            done.add(arg)
        elif op == 'started':
            started.add(arg)
        elif op == 'received':
            received.setdefault(arg, []).append(words[2])
        elif op == 'xfer-done':
            xfer_done[arg] = xfer_done.get(arg, 0) + 1
        elif op == 'xfer-failed':
            xfer_failed.append(f'{arg}: {words[2] if len(words) > 2 else ""}')
    # A cancel cut short by a kill may or may not have happened.
    for identifier in sorted(acked - cancelling - completing):
        failures['lost'].append(identifier)
    failures['transfers'].extend(xfer_failed)
    for name in sorted(started):
        if name not in xfer_done:
            failures['transfers'].append(f'{name}: never completed')
        elif name.startswith('down-') and 'ok' not in received.get(name, []):
            failures['transfers'].append(f'{name}: downloaded bytes differ')
        elif name.startswith('up-'):
            with open(os.path.join(nginx.dir, 'www', 'up', name), 'rb') as f:
                if hashlib.sha256(f.read()).hexdigest() != plan['sources'][name]:
                    failures['transfers'].append(f'{name}: uploaded bytes differ')
    for name, results in received.items():
        if 'bad' in results:
            failures['transfers'].append(f'{name}: a download delivered other bytes')
    redelivered = sum(n - 1 for n in xfer_done.values())
    return failures, len(acked), len(cancelled), len(started), redelivered


class Round:
    def __init__(self, number, rng, args, scenario):
        self.rng = rng
        self.args = args
        self.scenario = scenario
        self.placement = 'daemon' if scenario == 'daemon' else 'local'
        self.dir = tempfile.mkdtemp(prefix=f'bgrun-chaos-{number}-')
        self.nginx = Nginx(os.path.join(self.dir, 'nginx'))
        self.plan = make_plan(rng, self.dir, self.nginx, args, scenario)
        self.plan_path = os.path.join(self.dir, 'plan.json')
        with open(self.plan_path, 'w') as f:
            json.dump(self.plan, f)
        self.journal = os.path.join(self.dir, 'journal')
        self.env = dict(os.environ,
                        GI_TYPELIB_PATH=os.path.join(args.build, 'libbgrun'),
                        LD_LIBRARY_PATH=os.path.join(args.build, 'libbgrun'),
                        BGRUN_BACKEND=self.placement,
                        BGRUN_STATE_DIR=self.plan['state_dir'])
        if scenario == 'move':
            del self.env['BGRUN_BACKEND']
        self.daemon = None
        self.app = None
        self.app_log = open(os.path.join(self.dir, 'app.log'), 'ab')
        self.kills = {'app': 0, 'bgrund': 0}
        # Where the kills of a migration or a move landed: before it
        # began, during it, or after it was done.
        self.landed = {'before': 0, 'during': 0, 'after': 0}
        self.store_failures = []

    def start_daemon(self):
        bgrund = os.path.join(self.args.build, 'daemon', 'bgrund')
        self.daemon = subprocess.Popen([bgrund], env=self.env, stdout=subprocess.DEVNULL,
                                       stderr=self.app_log)
        if self.scenario == 'move':
            # The app must find it on the bus to move to it.
            wait_for(lambda: bus_name_owned() or self.daemon.poll() is not None, 30,
                     'bgrund to own its name')
        else:
            time.sleep(0.3)

    def start_app(self):
        self.app = subprocess.Popen(['/usr/bin/python3', os.path.join(HERE, 'chaos_app.py'),
                                     self.plan_path, self.journal],
                                    env=self.env, stdout=subprocess.DEVNULL, stderr=self.app_log)

    def kill(self, which):
        process = self.app if which == 'app' else self.daemon
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.kills['app' if which == 'app' else 'bgrund'] += 1

    def count(self, op):
        if not os.path.exists(self.journal):
            return 0
        return sum(1 for words in read_journal(self.journal) if words[0] == op)

    def wait_opening(self, before):
        '''Waits until the app started last says "opening" (or exits).'''
        wait_for(lambda: self.count('opening') > before or self.app.poll() is not None, 60,
                 'the app to open its scheduler')

    def prepare_old_store(self):
        '''The app's embedded store in schema version 1, holding the
        plan's preload requests and --old-history entries.'''
        env = dict(self.env, BGRUN_BACKEND='local')
        subprocess.run(['/usr/bin/python3', os.path.join(HERE, 'chaos_app.py'), '--fill',
                        self.plan_path], env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=self.app_log)
        path = stores.embedded_path(self.plan['state_dir'], APP_ID)
        stores.rewrite_in_schema_1(path, APP_ID, self.args.old_history)
        old = stores.Snapshot(path, APP_ID)
        if old.version != 1 or len(old.requests) != len(self.plan['preload']):
            raise RuntimeError(f'the old store holds {len(old.requests)} requests '
                               f'in version {old.version}')

    def opening_window(self):
        '''How long a start takes from "opening" to "opened": measured once
        on a copy of the state directory, killed as soon as it opened.'''
        saved = shutil.copytree(self.plan['state_dir'], self.plan['state_dir'] + '.saved')
        before = self.count('opening')
        self.start_app()
        self.wait_opening(before)
        opening = time.monotonic()
        wait_for(lambda: self.count('opened') > before or self.app.poll() is not None, 120,
                 'the app to open its store')
        window = time.monotonic() - opening
        self.app.kill()
        self.app.wait()
        shutil.rmtree(self.plan['state_dir'])
        os.rename(saved, self.plan['state_dir'])
        os.unlink(self.journal)
        return window

    def migration_kills(self):
        '''Kills the app while it opens the old store, until a start gets
        through: each time, a random moment of the opening window.'''
        window = self.opening_window()
        path = stores.embedded_path(self.plan['state_dir'], APP_ID)
        for _attempt in range(MIGRATION_STARTS):
            opened = self.count('opened')
            before = self.count('opening')
            self.start_app()
            self.wait_opening(before)
            time.sleep(self.rng.uniform(0, window))
            self.kill('app')
            after = stores.Snapshot(path, APP_ID)
            if after.aside:
                self.store_failures.append(f'moved aside after a kill in the migration: {after.aside}')
            if self.count('opened') > opened or after.version == stores.SCHEMA_VERSION:
                self.landed['after'] += 1
                return
            self.landed['during' if after.log_bytes > 0 else 'before'] += 1
        self.store_failures.append(f'the migration never got through in {MIGRATION_STARTS} starts')

    def check_one_live_copy(self):
        '''Exactly one store holds the app's work as live, with every
        acknowledged request whose task the app has not run yet (pending,
        or started by the engine just before the kill).'''
        embedded = stores.Snapshot(stores.embedded_path(self.plan['state_dir'], APP_ID), APP_ID)
        daemon = stores.Snapshot(stores.daemon_path(self.plan['state_dir']), APP_ID)
        holders = [store for store in (embedded, daemon) if store.holds]
        journal = read_journal(self.journal)
        if not holders:
            # Before the first submit there is no work to hold.
            return 'neither store holds the work' if any(w[0] == 'ack' for w in journal) else None
        if len(holders) == 2 and embedded.epoch == daemon.epoch:
            return f'both stores hold the work as live (epoch {embedded.epoch})'
        live = max(holders, key=lambda store: store.epoch)
        missing = {identifier for identifier in not_yet_run(journal) if not live.has(identifier)}
        if missing:
            return f'the live copy misses {len(missing)} acknowledged requests: {sorted(missing)[:3]}'
        return 'stale' if len(holders) == 2 else None

    def move(self):
        '''Moves the app to the other placement and kills the process
        doing the move at a random moment of it, the other one too.'''
        to_daemon = self.daemon is None or self.daemon.poll() is not None
        self.kill('app')
        if to_daemon:
            self.start_daemon()
        else:
            self.kill('bgrund')
        taker = (stores.daemon_path if to_daemon else
                 lambda state_dir: stores.embedded_path(state_dir, APP_ID))(self.plan['state_dir'])
        epoch = stores.live_epoch(taker, APP_ID)
        opened = self.count('opened')
        before = self.count('opening')
        self.start_app()
        self.wait_opening(before)
        if self.rng.random() < 0.5:
            time.sleep(self.rng.uniform(0, self.move_window * 1.2))
        else:
            # As soon as the taking store has its new epoch: between the
            # move's two transactions, or just after the second.
            # The journal is read now and then only: the two transactions
            # are a few milliseconds apart.
            deadline = time.monotonic() + 30
            polls = 0
            while stores.live_epoch(taker, APP_ID) <= epoch and time.monotonic() < deadline:
                polls += 1
                if polls % 50 == 0 and self.count('opened') > opened:
                    break
        first, second = ('bgrund', 'app') if to_daemon and self.rng.random() < 0.7 else ('app', 'bgrund')
        self.kill(first)
        self.kill(second)
        outcome = self.check_one_live_copy()
        if outcome not in (None, 'stale'):
            self.store_failures.append(outcome)
        # A stale copy left says the kill fell between the move's two
        # transactions; the window follows where the kills fall.
        if outcome == 'stale':
            self.landed['during'] += 1
        elif self.count('opened') > opened:
            self.landed['after'] += 1
            self.move_window *= 0.7
        else:
            self.landed['before'] += 1
            self.move_window *= 1.3
        if to_daemon:
            self.start_daemon()
        self.start_app()

    def run(self):
        if self.scenario == 'migration':
            self.prepare_old_store()
            self.migration_kills()
            self.start_app()
        elif self.placement == 'daemon':
            self.start_daemon()
        if self.scenario == 'move':
            self.move_window = 0.5
        if self.scenario != 'migration':
            self.start_app()
        kills_left = self.args.kills
        deadline = time.monotonic() + self.args.round_timeout
        while True:
            # Moves come sooner: the app must not be done before they are.
            longest = 1.0 if self.scenario == 'move' else 3.0
            wait = self.rng.uniform(0.05, longest) if kills_left > 0 else None
            try:
                status = self.app.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                status = None
            if status is not None:
                if status == 0:
                    break
                raise RuntimeError(f'the app exited with {status}; see {self.dir}/app.log')
            if time.monotonic() > deadline:
                raise RuntimeError(f'round timed out; see {self.dir}')
            kills_left -= 1
            if self.scenario == 'move':
                self.move()
            elif self.placement == 'daemon' and self.rng.random() < 0.5:
                self.daemon.send_signal(signal.SIGKILL)
                self.daemon.wait()
                self.kills['bgrund'] += 1
                self.start_daemon()
            else:
                self.app.send_signal(signal.SIGKILL)
                self.app.wait()
                self.kills['app'] += 1
                self.start_app()
        result = check(read_journal(self.journal), self.plan, self.nginx)
        result[0]['stores'].extend(self.store_failures)
        if self.scenario in ('migration', 'move'):
            result[0]['stores'].extend(self.final_store_check())
        return result

    def final_store_check(self):
        '''The app's store opened, migrated, and is not moved aside.'''
        failures = []
        for path in (stores.embedded_path(self.plan['state_dir'], APP_ID),
                     stores.daemon_path(self.plan['state_dir'])):
            snapshot = stores.Snapshot(path, APP_ID)
            if snapshot.aside:
                failures.append(f'{path} moved aside: {snapshot.aside}')
            if snapshot.exists and snapshot.version != stores.SCHEMA_VERSION:
                failures.append(f'{path} is in schema version {snapshot.version}')
        return failures

    def close(self, keep):
        if self.daemon is not None:
            self.daemon.terminate()
            self.daemon.wait()
        self.nginx.stop()
        self.app_log.close()
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description='SIGKILL chaos against libbgrun')
    parser.add_argument('--rounds', type=int, default=10)
    parser.add_argument('--submits', type=int, default=1000)
    parser.add_argument('--transfers', type=int, default=100)
    parser.add_argument('--kills', type=int, default=20)
    parser.add_argument('--scenario', choices=['all', 'both', 'local', 'daemon', 'migration', 'move'],
                        default='all', help='"both" is local and daemon; "all" adds migration and move')
    parser.add_argument('--preload', type=int, default=1000,
                        help='pending requests in the old store of a migration round')
    parser.add_argument('--old-history', type=int, default=100000,
                        help='history entries in the old store of a migration round')
    parser.add_argument('--seed', type=int, default=None)
    parser.add_argument('--round-timeout', type=float, default=900)
    parser.add_argument('build', nargs='?', default=os.path.join(TOP, '_build'))
    args = parser.parse_args()
    args.build = os.path.abspath(args.build)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f'chaos: seed {seed}, {args.rounds} rounds of {args.submits} submits, '
          f'{args.transfers} transfers, {args.kills} kills', flush=True)
    scenarios = {'all': ['local', 'daemon', 'migration', 'move'],
                 'both': ['local', 'daemon']}.get(args.scenario, [args.scenario])
    totals = {'lost': 0, 'resurrected': 0, 'twice': 0, 'transfers': 0, 'stores': 0}
    kills = {'app': 0, 'bgrund': 0}
    landed = {'migration': {'before': 0, 'during': 0, 'after': 0},
              'move': {'before': 0, 'during': 0, 'after': 0}}
    failed = False
    started_at = time.monotonic()
    for number in range(args.rounds):
        scenario = scenarios[number % len(scenarios)]
        round_ = Round(number, rng, args, scenario)
        failures = None
        try:
            t0 = time.monotonic()
            failures, acked, cancelled, transfers, redelivered = round_.run()
            for key in totals:
                totals[key] += len(failures[key])
            for key in kills:
                kills[key] += round_.kills[key]
            where = ''
            if scenario in landed:
                for key in landed[scenario]:
                    landed[scenario][key] += round_.landed[key]
                where = (f'{scenario} kills landed before/during/after it '
                         f'{round_.landed["before"]}/{round_.landed["during"]}/{round_.landed["after"]}, ')
            bad = any(failures.values())
            failed |= bad
            print(f'round {number} ({scenario}): {time.monotonic() - t0:.0f} s, '
                  f'kills app {round_.kills["app"]} bgrund {round_.kills["bgrund"]}, {where}'
                  f'{acked} acked, {cancelled} cancelled, {transfers} transfers '
                  f'({redelivered} completions delivered again): '
                  + ('FAILED ' + json.dumps({k: v[:5] for k, v in failures.items() if v})
                     if bad else 'ok'), flush=True)
        except RuntimeError as error:
            failed = True
            print(f'round {number} ({scenario}): FAILED: {error}', flush=True)
        finally:
            round_.close(keep=failed)
    print(f'chaos: {args.rounds} rounds in {time.monotonic() - started_at:.0f} s, '
          f'{kills["app"]} app and {kills["bgrund"]} bgrund kills: '
          f'{totals["lost"]} lost, {totals["resurrected"]} cancelled ones back, '
          f'{totals["twice"]} ran twice, {totals["transfers"]} transfer failures, '
          f'{totals["stores"]} store failures', flush=True)
    for scenario, counts in landed.items():
        if scenario in scenarios:
            print(f'chaos: {scenario} kills before/during/after it: '
                  f'{counts["before"]}/{counts["during"]}/{counts["after"]}', flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
