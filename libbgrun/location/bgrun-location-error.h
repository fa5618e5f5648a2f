/* bgrun-location-error.h: the error domain of location sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_LOCATION_ERROR:
 *
 * The error domain of [class@Bgrun.LocationSession]: why a session could
 * not start or stopped delivering locations, and why a region could not be
 * monitored. Codes are [error@Bgrun.LocationError].
 */
#define BGRUN_LOCATION_ERROR (bgrun_location_error_quark ())

/**
 * BgrunLocationError:
 * @BGRUN_LOCATION_ERROR_INVALID_STATE: the session cannot do this now: it
 *   is already running, or a property it needs is not set (a replay
 *   without a file).
 * @BGRUN_LOCATION_ERROR_NOT_BUILT: the provider asked for was left out of
 *   this build of libbgrun; the message names the meson option that builds
 *   it.
 * @BGRUN_LOCATION_ERROR_NO_PROVIDER: no location service is there at all:
 *   neither a gpsd with a receiver nor GeoClue.
 * @BGRUN_LOCATION_ERROR_GEOCLUE_UNAVAILABLE: GeoClue is not on the system
 *   bus, or has no agent to ask the user.
 * @BGRUN_LOCATION_ERROR_ACCESS_DENIED: the user (or the system's policy)
 *   denied the app access to the location.
 * @BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE: gpsd could not be reached at its
 *   address, or closed the connection; the message names the address.
 * @BGRUN_LOCATION_ERROR_PROVIDER_FAILED: the provider sent something that
 *   is not what its protocol promises; the message quotes it.
 * @BGRUN_LOCATION_ERROR_REPLAY_FILE: a replay file could not be read, or
 *   does not parse as GPX 1.1 or NMEA 0183; the message names the file, the
 *   line and the reason.
 * @BGRUN_LOCATION_ERROR_INVALID_REGION: a region's identifier, centre or
 *   radius is out of range; the message says which.
 * @BGRUN_LOCATION_ERROR_TOO_MANY_REGIONS: the app already monitors
 *   %BGRUN_LOCATION_MAX_REGIONS regions; stop monitoring one first.
 * @BGRUN_LOCATION_ERROR_REGION_STORE: the monitored regions could not be
 *   written to (or read back from) the app's state directory.
 *
 * Errors of the [error@Bgrun.LocationError] domain.
 */
typedef enum {
  BGRUN_LOCATION_ERROR_INVALID_STATE,
  BGRUN_LOCATION_ERROR_NOT_BUILT,
  BGRUN_LOCATION_ERROR_NO_PROVIDER,
  BGRUN_LOCATION_ERROR_GEOCLUE_UNAVAILABLE,
  BGRUN_LOCATION_ERROR_ACCESS_DENIED,
  BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE,
  BGRUN_LOCATION_ERROR_PROVIDER_FAILED,
  BGRUN_LOCATION_ERROR_REPLAY_FILE,
  BGRUN_LOCATION_ERROR_INVALID_REGION,
  BGRUN_LOCATION_ERROR_TOO_MANY_REGIONS,
  BGRUN_LOCATION_ERROR_REGION_STORE,
} BgrunLocationError;

BGRUN_AVAILABLE_IN_ALL
GQuark bgrun_location_error_quark (void);

G_END_DECLS
