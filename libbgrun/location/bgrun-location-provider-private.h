/* bgrun-location-provider-private.h: where locations come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-clock.h"
#include "bgrun-location-session.h"
#include "bgrun-location.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_LOCATION_BACKEND (bgrun_location_backend_get_type ())

/* The interface is called a backend because BgrunLocationProvider is the
 * public enum that names them. */
G_DECLARE_INTERFACE (BgrunLocationBackend, bgrun_location_backend, BGRUN, LOCATION_BACKEND, GObject)

/* What every backend is made with. */
typedef struct
{
  BgrunClock            *clock;            /* times replays; never NULL */
  const char            *app_id;           /* GeoClue's DesktopId */
  GFile                 *replay_file;      /* replay only */
  double                 replay_speed;     /* replay only; > 0 */
  BgrunLocationAccuracy  accuracy;
  double                 distance_filter;  /* metres, 0 for none */
  const char            *gpsd_address;     /* host:port, NULL for the default */
} BgrunLocationBackendOptions;

/* A source of fixes: GeoClue (bgrun-location-provider-geoclue.c), gpsd
 * (bgrun-location-provider-gpsd.c) or a recorded track
 * (bgrun-location-provider-replay.c); bgrun_location_backend_new() picks
 * one.
 *
 * start() begins delivering fixes: each one is announced with the
 * interface's "location" signal (BgrunLocation *), in time order, on the
 * thread-default main context of the caller of start(). Whatever goes
 * wrong later (a service that went away, access denied) is announced once
 * with "failed" (GError *, in BGRUN_LOCATION_ERROR), after which the
 * backend delivers nothing more. stop() ends delivery at once: no signal
 * is emitted after it returns. A backend is started at most once. */
struct _BgrunLocationBackendInterface
{
  GTypeInterface parent_iface;

  const char *(*get_name)      (BgrunLocationBackend  *self);
  void        (*start)         (BgrunLocationBackend  *self);
  void        (*stop)          (BgrunLocationBackend  *self);
  /* Optional: for backends that can ask their service for another
   * accuracy or distance threshold while running (GeoClue). */
  void        (*set_accuracy)  (BgrunLocationBackend  *self,
                                BgrunLocationAccuracy  accuracy,
                                double                 distance_filter);
};

/* The backend for @provider: $BGRUN_LOCATION_REPLAY (a track file) makes
 * it a replay of that file whatever the app asked for, so developers can
 * simulate a route without changing the app ($BGRUN_LOCATION_REPLAY_SPEED
 * then sets its speed); otherwise AUTO becomes $BGRUN_LOCATION_PROVIDER
 * (`geoclue`, `gpsd` or `replay`) when that is set. Fails at once when the
 * backend is not built (BGRUN_LOCATION_ERROR_NOT_BUILT, naming the meson
 * option), when a replay has no file or its file does not parse
 * (BGRUN_LOCATION_ERROR_REPLAY_FILE, with the line and the reason). */
BgrunLocationBackend *bgrun_location_backend_new (BgrunLocationProvider               provider,
                                                  const BgrunLocationBackendOptions  *options,
                                                  GError                            **error);

/* The implementations. */
BgrunLocationBackend *bgrun_location_backend_replay_new  (BgrunClock  *clock,
                                                          GPtrArray   *track,
                                                          double       speed);
BgrunLocationBackend *bgrun_location_backend_geoclue_new (const BgrunLocationBackendOptions *options);
BgrunLocationBackend *bgrun_location_backend_gpsd_new    (const BgrunLocationBackendOptions *options);
BgrunLocationBackend *bgrun_location_backend_auto_new    (const BgrunLocationBackendOptions *options);

/* "geoclue", "gpsd", "replay" or "auto": for messages and tests. */
const char *bgrun_location_backend_get_name (BgrunLocationBackend *self);
void        bgrun_location_backend_start    (BgrunLocationBackend *self);
void        bgrun_location_backend_stop     (BgrunLocationBackend *self);
/* Passes a new desired accuracy and distance filter on to a running
 * backend that can use them; the others ignore it. */
void        bgrun_location_backend_set_accuracy (BgrunLocationBackend  *self,
                                                 BgrunLocationAccuracy  accuracy,
                                                 double                 distance_filter);

/* For implementations: emit the interface's signals. */
void        bgrun_location_backend_emit_location (BgrunLocationBackend *self,
                                                  BgrunLocation        *location);
void        bgrun_location_backend_emit_failed   (BgrunLocationBackend *self,
                                                  const GError         *error);

/* The GeoClue accuracy level (1 country … 8 exact) for @accuracy. */
guint       bgrun_location_accuracy_to_geoclue_level (BgrunLocationAccuracy accuracy);

G_END_DECLS
