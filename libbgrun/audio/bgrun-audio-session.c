/* bgrun-audio-session.c: the app's audio session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-audio-session-internal-private.h"
#include "bgrun-enum-types.h"

/**
 * BgrunAudioSession:
 *
 * The app's audio session, as Apple's AVAudioSession: what the app uses
 * audio for ([property@Bgrun.AudioSession:category]), and whether its
 * audio may keep it running in the background
 * ([property@Bgrun.AudioSession:active]).
 *
 * There is one per process: [func@Bgrun.AudioSession.get_default]. Set
 * the category, create a [class@Bgrun.AudioPlayer] or a
 * [class@Bgrun.AudioRecorder] on it, and activate it. While an active
 * session of category %BGRUN_AUDIO_CATEGORY_PLAYBACK,
 * %BGRUN_AUDIO_CATEGORY_RECORD or %BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD
 * plays or records, the app is kept running: its GApplication is held,
 * the Background portal shows "Playing audio" or "Recording", and while
 * it records the machine does not suspend. When everything pauses, the
 * app is let go after [property@Bgrun.AudioSession:pause-grace] seconds.
 * The ambient categories never keep the app running.
 *
 * Whatever takes the keep-alive away from a recording (deactivating the
 * session, or the user not letting the app run in the background: the
 * Background portal refusing, or the permission taken back later, which
 * deactivates the session) emits
 * [signal@Bgrun.AudioSession::interruption] with
 * %BGRUN_INTERRUPTION_TYPE_BEGAN first, and the recorders finalise their
 * files: a background recording never ends silently.
 *
 * Between apps whose schedulers use `bgrund`, an active session that is
 * not mixable (no %BGRUN_AUDIO_OPTIONS_MIX_WITH_OTHERS,
 * %BGRUN_AUDIO_OPTIONS_DUCK_OTHERS or
 * %BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS, and not
 * %BGRUN_AUDIO_CATEGORY_AMBIENT) interrupts the other apps' active
 * sessions until it is deactivated, and one with
 * %BGRUN_AUDIO_OPTIONS_DUCK_OTHERS lowers their playback meanwhile. With
 * the engine embedded there is no such coordination.
 *
 * Every stream the session's players and recorders open carries the
 * PulseAudio `media.role` of the category, so the sound server's role
 * policies (such as corking music during a call) apply to it. A corked
 * stream becomes an interruption; the output going away (headphones
 * unplugged) becomes [signal@Bgrun.AudioSession::route-changed] with the
 * players paused.
 *
 * Signals are emitted on the main context the session was first got on.
 */

G_DEFINE_FINAL_TYPE (BgrunAudioSession, bgrun_audio_session, G_TYPE_OBJECT)

GParamSpec *bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_N_PROPS];
guint bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_N_SIGNALS];

static void
on_lease_changed (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_KEEPING_ALIVE]);
}

/* The user does not let the app run in the background (any more): what
 * kept it running ends as deactivating does, a recording with
 * interruption(BEGAN) first and its file finalised. */
static void
on_background_denied (gpointer data)
{
  g_debug ("libbgrun: the app may not run in the background: the audio session is deactivated");
  bgrun_audio_session_set_active (data, FALSE, NULL);
}

static void
bgrun_audio_session_init (BgrunAudioSession *self)
{
  self->category = BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT;
  self->pause_grace = BGRUN_AUDIO_PAUSE_GRACE;
  self->interruption_timeout = BGRUN_AUDIO_INTERRUPTION_TIMEOUT;
  self->players = g_ptr_array_new ();
  self->recorders = g_ptr_array_new ();
  self->lease = bgrun_audio_lease_new (G_CALLBACK (on_lease_changed),
                                       G_CALLBACK (on_background_denied), self);
  g_hook_list_init (&self->watches, sizeof (GHook));
}

static void
bgrun_audio_session_finalize (GObject *object)
{
  BgrunAudioSession *self = BGRUN_AUDIO_SESSION (object);

  bgrun_audio_session_clear_interruption (self);
  g_clear_object (&self->mpris);
  g_clear_object (&self->route);
  g_clear_pointer (&self->lease, bgrun_audio_lease_free);
  g_ptr_array_unref (self->players);
  g_ptr_array_unref (self->recorders);
  g_free (self->output_device);
  g_hook_list_clear (&self->watches);
  G_OBJECT_CLASS (bgrun_audio_session_parent_class)->finalize (object);
}

