/* bgrun-location-private.h: a location as it crosses D-Bus and journals
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-location.h"

G_BEGIN_DECLS

/* The serialized form of a location, as bgrund journals the fixes of a
 * session it hosts: latitude, longitude, altitude (NaN unknown),
 * horizontal and vertical accuracy, speed, course (-1 unknown), and the
 * fix's time in microseconds since the epoch. */
#define BGRUN_LOCATION_VARIANT_TYPE "(dddddddx)"

/* @self in that form, floating. */
GVariant      *bgrun_location_to_variant   (const BgrunLocation *self);
/* The location @variant holds, or NULL when it is not of that type or
 * its latitude or longitude is out of range. */
BgrunLocation *bgrun_location_from_variant (GVariant            *variant);

G_END_DECLS
