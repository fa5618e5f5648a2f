/* bgrun-location.c: one position report
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "bgrun-geodesy-private.h"
#include "bgrun-location-private.h"
#include "bgrun-time-private.h"

/**
 * BgrunLocation:
 *
 * One position report, as a [class@Bgrun.LocationSession] delivers it
 * with [signal@Bgrun.LocationSession::location-updated]: latitude and
 * longitude in degrees (WGS 84), and, where the provider knows them,
 * altitude, accuracies, speed and course, and the time of the fix.
 *
 * What the provider did not report reads as “unknown”: a NaN altitude, and
 * -1 for the accuracies, the speed and the course (as Apple's
 * CLLocation reports invalid values as negative).
 *
 * [method@Bgrun.Location.distance_to] measures the geodesic distance on
 * the WGS 84 ellipsoid with Vincenty's inverse formula (accurate to well
 * under a millimetre); for nearly antipodal points, where that formula
 * does not converge, it falls back to the haversine formula on a sphere of
 * the Earth's mean radius, which is within 0.5 % of the truth.
 * [method@Bgrun.Location.bearing_to] gives the initial bearing the same
 * way.
 */

struct _BgrunLocation
{
  gatomicrefcount ref_count;

  double     latitude;
  double     longitude;
  double     altitude;
  double     horizontal_accuracy;
  double     vertical_accuracy;
  double     speed;
  double     course;
  GDateTime *timestamp;
};

G_DEFINE_BOXED_TYPE (BgrunLocation, bgrun_location, bgrun_location_ref, bgrun_location_unref)

/* Negative (or NaN) means unknown; everything unknown is stored as -1. */
static double
known_or_minus_one (double value)
{
  return isnan (value) || value < 0 ? -1.0 : value;
}

/**
 * bgrun_location_new:
 * @latitude: degrees north, from -90 to 90
 * @longitude: degrees east, from -180 to 180
 *
 * Creates a location for a point, timestamped now (UTC), with everything
 * else unknown: for region centres, tests and distances to a known place.
 *
 * Returns: (transfer full): a new location
 */
BgrunLocation *
bgrun_location_new (double latitude,
                    double longitude)
{
  return bgrun_location_new_full (latitude, longitude, NAN, -1, -1, -1, -1, NULL);
}

/**
 * bgrun_location_new_full:
 * @latitude: degrees north, from -90 to 90
 * @longitude: degrees east, from -180 to 180
 * @altitude: metres above mean sea level, or NaN when unknown
 * @horizontal_accuracy: radius of uncertainty in metres, or -1 when unknown
 * @vertical_accuracy: altitude uncertainty in metres, or -1 when unknown
 * @speed: metres per second over ground, or -1 when unknown
 * @course: degrees clockwise from true north, [0, 360), or -1 when unknown
 * @timestamp: (nullable): when the fix was taken; %NULL for now (UTC)
 *
 * Creates a location with everything a provider may report. Any negative
 * accuracy, speed or course is stored as -1 (unknown).
 *
 * Returns: (transfer full): a new location
 */
BgrunLocation *
bgrun_location_new_full (double     latitude,
                         double     longitude,
                         double     altitude,
                         double     horizontal_accuracy,
                         double     vertical_accuracy,
                         double     speed,
                         double     course,
                         GDateTime *timestamp)
{
  BgrunLocation *self;

  g_return_val_if_fail (latitude >= -90.0 && latitude <= 90.0, NULL);
  g_return_val_if_fail (longitude >= -180.0 && longitude <= 180.0, NULL);

  self = g_new0 (BgrunLocation, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->latitude = latitude;
  self->longitude = longitude;
  self->altitude = isfinite (altitude) ? altitude : NAN;
  self->horizontal_accuracy = known_or_minus_one (horizontal_accuracy);
  self->vertical_accuracy = known_or_minus_one (vertical_accuracy);
  self->speed = known_or_minus_one (speed);
  self->course = course >= 0 && course < 360.0 ? course : -1.0;
  self->timestamp = timestamp != NULL ? g_date_time_ref (timestamp) : g_date_time_new_now_utc ();
  return self;
}

/**
 * bgrun_location_ref:
 * @self: a location
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
BgrunLocation *
bgrun_location_ref (BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * bgrun_location_unref:
 * @self: (transfer full): a location
 *
 * Drops a reference; the last one frees the location.
 */
void
bgrun_location_unref (BgrunLocation *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_date_time_unref (self->timestamp);
      g_free (self);
    }
}

/**
 * bgrun_location_get_latitude:
 * @self: a location
 *
 * Gets the latitude.
 *
 * Returns: degrees north (WGS 84), from -90 to 90
 */
double
bgrun_location_get_latitude (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->latitude;
}

/**
 * bgrun_location_get_longitude:
 * @self: a location
 *
 * Gets the longitude.
 *
 * Returns: degrees east (WGS 84), from -180 to 180
 */
double
bgrun_location_get_longitude (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, 0.0);
  return self->longitude;
}

