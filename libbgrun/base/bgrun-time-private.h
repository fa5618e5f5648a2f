/* bgrun-time-private.h: conversions between GDateTime and microseconds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

gint64     bgrun_time_to_usec   (GDateTime *dt);
GDateTime *bgrun_time_from_usec (gint64     usec);

/* The furthest from the epoch any time libbgrun computes may be, in
 * microseconds: the end of year 9999, the last moment a GDateTime holds. */
#define BGRUN_TIME_MAX_USEC G_GINT64_CONSTANT (253402300799999999)

/* @seconds as microseconds, for a duration or an offset: NaN is 0, and
 * anything past ±BGRUN_TIME_MAX_USEC (infinities included) is that bound,
 * so no caller converts a double that does not fit a gint64 (undefined
 * behaviour in C). */
gint64     bgrun_time_usec_from_seconds (double seconds);

/* @base_usec + @offset_usec, kept within ±BGRUN_TIME_MAX_USEC: a date
 * that would fall past the year 9999 is the end of 9999. */
gint64     bgrun_time_add_usec (gint64 base_usec,
                                gint64 offset_usec);

G_END_DECLS
