/* bgrun-geodesy-private.h: distances and bearings on the WGS 84 ellipsoid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The mean radius of the Earth (IUGG), in metres, for haversine. */
#define BGRUN_GEODESY_MEAN_RADIUS 6371008.8

/* Vincenty's inverse formula on the WGS 84 ellipsoid: the geodesic
 * distance in metres between two points given in degrees, and the initial
 * bearing (degrees clockwise from true north, [0, 360)) at the first one.
 * Returns FALSE when the iteration does not converge, which happens only
 * for nearly antipodal points; @distance and @bearing are then untouched.
 * Accurate to well under a millimetre where it converges. Either out
 * parameter may be NULL. */
gboolean bgrun_geodesy_vincenty  (double  lat1,
                                  double  lon1,
                                  double  lat2,
                                  double  lon2,
                                  double *distance,
                                  double *bearing);

/* The great-circle distance in metres on a sphere of
 * BGRUN_GEODESY_MEAN_RADIUS; within 0.5 % of the geodesic distance
 * everywhere. */
double   bgrun_geodesy_haversine (double  lat1,
                                  double  lon1,
                                  double  lat2,
                                  double  lon2);

/* The initial great-circle bearing, in degrees [0, 360), on the sphere. */
double   bgrun_geodesy_spherical_bearing (double lat1,
                                          double lon1,
                                          double lat2,
                                          double lon2);

/* Vincenty, falling back to haversine (and the spherical bearing) where
 * Vincenty does not converge. Either out parameter may be NULL. */
void     bgrun_geodesy_inverse   (double  lat1,
                                  double  lon1,
                                  double  lat2,
                                  double  lon2,
                                  double *distance,
                                  double *bearing);

G_END_DECLS
