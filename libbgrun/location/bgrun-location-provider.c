/* bgrun-location-provider.c: the location backend interface, and the
 * choice of one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-provider-private.h"
#include "bgrun-track-private.h"

/* Sessions get fixes through whichever backend the app asked for; the
 * choice is made here, once, so the session sees only the interface.
 * $BGRUN_LOCATION_REPLAY wins over everything: it is how a developer
 * drives an unmodified app along a recorded route, as Xcode does with a
 * GPX file on the platform we model. */

enum {
  SIG_LOCATION,
  SIG_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (BgrunLocationBackend, bgrun_location_backend, G_TYPE_OBJECT)

static void
bgrun_location_backend_default_init (BgrunLocationBackendInterface *iface)
{
  signals[SIG_LOCATION] =
    g_signal_new ("location", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BGRUN_TYPE_LOCATION);
  signals[SIG_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static BgrunLocationBackend *
new_replay (GFile   *file,
            double   speed,
            BgrunClock *clock,
            GError **error)
{
  g_autoptr(GPtrArray) track = NULL;

  if (file == NULL)
    {
      g_set_error_literal (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_STATE,
                           _("A replay needs a track: set the session’s replay-file to a GPX or NMEA file."));
      return NULL;
    }
  track = bgrun_track_load (file, error);
  if (track == NULL)
    return NULL;
  return bgrun_location_backend_replay_new (clock, track, speed);
}

static BgrunLocationProvider
provider_from_environment (void)
{
  const char *forced = g_getenv ("BGRUN_LOCATION_PROVIDER");

  if (g_strcmp0 (forced, "geoclue") == 0)
    return BGRUN_LOCATION_PROVIDER_GEOCLUE;
  if (g_strcmp0 (forced, "gpsd") == 0)
    return BGRUN_LOCATION_PROVIDER_GPSD;
  if (g_strcmp0 (forced, "replay") == 0)
    return BGRUN_LOCATION_PROVIDER_REPLAY;
  if (forced != NULL && *forced != '\0')
    g_debug ("libbgrun: ignoring BGRUN_LOCATION_PROVIDER=%s (not geoclue, gpsd or replay)", forced);
  return BGRUN_LOCATION_PROVIDER_AUTO;
}

BgrunLocationBackend *
bgrun_location_backend_new (BgrunLocationProvider               provider,
                            const BgrunLocationBackendOptions  *options,
                            GError                            **error)
{
  const char *replay = g_getenv ("BGRUN_LOCATION_REPLAY");

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (BGRUN_IS_CLOCK (options->clock), NULL);

  if (replay != NULL && *replay != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (replay);
      const char *speed_text = g_getenv ("BGRUN_LOCATION_REPLAY_SPEED");
      double speed = options->replay_speed;

      if (speed_text != NULL && *speed_text != '\0')
        {
          char *end = NULL;
          double value = g_ascii_strtod (speed_text, &end);

          if (end == speed_text || *end != '\0' || !(value > 0 && value <= 1e6))
            {
              g_set_error (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_INVALID_STATE,
                           _("BGRUN_LOCATION_REPLAY_SPEED=%s is not a speed: give a number above 0, such as 10 for ten times faster."),
                           speed_text);
              return NULL;
            }
          speed = value;
        }
      return new_replay (file, speed, options->clock, error);
    }

  if (provider == BGRUN_LOCATION_PROVIDER_AUTO)
    provider = provider_from_environment ();

  switch (provider)
    {
    case BGRUN_LOCATION_PROVIDER_REPLAY:
      return new_replay (options->replay_file, options->replay_speed, options->clock, error);
    case BGRUN_LOCATION_PROVIDER_GEOCLUE:
      return bgrun_location_backend_geoclue_new (options);
    case BGRUN_LOCATION_PROVIDER_GPSD:
#ifdef BGRUN_HAVE_GPSD
      return bgrun_location_backend_gpsd_new (options);
#else
      g_set_error_literal (error, BGRUN_LOCATION_ERROR, BGRUN_LOCATION_ERROR_NOT_BUILT,
                           _("This libbgrun was built without its gpsd provider: rebuild it with -Dlocation=enabled (which needs json-glib)."));
      return NULL;
#endif
    case BGRUN_LOCATION_PROVIDER_AUTO:
    default:
      return bgrun_location_backend_auto_new (options);
    }
}

const char *
bgrun_location_backend_get_name (BgrunLocationBackend *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_BACKEND (self), NULL);

  return BGRUN_LOCATION_BACKEND_GET_IFACE (self)->get_name (self);
}

void
bgrun_location_backend_start (BgrunLocationBackend *self)
{
  g_return_if_fail (BGRUN_IS_LOCATION_BACKEND (self));

  BGRUN_LOCATION_BACKEND_GET_IFACE (self)->start (self);
}

void
bgrun_location_backend_stop (BgrunLocationBackend *self)
{
  g_return_if_fail (BGRUN_IS_LOCATION_BACKEND (self));

  BGRUN_LOCATION_BACKEND_GET_IFACE (self)->stop (self);
}

void
bgrun_location_backend_set_accuracy (BgrunLocationBackend  *self,
                                     BgrunLocationAccuracy  accuracy,
                                     double                 distance_filter)
{
  BgrunLocationBackendInterface *iface;

  g_return_if_fail (BGRUN_IS_LOCATION_BACKEND (self));

  iface = BGRUN_LOCATION_BACKEND_GET_IFACE (self);
  if (iface->set_accuracy != NULL)
    iface->set_accuracy (self, accuracy, distance_filter);
}

void
bgrun_location_backend_emit_location (BgrunLocationBackend *self,
                                      BgrunLocation        *location)
{
  g_signal_emit (self, signals[SIG_LOCATION], 0, location);
}

void
bgrun_location_backend_emit_failed (BgrunLocationBackend *self,
                                    const GError         *error)
{
  g_signal_emit (self, signals[SIG_FAILED], 0, error);
}

guint
bgrun_location_accuracy_to_geoclue_level (BgrunLocationAccuracy accuracy)
{
  /* GClueAccuracyLevel: country 1, city 4, neighbourhood 5, street 6,
   * exact 8. */
  switch (accuracy)
    {
    case BGRUN_LOCATION_ACCURACY_BEST:
    case BGRUN_LOCATION_ACCURACY_NEAREST_TEN_METERS:
      return 8;
    case BGRUN_LOCATION_ACCURACY_HUNDRED_METERS:
      return 6;
    case BGRUN_LOCATION_ACCURACY_KILOMETER:
      return 5;
    case BGRUN_LOCATION_ACCURACY_THREE_KILOMETERS:
      return 4;
    case BGRUN_LOCATION_ACCURACY_REDUCED:
    default:
      return 1;
    }
}
