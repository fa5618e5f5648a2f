/* bgrun-location-provider-geoclue.c: fixes from GeoClue 2
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-provider-private.h"

/* GeoClue's D-Bus API, spoken directly (libgeoclue would add a dependency
 * for a handful of calls): the manager hands out a client object, which
 * is configured through its properties and started; each new position is
 * a Location object announced by the client's LocationUpdated signal.
 * Every step is asynchronous; stop() cancels whatever is in flight, so a
 * late reply finds nothing to call back. */

#define GEOCLUE_NAME       "org.freedesktop.GeoClue2"
#define GEOCLUE_MANAGER    "/org/freedesktop/GeoClue2/Manager"
#define MANAGER_IFACE      "org.freedesktop.GeoClue2.Manager"
#define CLIENT_IFACE       "org.freedesktop.GeoClue2.Client"
#define LOCATION_IFACE     "org.freedesktop.GeoClue2.Location"
#define PROPERTIES_IFACE   "org.freedesktop.DBus.Properties"

struct _BgrunLocationBackendGeoclue
{
  GObject parent_instance;

  char            *app_id;
  guint            accuracy_level;
  guint            distance_threshold;
  GCancellable    *cancellable;
  GDBusConnection *bus;
  char            *client_path;
  guint            updated_subscription;
  guint            step;          /* the next configuration call to make */
  gboolean         failed;
};

#define BGRUN_TYPE_LOCATION_BACKEND_GEOCLUE (bgrun_location_backend_geoclue_get_type ())
G_DECLARE_FINAL_TYPE (BgrunLocationBackendGeoclue, bgrun_location_backend_geoclue,
                      BGRUN, LOCATION_BACKEND_GEOCLUE, GObject)

static void backend_iface_init (BgrunLocationBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunLocationBackendGeoclue, bgrun_location_backend_geoclue, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_LOCATION_BACKEND, backend_iface_init))

static void geoclue_stop (BgrunLocationBackend *backend);

/* Fails once, with an error made from what the bus said. */
static void
fail (BgrunLocationBackendGeoclue *self,
      const GError                *dbus_error,
      const char                  *what)
{
  g_autoptr(GError) error = NULL;

  if (self->failed)
    return;
  self->failed = TRUE;

  if (self->bus == NULL ||
      g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) ||
      g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_FILE_NOT_FOUND))
    g_set_error (&error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GEOCLUE_UNAVAILABLE,
                 _("GeoClue is not available on the system bus (%s failed: %s). Install and enable the geoclue-2.0 service, or use another provider."),
                 what, dbus_error->message);
  else if (g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED) &&
           strstr (dbus_error->message, "Geolocation disabled") != NULL)
    /* What GeoClue says when no agent runs for the user (a session
     * without a desktop shell), or when the user turned location off. */
    g_set_error (&error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GEOCLUE_UNAVAILABLE,
                 _("GeoClue gives no location to this user: no GeoClue agent runs to ask the user (as in a session without a desktop), or location services are turned off. GeoClue said: %s"),
                 dbus_error->message);
  else if (g_error_matches (dbus_error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    g_set_error (&error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_ACCESS_DENIED,
                 _("Access to the location was denied to “%s”. The user can allow it in the desktop’s privacy settings. GeoClue said: %s"),
                 self->app_id, dbus_error->message);
  else
    g_set_error (&error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_PROVIDER_FAILED,
                 _("GeoClue failed (%s): %s"), what, dbus_error->message);

  g_object_ref (self);
  geoclue_stop (BGRUN_LOCATION_BACKEND (self));
  bgrun_location_backend_emit_failed (BGRUN_LOCATION_BACKEND (self), error);
  g_object_unref (self);
}

static double
lookup_double (GVariant   *properties,
               const char *name,
               double      fallback)
{
  double value;

  if (g_variant_lookup (properties, name, "d", &value) && isfinite (value))
    return value;
  return fallback;
}

static void
on_location_properties (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  BgrunLocationBackendGeoclue *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_autoptr(GVariant) properties = NULL;
  g_autoptr(GDateTime) timestamp = NULL;
  g_autoptr(BgrunLocation) location = NULL;
  double latitude, longitude, altitude, speed, heading;
  guint64 seconds = 0, microseconds = 0;

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error, "Location.GetAll");
      return;
    }
  g_variant_get (reply, "(@a{sv})", &properties);
  latitude = lookup_double (properties, "Latitude", NAN);
  longitude = lookup_double (properties, "Longitude", NAN);
  if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180))
    {
      g_autoptr(GError) bad = g_error_new (G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                           _("a location without a valid Latitude and Longitude"));
      fail (self, bad, "LocationUpdated");
      return;
    }
  /* GeoClue marks an unknown altitude with -G_MAXDOUBLE, unknown speed and
   * heading with -1. */
  altitude = lookup_double (properties, "Altitude", NAN);
  if (altitude <= -G_MAXDOUBLE / 2)
    altitude = NAN;
  speed = lookup_double (properties, "Speed", -1);
  heading = lookup_double (properties, "Heading", -1);
  if (g_variant_lookup (properties, "Timestamp", "(tt)", &seconds, &microseconds) && seconds > 0)
    {
      g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc ((gint64) seconds);

      if (whole != NULL)
        timestamp = g_date_time_add (whole, (GTimeSpan) microseconds);
    }
  location = bgrun_location_new_full (latitude, longitude, altitude,
                                      lookup_double (properties, "Accuracy", -1), -1,
                                      speed, heading, timestamp);
  bgrun_location_backend_emit_location (BGRUN_LOCATION_BACKEND (self), location);
}

