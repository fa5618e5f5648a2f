/* bgrun-location-session.c: location updates in the background
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"
#include "bgrun-location-error.h"
#include "bgrun-location-session-private.h"
#include "bgrun-region-relay-private.h"

/**
 * BgrunLocationSession:
 *
 * Location updates for an app, in the foreground or, with
 * [property@Bgrun.LocationSession:allows-background-updates], in the
 * background: a run tracker that keeps recording with its window closed,
 * a delivery app that wants to know when the driver reaches a depot.
 *
 * Create one with [ctor@Bgrun.LocationSession.new], set how accurate and
 * how frequent the locations need to be
 * ([property@Bgrun.LocationSession:desired-accuracy],
 * [property@Bgrun.LocationSession:distance-filter]), connect to
 * [signal@Bgrun.LocationSession::location-updated] and
 * [signal@Bgrun.LocationSession::failed], and
 * [method@Bgrun.LocationSession.start] it.
 *
 * Locations come from GeoClue, from a GPS receiver through gpsd, or from a
 * recorded track ([enum@Bgrun.LocationProvider]). Setting the environment
 * variable `BGRUN_LOCATION_REPLAY` to a GPX or NMEA file makes every
 * session of the process replay that file instead, whatever the app asked
 * for (`BGRUN_LOCATION_REPLAY_SPEED` sets its speed): the way to drive an
 * unmodified app along a route while developing it.
 *
 * A session that pauses updates automatically (the default) stops
 * delivering locations once the device has stayed within
 * %BGRUN_LOCATION_PAUSE_RADIUS metres for %BGRUN_LOCATION_PAUSE_DELAY
 * seconds, and says so, always, with
 * [signal@Bgrun.LocationSession::updates-paused]; the first location
 * farther away resumes them, with
 * [signal@Bgrun.LocationSession::updates-resumed]. On the platform we
 * model, updates that pause without the app noticing are the most common
 * complaint about background location, so the pause is never silent and
 * the session keeps listening to its provider while paused.
 *
 * The session also monitors circular regions
 * ([method@Bgrun.LocationSession.monitor_region]) while it runs, and
 * reports entering and leaving them with
 * [signal@Bgrun.LocationSession::region-event], whether updates are paused
 * or not. The regions belong to the app: they are stored beside its
 * scheduler's store (in `<state-directory>/<app-id>/`, see
 * [property@Bgrun.Scheduler:state-directory]; by default
 * `$XDG_STATE_HOME/bgrun/<app-id>/`), and every session the app creates
 * later monitors them again, with what it knew of the device's position
 * in each, so an entry reported before a restart is not reported again.
 * All the sessions of an app share its regions; each running session
 * reports the entries and exits.
 *
 * Signals are emitted on the main context of the scheduler's clock. With
 * the scheduler's [class@Bgrun.TestClock] (see [class@Bgrun.TestDriver]),
 * a replay moves only as the test advances the clock.
 */

G_DEFINE_FINAL_TYPE (BgrunLocationSession, bgrun_location_session, G_TYPE_OBJECT)

GParamSpec *bgrun_location_session_properties[N_PROPS];
guint bgrun_location_session_signals[N_SIGNALS];

#define properties bgrun_location_session_properties
#define signals bgrun_location_session_signals

static void
bgrun_location_session_constructed (GObject *object)
{
  BgrunLocationSession *self = BGRUN_LOCATION_SESSION (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  G_OBJECT_CLASS (bgrun_location_session_parent_class)->constructed (object);

  self->clock = g_object_ref (bgrun_scheduler_get_clock (self->scheduler));

  path = bgrun_region_monitor_path_for (self->scheduler);
  self->regions = bgrun_region_monitor_open (path, &error);
  if (error != NULL)
    g_warning ("%s %s", error->message, _("The app monitors no region until it monitors them again."));
  bgrun_region_relay_session_created (self);
}

static void
bgrun_location_session_dispose (GObject *object)
{
  BgrunLocationSession *self = BGRUN_LOCATION_SESSION (object);

  bgrun_location_session_tear_down (self);
  g_clear_signal_handler (&self->region_handler, self->regions);
  g_clear_object (&self->regions);
  g_clear_object (&self->keep_alive);
  g_clear_object (&self->clock);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->replay_file);

  G_OBJECT_CLASS (bgrun_location_session_parent_class)->dispose (object);
}

