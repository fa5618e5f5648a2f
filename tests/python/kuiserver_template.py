'''A python-dbusmock template for KDE Plasma's job tracker, as libbgrun
uses it: org.kde.JobViewServer on org.kde.kuiserver (session bus), whose
requestView(appName s, appIconName s, capabilities i) makes a new job view
object with the org.kde.JobViewV2 interface and returns its path.

SPDX-License-Identifier: LGPL-2.1-or-later

Run it with `python3 -m dbusmock --session --template
tests/python/kuiserver_template.py`, or
`DBusTestCase.spawn_server_template(path, {}, system_bus=False)`.

Each view accepts the JobViewV2 calls (terminate, setSuspended,
setTotalAmount, setProcessedAmount, setPercent, setSpeed, setInfoMessage,
setDescriptionField, clearDescriptionField, setDestUrl, setError) and
records them: GetCalls() on org.freedesktop.DBus.Mock at the view's path
lists them, oldest first. A test plays the user's Cancel, Pause and Resume
by emitting the view's cancelRequested, suspendRequested and
resumeRequested signals with EmitSignal on that path. On the main object,
GetViews() a(ossi) lists every view made: its path, and the appName,
appIconName and capabilities it was requested with.
'''

import dbus
import dbus.service

from dbusmock import MOCK_IFACE

__author__ = 'libbgrun'

BUS_NAME = 'org.kde.kuiserver'
MAIN_OBJ = '/JobViewServer'
MAIN_IFACE = 'org.kde.JobViewServer'
VIEW_IFACE = 'org.kde.JobViewV2'
SYSTEM_BUS = False

VIEW_METHODS = [
    ('terminate', 's', '', ''),
    ('setSuspended', 'b', '', ''),
    ('setTotalAmount', 'ts', '', ''),
    ('setProcessedAmount', 'ts', '', ''),
    ('setPercent', 'u', '', ''),
    ('setSpeed', 't', '', ''),
    ('setInfoMessage', 's', '', ''),
    ('setDescriptionField', 'uss', 'b', 'ret = True'),
    ('clearDescriptionField', 'u', '', ''),
    ('setDestUrl', 'v', '', ''),
    ('setError', 'u', '', ''),
]


def load(mock, parameters):
    mock.views = []
    mock.AddMethod(MAIN_IFACE, 'requestView', 'ssi', 'o', request_view)


def request_view(self, app_name, app_icon_name, capabilities):
    path = dbus.ObjectPath(f'/JobViewServer/JobView_{len(self.views) + 1}')
    self.AddObject(path, VIEW_IFACE, {}, VIEW_METHODS)
    self.views.append((path, str(app_name), str(app_icon_name), int(capabilities)))
    return path


@dbus.service.method(MOCK_IFACE, in_signature='', out_signature='a(ossi)')
def GetViews(self):
    return dbus.Array(self.views, signature='(ossi)')
