/* bgrun-location-session.h: location updates in the background
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-location.h"
#include "bgrun-region.h"
#include "bgrun-scheduler.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunLocationProvider:
 * @BGRUN_LOCATION_PROVIDER_AUTO: gpsd when it answers on its address and
 *   has a receiver, GeoClue otherwise
 * @BGRUN_LOCATION_PROVIDER_GEOCLUE: GeoClue 2 on the system bus (Wi-Fi,
 *   cell, IP and GPS positions, with the user's consent through its agent)
 * @BGRUN_LOCATION_PROVIDER_GPSD: a GPS receiver through gpsd (its JSON
 *   protocol, on `localhost:2947` or `$BGRUN_GPSD`)
 * @BGRUN_LOCATION_PROVIDER_REPLAY: a recorded track, GPX 1.1 or NMEA 0183
 *   ([property@Bgrun.LocationSession:replay-file])
 *
 * Where a [class@Bgrun.LocationSession] gets its locations.
 */
typedef enum {
  BGRUN_LOCATION_PROVIDER_AUTO,
  BGRUN_LOCATION_PROVIDER_GEOCLUE,
  BGRUN_LOCATION_PROVIDER_GPSD,
  BGRUN_LOCATION_PROVIDER_REPLAY,
} BgrunLocationProvider;

/**
 * BgrunLocationAccuracy:
 * @BGRUN_LOCATION_ACCURACY_BEST: the best the hardware can do (GeoClue
 *   level exact)
 * @BGRUN_LOCATION_ACCURACY_NEAREST_TEN_METERS: within about ten metres
 *   (GeoClue level exact)
 * @BGRUN_LOCATION_ACCURACY_HUNDRED_METERS: within about a hundred metres
 *   (GeoClue level street)
 * @BGRUN_LOCATION_ACCURACY_KILOMETER: within about a kilometre (GeoClue
 *   level neighbourhood)
 * @BGRUN_LOCATION_ACCURACY_THREE_KILOMETERS: within about three kilometres
 *   (GeoClue level city)
 * @BGRUN_LOCATION_ACCURACY_REDUCED: deliberately coarse, for apps that
 *   need only the region (GeoClue level country)
 *
 * How accurate the locations of a [class@Bgrun.LocationSession] need to
 * be: the coarser, the less power the provider may use. gpsd and replays
 * deliver what they have whatever the accuracy.
 */
typedef enum {
  BGRUN_LOCATION_ACCURACY_BEST,
  BGRUN_LOCATION_ACCURACY_NEAREST_TEN_METERS,
  BGRUN_LOCATION_ACCURACY_HUNDRED_METERS,
  BGRUN_LOCATION_ACCURACY_KILOMETER,
  BGRUN_LOCATION_ACCURACY_THREE_KILOMETERS,
  BGRUN_LOCATION_ACCURACY_REDUCED,
} BgrunLocationAccuracy;

/**
 * BgrunLocationActivityType:
 * @BGRUN_LOCATION_ACTIVITY_TYPE_OTHER: anything else; the default
 * @BGRUN_LOCATION_ACTIVITY_TYPE_AUTOMOTIVE_NAVIGATION: driving directions
 * @BGRUN_LOCATION_ACTIVITY_TYPE_FITNESS: walking, running, cycling: never
 *   paused automatically indoors, where a treadmill run stands still (see
 *   [property@Bgrun.LocationSession:pauses-updates-automatically])
 * @BGRUN_LOCATION_ACTIVITY_TYPE_OTHER_NAVIGATION: boats, trains and other
 *   navigation off the road
 * @BGRUN_LOCATION_ACTIVITY_TYPE_AIRBORNE: flying
 *
 * What the user does while a [class@Bgrun.LocationSession] runs; it
 * decides when updates pause by themselves.
 */
typedef enum {
  BGRUN_LOCATION_ACTIVITY_TYPE_OTHER,
  BGRUN_LOCATION_ACTIVITY_TYPE_AUTOMOTIVE_NAVIGATION,
  BGRUN_LOCATION_ACTIVITY_TYPE_FITNESS,
  BGRUN_LOCATION_ACTIVITY_TYPE_OTHER_NAVIGATION,
  BGRUN_LOCATION_ACTIVITY_TYPE_AIRBORNE,
} BgrunLocationActivityType;