static void
on_location_updated (GDBusConnection *bus,
                     const char      *sender,
                     const char      *path,
                     const char      *interface,
                     const char      *signal,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  BgrunLocationBackendGeoclue *self = user_data;
  const char *new_path = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(oo)")))
    return;
  g_variant_get (parameters, "(&o&o)", NULL, &new_path);
  g_dbus_connection_call (self->bus, GEOCLUE_NAME, new_path, PROPERTIES_IFACE, "GetAll",
                          g_variant_new ("(s)", LOCATION_IFACE), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                          on_location_properties, self);
}

static void configure_next (BgrunLocationBackendGeoclue *self);

static void
on_configured (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BgrunLocationBackendGeoclue *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error, self->step <= 4 ? "Client property" : "Client.Start");
      return;
    }
  configure_next (self);
}

/* DesktopId, RequestedAccuracyLevel, DistanceThreshold, TimeThreshold,
 * then Start: one after the other, so Start sees them all. */
static void
configure_next (BgrunLocationBackendGeoclue *self)
{
  const char *name = NULL;
  GVariant *value = NULL;

  switch (self->step++)
    {
    case 0:
      name = "DesktopId";
      value = g_variant_new_string (self->app_id);
      break;
    case 1:
      name = "RequestedAccuracyLevel";
      value = g_variant_new_uint32 (self->accuracy_level);
      break;
    case 2:
      name = "DistanceThreshold";
      value = g_variant_new_uint32 (self->distance_threshold);
      break;
    case 3:
      /* Every update, however soon after the last: the session filters. */
      name = "TimeThreshold";
      value = g_variant_new_uint32 (0);
      break;
    case 4:
      g_dbus_connection_call (self->bus, GEOCLUE_NAME, self->client_path, CLIENT_IFACE, "Start",
                              NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                              on_configured, self);
      return;
    default:
      return;  /* started */
    }
  g_dbus_connection_call (self->bus, GEOCLUE_NAME, self->client_path, PROPERTIES_IFACE, "Set",
                          g_variant_new ("(ssv)", CLIENT_IFACE, name, value), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, on_configured, self);
}

static void
on_client (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  BgrunLocationBackendGeoclue *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error, "Manager.GetClient");
      return;
    }
  g_variant_get (reply, "(o)", &self->client_path);
  self->updated_subscription =
    g_dbus_connection_signal_subscribe (self->bus, GEOCLUE_NAME, CLIENT_IFACE, "LocationUpdated",
                                        self->client_path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_location_updated, self, NULL);
  configure_next (self);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  BgrunLocationBackendGeoclue *self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error, "connecting to the system bus");
      return;
    }
  self->bus = bus;
  g_dbus_connection_call (self->bus, GEOCLUE_NAME, GEOCLUE_MANAGER, MANAGER_IFACE, "GetClient",
                          NULL, G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, on_client, self);
}

static const char *
geoclue_get_name (BgrunLocationBackend *backend)
{
  return "geoclue";
}

static void
geoclue_start (BgrunLocationBackend *backend)
{
  BgrunLocationBackendGeoclue *self = BGRUN_LOCATION_BACKEND_GEOCLUE (backend);

  g_return_if_fail (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_bus, self);
}

/* The answers to Stop and DeleteClient are not needed, but are asked for:
 * a call sent without expecting a reply is one that some services (and
 * python-dbusmock) never carry out. */
