/* bgrun-location-provider-gpsd-private.h: what the automatic choice needs
 * of the gpsd backend
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-location-provider-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_LOCATION_BACKEND_GPSD (bgrun_location_backend_gpsd_get_type ())
G_DECLARE_FINAL_TYPE (BgrunLocationBackendGpsd, bgrun_location_backend_gpsd,
                      BGRUN, LOCATION_BACKEND_GPSD, GObject)

/* With @require, a gpsd whose DEVICES report lists no receiver fails with
 * BGRUN_LOCATION_ERROR_NO_PROVIDER: the automatic choice then turns to
 * GeoClue. Set before start(). */
void bgrun_location_backend_gpsd_set_require_device (BgrunLocationBackendGpsd *self,
                                                     gboolean                  require);

G_END_DECLS
