# Tracks for the location tests, written by the tests themselves: GPX 1.1
# and NMEA 0183 files along a line north of a start point, with the times
# and accuracies each test needs.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import datetime
import functools
import operator

# Metres of latitude per degree at the equator (WGS 84), where the tracks
# run: north of (0, 10) metres and degrees are proportional to well under
# a millimetre over a few kilometres.
METRES_PER_DEGREE = 110574.389
# Metres per degree of longitude on the equator: a·π/180.
METRES_PER_DEGREE_EAST = 111319.491
START = datetime.datetime(2026, 5, 1, 8, 0, 0, tzinfo=datetime.timezone.utc)
LONGITUDE = 10.0


def latitude(north):
    return north / METRES_PER_DEGREE


def write_gpx(path, points):
    '''points: (seconds after START, metres north) pairs, or (seconds,
    metres north, metres east) triples.'''
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gpx version="1.1" creator="libbgrun tests" xmlns="http://www.topografix.com/GPX/1/1">',
             '  <trk><trkseg>']
    for seconds, north, *east in points:
        when = (START + datetime.timedelta(seconds=seconds)).strftime('%Y-%m-%dT%H:%M:%SZ')
        lon = LONGITUDE + (east[0] / METRES_PER_DEGREE_EAST if east else 0.0)
        lines.append(f'    <trkpt lat="{latitude(north):.9f}" lon="{lon:.9f}">'
                     f'<ele>12.0</ele><time>{when}</time></trkpt>')
    lines += ['  </trkseg></trk>', '</gpx>', '']
    path.write_text('\n'.join(lines))
    return path


def nmea_sentence(body):
    checksum = functools.reduce(operator.xor, body.encode(), 0)
    return f'${body}*{checksum:02X}'


def nmea_angle(degrees, width):
    whole = int(abs(degrees))
    minutes = (abs(degrees) - whole) * 60
    return f'{whole:0{width}d}{minutes:07.4f}'


def write_nmea(path, points, hdop=1.0):
    '''points: (seconds after START, metres north) pairs; one RMC and one
    GGA sentence per point, with @hdop.'''
    lines = ['# recorded by the libbgrun tests']
    for seconds, north in points:
        when = START + datetime.timedelta(seconds=seconds)
        time = when.strftime('%H%M%S.00')
        lat = nmea_angle(latitude(north), 2)
        hemisphere = 'N' if north >= 0 else 'S'
        lon = nmea_angle(LONGITUDE, 3)
        lines.append(nmea_sentence(f'GPGGA,{time},{lat},{hemisphere},{lon},E,1,09,{hdop:.1f},12.0,M,47.0,M,,'))
        lines.append(nmea_sentence(f'GPRMC,{time},A,{lat},{hemisphere},{lon},E,0.0,0.0,{when:%d%m%y},,,A'))
    path.write_text('\r\n'.join(lines) + '\r\n')
    return path


class Recorder:
    '''Everything a session emits, in order.'''

    def __init__(self, session):
        self.events = []
        self.locations = []
        session.connect('location-updated', self.on_location)
        session.connect('updates-paused', lambda s: self.events.append('paused'))
        session.connect('updates-resumed', lambda s: self.events.append('resumed'))
        session.connect('region-event', self.on_region)
        session.connect('failed', lambda s, error: self.events.append(('failed', error)))

    def on_location(self, session, location):
        self.locations.append(location)
        self.events.append(('location', round(location.get_latitude() * METRES_PER_DEGREE, 1)))

    def on_region(self, session, region, event):
        self.events.append((event.value_nick, region.get_identifier()))

    def norths(self):
        return [round(location.get_latitude() * METRES_PER_DEGREE, 1) for location in self.locations]

    def signals(self):
        '''The events other than locations.'''
        return [event for event in self.events if not (isinstance(event, tuple) and event[0] == 'location')]
