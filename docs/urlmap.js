// Where the references of the namespaces libbgrun links to live; gi-docgen's
// pages resolve [class@Gio.…]-style links through this map.
// SPDX-License-Identifier: LGPL-2.1-or-later
baseURLs = [
    ['GLib', 'https://docs.gtk.org/glib/'],
    ['GObject', 'https://docs.gtk.org/gobject/'],
    ['Gio', 'https://docs.gtk.org/gio/'],
]
