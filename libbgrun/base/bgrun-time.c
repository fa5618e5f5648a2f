/* bgrun-time.c: conversions between GDateTime and microseconds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-time-private.h"

/* Microseconds since the Unix epoch, the one number alarms are ordered by.
 * (GLib 2.74 has no g_date_time_to_unix_usec().) */
gint64
bgrun_time_to_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (dt);
}

/* The UTC GDateTime for @usec microseconds since the Unix epoch. */
GDateTime *
bgrun_time_from_usec (gint64 usec)
{
  gint64 secs = usec / G_USEC_PER_SEC;
  gint64 rest = usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) whole = NULL;

  if (rest < 0)
    {
      secs -= 1;
      rest += G_USEC_PER_SEC;
    }
  whole = g_date_time_new_from_unix_utc (secs);
  return g_date_time_add (whole, rest);
}
