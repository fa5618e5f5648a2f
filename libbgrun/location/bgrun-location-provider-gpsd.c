/* bgrun-location-provider-gpsd.c: fixes from a GPS receiver through gpsd
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-provider-gpsd-private.h"

/* gpsd's JSON protocol over a plain socket: ?WATCH turns on a stream of
 * one JSON object a line; TPV ("time, position, velocity") objects carry
 * the fixes, a DEVICES object says which receivers gpsd has. Nothing of
 * libgps is needed for that, and a socket of our own keeps every wait on
 * the main loop. */

#define GPSD_DEFAULT_PORT 2947
#define CONNECT_TIMEOUT   5    /* seconds */
#define MAX_LINE          65536

struct _BgrunLocationBackendGpsd
{
  GObject parent_instance;

  char             *address;
  BgrunClock       *clock;
  gboolean          require_device;
  GCancellable     *cancellable;
  GSocketClient    *client;
  GSocketConnection *connection;
  GDataInputStream *input;
  gboolean          failed;
};

static void backend_iface_init (BgrunLocationBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunLocationBackendGpsd, bgrun_location_backend_gpsd, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_LOCATION_BACKEND, backend_iface_init))

static void gpsd_stop (BgrunLocationBackend *backend);

static void
fail (BgrunLocationBackendGpsd *self,
      GError                   *error)  /* taken */
{
  if (self->failed)
    {
      g_error_free (error);
      return;
    }
  self->failed = TRUE;
  g_object_ref (self);
  gpsd_stop (BGRUN_LOCATION_BACKEND (self));
  bgrun_location_backend_emit_failed (BGRUN_LOCATION_BACKEND (self), error);
  g_error_free (error);
  g_object_unref (self);
}

static double
member_double (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_DOUBLE:
    case G_TYPE_INT64:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

/* json_object_get_string_member() complains, loudly, about a member that
 * is there but not a value; gpsd's reports are not trusted that far. */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
handle_tpv (BgrunLocationBackendGpsd *self,
            JsonObject               *tpv)
{
  g_autoptr(BgrunLocation) location = NULL;
  g_autoptr(GDateTime) timestamp = NULL;
  double latitude = member_double (tpv, "lat", NAN);
  double longitude = member_double (tpv, "lon", NAN);
  double altitude, horizontal;
  const char *time;

  /* mode: 0 unknown, 1 no fix, 2 2D, 3 3D. */
  if (member_double (tpv, "mode", 0) < 2)
    return;
  if (!(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180))
    return;

  /* gpsd 3.20 and later report altHAE and altMSL; older ones alt. */
  altitude = member_double (tpv, "altMSL", member_double (tpv, "alt", member_double (tpv, "altHAE", NAN)));
  horizontal = member_double (tpv, "eph", -1);
  if (horizontal < 0 && json_object_has_member (tpv, "epx") && json_object_has_member (tpv, "epy"))
    horizontal = MAX (member_double (tpv, "epx", -1), member_double (tpv, "epy", -1));

  time = member_string (tpv, "time");
  if (time != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (time, utc);

      if (parsed != NULL)
        timestamp = g_date_time_to_utc (parsed);
    }
  if (timestamp == NULL)
    timestamp = bgrun_clock_get_now (self->clock);

  location = bgrun_location_new_full (latitude, longitude, altitude, horizontal,
                                      member_double (tpv, "epv", -1),
                                      member_double (tpv, "speed", -1),
                                      member_double (tpv, "track", -1),
                                      timestamp);
  bgrun_location_backend_emit_location (BGRUN_LOCATION_BACKEND (self), location);
}

static void
handle_line (BgrunLocationBackendGpsd *self,
             const char               *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *class;

  if (!json_parser_load_from_data (parser, line, -1, &error) ||
      (root = json_parser_get_root (parser)) == NULL ||
      JSON_NODE_TYPE (root) != JSON_NODE_OBJECT)
    {
      fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_PROVIDER_FAILED,
                               _("gpsd at %s sent a line that is not a JSON object: “%.80s”"),
                               self->address, line));
      return;
    }
  object = json_node_get_object (root);
  class = member_string (object, "class");

  if (g_strcmp0 (class, "TPV") == 0)
    handle_tpv (self, object);
  else if (g_strcmp0 (class, "DEVICES") == 0 && self->require_device)
    {
      JsonNode *devices = json_object_get_member (object, "devices");

      if (devices == NULL || JSON_NODE_TYPE (devices) != JSON_NODE_ARRAY ||
          json_array_get_length (json_node_get_array (devices)) == 0)
        fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_NO_PROVIDER,
                                 _("gpsd at %s has no GPS receiver."), self->address));
    }
  else if (g_strcmp0 (class, "ERROR") == 0)
    fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_PROVIDER_FAILED,
                             _("gpsd at %s reported an error: %s"), self->address,
                             member_string (object, "message") != NULL ? member_string (object, "message") : ""));
}

