/* bgrun-audio-session.c: the app's audio session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "bgrun-audio-error.h"
#include "bgrun-audio-lease-private.h"
#include "bgrun-audio-player-private.h"
#include "bgrun-audio-recorder-private.h"
#include "bgrun-audio-route-private.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-mpris-private.h"

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
 * session) emits [signal@Bgrun.AudioSession::interruption] with
 * %BGRUN_INTERRUPTION_TYPE_BEGAN first, and the recorders finalise their
 * files: a background recording never ends silently.
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

struct _BgrunAudioSession
{
  GObject parent_instance;

  BgrunAudioCategory  category;
  BgrunAudioMode      mode;
  BgrunAudioOptions   options;
  gboolean            active;
  gboolean            interrupted;
  double              pause_grace;
  double              interruption_timeout;
  GSource            *interruption_source;
  GPtrArray          *players;     /* BgrunAudioPlayer, not owned */
  GPtrArray          *recorders;   /* BgrunAudioRecorder, not owned */
  BgrunAudioLease    *lease;
  BgrunAudioRoute    *route;       /* while active */
  char               *output_device;
  BgrunMpris         *mpris;       /* while exported */
};

G_DEFINE_FINAL_TYPE (BgrunAudioSession, bgrun_audio_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CATEGORY,
  PROP_MODE,
  PROP_OPTIONS,
  PROP_ACTIVE,
  PROP_OUTPUT_DEVICE,
  PROP_KEEPING_ALIVE,
  PROP_INTERRUPTED,
  PROP_PAUSE_GRACE,
  PROP_INTERRUPTION_TIMEOUT,
  PROP_MEDIA_ROLE,
  N_PROPS
};

enum {
  SIG_INTERRUPTION,
  SIG_ROUTE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

gboolean
bgrun_audio_check_supported (GError **error)
{
#if BGRUN_AUDIO_ENABLED
  g_autoptr(GError) local_error = NULL;

  if (gst_init_check (NULL, NULL, &local_error))
    return TRUE;
  g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
               _("GStreamer cannot start, so there is no audio: %s"), local_error->message);
  return FALSE;
#else
  g_set_error_literal (error, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_NOT_SUPPORTED,
                       _("This libbgrun was built without audio; rebuild it with -Daudio=enabled (GStreamer 1.20 or later) to play and record."));
  return FALSE;
#endif
}

static gboolean
category_keeps_alive (BgrunAudioCategory category)
{
  return category == BGRUN_AUDIO_CATEGORY_PLAYBACK ||
         category == BGRUN_AUDIO_CATEGORY_RECORD ||
         category == BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD;
}

static void
on_lease_changed (gpointer data)
{
  g_object_notify_by_pspec (G_OBJECT (data), properties[PROP_KEEPING_ALIVE]);
}

static void
bgrun_audio_session_init (BgrunAudioSession *self)
{
  self->category = BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT;
  self->pause_grace = BGRUN_AUDIO_PAUSE_GRACE;
  self->interruption_timeout = BGRUN_AUDIO_INTERRUPTION_TIMEOUT;
  self->players = g_ptr_array_new ();
  self->recorders = g_ptr_array_new ();
  self->lease = bgrun_audio_lease_new (G_CALLBACK (on_lease_changed), self);
}

static void
clear_interruption_source (BgrunAudioSession *self)
{
  if (self->interruption_source == NULL)
    return;
  g_source_destroy (self->interruption_source);
  g_clear_pointer (&self->interruption_source, g_source_unref);
}