static void
bgrun_audio_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  BgrunAudioSession *self = BGRUN_AUDIO_SESSION (object);

  switch (prop_id)
    {
    case BGRUN_AUDIO_SESSION_PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;
    case BGRUN_AUDIO_SESSION_PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case BGRUN_AUDIO_SESSION_PROP_OPTIONS:
      g_value_set_flags (value, self->options);
      break;
    case BGRUN_AUDIO_SESSION_PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case BGRUN_AUDIO_SESSION_PROP_OUTPUT_DEVICE:
      g_value_set_string (value, self->output_device);
      break;
    case BGRUN_AUDIO_SESSION_PROP_KEEPING_ALIVE:
      g_value_set_boolean (value, bgrun_audio_session_get_keeping_alive (self));
      break;
    case BGRUN_AUDIO_SESSION_PROP_INTERRUPTED:
      g_value_set_boolean (value, self->interrupted);
      break;
    case BGRUN_AUDIO_SESSION_PROP_PAUSE_GRACE:
      g_value_set_double (value, self->pause_grace);
      break;
    case BGRUN_AUDIO_SESSION_PROP_INTERRUPTION_TIMEOUT:
      g_value_set_double (value, self->interruption_timeout);
      break;
    case BGRUN_AUDIO_SESSION_PROP_MEDIA_ROLE:
      g_value_set_string (value, bgrun_audio_session_get_media_role (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_session_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  BgrunAudioSession *self = BGRUN_AUDIO_SESSION (object);

  switch (prop_id)
    {
    case BGRUN_AUDIO_SESSION_PROP_PAUSE_GRACE:
      bgrun_audio_session_set_pause_grace (self, g_value_get_double (value));
      break;
    case BGRUN_AUDIO_SESSION_PROP_INTERRUPTION_TIMEOUT:
      bgrun_audio_session_set_interruption_timeout (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_session_class_init (BgrunAudioSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bgrun_audio_session_finalize;
  object_class->get_property = bgrun_audio_session_get_property;
  object_class->set_property = bgrun_audio_session_set_property;

  /**
   * BgrunAudioSession:category:
   *
   * What the app uses audio for; set it with
   * [method@Bgrun.AudioSession.set_category].
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, BGRUN_TYPE_AUDIO_CATEGORY,
                       BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT, ro);

  /**
   * BgrunAudioSession:mode:
   *
   * The refinement of the category; %BGRUN_AUDIO_MODE_DEFAULT when the
   * mode given to [method@Bgrun.AudioSession.set_category] did not fit.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, BGRUN_TYPE_AUDIO_MODE,
                       BGRUN_AUDIO_MODE_DEFAULT, ro);

  /**
   * BgrunAudioSession:options:
   *
   * How the session's audio goes with other apps' audio.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_OPTIONS] =
    g_param_spec_flags ("options", NULL, NULL, BGRUN_TYPE_AUDIO_OPTIONS,
                        BGRUN_AUDIO_OPTIONS_NONE, ro);

  /**
   * BgrunAudioSession:active:
   *
   * Whether the session is active: set with
   * [method@Bgrun.AudioSession.set_active]. Only an active session keeps
   * the app running, follows the output devices and exports its player
   * over MPRIS.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);

  /**
   * BgrunAudioSession:output-device:
   *
   * The sound server's name of the output the session plays to (the
   * default sink, such as `alsa_output.pci-0000_00_1f.3.analog-stereo`),
   * while the session is active; %NULL when it is not, or when no output
   * is known.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_OUTPUT_DEVICE] =
    g_param_spec_string ("output-device", NULL, NULL, NULL, ro);

  /**
   * BgrunAudioSession:keeping-alive:
   *
   * Whether the session's audio keeps the app running now (playing or
   * recording, or paused for less than
   * [property@Bgrun.AudioSession:pause-grace]).
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_KEEPING_ALIVE] =
    g_param_spec_boolean ("keeping-alive", NULL, NULL, FALSE, ro);

  /**
   * BgrunAudioSession:interrupted:
   *
   * Whether an interruption began and has not ended.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_INTERRUPTED] =
    g_param_spec_boolean ("interrupted", NULL, NULL, FALSE, ro);

  /**
   * BgrunAudioSession:pause-grace:
   *
   * How long, in seconds, paused audio keeps the app running before it
   * is let go; %BGRUN_AUDIO_PAUSE_GRACE unless set. 0 lets it go at once.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_PAUSE_GRACE] =
    g_param_spec_double ("pause-grace", NULL, NULL, 0, 3600, BGRUN_AUDIO_PAUSE_GRACE, rw);

  /**
   * BgrunAudioSession:interruption-timeout:
   *
   * How long, in seconds, the session waits for the end of an
   * interruption. The sound server may never say that an interruption
   * ended (the stream that interrupted was moved elsewhere, the server
   * restarted): after this long the session emits
   * [signal@Bgrun.AudioSession::interruption] with
   * %BGRUN_INTERRUPTION_TYPE_ENDED and no
   * %BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME, so the app is never stuck
   * interrupted. Playing during an interruption ends it too.
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_INTERRUPTION_TIMEOUT] =
    g_param_spec_double ("interruption-timeout", NULL, NULL, 0.1, 86400,
                         BGRUN_AUDIO_INTERRUPTION_TIMEOUT, rw);

  /**
   * BgrunAudioSession:media-role:
   *
   * The PulseAudio `media.role` the category maps to, which every stream
   * of the session carries: `game`, `music`, `video`, `production` or
   * `phone` (see [enum@Bgrun.AudioCategory]).
   */
  bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_MEDIA_ROLE] =
    g_param_spec_string ("media-role", NULL, NULL, "game", ro);

  g_object_class_install_properties (object_class, BGRUN_AUDIO_SESSION_N_PROPS,
                                     bgrun_audio_session_properties);

  /**
   * BgrunAudioSession::interruption:
   * @session: the session
   * @type: whether the interruption began or ended
   * @options: with %BGRUN_INTERRUPTION_TYPE_ENDED, whether to resume
   *
   * Emitted when something takes the sound away from the session (a call
   * corks the session's streams, the session is deactivated while it
   * records) and when that is over. At %BGRUN_INTERRUPTION_TYPE_BEGAN the
   * players are already paused and the recorders are about to finalise
   * their files. Players do not resume by themselves: call
   * [method@Bgrun.AudioPlayer.play] when @options has
   * %BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME.
   */
  bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_INTERRUPTION] =
    g_signal_new ("interruption", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BGRUN_TYPE_INTERRUPTION_TYPE, BGRUN_TYPE_INTERRUPTION_OPTIONS);

  /**
   * BgrunAudioSession::route-changed:
   * @session: the session
   * @reason: why the route changed
   *
   * Emitted, while the session is active, when an output device appears,
   * when the one in use goes away (the players are paused first, as when
   * headphones are unplugged), when the default output changes and when
   * the category changes.
   * [property@Bgrun.AudioSession:output-device] is up to date by then.
   */
  bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_ROUTE_CHANGED] =
    g_signal_new ("route-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BGRUN_TYPE_ROUTE_CHANGE_REASON);
}

/**
 * bgrun_audio_session_get_default:
 *
 * Gets the process's audio session, creating it (inactive, category
 * %BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT) at the first call.
 *
 * Returns: (transfer none): the audio session
 */
BgrunAudioSession *
bgrun_audio_session_get_default (void)
{
  static gsize session;

  if (g_once_init_enter (&session))
    g_once_init_leave (&session, (gsize) g_object_new (BGRUN_TYPE_AUDIO_SESSION, NULL));
  return (BgrunAudioSession *) session;
}

static void
set_output_device (BgrunAudioSession *self,
                   const char        *device)
{
  if (g_strcmp0 (device, self->output_device) == 0)
    return;
  g_free (self->output_device);
  self->output_device = g_strdup (device);
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_OUTPUT_DEVICE]);
}

static void
on_route_changed (BgrunAudioRoute        *route,
                  BgrunRouteChangeReason  reason,
                  const char             *old_output,
                  BgrunAudioSession      *self)
{
  if (reason == BGRUN_ROUTE_CHANGE_REASON_OLD_DEVICE_UNAVAILABLE)
    bgrun_audio_session_pause_players (self);
  set_output_device (self, bgrun_audio_route_get_output (route));
  g_signal_emit (self, bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_ROUTE_CHANGED], 0, reason);
}