static void
ignore_reply (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
}

static void
geoclue_stop (BgrunLocationBackend *backend)
{
  BgrunLocationBackendGeoclue *self = BGRUN_LOCATION_BACKEND_GEOCLUE (backend);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->bus != NULL && self->updated_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->updated_subscription);
  self->updated_subscription = 0;
  if (self->bus != NULL && self->client_path != NULL)
    {
      /* Stop the client and give it back, without waiting: GeoClue also
       * drops the clients of a peer that leaves the bus. */
      g_dbus_connection_call (self->bus, GEOCLUE_NAME, self->client_path, CLIENT_IFACE, "Stop",
                              NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, ignore_reply, NULL);
      g_dbus_connection_call (self->bus, GEOCLUE_NAME, GEOCLUE_MANAGER, MANAGER_IFACE, "DeleteClient",
                              g_variant_new ("(o)", self->client_path), NULL,
                              G_DBUS_CALL_FLAGS_NONE, -1, NULL, ignore_reply, NULL);
      g_clear_pointer (&self->client_path, g_free);
    }
}

static void
set_client_property (BgrunLocationBackendGeoclue *self,
                     const char                  *name,
                     guint32                      value)
{
  /* Fire and forget: GeoClue applies a new level or threshold to an
   * active client, and a refusal changes nothing the session relies on. */
  g_dbus_connection_call (self->bus, GEOCLUE_NAME, self->client_path, PROPERTIES_IFACE, "Set",
                          g_variant_new ("(ssv)", CLIENT_IFACE, name, g_variant_new_uint32 (value)),
                          NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, NULL, NULL);
}

static void
geoclue_set_accuracy (BgrunLocationBackend  *backend,
                      BgrunLocationAccuracy  accuracy,
                      double                 distance_filter)
{
  BgrunLocationBackendGeoclue *self = BGRUN_LOCATION_BACKEND_GEOCLUE (backend);
  guint level = bgrun_location_accuracy_to_geoclue_level (accuracy);
  guint threshold = (guint) MIN (distance_filter, (double) G_MAXUINT32);
  gboolean configured = self->step > 2;  /* the values below were sent */

  if (configured && self->client_path != NULL && level != self->accuracy_level)
    set_client_property (self, "RequestedAccuracyLevel", level);
  if (configured && self->client_path != NULL && threshold != self->distance_threshold)
    set_client_property (self, "DistanceThreshold", threshold);
  self->accuracy_level = level;
  self->distance_threshold = threshold;
}

static void
backend_iface_init (BgrunLocationBackendInterface *iface)
{
  iface->get_name = geoclue_get_name;
  iface->start = geoclue_start;
  iface->stop = geoclue_stop;
  iface->set_accuracy = geoclue_set_accuracy;
}

static void
bgrun_location_backend_geoclue_dispose (GObject *object)
{
  BgrunLocationBackendGeoclue *self = BGRUN_LOCATION_BACKEND_GEOCLUE (object);

  geoclue_stop (BGRUN_LOCATION_BACKEND (self));
  g_clear_object (&self->cancellable);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (bgrun_location_backend_geoclue_parent_class)->dispose (object);
}

static void
bgrun_location_backend_geoclue_finalize (GObject *object)
{
  BgrunLocationBackendGeoclue *self = BGRUN_LOCATION_BACKEND_GEOCLUE (object);

  g_free (self->app_id);
  g_free (self->client_path);

  G_OBJECT_CLASS (bgrun_location_backend_geoclue_parent_class)->finalize (object);
}

static void
bgrun_location_backend_geoclue_class_init (BgrunLocationBackendGeoclueClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_location_backend_geoclue_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_location_backend_geoclue_finalize;
}

static void
bgrun_location_backend_geoclue_init (BgrunLocationBackendGeoclue *self)
{
}

BgrunLocationBackend *
bgrun_location_backend_geoclue_new (const BgrunLocationBackendOptions *options)
{
  BgrunLocationBackendGeoclue *self = g_object_new (BGRUN_TYPE_LOCATION_BACKEND_GEOCLUE, NULL);

  self->app_id = g_strdup (options->app_id);
  self->accuracy_level = bgrun_location_accuracy_to_geoclue_level (options->accuracy);
  self->distance_threshold = (guint) MIN (options->distance_filter, (double) G_MAXUINT32);
  return BGRUN_LOCATION_BACKEND (self);
}