static void
bgrun_location_session_finalize (GObject *object)
{
  BgrunLocationSession *self = BGRUN_LOCATION_SESSION (object);

  g_clear_pointer (&self->location, bgrun_location_unref);
  bgrun_pause_detector_reset (&self->pause);

  G_OBJECT_CLASS (bgrun_location_session_parent_class)->finalize (object);
}

static void
bgrun_location_session_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BgrunLocationSession *self = BGRUN_LOCATION_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      g_value_set_object (value, self->scheduler);
      break;
    case PROP_PROVIDER:
      g_value_set_enum (value, self->provider);
      break;
    case PROP_REPLAY_FILE:
      g_value_set_object (value, self->replay_file);
      break;
    case PROP_REPLAY_SPEED:
      g_value_set_double (value, self->replay_speed);
      break;
    case PROP_DESIRED_ACCURACY:
      g_value_set_enum (value, self->desired_accuracy);
      break;
    case PROP_DISTANCE_FILTER:
      g_value_set_double (value, self->distance_filter);
      break;
    case PROP_ACTIVITY_TYPE:
      g_value_set_enum (value, self->activity_type);
      break;
    case PROP_ALLOWS_BACKGROUND_UPDATES:
      g_value_set_boolean (value, self->allows_background_updates);
      break;
    case PROP_PAUSES_UPDATES_AUTOMATICALLY:
      g_value_set_boolean (value, self->pauses_updates_automatically);
      break;
    case PROP_LOCATION:
      g_value_set_boxed (value, self->location);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->backend != NULL);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->pause.paused);
      break;
    case PROP_ACTIVE_PROVIDER:
      g_value_set_string (value, bgrun_location_session_get_active_provider (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_location_session_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BgrunLocationSession *self = BGRUN_LOCATION_SESSION (object);

  switch (prop_id)
    {
    case PROP_SCHEDULER:
      self->scheduler = g_value_dup_object (value);
      break;
    case PROP_PROVIDER:
      bgrun_location_session_set_provider (self, g_value_get_enum (value));
      break;
    case PROP_REPLAY_FILE:
      bgrun_location_session_set_replay_file (self, g_value_get_object (value));
      break;
    case PROP_REPLAY_SPEED:
      bgrun_location_session_set_replay_speed (self, g_value_get_double (value));
      break;
    case PROP_DESIRED_ACCURACY:
      bgrun_location_session_set_desired_accuracy (self, g_value_get_enum (value));
      break;
    case PROP_DISTANCE_FILTER:
      bgrun_location_session_set_distance_filter (self, g_value_get_double (value));
      break;
    case PROP_ACTIVITY_TYPE:
      bgrun_location_session_set_activity_type (self, g_value_get_enum (value));
      break;
    case PROP_ALLOWS_BACKGROUND_UPDATES:
      bgrun_location_session_set_allows_background_updates (self, g_value_get_boolean (value));
      break;
    case PROP_PAUSES_UPDATES_AUTOMATICALLY:
      bgrun_location_session_set_pauses_updates_automatically (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_location_session_class_init (BgrunLocationSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_location_session_constructed;
  object_class->dispose = bgrun_location_session_dispose;
  object_class->finalize = bgrun_location_session_finalize;
  object_class->get_property = bgrun_location_session_get_property;
  object_class->set_property = bgrun_location_session_set_property;

  /**
   * BgrunLocationSession:scheduler:
   *
   * The scheduler of the app: its app id names the app to GeoClue and
   * keeps its regions apart from other apps', and its clock times
   * replays.
   */
  properties[PROP_SCHEDULER] =
    g_param_spec_object ("scheduler", NULL, NULL, BGRUN_TYPE_SCHEDULER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunLocationSession:provider:
   *
   * Where locations come from; takes effect at the next start.
   */
  properties[PROP_PROVIDER] =
    g_param_spec_enum ("provider", NULL, NULL, BGRUN_TYPE_LOCATION_PROVIDER,
                       BGRUN_LOCATION_PROVIDER_AUTO, rw);

  /**
   * BgrunLocationSession:replay-file:
   *
   * The track a %BGRUN_LOCATION_PROVIDER_REPLAY session replays: a GPX 1.0
   * or 1.1 file (track and route points with times), or an NMEA 0183 log
   * (RMC and GGA sentences). Read when the session starts. After the
   * track's last point the session delivers nothing more, and runs until
   * it is stopped.
   */
  properties[PROP_REPLAY_FILE] =
    g_param_spec_object ("replay-file", NULL, NULL, G_TYPE_FILE, rw);

  /**
   * BgrunLocationSession:replay-speed:
   *
   * How fast a replay runs: 1.0 follows the track's own times, 10.0 runs
   * ten times faster. Takes effect at the next start.
   */
  properties[PROP_REPLAY_SPEED] =
    g_param_spec_double ("replay-speed", NULL, NULL, 0.001, 1e6, 1.0, rw);

  /**
   * BgrunLocationSession:desired-accuracy:
   *
   * How accurate locations need to be: GeoClue is asked for the matching
   * accuracy level (see [enum@Bgrun.LocationAccuracy]), at once when the
   * session runs.
   */
  properties[PROP_DESIRED_ACCURACY] =
    g_param_spec_enum ("desired-accuracy", NULL, NULL, BGRUN_TYPE_LOCATION_ACCURACY,
                       BGRUN_LOCATION_ACCURACY_BEST, rw);

  /**
   * BgrunLocationSession:distance-filter:
   *
   * How far, in metres, the device must move from the last delivered
   * location before the next one is delivered; 0 delivers every location.
   * Applies at once; GeoClue is also told, as its distance threshold.
   */
  properties[PROP_DISTANCE_FILTER] =
    g_param_spec_double ("distance-filter", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, rw);

  /**
   * BgrunLocationSession:activity-type:
   *
   * What the user does; with %BGRUN_LOCATION_ACTIVITY_TYPE_FITNESS, updates
   * do not pause by themselves on indoor fixes.
   */
  properties[PROP_ACTIVITY_TYPE] =
    g_param_spec_enum ("activity-type", NULL, NULL, BGRUN_TYPE_LOCATION_ACTIVITY_TYPE,
                       BGRUN_LOCATION_ACTIVITY_TYPE_OTHER, rw);

  /**
   * BgrunLocationSession:allows-background-updates:
   *
   * Whether the session keeps the app running while it runs: the app is
   * held (closing its last window does not quit it) and the Background
   * portal shows “Using your location” for it. Without it, nothing keeps
   * the app alive, and updates end when the app quits. Applies at once.
   */
  properties[PROP_ALLOWS_BACKGROUND_UPDATES] =
    g_param_spec_boolean ("allows-background-updates", NULL, NULL, FALSE, rw);

  /**
   * BgrunLocationSession:pauses-updates-automatically:
   *
   * Whether updates pause while the device stands still (see
   * %BGRUN_LOCATION_PAUSE_DELAY). A pause is always announced with
   * [signal@Bgrun.LocationSession::updates-paused]. Turning this off
   * resumes paused updates at once.
   */
  properties[PROP_PAUSES_UPDATES_AUTOMATICALLY] =
    g_param_spec_boolean ("pauses-updates-automatically", NULL, NULL, TRUE, rw);

  /**
   * BgrunLocationSession:location:
   *
   * The last location delivered, or %NULL before the first.
   */
  properties[PROP_LOCATION] =
    g_param_spec_boxed ("location", NULL, NULL, BGRUN_TYPE_LOCATION, ro);

  /**
   * BgrunLocationSession:running:
   *
   * Whether the session is started and has not stopped or failed.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);

  /**
   * BgrunLocationSession:paused:
   *
   * Whether updates are paused because the device stands still.
   */
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);

  /**
   * BgrunLocationSession:active-provider:
   *
   * The provider a running session uses (`geoclue`, `gpsd`, `replay`;
   * `auto` while it is still choosing, notified again when the chosen one
   * delivers its first location), or %NULL when it does not run.
   */
  properties[PROP_ACTIVE_PROVIDER] =
    g_param_spec_string ("active-provider", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BgrunLocationSession::location-updated:
   * @self: the session
   * @location: the new location
   *
   * Emitted for each location the provider reports that passes the
   * distance filter, while updates are not paused.
   */
  signals[SIG_LOCATION_UPDATED] =
    g_signal_new ("location-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BGRUN_TYPE_LOCATION);

  /**
   * BgrunLocationSession::updates-paused:
   * @self: the session
   *
   * Emitted when the session stops delivering locations because the
   * device has stood still for %BGRUN_LOCATION_PAUSE_DELAY seconds. The
   * session keeps running, and resumes by itself when the device moves.
   */
  signals[SIG_UPDATES_PAUSED] =
    g_signal_new ("updates-paused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BgrunLocationSession::updates-resumed:
   * @self: the session
   *
   * Emitted when paused updates resume: the device moved farther than
   * %BGRUN_LOCATION_PAUSE_RADIUS metres, or the app turned
   * [property@Bgrun.LocationSession:pauses-updates-automatically] off.
   * Location updates follow.
   */
  signals[SIG_UPDATES_RESUMED] =
    g_signal_new ("updates-resumed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * BgrunLocationSession::region-event:
   * @self: the session
   * @region: the monitored region
   * @event: whether the device entered or left it
   *
   * Emitted when the device enters or leaves a monitored region (see
   * %BGRUN_REGION_HYSTERESIS for how the border is judged), once per
   * crossing, after the region's new state was stored.
   */
  signals[SIG_REGION_EVENT] =
    g_signal_new ("region-event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, BGRUN_TYPE_REGION, BGRUN_TYPE_REGION_EVENT);

  /**
   * BgrunLocationSession::failed:
   * @self: the session
   * @error: what went wrong, in the [error@Bgrun.LocationError] domain
   *
   * Emitted for every failure of the provider, whether
   * [method@Bgrun.LocationSession.start] already returned it (a replay
   * file that does not parse) or it came later (GeoClue denied access,
   * gpsd went away). The session has stopped when it is emitted.
   */
  signals[SIG_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bgrun_location_session_init (BgrunLocationSession *self)
{
  self->replay_speed = 1.0;
  self->pauses_updates_automatically = TRUE;
}

/**
 * bgrun_location_session_new:
 * @scheduler: the app's scheduler
 *
 * Creates a location session, not started. The app's monitored regions
 * are loaded from its state directory.
 *
 * Returns: (transfer full): a new session
 */
BgrunLocationSession *
bgrun_location_session_new (BgrunScheduler *scheduler)
{
  g_return_val_if_fail (BGRUN_IS_SCHEDULER (scheduler), NULL);

  return g_object_new (BGRUN_TYPE_LOCATION_SESSION, "scheduler", scheduler, NULL);
}

/**
 * bgrun_location_session_get_scheduler:
 * @self: a session
 *
 * Gets [property@Bgrun.LocationSession:scheduler].
 *
 * Returns: (transfer none): the scheduler
 */
BgrunScheduler *
bgrun_location_session_get_scheduler (BgrunLocationSession *self)
{
  g_return_val_if_fail (BGRUN_IS_LOCATION_SESSION (self), NULL);
  return self->scheduler;
}
