/* bgrun-region.h: a circle on the map
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-location.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunRegionEvent:
 * @BGRUN_REGION_EVENT_ENTER: the device came into the region
 * @BGRUN_REGION_EVENT_EXIT: the device left the region
 *
 * What [signal@Bgrun.LocationSession::region-event] reports.
 */
typedef enum {
  BGRUN_REGION_EVENT_ENTER,
  BGRUN_REGION_EVENT_EXIT,
} BgrunRegionEvent;

/**
 * BGRUN_REGION_MIN_RADIUS:
 *
 * The smallest radius, in metres, a monitored region may have: below it,
 * GPS noise alone would make the device enter and leave.
 */
#define BGRUN_REGION_MIN_RADIUS 20.0

/**
 * BGRUN_REGION_MAX_RADIUS:
 *
 * The largest radius, in metres, a monitored region may have (400 km).
 */
#define BGRUN_REGION_MAX_RADIUS 400000.0

/**
 * BGRUN_REGION_HYSTERESIS:
 *
 * The least margin, in metres, a fix must be inside a region's border to
 * count as entering it, or outside it to count as leaving. The margin is
 * the fix's horizontal accuracy when that is larger, but never more than
 * half the radius. Fixes within the margin of the border change nothing,
 * so GPS jitter along the border does not make the device enter and leave
 * again and again.
 */
#define BGRUN_REGION_HYSTERESIS 10.0

#define BGRUN_TYPE_REGION (bgrun_region_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunRegion, bgrun_region, BGRUN, REGION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunRegion   *bgrun_region_new            (const char  *identifier,
                                            double       latitude,
                                            double       longitude,
                                            double       radius);
BGRUN_AVAILABLE_IN_ALL
const char    *bgrun_region_get_identifier (BgrunRegion *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_region_get_latitude   (BgrunRegion *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_region_get_longitude  (BgrunRegion *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_region_get_radius     (BgrunRegion *self);
BGRUN_AVAILABLE_IN_ALL
BgrunLocation *bgrun_region_get_center     (BgrunRegion *self);
BGRUN_AVAILABLE_IN_ALL
gboolean       bgrun_region_validate       (BgrunRegion *self,
                                            GError     **error);
BGRUN_AVAILABLE_IN_ALL
gboolean       bgrun_region_contains       (BgrunRegion   *self,
                                            BgrunLocation *location);

G_END_DECLS
