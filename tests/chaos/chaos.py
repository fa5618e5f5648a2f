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
#
# Each round has its own state directory, its own nginx on loopback (files
# to download at a limited rate, and WebDAV PUT for uploads), and, in the
# daemon placement, its own bgrund on the private session bus.
#
#     tests/chaos/chaos.py [--rounds N] [--submits N] [--transfers N]
#                          [--kills N] [--placement local|daemon|both]
#                          [--seed S] [BUILDDIR]
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

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, '..', '..'))
APP_ID = 'org.example.Chaos'
NGINX = shutil.which('nginx') or '/usr/sbin/nginx'

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


def make_plan(rng, directory, nginx, args):
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
        'drain_seconds': 120,
    }


def read_journal(path):
    with open(path) as f:
        return [line.split(' ', 2) for line in f.read().split('\n')[:-1]]


def check(journal, plan, nginx):
    '''The properties, from the journal: a dict of failure lists.'''
    acked, cancelling, cancelled, done, completing = set(), set(), set(), set(), set()
    failures = {'lost': [], 'resurrected': [], 'twice': [], 'transfers': []}
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
    def __init__(self, number, rng, args, placement):
        self.rng = rng
        self.args = args
        self.placement = placement
        self.dir = tempfile.mkdtemp(prefix=f'bgrun-chaos-{number}-')
        self.nginx = Nginx(os.path.join(self.dir, 'nginx'))
        self.plan = make_plan(rng, self.dir, self.nginx, args)
        self.plan_path = os.path.join(self.dir, 'plan.json')
        with open(self.plan_path, 'w') as f:
            json.dump(self.plan, f)
        self.journal = os.path.join(self.dir, 'journal')
        self.env = dict(os.environ,
                        GI_TYPELIB_PATH=os.path.join(args.build, 'libbgrun'),
                        LD_LIBRARY_PATH=os.path.join(args.build, 'libbgrun'),
                        BGRUN_BACKEND=placement,
                        BGRUN_STATE_DIR=self.plan['state_dir'])
        self.daemon = None
        self.app = None
        self.app_log = open(os.path.join(self.dir, 'app.log'), 'ab')
        self.kills = {'app': 0, 'bgrund': 0}

    def start_daemon(self):
        bgrund = os.path.join(self.args.build, 'daemon', 'bgrund')
        self.daemon = subprocess.Popen([bgrund], env=self.env, stdout=subprocess.DEVNULL,
                                       stderr=self.app_log)
        time.sleep(0.3)

    def start_app(self):
        self.app = subprocess.Popen(['/usr/bin/python3', os.path.join(HERE, 'chaos_app.py'),
                                     self.plan_path, self.journal],
                                    env=self.env, stdout=subprocess.DEVNULL, stderr=self.app_log)

    def run(self):
        if self.placement == 'daemon':
            self.start_daemon()
        self.start_app()
        kills_left = self.args.kills
        deadline = time.monotonic() + self.args.round_timeout
        while True:
            wait = self.rng.uniform(0.05, 3.0) if kills_left > 0 else None
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
            if self.placement == 'daemon' and self.rng.random() < 0.5:
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
        return result

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
    parser.add_argument('--placement', choices=['local', 'daemon', 'both'], default='both')
    parser.add_argument('--seed', type=int, default=None)
    parser.add_argument('--round-timeout', type=float, default=900)
    parser.add_argument('build', nargs='?', default=os.path.join(TOP, '_build'))
    args = parser.parse_args()
    args.build = os.path.abspath(args.build)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f'chaos: seed {seed}, {args.rounds} rounds of {args.submits} submits, '
          f'{args.transfers} transfers, {args.kills} kills', flush=True)
    placements = ['local', 'daemon'] if args.placement == 'both' else [args.placement]
    totals = {'lost': 0, 'resurrected': 0, 'twice': 0, 'transfers': 0}
    kills = {'app': 0, 'bgrund': 0}
    failed = False
    started_at = time.monotonic()
    for number in range(args.rounds):
        placement = placements[number % len(placements)]
        round_ = Round(number, rng, args, placement)
        failures = None
        try:
            t0 = time.monotonic()
            failures, acked, cancelled, transfers, redelivered = round_.run()
            for key in totals:
                totals[key] += len(failures[key])
            for key in kills:
                kills[key] += round_.kills[key]
            bad = any(failures.values())
            failed |= bad
            print(f'round {number} ({placement}): {time.monotonic() - t0:.0f} s, '
                  f'kills app {round_.kills["app"]} bgrund {round_.kills["bgrund"]}, '
                  f'{acked} acked, {cancelled} cancelled, {transfers} transfers '
                  f'({redelivered} completions delivered again): '
                  + ('FAILED ' + json.dumps({k: v[:5] for k, v in failures.items() if v})
                     if bad else 'ok'), flush=True)
        except RuntimeError as error:
            failed = True
            print(f'round {number} ({placement}): FAILED: {error}', flush=True)
        finally:
            round_.close(keep=failed)
    print(f'chaos: {args.rounds} rounds in {time.monotonic() - started_at:.0f} s, '
          f'{kills["app"]} app and {kills["bgrund"]} bgrund kills: '
          f'{totals["lost"]} lost, {totals["resurrected"]} cancelled ones back, '
          f'{totals["twice"]} ran twice, {totals["transfers"]} transfer failures', flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