static void
bgrun_audio_session_finalize (GObject *object)
{
  BgrunAudioSession *self = BGRUN_AUDIO_SESSION (object);

  clear_interruption_source (self);
  g_clear_object (&self->mpris);
  g_clear_object (&self->route);
  g_clear_pointer (&self->lease, bgrun_audio_lease_free);
  g_ptr_array_unref (self->players);
  g_ptr_array_unref (self->recorders);
  g_free (self->output_device);
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
    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_OPTIONS:
      g_value_set_flags (value, self->options);
      break;
    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;
    case PROP_OUTPUT_DEVICE:
      g_value_set_string (value, self->output_device);
      break;
    case PROP_KEEPING_ALIVE:
      g_value_set_boolean (value, bgrun_audio_session_get_keeping_alive (self));
      break;
    case PROP_INTERRUPTED:
      g_value_set_boolean (value, self->interrupted);
      break;
    case PROP_PAUSE_GRACE:
      g_value_set_double (value, self->pause_grace);
      break;
    case PROP_INTERRUPTION_TIMEOUT:
      g_value_set_double (value, self->interruption_timeout);
      break;
    case PROP_MEDIA_ROLE:
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
    case PROP_PAUSE_GRACE:
      bgrun_audio_session_set_pause_grace (self, g_value_get_double (value));
      break;
    case PROP_INTERRUPTION_TIMEOUT:
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
  properties[PROP_CATEGORY] =
    g_param_spec_enum ("category", NULL, NULL, BGRUN_TYPE_AUDIO_CATEGORY,
                       BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT, ro);

  /**
   * BgrunAudioSession:mode:
   *
   * The refinement of the category; %BGRUN_AUDIO_MODE_DEFAULT when the
   * mode given to [method@Bgrun.AudioSession.set_category] did not fit.
   */
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, BGRUN_TYPE_AUDIO_MODE,
                       BGRUN_AUDIO_MODE_DEFAULT, ro);

  /**
   * BgrunAudioSession:options:
   *
   * How the session's audio goes with other apps' audio.
   */
  properties[PROP_OPTIONS] =
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
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE, ro);

  /**
   * BgrunAudioSession:output-device:
   *
   * The sound server's name of the output the session plays to (the
   * default sink, such as `alsa_output.pci-0000_00_1f.3.analog-stereo`),
   * while the session is active; %NULL when it is not, or when no output
   * is known.
   */
  properties[PROP_OUTPUT_DEVICE] =
    g_param_spec_string ("output-device", NULL, NULL, NULL, ro);

  /**
   * BgrunAudioSession:keeping-alive:
   *
   * Whether the session's audio keeps the app running now (playing or
   * recording, or paused for less than
   * [property@Bgrun.AudioSession:pause-grace]).
   */
  properties[PROP_KEEPING_ALIVE] =
    g_param_spec_boolean ("keeping-alive", NULL, NULL, FALSE, ro);

  /**
   * BgrunAudioSession:interrupted:
   *
   * Whether an interruption began and has not ended.
   */
  properties[PROP_INTERRUPTED] =
    g_param_spec_boolean ("interrupted", NULL, NULL, FALSE, ro);

  /**
   * BgrunAudioSession:pause-grace:
   *
   * How long, in seconds, paused audio keeps the app running before it
   * is let go; %BGRUN_AUDIO_PAUSE_GRACE unless set. 0 lets it go at once.
   */
  properties[PROP_PAUSE_GRACE] =
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
  properties[PROP_INTERRUPTION_TIMEOUT] =
    g_param_spec_double ("interruption-timeout", NULL, NULL, 0.1, 86400,
                         BGRUN_AUDIO_INTERRUPTION_TIMEOUT, rw);

  /**
   * BgrunAudioSession:media-role:
   *
   * The PulseAudio `media.role` the category maps to, which every stream
   * of the session carries: `game`, `music`, `video`, `production` or
   * `phone` (see [enum@Bgrun.AudioCategory]).
   */
  properties[PROP_MEDIA_ROLE] =
    g_param_spec_string ("media-role", NULL, NULL, "game", ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  signals[SIG_INTERRUPTION] =
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
  signals[SIG_ROUTE_CHANGED] =
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

static const char *
options_nick (BgrunAudioOptions option)
{
  GFlagsClass *klass = g_type_class_ref (BGRUN_TYPE_AUDIO_OPTIONS);
  GFlagsValue *value = g_flags_get_first_value (klass, option);

  g_type_class_unref (klass);
  return value != NULL ? value->value_name : "?";
}

static gboolean
mode_fits (BgrunAudioCategory category,
           BgrunAudioMode     mode)
{
  switch (mode)
    {
    case BGRUN_AUDIO_MODE_DEFAULT:
      return TRUE;
    case BGRUN_AUDIO_MODE_SPOKEN_AUDIO:
    case BGRUN_AUDIO_MODE_MOVIE_PLAYBACK:
      return category == BGRUN_AUDIO_CATEGORY_PLAYBACK;
    case BGRUN_AUDIO_MODE_VOICE_CHAT:
      return category == BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD;
    case BGRUN_AUDIO_MODE_MEASUREMENT:
      return category == BGRUN_AUDIO_CATEGORY_PLAYBACK ||
             category == BGRUN_AUDIO_CATEGORY_RECORD ||
             category == BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD;
    default:
      return FALSE;
    }
}

static void
update_mpris (BgrunAudioSession *self)
{
  gboolean wanted = self->active && self->category == BGRUN_AUDIO_CATEGORY_PLAYBACK &&
                    self->players->len > 0;
  GApplication *application;
  const char *app_id = NULL;
  g_autofree char *name = NULL;

  if (!wanted)
    {
      g_clear_object (&self->mpris);
      return;
    }
  if (self->mpris != NULL)
    return;
  application = g_application_get_default ();
  if (application != NULL)
    app_id = g_application_get_application_id (application);
  if (app_id == NULL)
    app_id = g_get_prgname ();
  if (app_id == NULL)
    app_id = "libbgrun";
  /* A bus name element: letters, digits, '_' and '-' only, not starting
   * with a digit; the dots of an app id are kept as elements. */
  name = g_strdup (app_id);
  for (char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '_' && *c != '-' && *c != '.')
      *c = '_';
  self->mpris = bgrun_mpris_new (g_ptr_array_index (self->players, 0), name);
}

static BgrunAudioNeed
current_need (BgrunAudioSession *self)
{
  gboolean playing = FALSE;

  if (!self->active || !category_keeps_alive (self->category))
    return BGRUN_AUDIO_NEED_NOTHING;
  for (guint i = 0; i < self->recorders->len; i++)
    if (bgrun_audio_recorder_is_recording (g_ptr_array_index (self->recorders, i)))
      return BGRUN_AUDIO_NEED_RECORDING;
  for (guint i = 0; i < self->players->len && !playing; i++)
    playing = bgrun_audio_player_is_playing (g_ptr_array_index (self->players, i));
  return playing ? BGRUN_AUDIO_NEED_PLAYING : BGRUN_AUDIO_NEED_NOTHING;
}

static gboolean
anything_paused (BgrunAudioSession *self)
{
  for (guint i = 0; i < self->players->len; i++)
    if (bgrun_audio_player_get_state (g_ptr_array_index (self->players, i)) ==
        BGRUN_AUDIO_PLAYER_STATE_PAUSED)
      return TRUE;
  for (guint i = 0; i < self->recorders->len; i++)
    if (bgrun_audio_recorder_get_state (g_ptr_array_index (self->recorders, i)) ==
        BGRUN_AUDIO_RECORDER_STATE_PAUSED)
      return TRUE;
  return FALSE;
}

void
bgrun_audio_session_activity_changed (BgrunAudioSession *self)
{
  /* Only paused audio gets the grace, so that a pause and a resume do not
   * let the app go. Stopped audio, ambient audio and an inactive session
   * let go at once. */
  double grace = self->active && category_keeps_alive (self->category) &&
                 anything_paused (self) ? self->pause_grace : -1;

  bgrun_audio_lease_update (self->lease, current_need (self), grace);
}

/**
 * bgrun_audio_session_set_category:
 * @self: the session
 * @category: what the app uses audio for
 * @mode: a refinement of @category; one that does not fit @category
 *   (see [enum@Bgrun.AudioMode]) becomes %BGRUN_AUDIO_MODE_DEFAULT
 * @options: how the audio goes with other apps' audio
 * @error: return location for a #GError
 *
 * Sets what the app uses audio for. It can change while the session is
 * active: streams opened from then on carry the new `media.role`, and an
 * active session emits [signal@Bgrun.AudioSession::route-changed] with
 * %BGRUN_ROUTE_CHANGE_REASON_CATEGORY_CHANGE. Changing to an ambient
 * category lets the app go.
 *
 * Options that contradict each other, or options given with a category
 * that does not play along with others, fail with
 * %BGRUN_AUDIO_ERROR_INVALID_CATEGORY and change nothing.
 *
 * Returns: %TRUE if the category was set
 */
gboolean
bgrun_audio_session_set_category (BgrunAudioSession   *self,
                                  BgrunAudioCategory   category,
                                  BgrunAudioMode       mode,
                                  BgrunAudioOptions    options,
                                  GError             **error)
{
  const BgrunAudioOptions all = BGRUN_AUDIO_OPTIONS_MIX_WITH_OTHERS |
                                BGRUN_AUDIO_OPTIONS_DUCK_OTHERS |
                                BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS;
  const BgrunAudioOptions opposed = BGRUN_AUDIO_OPTIONS_DUCK_OTHERS |
                                    BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS;
  gboolean changed;

  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (category > BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD)
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_CATEGORY,
                   _("%d is not an audio category; use one of BgrunAudioCategory."), (int) category);
      return FALSE;
    }
  if (mode > BGRUN_AUDIO_MODE_MEASUREMENT)
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_CATEGORY,
                   _("%d is not an audio mode; use one of BgrunAudioMode."), (int) mode);
      return FALSE;
    }
  if ((options & ~all) != 0)
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_CATEGORY,
                   _("0x%x holds bits that are not audio options; use BgrunAudioOptions."),
                   (unsigned) options);
      return FALSE;
    }
  if ((options & opposed) == opposed)
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_CATEGORY,
                   _("The options %s and %s contradict each other: one lowers other apps’ audio, the other interrupts spoken audio. Choose one."),
                   options_nick (BGRUN_AUDIO_OPTIONS_DUCK_OTHERS),
                   options_nick (BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS));
      return FALSE;
    }
  if (options != 0 && category != BGRUN_AUDIO_CATEGORY_PLAYBACK &&
      category != BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD)
    {
      g_autofree char *names = g_flags_to_string (BGRUN_TYPE_AUDIO_OPTIONS, options);
      g_autofree char *category_name = g_enum_to_string (BGRUN_TYPE_AUDIO_CATEGORY, category);

      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_CATEGORY,
                   _("The options %s do not apply to the category %s; only BGRUN_AUDIO_CATEGORY_PLAYBACK and BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD take options."),
                   names, category_name);
      return FALSE;
    }
  if (!mode_fits (category, mode))
    mode = BGRUN_AUDIO_MODE_DEFAULT;

  changed = category != self->category || mode != self->mode;
  g_object_freeze_notify (G_OBJECT (self));
  if (category != self->category)
    {
      self->category = category;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
    }
  if (mode != self->mode)
    {
      self->mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
    }
  if (options != self->options)
    {
      self->options = options;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONS]);
    }
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_ROLE]);
  g_object_thaw_notify (G_OBJECT (self));

  if (!changed)
    return TRUE;
  bgrun_audio_session_activity_changed (self);
  update_mpris (self);
  if (self->active)
    g_signal_emit (self, signals[SIG_ROUTE_CHANGED], 0, BGRUN_ROUTE_CHANGE_REASON_CATEGORY_CHANGE);
  return TRUE;
}

