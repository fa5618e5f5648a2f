/* bgrun-location-provider-auto.c: gpsd when it has a receiver, GeoClue
 * otherwise
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-provider-private.h"
#ifdef BGRUN_HAVE_GPSD
#include "bgrun-location-provider-gpsd-private.h"
#endif

/* A GPS receiver is the better source where there is one, and gpsd says
 * at once whether it has one (its DEVICES report answers ?WATCH). So gpsd
 * is tried first, and any failure before its first fix (not running, no
 * receiver) turns to GeoClue. Once a backend has delivered a fix, its
 * failures are the session's. */

struct _BgrunLocationBackendAuto
{
  GObject parent_instance;

  BgrunLocationBackendOptions options;  /* strings and objects owned */
  BgrunLocationBackend       *current;
  char                       *gpsd_failure;
  gboolean                    delivered;
};

#define BGRUN_TYPE_LOCATION_BACKEND_AUTO (bgrun_location_backend_auto_get_type ())
G_DECLARE_FINAL_TYPE (BgrunLocationBackendAuto, bgrun_location_backend_auto,
                      BGRUN, LOCATION_BACKEND_AUTO, GObject)

static void backend_iface_init (BgrunLocationBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BgrunLocationBackendAuto, bgrun_location_backend_auto, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (BGRUN_TYPE_LOCATION_BACKEND, backend_iface_init))

static void use (BgrunLocationBackendAuto *self, BgrunLocationBackend *backend);

static void
drop_current (BgrunLocationBackendAuto *self)
{
  if (self->current == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->current, self);
  bgrun_location_backend_stop (self->current);
  g_clear_object (&self->current);
}

static void
on_location (BgrunLocationBackend *backend,
             BgrunLocation        *location,
             gpointer              user_data)
{
  BgrunLocationBackendAuto *self = user_data;

  self->delivered = TRUE;
  bgrun_location_backend_emit_location (BGRUN_LOCATION_BACKEND (self), location);
}

static void
on_failed (BgrunLocationBackend *backend,
           const GError         *error,
           gpointer              user_data)
{
  BgrunLocationBackendAuto *self = user_data;
  gboolean was_gpsd = g_strcmp0 (bgrun_location_backend_get_name (backend), "gpsd") == 0;
  g_autoptr(GError) none = NULL;

  g_object_ref (self);
  drop_current (self);
  if (was_gpsd && !self->delivered)
    {
      self->gpsd_failure = g_strdup (error->message);
      use (self, bgrun_location_backend_geoclue_new (&self->options));
    }
  else if (!self->delivered && g_error_matches (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_GEOCLUE_UNAVAILABLE))
    {
      none = g_error_new (BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_NO_PROVIDER,
                          _("No location provider is available. gpsd: %s GeoClue: %s"),
                          self->gpsd_failure != NULL ? self->gpsd_failure : _("not built into this libbgrun (-Dlocation)."),
                          error->message);
      bgrun_location_backend_emit_failed (BGRUN_LOCATION_BACKEND (self), none);
    }
  else
    bgrun_location_backend_emit_failed (BGRUN_LOCATION_BACKEND (self), error);
  g_object_unref (self);
}

static void
use (BgrunLocationBackendAuto *self,
     BgrunLocationBackend     *backend)  /* taken */
{
  self->current = backend;
  g_signal_connect (backend, "location", G_CALLBACK (on_location), self);
  g_signal_connect (backend, "failed", G_CALLBACK (on_failed), self);
  bgrun_location_backend_start (backend);
}

static const char *
auto_get_name (BgrunLocationBackend *backend)
{
  BgrunLocationBackendAuto *self = BGRUN_LOCATION_BACKEND_AUTO (backend);

  /* "auto" only until a backend delivered: the app wants to know which. */
  if (self->delivered && self->current != NULL)
    return bgrun_location_backend_get_name (self->current);
  return "auto";
}

static void
auto_start (BgrunLocationBackend *backend)
{
  BgrunLocationBackendAuto *self = BGRUN_LOCATION_BACKEND_AUTO (backend);

#ifdef BGRUN_HAVE_GPSD
  {
    BgrunLocationBackend *gpsd = bgrun_location_backend_gpsd_new (&self->options);

    bgrun_location_backend_gpsd_set_require_device (BGRUN_LOCATION_BACKEND_GPSD (gpsd), TRUE);
    use (self, gpsd);
  }
#else
  use (self, bgrun_location_backend_geoclue_new (&self->options));
#endif
}

static void
auto_stop (BgrunLocationBackend *backend)
{
  drop_current (BGRUN_LOCATION_BACKEND_AUTO (backend));
}

static void
auto_set_accuracy (BgrunLocationBackend  *backend,
                   BgrunLocationAccuracy  accuracy,
                   double                 distance_filter)
{
  BgrunLocationBackendAuto *self = BGRUN_LOCATION_BACKEND_AUTO (backend);

  self->options.accuracy = accuracy;
  self->options.distance_filter = distance_filter;
  if (self->current != NULL)
    bgrun_location_backend_set_accuracy (self->current, accuracy, distance_filter);
}

static void
backend_iface_init (BgrunLocationBackendInterface *iface)
{
  iface->get_name = auto_get_name;
  iface->start = auto_start;
  iface->stop = auto_stop;
  iface->set_accuracy = auto_set_accuracy;
}

static void
bgrun_location_backend_auto_dispose (GObject *object)
{
  BgrunLocationBackendAuto *self = BGRUN_LOCATION_BACKEND_AUTO (object);

  drop_current (self);
  g_clear_object (&self->options.clock);

  G_OBJECT_CLASS (bgrun_location_backend_auto_parent_class)->dispose (object);
}

static void
bgrun_location_backend_auto_finalize (GObject *object)
{
  BgrunLocationBackendAuto *self = BGRUN_LOCATION_BACKEND_AUTO (object);

  g_free ((char *) self->options.app_id);
  g_free ((char *) self->options.gpsd_address);
  g_free (self->gpsd_failure);

  G_OBJECT_CLASS (bgrun_location_backend_auto_parent_class)->finalize (object);
}

static void
bgrun_location_backend_auto_class_init (BgrunLocationBackendAutoClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bgrun_location_backend_auto_dispose;
  G_OBJECT_CLASS (klass)->finalize = bgrun_location_backend_auto_finalize;
}

static void
bgrun_location_backend_auto_init (BgrunLocationBackendAuto *self)
{
}

BgrunLocationBackend *
bgrun_location_backend_auto_new (const BgrunLocationBackendOptions *options)
{
  BgrunLocationBackendAuto *self = g_object_new (BGRUN_TYPE_LOCATION_BACKEND_AUTO, NULL);

  self->options.clock = g_object_ref (options->clock);
  self->options.app_id = g_strdup (options->app_id);
  self->options.accuracy = options->accuracy;
  self->options.distance_filter = options->distance_filter;
  self->options.gpsd_address = g_strdup (options->gpsd_address);
  return BGRUN_LOCATION_BACKEND (self);
}
