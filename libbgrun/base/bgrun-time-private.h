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

G_END_DECLS
