# SPDX-License-Identifier: LGPL-2.1-or-later
"""What the benchmark scripts (bench/scheduler, bench/daemon) share:
collecting the `result NAME VALUE` lines of the bench-* programs, counting
a process's wake-ups (strace and context switches), describing the machine
and printing the table of figures."""

import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

# The calls a thread sleeps in; one returning is a wake-up.
POLL_CALLS = ['poll', 'ppoll', 'epoll_wait', 'epoll_pwait', 'epoll_pwait2',
              'select', 'pselect6', 'nanosleep', 'clock_nanosleep']


def add_directory_arguments(parser, tmp_help):
    '''The BUILDDIR argument and --tmpdir option every bench script takes.'''
    parser.add_argument('builddir', nargs='?',
                        default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), '_build'),
                        help='the meson build directory (default: _build in the source tree)')
    parser.add_argument('--tmpdir', help=tmp_help)


def absolute_directories(args):
    '''Makes BUILDDIR and --tmpdir absolute: the servers and daemons a bench
    starts run in directories of their own, where a relative path such as
    "_build" would point elsewhere.'''
    args.builddir = os.path.abspath(args.builddir)
    if args.tmpdir is not None:
        args.tmpdir = os.path.abspath(args.tmpdir)
    return args


def log(message):
    print(message, file=sys.stderr, flush=True)


def results_of(output):
    """The `result NAME VALUE` lines of a benchmark program, as a dict:
    numbers as floats, anything else as it was printed."""
    results = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == 'result':
            try:
                results[parts[1]] = float(parts[2])
            except ValueError:
                results[parts[1]] = parts[2]
    return results


def context_switches(pid):
    counts = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except FileNotFoundError:
        return counts
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/status') as f:
                status = f.read()
            with open(f'/proc/{pid}/task/{tid}/comm') as f:
                comm = f.read().strip()
        except FileNotFoundError:
            continue
        switches = sum(int(m) for m in re.findall(r'_ctxt_switches:\s+(\d+)', status))
        counts[tid] = (comm, switches)
    return counts

def poll_returns(trace_path):
    """(pid, return time, call, result) of every poll-family call that
    returned, from an `strace -f -ttt -T` log."""
    returns = []
    line_re = re.compile(r'^(\d+)\s+(\d+\.\d+)\s+(.*)$')
    end_re = re.compile(r'= (.+?)\s+<(\d+\.\d+)>$')
    with open(trace_path) as f:
        for line in f:
            m = line_re.match(line.rstrip('\n'))
            if not m:
                continue
            pid, ts, rest = m.group(1), float(m.group(2)), m.group(3)
            if rest.startswith(('---', '+++')) or rest.endswith('<unfinished ...>'):
                continue
            resumed = re.match(r'<\.\.\. (\w+) resumed>', rest)
            call = resumed.group(1) if resumed else rest.split('(', 1)[0]
            end = end_re.search(rest)
            if call not in POLL_CALLS or not end or end.group(1).startswith('?'):
                continue
            when = ts if resumed else ts + float(end.group(2))
            returns.append((pid, when, call, end.group(1)))
    return returns

def strace_summary(trace_path):
    with open(trace_path) as f:
        lines = f.read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.startswith('% time')), None)
    return lines[start:] if start is not None else []



def strace_command(trace_path):
    """The strace prefix that logs every poll-family call of every thread
    of a process, with times, to @trace_path (for poll_returns)."""
    return ['strace', '-f', '-C', '-ttt', '-T', '-e', 'trace=' + ','.join(POLL_CALLS),
            '-o', trace_path]


def machine(tmpbase):
    def first(path, key):
        try:
            with open(path) as f:
                for line in f:
                    if line.startswith(key):
                        return line.split(':', 1)[1].strip()
        except OSError:
            pass
        return '?'
    try:
        with open('/etc/debian_version') as f:
            debian = f.read().strip()
    except OSError:
        debian = '?'
    try:
        fs = subprocess.run(['findmnt', '-n', '-o', 'FSTYPE', '-T', tmpbase],
                            capture_output=True, text=True).stdout.strip()
    except OSError:
        fs = ''

    return [
        f'CPU:     {first("/proc/cpuinfo", "model name")}, {os.cpu_count()} CPUs (nproc)',
        f'Kernel:  {platform.release()}',
        f'Debian:  {debian}',
        f'SQLite:  {sqlite3.sqlite_version}',
        f'Stores:  temporary directories under {os.path.abspath(tmpbase)} ({fs or "?"})',
    ]



