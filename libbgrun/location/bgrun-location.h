/* bgrun-location.h: one position report
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_LOCATION (bgrun_location_get_type ())

typedef struct _BgrunLocation BgrunLocation;

BGRUN_AVAILABLE_IN_ALL
GType          bgrun_location_get_type                   (void) G_GNUC_CONST;

BGRUN_AVAILABLE_IN_ALL
BgrunLocation *bgrun_location_new                        (double         latitude,
                                                          double         longitude);
BGRUN_AVAILABLE_IN_ALL
BgrunLocation *bgrun_location_new_full                   (double         latitude,
                                                          double         longitude,
                                                          double         altitude,
                                                          double         horizontal_accuracy,
                                                          double         vertical_accuracy,
                                                          double         speed,
                                                          double         course,
                                                          GDateTime     *timestamp);
BGRUN_AVAILABLE_IN_ALL
BgrunLocation *bgrun_location_ref                        (BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
void           bgrun_location_unref                      (BgrunLocation *self);

BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_latitude               (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_longitude              (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_altitude               (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_horizontal_accuracy    (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_vertical_accuracy      (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_speed                  (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_get_course                 (const BgrunLocation *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime     *bgrun_location_get_timestamp              (const BgrunLocation *self);

BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_distance_to                (const BgrunLocation *self,
                                                          const BgrunLocation *other);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_bearing_to                 (const BgrunLocation *self,
                                                          const BgrunLocation *other);
BGRUN_AVAILABLE_IN_ALL
double         bgrun_location_haversine_distance_to      (const BgrunLocation *self,
                                                          const BgrunLocation *other);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunLocation, bgrun_location_unref)

G_END_DECLS
