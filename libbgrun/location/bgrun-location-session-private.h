/* bgrun-location-session-private.h: what the files of a location session
 * share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session is one type in four files: bgrun-location-session.c (the
 * type, its properties and signals), bgrun-location-session-settings.c
 * (their C accessors), bgrun-location-session-regions.c (the app's
 * monitored regions) and bgrun-location-session-run.c (starting,
 * stopping, and what happens to each fix). Only these files include this
 * header.
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-keep-alive-private.h"
#include "bgrun-location-provider-private.h"
#include "bgrun-location-session.h"
#include "bgrun-pause-detector-private.h"
#include "bgrun-region-monitor-private.h"

G_BEGIN_DECLS

struct _BgrunLocationSession
{
  GObject parent_instance;

  BgrunScheduler            *scheduler;
  BgrunClock                *clock;
  BgrunLocationProvider      provider;
  GFile                     *replay_file;
  double                     replay_speed;
  BgrunLocationAccuracy      desired_accuracy;
  double                     distance_filter;
  BgrunLocationActivityType  activity_type;
  gboolean                   allows_background_updates;
  gboolean                   pauses_updates_automatically;

  BgrunLocation             *location;        /* the last one delivered */
  BgrunLocationBackend      *backend;         /* while running */
  struct _BgrunLocationSimulation *simulation; /* while running; the app's */
  const char                *announced;       /* the active-provider last notified */
  BgrunPauseDetector         pause;
  BgrunRegionMonitor        *regions;
  gulong                     region_handler;
  BgrunKeepAlive            *keep_alive;      /* made at the first lease */
  guint                      lease;
};

enum {
  PROP_0,
  PROP_SCHEDULER,
  PROP_PROVIDER,
  PROP_REPLAY_FILE,
  PROP_REPLAY_SPEED,
  PROP_DESIRED_ACCURACY,
  PROP_DISTANCE_FILTER,
  PROP_ACTIVITY_TYPE,
  PROP_ALLOWS_BACKGROUND_UPDATES,
  PROP_PAUSES_UPDATES_AUTOMATICALLY,
  PROP_LOCATION,
  PROP_RUNNING,
  PROP_PAUSED,
  PROP_ACTIVE_PROVIDER,
  N_PROPS
};

extern GParamSpec *bgrun_location_session_properties[N_PROPS];

enum {
  SIG_LOCATION_UPDATED,
  SIG_UPDATES_PAUSED,
  SIG_UPDATES_RESUMED,
  SIG_REGION_EVENT,
  SIG_FAILED,
  N_SIGNALS
};

extern guint bgrun_location_session_signals[N_SIGNALS];

/* bgrun-location-session-regions.c */

/* Starts or stops relaying the app's region events (while running). */
void bgrun_location_session_watch_regions (BgrunLocationSession *self,
                                           gboolean              watch);

/* bgrun-location-session-run.c */

/* Holds or releases the keep-alive lease to match
 * allows-background-updates while the session runs. */
void bgrun_location_session_update_lease (BgrunLocationSession *self);
/* Resumes paused updates when the app turned automatic pausing off. */
void bgrun_location_session_update_pause (BgrunLocationSession *self);
/* Stops everything a running session holds, without a signal. */
void bgrun_location_session_tear_down    (BgrunLocationSession *self);

G_END_DECLS