def print_report(title, tmpbase, rows, details):
    """Prints @title, the machine, the table of @rows (figure, measured,
    reference, target, met: True, False or None) and the @details; returns
    the figures whose target was missed."""
    print(title)
    for line in machine(tmpbase):
        print('  ' + line)
    print()
    header = ('Figure', 'Measured', 'Reference', 'Target', 'Met')
    table = [header] + [(f, m, r, t, {True: 'yes', False: 'NO', None: ''}[ok]) for f, m, r, t, ok in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print('  '.join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if i == 0:
            print('  '.join('-' * w for w in widths))
    print()
    print('Details:')
    for line in details:
        print('  ' + line)
    missed = [f for f, _, _, _, ok in rows if ok is False]
    if missed:
        print('\nMissed: ' + '; '.join(missed))
    return missed


PRIVATE_BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={directory}</listen>
  {services}
  <policy context="default">
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
    <allow own="*"/>
  </policy>
  <!-- As Debian's session.conf: dbus-daemon's built-in limits are a
       system bus's (128 calls awaiting an answer per connection). -->
  <limit name="max_replies_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
</busconfig>
'''


def start_private_bus(directory, env, services=None):
    """A dbus-daemon of its own, never the user's session bus: its
    configuration and socket in @directory, what it starts from the
    service directory @services (if any) running with @env. Returns the
    process and the bus address."""
    config = os.path.join(directory, 'bus.conf')
    with open(config, 'w') as f:
        f.write(PRIVATE_BUS_CONFIG.format(
            directory=directory,
            services=f'<servicedir>{services}</servicedir>' if services else ''))
    env = {k: v for k, v in env.items() if k != 'DBUS_SESSION_BUS_ADDRESS'}
    bus = subprocess.Popen(['dbus-daemon', '--config-file=' + config, '--nofork',
                            '--print-address=1'], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, env=env)
    return bus, bus.stdout.readline().strip()


NGINX_CONF = '''\
{user}
worker_processes 1;
worker_rlimit_nofile {files};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log;
events {{ worker_connections {connections}; }}
http {{
    log_format bench '$request_uri $status "$http_range" $body_bytes_sent';
    access_log {dir}/access.log bench;
    sendfile on;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
{listen}
        root {dir}/www;
        {rate}
    }}
}}
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def start_nginx(directory, ports=1, connections=512, rate_kib=None):
    """nginx serving @directory/www on @ports loopback ports (each a host
    of its own to an HTTP client), with @connections at once at most, each
    sending @rate_kib KiB a second at most (if given); its
    configuration, access log (`URI status "Range" body-bytes`) and error
    log in @directory. Returns the process and the ports."""
    if not shutil.which('nginx') and not os.access('/usr/sbin/nginx', os.X_OK):
        sys.exit('nginx is missing (apt-get install nginx-light)')
    chosen = []
    while len(chosen) < ports:
        port = free_port()
        if port not in chosen:
            chosen.append(port)
    conf = os.path.join(directory, 'nginx.conf')
    with open(conf, 'w') as f:
        # As root, nginx would hand its worker to "nobody", who cannot
        # read the temporary directory.
        f.write(NGINX_CONF.format(dir=directory, connections=connections, files=2 * connections + 64,
                                  listen='\n'.join(f'        listen 127.0.0.1:{p};' for p in chosen),
                                  rate=f'limit_rate {rate_kib}k;' if rate_kib else '',
                                  user='user root;' if os.geteuid() == 0 else ''))
    nginx = shutil.which('nginx') or '/usr/sbin/nginx'
    process = subprocess.Popen([nginx, '-p', directory, '-c', conf, '-e', 'stderr'],
                               stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    for port in chosen:
        while True:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit('nginx did not start')
                time.sleep(0.02)
    return process, chosen