/**
 * bgrun_audio_session_get_category:
 * @self: the session
 *
 * Returns: the session's category
 */
BgrunAudioCategory
bgrun_audio_session_get_category (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT);
  return self->category;
}

/**
 * bgrun_audio_session_get_mode:
 * @self: the session
 *
 * Returns: the session's mode
 */
BgrunAudioMode
bgrun_audio_session_get_mode (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), BGRUN_AUDIO_MODE_DEFAULT);
  return self->mode;
}

/**
 * bgrun_audio_session_get_options:
 * @self: the session
 *
 * Returns: the session's options
 */
BgrunAudioOptions
bgrun_audio_session_get_options (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), BGRUN_AUDIO_OPTIONS_NONE);
  return self->options;
}

static void
set_output_device (BgrunAudioSession *self,
                   const char        *device)
{
  if (g_strcmp0 (device, self->output_device) == 0)
    return;
  g_free (self->output_device);
  self->output_device = g_strdup (device);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUT_DEVICE]);
}

static void
pause_players (BgrunAudioSession *self)
{
  /* Pausing may drop a player's last reference in a handler: iterate over
   * a copy. */
  g_autoptr(GPtrArray) players = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->players->len; i++)
    g_ptr_array_add (players, g_object_ref (g_ptr_array_index (self->players, i)));
  for (guint i = 0; i < players->len; i++)
    bgrun_audio_player_pause_for_session (g_ptr_array_index (players, i));
}