/**
 * BGRUN_LOCATION_PAUSE_DELAY:
 *
 * How long, in seconds of the fixes' own times, the device must stay
 * within %BGRUN_LOCATION_PAUSE_RADIUS metres of one place before a
 * session that pauses updates automatically emits
 * [signal@Bgrun.LocationSession::updates-paused] (3 minutes).
 */
#define BGRUN_LOCATION_PAUSE_DELAY 180

/**
 * BGRUN_LOCATION_PAUSE_RADIUS:
 *
 * How far, in metres, the device may wander and still count as
 * stationary; a fix farther than this from where it stopped resumes
 * paused updates.
 */
#define BGRUN_LOCATION_PAUSE_RADIUS 25.0

/**
 * BGRUN_LOCATION_INDOOR_ACCURACY:
 *
 * A fix whose horizontal accuracy is unknown or worse than this many
 * metres counts as indoors (no clear view of the satellites); a
 * %BGRUN_LOCATION_ACTIVITY_TYPE_FITNESS session does not pause on such
 * fixes.
 */
#define BGRUN_LOCATION_INDOOR_ACCURACY 30.0

/**
 * BGRUN_LOCATION_MAX_REGIONS:
 *
 * How many regions one app may monitor (Apple allows 20). Monitoring more
 * fails with %BGRUN_LOCATION_ERROR_TOO_MANY_REGIONS.
 */
#define BGRUN_LOCATION_MAX_REGIONS 100

#define BGRUN_TYPE_LOCATION_SESSION (bgrun_location_session_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunLocationSession, bgrun_location_session,
                      BGRUN, LOCATION_SESSION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunLocationSession     *bgrun_location_session_new                           (BgrunScheduler            *scheduler);

BGRUN_AVAILABLE_IN_ALL
BgrunScheduler           *bgrun_location_session_get_scheduler                 (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
BgrunLocationProvider     bgrun_location_session_get_provider                  (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_provider                  (BgrunLocationSession      *self,
                                                                                BgrunLocationProvider      provider);
BGRUN_AVAILABLE_IN_ALL
GFile                    *bgrun_location_session_get_replay_file               (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_replay_file               (BgrunLocationSession      *self,
                                                                                GFile                     *file);
BGRUN_AVAILABLE_IN_ALL
double                    bgrun_location_session_get_replay_speed              (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_replay_speed              (BgrunLocationSession      *self,
                                                                                double                     speed);
BGRUN_AVAILABLE_IN_ALL
BgrunLocationAccuracy     bgrun_location_session_get_desired_accuracy          (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_desired_accuracy          (BgrunLocationSession      *self,
                                                                                BgrunLocationAccuracy      accuracy);
BGRUN_AVAILABLE_IN_ALL
double                    bgrun_location_session_get_distance_filter           (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_distance_filter           (BgrunLocationSession      *self,
                                                                                double                     meters);
BGRUN_AVAILABLE_IN_ALL
BgrunLocationActivityType bgrun_location_session_get_activity_type             (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_activity_type             (BgrunLocationSession      *self,
                                                                                BgrunLocationActivityType  activity_type);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_get_allows_background_updates (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_allows_background_updates (BgrunLocationSession      *self,
                                                                                gboolean                   allows);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_get_pauses_updates_automatically (BgrunLocationSession   *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_set_pauses_updates_automatically (BgrunLocationSession   *self,
                                                                                   gboolean                pauses);
BGRUN_AVAILABLE_IN_ALL
BgrunLocation            *bgrun_location_session_get_location                  (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_get_running                   (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_get_paused                    (BgrunLocationSession      *self);
BGRUN_AVAILABLE_IN_ALL
const char               *bgrun_location_session_get_active_provider           (BgrunLocationSession      *self);

BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_start                         (BgrunLocationSession      *self,
                                                                                GError                   **error);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_location_session_stop                          (BgrunLocationSession      *self);

BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_monitor_region                (BgrunLocationSession      *self,
                                                                                BgrunRegion               *region,
                                                                                GError                   **error);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_location_session_stop_monitoring_region        (BgrunLocationSession      *self,
                                                                                BgrunRegion               *region,
                                                                                GError                   **error);
BGRUN_AVAILABLE_IN_ALL
GListModel               *bgrun_location_session_get_monitored_regions         (BgrunLocationSession      *self);

G_END_DECLS
