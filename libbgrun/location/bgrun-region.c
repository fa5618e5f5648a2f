/* bgrun-region.c: a circle on the map
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-region.h"

/**
 * BgrunRegion:
 *
 * A circular region: a centre (WGS 84 degrees) and a radius in metres,
 * with an identifier that the app chooses and that names the region in
 * [signal@Bgrun.LocationSession::region-event].
 *
 * Give it to [method@Bgrun.LocationSession.monitor_region] to be told when
 * the device enters or leaves it. A region is immutable; to move one,
 * monitor a new region with the same identifier (it replaces the old one).
 */

#define MAX_IDENTIFIER_LENGTH 256

struct _BgrunRegion
{
  GObject parent_instance;

  char   *identifier;
  double  latitude;
  double  longitude;
  double  radius;
};

enum {
  PROP_0,
  PROP_IDENTIFIER,
  PROP_LATITUDE,
  PROP_LONGITUDE,
  PROP_RADIUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BgrunRegion, bgrun_region, G_TYPE_OBJECT)

static void
bgrun_region_finalize (GObject *object)
{
  BgrunRegion *self = BGRUN_REGION (object);

  g_free (self->identifier);

  G_OBJECT_CLASS (bgrun_region_parent_class)->finalize (object);
}

static void
bgrun_region_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BgrunRegion *self = BGRUN_REGION (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      g_value_set_string (value, self->identifier);
      break;
    case PROP_LATITUDE:
      g_value_set_double (value, self->latitude);
      break;
    case PROP_LONGITUDE:
      g_value_set_double (value, self->longitude);
      break;
    case PROP_RADIUS:
      g_value_set_double (value, self->radius);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_region_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  BgrunRegion *self = BGRUN_REGION (object);

  switch (prop_id)
    {
    case PROP_IDENTIFIER:
      self->identifier = g_value_dup_string (value);
      break;
    case PROP_LATITUDE:
      self->latitude = g_value_get_double (value);
      break;
    case PROP_LONGITUDE:
      self->longitude = g_value_get_double (value);
      break;
    case PROP_RADIUS:
      self->radius = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_region_class_init (BgrunRegionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  /* Ranges are checked by bgrun_region_validate(), with a GError that says
   * what is wrong, rather than by a warning from the property system. */
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_region_finalize;
  object_class->get_property = bgrun_region_get_property;
  object_class->set_property = bgrun_region_set_property;

  /**
   * BgrunRegion:identifier:
   *
   * The app's name for the region, unique among the regions it monitors.
   */
  properties[PROP_IDENTIFIER] =
    g_param_spec_string ("identifier", NULL, NULL, NULL, flags);

  /**
   * BgrunRegion:latitude:
   *
   * The latitude of the centre, in degrees north.
   */
  properties[PROP_LATITUDE] =
    g_param_spec_double ("latitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);

  /**
   * BgrunRegion:longitude:
   *
   * The longitude of the centre, in degrees east.
   */
  properties[PROP_LONGITUDE] =
    g_param_spec_double ("longitude", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0, flags);

  /**
   * BgrunRegion:radius:
   *
   * The radius in metres, from %BGRUN_REGION_MIN_RADIUS to
   * %BGRUN_REGION_MAX_RADIUS for a region to be monitored.
   */
  properties[PROP_RADIUS] =
    g_param_spec_double ("radius", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 100.0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_region_init (BgrunRegion *self)
{
}

/**
 * bgrun_region_new:
 * @identifier: the app's name for the region
 * @latitude: the centre's latitude, in degrees north
 * @longitude: the centre's longitude, in degrees east
 * @radius: the radius, in metres
 *
 * Creates a circular region. Nothing is checked here: use
 * [method@Bgrun.Region.validate], or let
 * [method@Bgrun.LocationSession.monitor_region] check it.
 *
 * Returns: (transfer full): a new region
 */
BgrunRegion *
bgrun_region_new (const char *identifier,
                  double      latitude,
                  double      longitude,
                  double      radius)
{
  g_return_val_if_fail (identifier != NULL, NULL);

  return g_object_new (BGRUN_TYPE_REGION,
                       "identifier", identifier,
                       "latitude", latitude,
                       "longitude", longitude,
                       "radius", radius,
                       NULL);
}

/**
 * bgrun_region_get_identifier:
 * @self: a region
 *
 * Gets [property@Bgrun.Region:identifier].
 *
 * Returns: (transfer none): the identifier
 */
const char *
bgrun_region_get_identifier (BgrunRegion *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION (self), NULL);
  return self->identifier;
}

/**
 * bgrun_region_get_latitude:
 * @self: a region
 *
 * Gets [property@Bgrun.Region:latitude].
 *
 * Returns: the centre's latitude, in degrees north
 */
double
bgrun_region_get_latitude (BgrunRegion *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION (self), 0.0);
  return self->latitude;
}

/**
 * bgrun_region_get_longitude:
 * @self: a region
 *
 * Gets [property@Bgrun.Region:longitude].
 *
 * Returns: the centre's longitude, in degrees east
 */
double
bgrun_region_get_longitude (BgrunRegion *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION (self), 0.0);
  return self->longitude;
}

/**
 * bgrun_region_get_radius:
 * @self: a region
 *
 * Gets [property@Bgrun.Region:radius].
 *
 * Returns: the radius, in metres
 */
double
bgrun_region_get_radius (BgrunRegion *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION (self), 0.0);
  return self->radius;
}

/**
 * bgrun_region_validate:
 * @self: a region
 * @error: return location for a %BGRUN_LOCATION_ERROR_INVALID_REGION error
 *
 * Checks that the region can be monitored: a non-empty UTF-8 identifier
 * of at most 256 bytes, a centre on the globe, and a radius from
 * %BGRUN_REGION_MIN_RADIUS to %BGRUN_REGION_MAX_RADIUS metres.
 *
 * Returns: %TRUE when the region is valid
 */
gboolean
bgrun_region_validate (BgrunRegion  *self,
                       GError      **error)
{
  g_return_val_if_fail (BGRUN_IS_REGION (self), FALSE);

  if (self->identifier == NULL || *self->identifier == '\0' ||
      strlen (self->identifier) > MAX_IDENTIFIER_LENGTH ||
      !g_utf8_validate (self->identifier, -1, NULL))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_REGION,
                   _("A region’s identifier must be UTF-8 text of 1 to %d bytes."),
                   MAX_IDENTIFIER_LENGTH);
      return FALSE;
    }
  if (!(self->latitude >= -90.0 && self->latitude <= 90.0) ||
      !(self->longitude >= -180.0 && self->longitude <= 180.0))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_REGION,
                   _("The region “%s” is centred on latitude %g, longitude %g, which is not on the globe: latitudes go from −90 to 90, longitudes from −180 to 180."),
                   self->identifier, self->latitude, self->longitude);
      return FALSE;
    }
  if (!(self->radius >= BGRUN_REGION_MIN_RADIUS && self->radius <= BGRUN_REGION_MAX_RADIUS))
    {
      g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_REGION,
                   _("The region “%s” has a radius of %g m; a monitored region’s radius must be from %g to %g m."),
                   self->identifier, self->radius, BGRUN_REGION_MIN_RADIUS, BGRUN_REGION_MAX_RADIUS);
      return FALSE;
    }
  return TRUE;
}

