/* bgrun-geodesy.c: distances and bearings on the WGS 84 ellipsoid
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-geodesy-private.h"

/* WGS 84, as GPS receivers and GeoClue report positions. */
#define WGS84_A 6378137.0
#define WGS84_F (1.0 / 298.257223563)
#define WGS84_B (WGS84_A * (1.0 - WGS84_F))

/* Vincenty converges in a handful of rounds except near the antipode,
 * where it may oscillate for ever: give up there and let the caller fall
 * back to the sphere. */
#define MAX_ROUNDS 200
#define TOLERANCE  1e-12

static inline double
radians (double degrees)
{
  return degrees * G_PI / 180.0;
}

static inline double
degrees_0_360 (double radians)
{
  double d = fmod (radians * 180.0 / G_PI, 360.0);

  if (d < 0)
    d += 360.0;
  /* fmod() of a value a hair below 0 gives a hair below 360: keep the
   * range half-open. */
  return d >= 360.0 ? 0.0 : d;
}

gboolean
bgrun_geodesy_vincenty (double  lat1,
                        double  lon1,
                        double  lat2,
                        double  lon2,
                        double *distance,
                        double *bearing)
{
  /* The shorter way round: across the antimeridian, not all the way back. */
  double L = radians (remainder (lon2 - lon1, 360.0));
  double U1 = atan ((1.0 - WGS84_F) * tan (radians (lat1)));
  double U2 = atan ((1.0 - WGS84_F) * tan (radians (lat2)));
  double sin_u1 = sin (U1), cos_u1 = cos (U1);
  double sin_u2 = sin (U2), cos_u2 = cos (U2);
  double lambda = L, lambda_before;
  double sin_lambda, cos_lambda;
  double sin_sigma, cos_sigma, sigma, cos2_alpha, cos_2sigma_m;
  double u2, A, B, delta_sigma;
  int round = 0;

  do
    {
      double sin_alpha, C;

      sin_lambda = sin (lambda);
      cos_lambda = cos (lambda);
      sin_sigma = sqrt ((cos_u2 * sin_lambda) * (cos_u2 * sin_lambda) +
                        (cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lambda) *
                        (cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lambda));
      if (sin_sigma == 0.0)
        {
          /* The same point: no distance, and north as good a bearing as any. */
          if (distance != NULL)
            *distance = 0.0;
          if (bearing != NULL)
            *bearing = 0.0;
          return TRUE;
        }
      cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lambda;
      sigma = atan2 (sin_sigma, cos_sigma);
      sin_alpha = cos_u1 * cos_u2 * sin_lambda / sin_sigma;
      cos2_alpha = 1.0 - sin_alpha * sin_alpha;
      /* On the equator cos²α is 0 and the term drops out. */
      cos_2sigma_m = cos2_alpha != 0.0 ? cos_sigma - 2.0 * sin_u1 * sin_u2 / cos2_alpha : 0.0;
      C = WGS84_F / 16.0 * cos2_alpha * (4.0 + WGS84_F * (4.0 - 3.0 * cos2_alpha));
      lambda_before = lambda;
      lambda = L + (1.0 - C) * WGS84_F * sin_alpha *
               (sigma + C * sin_sigma * (cos_2sigma_m + C * cos_sigma *
                                         (-1.0 + 2.0 * cos_2sigma_m * cos_2sigma_m)));
      if (fabs (lambda) > G_PI * 1.5)
        return FALSE;
    }
  while (fabs (lambda - lambda_before) > TOLERANCE && ++round < MAX_ROUNDS);

  if (round >= MAX_ROUNDS)
    return FALSE;

  u2 = cos2_alpha * (WGS84_A * WGS84_A - WGS84_B * WGS84_B) / (WGS84_B * WGS84_B);
  A = 1.0 + u2 / 16384.0 * (4096.0 + u2 * (-768.0 + u2 * (320.0 - 175.0 * u2)));
  B = u2 / 1024.0 * (256.0 + u2 * (-128.0 + u2 * (74.0 - 47.0 * u2)));
  delta_sigma = B * sin_sigma *
                (cos_2sigma_m + B / 4.0 *
                 (cos_sigma * (-1.0 + 2.0 * cos_2sigma_m * cos_2sigma_m) -
                  B / 6.0 * cos_2sigma_m * (-3.0 + 4.0 * sin_sigma * sin_sigma) *
                  (-3.0 + 4.0 * cos_2sigma_m * cos_2sigma_m)));

  if (distance != NULL)
    *distance = WGS84_B * A * (sigma - delta_sigma);
  if (bearing != NULL)
    *bearing = degrees_0_360 (atan2 (cos_u2 * sin_lambda,
                                     cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lambda));
  return TRUE;
}

double
bgrun_geodesy_haversine (double lat1,
                         double lon1,
                         double lat2,
                         double lon2)
{
  double phi1 = radians (lat1), phi2 = radians (lat2);
  double d_phi = radians (lat2 - lat1), d_lambda = radians (lon2 - lon1);
  double h = sin (d_phi / 2) * sin (d_phi / 2) +
             cos (phi1) * cos (phi2) * sin (d_lambda / 2) * sin (d_lambda / 2);

  /* Rounding can push h a hair past 1 for antipodal points. */
  h = CLAMP (h, 0.0, 1.0);
  return 2.0 * BGRUN_GEODESY_MEAN_RADIUS * asin (sqrt (h));
}

double
bgrun_geodesy_spherical_bearing (double lat1,
                                 double lon1,
                                 double lat2,
                                 double lon2)
{
  double phi1 = radians (lat1), phi2 = radians (lat2);
  double d_lambda = radians (lon2 - lon1);

  return degrees_0_360 (atan2 (sin (d_lambda) * cos (phi2),
                               cos (phi1) * sin (phi2) - sin (phi1) * cos (phi2) * cos (d_lambda)));
}

void
bgrun_geodesy_inverse (double  lat1,
                       double  lon1,
                       double  lat2,
                       double  lon2,
                       double *distance,
                       double *bearing)
{
  if (bgrun_geodesy_vincenty (lat1, lon1, lat2, lon2, distance, bearing))
    return;
  if (distance != NULL)
    *distance = bgrun_geodesy_haversine (lat1, lon1, lat2, lon2);
  if (bearing != NULL)
    *bearing = bgrun_geodesy_spherical_bearing (lat1, lon1, lat2, lon2);
}
