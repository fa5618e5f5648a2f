/* bgrun-time.c: conversions between GDateTime and microseconds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-time-private.h"

/* Microseconds since the Unix epoch, the one number alarms are ordered by.
 * (GLib 2.74 has no g_date_time_to_unix_usec().) */
gint64
bgrun_time_to_usec (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (dt);
}

/* The UTC GDateTime for @usec microseconds since the Unix epoch, or NULL
 * when it lies outside the years 1 to 9999. */
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
  if (whole == NULL)
    return NULL;
  return g_date_time_add (whole, rest);
}

gint64
bgrun_time_usec_from_seconds (double seconds)
{
  double usec = seconds * G_USEC_PER_SEC;

  if (isnan (usec))
    return 0;
  if (usec >= (double) BGRUN_TIME_MAX_USEC)
    return BGRUN_TIME_MAX_USEC;
  if (usec <= -(double) BGRUN_TIME_MAX_USEC)
    return -BGRUN_TIME_MAX_USEC;
  return (gint64) llround (usec);
}

gint64
bgrun_time_add_usec (gint64 base_usec,
                     gint64 offset_usec)
{
  /* Both are within ±BGRUN_TIME_MAX_USEC (about 2.5e17), so the sum
   * cannot overflow a gint64 (9.2e18) before it is clamped. */
  base_usec = CLAMP (base_usec, -BGRUN_TIME_MAX_USEC, BGRUN_TIME_MAX_USEC);
  offset_usec = CLAMP (offset_usec, -BGRUN_TIME_MAX_USEC, BGRUN_TIME_MAX_USEC);
  return CLAMP (base_usec + offset_usec, -BGRUN_TIME_MAX_USEC, BGRUN_TIME_MAX_USEC);
}