/**
 * bgrun_audio_session_set_active:
 * @self: the session
 * @active: whether to activate or deactivate the session
 * @error: return location for a #GError
 *
 * Activates or deactivates the session. An active session of a category
 * that plays or records in the background keeps the app running while
 * its audio plays or records (see [class@Bgrun.AudioSession]), follows
 * the output devices, and exports its first player over MPRIS when the
 * category is %BGRUN_AUDIO_CATEGORY_PLAYBACK.
 *
 * Deactivating pauses the players, withdraws MPRIS and lets the app go
 * at once. If a recorder was recording, the session emits
 * [signal@Bgrun.AudioSession::interruption] with
 * %BGRUN_INTERRUPTION_TYPE_BEGAN first and the recorders finalise their
 * files before this returns.
 *
 * In a build without audio, activating fails with
 * %BGRUN_SESSION_ERROR_NOT_SUPPORTED.
 *
 * Returns: %TRUE on success
 */
gboolean
bgrun_audio_session_set_active (BgrunAudioSession  *self,
                                gboolean            active,
                                GError            **error)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  active = !!active;
  if (active && !bgrun_audio_check_supported (error))
    return FALSE;
  if (active == self->active)
    return TRUE;

  if (active)
    {
      self->route = bgrun_audio_route_new ();
      g_signal_connect (self->route, "changed", G_CALLBACK (on_route_changed), self);
      self->active = TRUE;
      set_output_device (self, bgrun_audio_route_get_output (self->route));
    }
  else
    {
      if (bgrun_audio_session_any_recorder_started (self))
        g_signal_emit (self, bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_INTERRUPTION], 0,
                       BGRUN_INTERRUPTION_TYPE_BEGAN, BGRUN_INTERRUPTION_OPTIONS_NONE);
      bgrun_audio_session_stop_recorders (self);
      bgrun_audio_session_pause_players (self);
      self->active = FALSE;
      bgrun_audio_session_clear_interruption (self);
      bgrun_audio_session_set_interrupted (self, FALSE);
      g_clear_object (&self->route);
      set_output_device (self, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_ACTIVE]);
  bgrun_audio_session_activity_changed (self);
  bgrun_audio_session_update_mpris (self);
  return TRUE;
}

