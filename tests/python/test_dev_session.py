# tools/dev-session: a bus on which the build tree's bgrund is activatable,
# so that a program run against the build tree gets the daemon placement
# (the installed service file points at the install prefix, where there
# may be no bgrund, or an older one).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import subprocess
import sys

SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_ROOT = os.environ.get('BGRUN_BUILD_ROOT')

PROGRAM = '''
import gi
gi.require_version('Bgrun', '1.0')
from gi.repository import Bgrun, Gio, GLib
scheduler = Bgrun.Scheduler.new('org.example.Dev')
bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
owner = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                      'GetConnectionUnixProcessID', GLib.Variant('(s)', ('org.bgrun.Broker1',)),
                      None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0]
print(scheduler.props.backend.value_nick)
print(os.readlink('/proc/%d/exe' % owner))
'''


def run(*args):
    return subprocess.run([os.path.join(SOURCE_ROOT, 'tools', 'dev-session'), *args],
                          capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, BGRUN_BACKEND=''))


def test_the_build_trees_bgrund_is_started_for_a_program_run_in_it():
    assert BUILD_ROOT, 'BGRUN_BUILD_ROOT is not set: run this test through meson'
    child = run('-C', BUILD_ROOT, sys.executable, '-c', 'import os\n' + PROGRAM)
    assert child.returncode == 0, child.stderr
    backend, daemon = child.stdout.split()
    assert backend == 'daemon'
    assert daemon == os.path.join(os.path.realpath(BUILD_ROOT), 'daemon', 'bgrund')


def test_an_unbuilt_tree_is_said_so():
    child = run('-C', '/', 'true')
    assert child.returncode == 1
    assert 'build first' in child.stderr