static void
on_route_changed (BgrunAudioRoute        *route,
                  BgrunRouteChangeReason  reason,
                  const char             *old_output,
                  BgrunAudioSession      *self)
{
  if (reason == BGRUN_ROUTE_CHANGE_REASON_OLD_DEVICE_UNAVAILABLE)
    pause_players (self);
  set_output_device (self, bgrun_audio_route_get_output (route));
  g_signal_emit (self, signals[SIG_ROUTE_CHANGED], 0, reason);
}

static void
stop_recorders (BgrunAudioSession *self)
{
  g_autoptr(GPtrArray) recorders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->recorders->len; i++)
    g_ptr_array_add (recorders, g_object_ref (g_ptr_array_index (self->recorders, i)));
  for (guint i = 0; i < recorders->len; i++)
    bgrun_audio_recorder_stop_for_session (g_ptr_array_index (recorders, i));
}

static gboolean
any_recorder_started (BgrunAudioSession *self)
{
  for (guint i = 0; i < self->recorders->len; i++)
    if (bgrun_audio_recorder_is_started (g_ptr_array_index (self->recorders, i)))
      return TRUE;
  return FALSE;
}

static void
set_interrupted (BgrunAudioSession *self,
                 gboolean           interrupted)
{
  if (interrupted == self->interrupted)
    return;
  self->interrupted = interrupted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERRUPTED]);
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
      if (any_recorder_started (self))
        g_signal_emit (self, signals[SIG_INTERRUPTION], 0,
                       BGRUN_INTERRUPTION_TYPE_BEGAN, BGRUN_INTERRUPTION_OPTIONS_NONE);
      stop_recorders (self);
      pause_players (self);
      self->active = FALSE;
      clear_interruption_source (self);
      set_interrupted (self, FALSE);
      g_clear_object (&self->route);
      set_output_device (self, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
  bgrun_audio_session_activity_changed (self);
  update_mpris (self);
  return TRUE;
}