/**
 * bgrun_region_get_center:
 * @self: a region
 *
 * Gets the centre as a location, to measure distances to it.
 *
 * Returns: (transfer full) (nullable): the centre, or %NULL when the
 *   region's latitude or longitude is not on the globe
 */
BgrunLocation *
bgrun_region_get_center (BgrunRegion *self)
{
  g_return_val_if_fail (BGRUN_IS_REGION (self), NULL);

  if (!(self->latitude >= -90.0 && self->latitude <= 90.0) ||
      !(self->longitude >= -180.0 && self->longitude <= 180.0))
    return NULL;
  return bgrun_location_new (self->latitude, self->longitude);
}

/**
 * bgrun_region_contains:
 * @self: a region
 * @location: a location
 *
 * Tells whether @location lies within the region's circle (its geodesic
 * distance to the centre is at most the radius), without any margin.
 *
 * Returns: %TRUE when @location is inside the region
 */
gboolean
bgrun_region_contains (BgrunRegion   *self,
                       BgrunLocation *location)
{
  g_autoptr(BgrunLocation) center = NULL;

  g_return_val_if_fail (BGRUN_IS_REGION (self), FALSE);
  g_return_val_if_fail (location != NULL, FALSE);

  center = bgrun_region_get_center (self);
  return center != NULL && bgrun_location_distance_to (center, location) <= self->radius;
}
