/* bgrun-location-error.c: the error domain of location sessions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-location-error.h"

/**
 * bgrun_location_error_quark:
 *
 * Gets the error domain of [error@Bgrun.LocationError], the quark that
 * %BGRUN_LOCATION_ERROR stands for.
 *
 * Returns: the error domain
 */
G_DEFINE_QUARK (bgrun-location-error-quark, bgrun_location_error)