/**
 * bgrun_audio_session_get_active:
 * @self: the session
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE_GRACE]);
}

/**
 * bgrun_audio_session_get_interruption_timeout:
 * @self: the session
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERRUPTION_TIMEOUT]);
}

/**
 * bgrun_audio_session_get_media_role:
 * @self: the session
 *
 * Returns: the PulseAudio `media.role` of the session's streams
 */
const char *
bgrun_audio_session_get_media_role (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), NULL);

  switch (self->category)
    {
    case BGRUN_AUDIO_CATEGORY_PLAYBACK:
      return self->mode == BGRUN_AUDIO_MODE_MOVIE_PLAYBACK ? "video" : "music";
    case BGRUN_AUDIO_CATEGORY_RECORD:
      return "production";
    case BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD:
      return "phone";
    case BGRUN_AUDIO_CATEGORY_AMBIENT:
    case BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT:
    default:
      return "game";
    }
}

/* ---- for players and recorders ------------------------------------------ */

GstStructure *
bgrun_audio_session_stream_properties (BgrunAudioSession *self)
{
  GApplication *application = g_application_get_default ();
  const char *app_id = application != NULL ? g_application_get_application_id (application) : NULL;
  const char *name = g_get_application_name ();
  GstStructure *props = gst_structure_new ("props",
                                           "media.role", G_TYPE_STRING,
                                           bgrun_audio_session_get_media_role (self),
                                           NULL);

  if (app_id != NULL)
    gst_structure_set (props, "application.id", G_TYPE_STRING, app_id, NULL);
  if (name != NULL)
    gst_structure_set (props, "application.name", G_TYPE_STRING, name, NULL);
  return props;
}