/**
 * bgrun_audio_session_get_active:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:active].
 *
 * Returns: whether the session is active
 */
gboolean
bgrun_audio_session_get_active (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), FALSE);
  return self->active;
}

/**
 * bgrun_audio_session_get_output_device:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:output-device].
 *
 * Returns: (nullable): the sound server's name of the output in use,
 *   while the session is active
 */
const char *
bgrun_audio_session_get_output_device (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), NULL);
  return self->output_device;
}

/**
 * bgrun_audio_session_get_keeping_alive:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:keeping-alive].
 *
 * Returns: whether the session's audio keeps the app running now
 */
gboolean
bgrun_audio_session_get_keeping_alive (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), FALSE);
  return bgrun_audio_lease_get_held (self->lease);
}

/**
 * bgrun_audio_session_get_interrupted:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:interrupted].
 *
 * Returns: whether an interruption began and has not ended
 */
gboolean
bgrun_audio_session_get_interrupted (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), FALSE);
  return self->interrupted;
}

/**
 * bgrun_audio_session_get_pause_grace:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:pause-grace].
 *
 * Returns: how long, in seconds, paused audio keeps the app running
 */
double
bgrun_audio_session_get_pause_grace (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), BGRUN_AUDIO_PAUSE_GRACE);
  return self->pause_grace;
}

/**
 * bgrun_audio_session_set_pause_grace:
 * @self: the session
 * @seconds: how long paused audio keeps the app running, 0 to 3600
 *
 * Sets [property@Bgrun.AudioSession:pause-grace]. It applies from the
 * next pause.
 */
void
bgrun_audio_session_set_pause_grace (BgrunAudioSession *self,
                                     double             seconds)
{
  g_return_if_fail (BGRUN_IS_AUDIO_SESSION (self));
  g_return_if_fail (seconds >= 0 && seconds <= 3600);

  if (seconds == self->pause_grace)
    return;
  self->pause_grace = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_PAUSE_GRACE]);
}

/**
 * bgrun_audio_session_get_interruption_timeout:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:interruption-timeout].
 *
 * Returns: how long, in seconds, the session waits for the end of an
 *   interruption
 */
double
bgrun_audio_session_get_interruption_timeout (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), BGRUN_AUDIO_INTERRUPTION_TIMEOUT);
  return self->interruption_timeout;
}

/**
 * bgrun_audio_session_set_interruption_timeout:
 * @self: the session
 * @seconds: how long to wait for the end of an interruption, 0.1 to 86400
 *
 * Sets [property@Bgrun.AudioSession:interruption-timeout]. It applies
 * from the next interruption.
 */
void
bgrun_audio_session_set_interruption_timeout (BgrunAudioSession *self,
                                              double             seconds)
{
  g_return_if_fail (BGRUN_IS_AUDIO_SESSION (self));
  g_return_if_fail (seconds >= 0.1 && seconds <= 86400);

  if (seconds == self->interruption_timeout)
    return;
  self->interruption_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_INTERRUPTION_TIMEOUT]);
}