/**
 * bgrun_location_get_altitude:
 * @self: a location
 *
 * Gets the altitude.
 *
 * Returns: metres above mean sea level, or NaN when unknown
 */
double
bgrun_location_get_altitude (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->altitude;
}

/**
 * bgrun_location_get_horizontal_accuracy:
 * @self: a location
 *
 * Gets the horizontal accuracy: the true position is within this many
 * metres of the reported one (with the confidence the provider uses).
 *
 * Returns: metres, or -1 when unknown
 */
double
bgrun_location_get_horizontal_accuracy (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, -1.0);
  return self->horizontal_accuracy;
}

/**
 * bgrun_location_get_vertical_accuracy:
 * @self: a location
 *
 * Gets the vertical accuracy of the altitude.
 *
 * Returns: metres, or -1 when unknown
 */
double
bgrun_location_get_vertical_accuracy (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, -1.0);
  return self->vertical_accuracy;
}

/**
 * bgrun_location_get_speed:
 * @self: a location
 *
 * Gets the speed over ground.
 *
 * Returns: metres per second, or -1 when unknown
 */
double
bgrun_location_get_speed (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, -1.0);
  return self->speed;
}

/**
 * bgrun_location_get_course:
 * @self: a location
 *
 * Gets the direction of travel.
 *
 * Returns: degrees clockwise from true north, [0, 360), or -1 when unknown
 */
double
bgrun_location_get_course (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, -1.0);
  return self->course;
}

/**
 * bgrun_location_get_timestamp:
 * @self: a location
 *
 * Gets when the fix was taken. A replayed track keeps its own times.
 *
 * Returns: (transfer none): the time of the fix, in UTC
 */
GDateTime *
bgrun_location_get_timestamp (const BgrunLocation *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->timestamp;
}

/**
 * bgrun_location_distance_to:
 * @self: a location
 * @other: another location
 *
 * Measures the geodesic distance between two locations on the WGS 84
 * ellipsoid (Vincenty's inverse formula, accurate to well under a
 * millimetre), falling back to the haversine formula for nearly antipodal
 * points (within 0.5 %). Altitudes are ignored.
 *
 * Returns: the distance in metres
 */
double
bgrun_location_distance_to (const BgrunLocation *self,
                            const BgrunLocation *other)
{
  double distance = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (other != NULL, 0.0);

  bgrun_geodesy_inverse (self->latitude, self->longitude,
                         other->latitude, other->longitude, &distance, NULL);
  return distance;
}

/**
 * bgrun_location_haversine_distance_to:
 * @self: a location
 * @other: another location
 *
 * Measures the great-circle distance on a sphere of the Earth's mean
 * radius (6,371,008.8 m): cheaper than
 * [method@Bgrun.Location.distance_to], and within 0.5 % of it.
 *
 * Returns: the distance in metres
 */
double
bgrun_location_haversine_distance_to (const BgrunLocation *self,
                                      const BgrunLocation *other)
{
  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (other != NULL, 0.0);

  return bgrun_geodesy_haversine (self->latitude, self->longitude,
                                  other->latitude, other->longitude);
}

/**
 * bgrun_location_bearing_to:
 * @self: a location
 * @other: another location
 *
 * Gets the initial bearing of the geodesic from @self to @other (the
 * direction to set off in), on the WGS 84 ellipsoid, falling back to the
 * great circle for nearly antipodal points. 0 for the same point.
 *
 * Returns: degrees clockwise from true north, [0, 360)
 */
double
bgrun_location_bearing_to (const BgrunLocation *self,
                           const BgrunLocation *other)
{
  double bearing = 0.0;

  g_return_val_if_fail (self != NULL, 0.0);
  g_return_val_if_fail (other != NULL, 0.0);

  bgrun_geodesy_inverse (self->latitude, self->longitude,
                         other->latitude, other->longitude, NULL, &bearing);
  return bearing;
}

GVariant *
bgrun_location_to_variant (const BgrunLocation *self)
{
  return g_variant_new ("(dddddddx)", self->latitude, self->longitude, self->altitude,
                        self->horizontal_accuracy, self->vertical_accuracy, self->speed,
                        self->course, bgrun_time_to_usec (self->timestamp));
}

BgrunLocation *
bgrun_location_from_variant (GVariant *variant)
{
  double latitude, longitude, altitude, horizontal, vertical, speed, course;
  gint64 usec;
  g_autoptr(GDateTime) timestamp = NULL;

  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE (BGRUN_LOCATION_VARIANT_TYPE)))
    return NULL;
  g_variant_get (variant, "(dddddddx)", &latitude, &longitude, &altitude,
                 &horizontal, &vertical, &speed, &course, &usec);
  timestamp = bgrun_time_from_usec (usec);
  if (!(latitude >= -90.0 && latitude <= 90.0 && longitude >= -180.0 && longitude <= 180.0) ||
      timestamp == NULL)
    return NULL;
  return bgrun_location_new_full (latitude, longitude, altitude, horizontal, vertical,
                                  speed, course, timestamp);
}