void
bgrun_audio_session_add_player (BgrunAudioSession *self,
                                BgrunAudioPlayer  *player)
{
  g_ptr_array_add (self->players, player);
  update_mpris (self);
}

void
bgrun_audio_session_remove_player (BgrunAudioSession *self,
                                   BgrunAudioPlayer  *player)
{
  guint index = 0;

  if (!g_ptr_array_find (self->players, player, &index))
    return;
  g_ptr_array_remove_index (self->players, index);
  /* The MPRIS export follows the first player: when that one goes,
   * withdraw it and export the next. */
  if (index == 0)
    g_clear_object (&self->mpris);
  update_mpris (self);
  bgrun_audio_session_activity_changed (self);
}

void
bgrun_audio_session_add_recorder (BgrunAudioSession  *self,
                                  BgrunAudioRecorder *recorder)
{
  g_ptr_array_add (self->recorders, recorder);
}

void
bgrun_audio_session_remove_recorder (BgrunAudioSession  *self,
                                     BgrunAudioRecorder *recorder)
{
  g_ptr_array_remove (self->recorders, recorder);
  bgrun_audio_session_activity_changed (self);
}

static void
end_interruption (BgrunAudioSession        *self,
                  BgrunInterruptionOptions  options)
{
  if (!self->interrupted)
    return;
  clear_interruption_source (self);
  set_interrupted (self, FALSE);
  g_signal_emit (self, signals[SIG_INTERRUPTION], 0, BGRUN_INTERRUPTION_TYPE_ENDED, options);
}

static gboolean
on_interruption_timeout (gpointer user_data)
{
  BgrunAudioSession *self = user_data;

  g_clear_pointer (&self->interruption_source, g_source_unref);
  end_interruption (self, BGRUN_INTERRUPTION_OPTIONS_NONE);
  return G_SOURCE_REMOVE;
}

void
bgrun_audio_session_corked (BgrunAudioSession *self,
                            gboolean           began)
{
  if (!began)
    {
      end_interruption (self, BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME);
      return;
    }
  if (self->interrupted)
    return;
  pause_players (self);
  set_interrupted (self, TRUE);
  self->interruption_source = g_timeout_source_new ((guint) (self->interruption_timeout * 1000));
  g_source_set_static_name (self->interruption_source, "[bgrun] audio interruption timeout");
  g_source_set_callback (self->interruption_source, on_interruption_timeout, self, NULL);
  g_source_attach (self->interruption_source, g_main_context_get_thread_default ());
  g_signal_emit (self, signals[SIG_INTERRUPTION], 0,
                 BGRUN_INTERRUPTION_TYPE_BEGAN, BGRUN_INTERRUPTION_OPTIONS_NONE);
}

void
bgrun_audio_session_end_interruption (BgrunAudioSession *self)
{
  end_interruption (self, BGRUN_INTERRUPTION_OPTIONS_NONE);
}