static void read_next (BgrunLocationBackendGpsd *self);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  BgrunLocationBackendGpsd *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize length = 0;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, &length, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE,
                               _("The connection to gpsd at %s broke: %s"), self->address, error->message));
      return;
    }
  if (line == NULL)
    {
      fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE,
                               _("gpsd at %s closed the connection."), self->address));
      return;
    }
  if (length > MAX_LINE)
    {
      fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_PROVIDER_FAILED,
                               _("gpsd at %s sent a line of %zu bytes, more than any report needs."),
                               self->address, length));
      return;
    }

  g_object_ref (self);
  if (*line != '\0')
    handle_line (self, line);
  if (!self->failed && self->input != NULL)
    read_next (self);
  g_object_unref (self);
}

static void
read_next (BgrunLocationBackendGpsd *self)
{
  g_data_input_stream_read_line_async (self->input, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line, self);
}

static void
on_watch_sent (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  BgrunLocationBackendGpsd *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE,
                                 _("gpsd at %s cannot be asked for reports: %s"), self->address, error->message));
      return;
    }
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  static const char watch[] = "?WATCH={\"enable\":true,\"json\":true};\n";
  BgrunLocationBackendGpsd *self = user_data;
  g_autoptr(GError) error = NULL;
  GSocketConnection *connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);

  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE,
                                 _("gpsd cannot be reached at %s: %s. Is gpsd running there (or is BGRUN_GPSD set to its host:port)?"),
                                 self->address, error->message));
      return;
    }
  self->connection = connection;
  self->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   watch, sizeof watch - 1, G_PRIORITY_DEFAULT, self->cancellable,
                                   on_watch_sent, self);
  read_next (self);
}

static const char *
gpsd_get_name (BgrunLocationBackend *backend)
{
  return "gpsd";
}

static void
gpsd_start (BgrunLocationBackend *backend)
{
  BgrunLocationBackendGpsd *self = BGRUN_LOCATION_BACKEND_GPSD (backend);
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  connectable = g_network_address_parse (self->address, GPSD_DEFAULT_PORT, &error);
  if (connectable == NULL)
    {
      fail (self, g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GPSD_UNREACHABLE,
                               _("“%s” is not a gpsd address: give host:port, such as localhost:2947."),
                               self->address));
      return;
    }
  self->client = g_socket_client_new ();
  g_socket_client_set_timeout (self->client, CONNECT_TIMEOUT);
  g_socket_client_connect_async (self->client, connectable, self->cancellable, on_connected, self);
}

static void
gpsd_stop (BgrunLocationBackend *backend)
{
  BgrunLocationBackendGpsd *self = BGRUN_LOCATION_BACKEND_GPSD (backend);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->input);
  if (self->connection != NULL)
    g_io_stream_close (G_IO_STREAM (self->connection), NULL, NULL);
  g_clear_object (&self->connection);
}

static void
backend_iface_init (BgrunLocationBackendInterface *iface)
{
  iface->get_name = gpsd_get_name;
  iface->start = gpsd_start;
  iface->stop = gpsd_stop;
}

static void
bgrun_location_backend_gpsd_dispose (GObject *object)
{
  BgrunLocationBackendGpsd *self = BGRUN_LOCATION_BACKEND_GPSD (object);

  gpsd_stop (BGRUN_LOCATION_BACKEND (self));
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (bgrun_location_backend_gpsd_parent_class)->dispose (object);
}

static void
bgrun_location_backend_gpsd_finalize (GObject *object)
{
  g_free (BGRUN_LOCATION_BACKEND_GPSD (object)->address);

  G_OBJECT_CLASS (bgrun_location_backend_gpsd_parent_class)->finalize (object);
}

static void
bgrun_location_backend_gpsd_class_init (BgrunLocationBackendGpsdClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_location_backend_gpsd_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_location_backend_gpsd_finalize;
}

static void
bgrun_location_backend_gpsd_init (BgrunLocationBackendGpsd *self)
{
}

BgrunLocationBackend *
bgrun_location_backend_gpsd_new (const BgrunLocationBackendOptions *options)
{
  BgrunLocationBackendGpsd *self = g_object_new (BGRUN_TYPE_LOCATION_BACKEND_GPSD, NULL);

  self->address = g_strdup (options->gpsd_address != NULL && *options->gpsd_address != '\0'
                            ? options->gpsd_address : "localhost:2947");
  self->clock = g_object_ref (options->clock);
  return BGRUN_LOCATION_BACKEND (self);
}

void
bgrun_location_backend_gpsd_set_require_device (BgrunLocationBackendGpsd *self,
                                                gboolean                  require)
{
  self->require_device = require;
}
