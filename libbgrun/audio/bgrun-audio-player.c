/* bgrun-audio-player.c: a gapless queue player on the audio session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-error.h"
#include "bgrun-audio-item-private.h"
#include "bgrun-audio-player-internal-private.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"

/**
 * BgrunAudioPlayer:
 *
 * Plays a queue of URIs, one after the other without a gap, through the
 * app's [class@Bgrun.AudioSession].
 *
 * The queue ([method@Bgrun.AudioPlayer.get_queue]) is a #GListModel of
 * [class@Bgrun.AudioItem], so a GTK list view binds it directly; items
 * learn their title, artist and duration from the media's tags as they
 * play. The player goes from one item to the next without a gap (the next
 * URI is prepared while the current one ends). An item that is missing
 * or corrupt emits [signal@Bgrun.AudioPlayer::error] and the player moves
 * on to the next one.
 *
 * Its streams carry the session's `media.role`. While its session is
 * active with %BGRUN_AUDIO_CATEGORY_PLAYBACK, playing keeps the app
 * running and the player is exported over MPRIS 2, so media keys, the
 * desktop's media controls and `playerctl` drive it.
 *
 * Its properties are notified on the main context it was created on;
 * [property@Bgrun.AudioPlayer:position] at most
 * 1/%BGRUN_AUDIO_PLAYER_POSITION_INTERVAL times a second while playing.
 */

G_DEFINE_FINAL_TYPE (BgrunAudioPlayer, bgrun_audio_player, G_TYPE_OBJECT)

enum {
  SIG_ERROR,
  SIG_SEEKED,
  N_SIGNALS
};

static GParamSpec *properties[BGRUN_AUDIO_PLAYER_N_PROPS];
static guint signals[N_SIGNALS];

static void
bgrun_audio_player_init (BgrunAudioPlayer *self)
{
  self->queue = g_list_store_new (BGRUN_TYPE_AUDIO_ITEM);
  self->current = -1;
  self->volume = 1.0;
  self->duration = -1;
  self->uris = g_ptr_array_new_with_free_func (g_free);
  self->loaded = -1;
  self->gapless_next = -1;
  self->broken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->resume_at = -1;
  g_mutex_init (&self->lock);
}

static void
bgrun_audio_player_constructed (GObject *object)
{
  BgrunAudioPlayer *self = BGRUN_AUDIO_PLAYER (object);

  G_OBJECT_CLASS (bgrun_audio_player_parent_class)->constructed (object);
  if (self->session == NULL)
    self->session = g_object_ref (bgrun_audio_session_get_default ());
  bgrun_audio_session_add_player (self->session, self);
}

static void
bgrun_audio_player_dispose (GObject *object)
{
  BgrunAudioPlayer *self = BGRUN_AUDIO_PLAYER (object);

  bgrun_audio_pipeline_destroy (self);
  if (self->session != NULL)
    {
      bgrun_audio_session_remove_player (self->session, self);
      g_clear_object (&self->session);
    }
  G_OBJECT_CLASS (bgrun_audio_player_parent_class)->dispose (object);
}

static void
bgrun_audio_player_finalize (GObject *object)
{
  BgrunAudioPlayer *self = BGRUN_AUDIO_PLAYER (object);

  g_clear_object (&self->queue);
  g_ptr_array_unref (self->uris);
  g_hash_table_unref (self->broken);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (bgrun_audio_player_parent_class)->finalize (object);
}

static void
bgrun_audio_player_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BgrunAudioPlayer *self = BGRUN_AUDIO_PLAYER (object);

  switch (prop_id)
    {
    case BGRUN_AUDIO_PLAYER_PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_CURRENT_INDEX:
      g_value_set_int (value, self->current);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_POSITION:
      g_value_set_double (value, self->position);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_DURATION:
      g_value_set_double (value, self->duration);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_VOLUME:
      g_value_set_double (value, self->volume);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_CURRENT_URI:
      g_value_set_string (value, bgrun_audio_player_get_current_uri (self));
      break;
    case BGRUN_AUDIO_PLAYER_PROP_TITLE:
      g_value_set_string (value, bgrun_audio_player_get_title (self));
      break;
    case BGRUN_AUDIO_PLAYER_PROP_ARTIST:
      g_value_set_string (value, bgrun_audio_player_get_artist (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_player_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BgrunAudioPlayer *self = BGRUN_AUDIO_PLAYER (object);

  switch (prop_id)
    {
    case BGRUN_AUDIO_PLAYER_PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case BGRUN_AUDIO_PLAYER_PROP_VOLUME:
      bgrun_audio_player_set_volume (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_audio_player_class_init (BgrunAudioPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = bgrun_audio_player_constructed;
  object_class->dispose = bgrun_audio_player_dispose;
  object_class->finalize = bgrun_audio_player_finalize;
  object_class->get_property = bgrun_audio_player_get_property;
  object_class->set_property = bgrun_audio_player_set_property;

  /**
   * BgrunAudioPlayer:session:
   *
   * The audio session the player plays in.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, BGRUN_TYPE_AUDIO_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunAudioPlayer:state:
   *
   * Whether the player is stopped, playing or paused.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_AUDIO_PLAYER_STATE,
                       BGRUN_AUDIO_PLAYER_STATE_STOPPED, ro);

  /**
   * BgrunAudioPlayer:current-index:
   *
   * The position in the queue of the item that plays (or would play
   * next); -1 when the queue is empty.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_CURRENT_INDEX] =
    g_param_spec_int ("current-index", NULL, NULL, -1, G_MAXINT, -1, ro);

  /**
   * BgrunAudioPlayer:position:
   *
   * Where the current item is, in seconds.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0, G_MAXDOUBLE, 0, ro);

  /**
   * BgrunAudioPlayer:duration:
   *
   * The current item's duration in seconds; -1 when not known.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_DURATION] =
    g_param_spec_double ("duration", NULL, NULL, -1, G_MAXDOUBLE, -1, ro);

  /**
   * BgrunAudioPlayer:volume:
   *
   * The player's volume, from 0 (silent) to 1 (full), on a linear scale.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_VOLUME] =
    g_param_spec_double ("volume", NULL, NULL, 0, 1, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * BgrunAudioPlayer:current-uri:
   *
   * The URI of the current item; %NULL when the queue is empty.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_CURRENT_URI] =
    g_param_spec_string ("current-uri", NULL, NULL, NULL, ro);

  /**
   * BgrunAudioPlayer:title:
   *
   * The current item's title, from its tags; %NULL until known.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, ro);

  /**
   * BgrunAudioPlayer:artist:
   *
   * The current item's artist, from its tags; %NULL until known.
   */
  properties[BGRUN_AUDIO_PLAYER_PROP_ARTIST] =
    g_param_spec_string ("artist", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, BGRUN_AUDIO_PLAYER_N_PROPS, properties);

  /**
   * BgrunAudioPlayer::error:
   * @player: the player
   * @error: what went wrong: %BGRUN_AUDIO_ERROR_MEDIA with the item's URI
   *   (the player then moves on to the next item), or
   *   %BGRUN_AUDIO_ERROR_SERVER (the player stops)
   *
   * Emitted when an item cannot be played (it is missing or corrupt, or
   * it did not start within 5 s of its turn, 30 s for a remote URI) or
   * the sound server cannot be reached.
   */
  signals[SIG_ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * BgrunAudioPlayer::seeked:
   * @player: the player
   * @position: the new position, in seconds
   *
   * Emitted when the position jumped: after a seek, and when another
   * item starts by [method@Bgrun.AudioPlayer.next] or
   * [method@Bgrun.AudioPlayer.previous].
   */
  signals[SIG_SEEKED] =
    g_signal_new ("seeked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

/**
 * bgrun_audio_player_new:
 * @session: (nullable): the audio session to play in, %NULL for
 *   [func@Bgrun.AudioSession.get_default]
 *
 * Creates a player with an empty queue.
 *
 * Returns: (transfer full): the new player
 */
BgrunAudioPlayer *
bgrun_audio_player_new (BgrunAudioSession *session)
{
  g_return_val_if_fail (session == NULL || BGRUN_IS_AUDIO_SESSION (session), NULL);

  return g_object_new (BGRUN_TYPE_AUDIO_PLAYER, "session", session, NULL);
}

/**
 * bgrun_audio_player_get_session:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:session].
 *
 * Returns: (transfer none): the audio session the player plays in
 */
BgrunAudioSession *
bgrun_audio_player_get_session (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), NULL);
  return self->session;
}

/**
 * bgrun_audio_player_play:
 * @self: the player
 * @error: return location for a #GError
 *
 * Plays the current item: resumes it where it was paused, or starts it.
 * Playing during an interruption ends the interruption for the app (see
 * [property@Bgrun.AudioSession:interruption-timeout]).
 *
 * Fails with %BGRUN_AUDIO_ERROR_INVALID_STATE when the queue is empty,
 * and with %BGRUN_SESSION_ERROR_NOT_SUPPORTED in a build without audio.
 * Errors found while the media loads come later, through
 * [signal@Bgrun.AudioPlayer::error].
 *
 * Returns: %TRUE if the player plays
 */
gboolean
bgrun_audio_player_play (BgrunAudioPlayer  *self,
                         GError           **error)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!bgrun_audio_check_supported (error))
    return FALSE;
  if (self->current < 0)
    {
      g_set_error_literal (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_STATE,
                           _("The player’s queue is empty; append a URI before playing."));
      return FALSE;
    }
  if (!bgrun_audio_pipeline_ensure (self, error))
    return FALSE;
  if (self->state == BGRUN_AUDIO_PLAYER_STATE_PLAYING)
    return TRUE;
  bgrun_audio_session_end_interruption (self->session);
  if (self->state == BGRUN_AUDIO_PLAYER_STATE_STOPPED)
    bgrun_audio_pipeline_load (self, self->current, BGRUN_AUDIO_PIPELINE_PLAYING);
  else
    bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_PLAYING);
  bgrun_audio_player_set_state (self, BGRUN_AUDIO_PLAYER_STATE_PLAYING);
  return TRUE;
}

/**
 * bgrun_audio_player_pause:
 * @self: the player
 *
 * Pauses the player, if it plays. The app stays running for
 * [property@Bgrun.AudioSession:pause-grace] seconds.
 */
void
bgrun_audio_player_pause (BgrunAudioPlayer *self)
{
  g_return_if_fail (BGRUN_IS_AUDIO_PLAYER (self));

  if (self->state != BGRUN_AUDIO_PLAYER_STATE_PLAYING)
    return;
  bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_PAUSED);
  bgrun_audio_player_set_state (self, BGRUN_AUDIO_PLAYER_STATE_PAUSED);
}

void
bgrun_audio_player_pause_for_session (BgrunAudioPlayer *self)
{
  bgrun_audio_player_pause (self);
}

gboolean
bgrun_audio_player_is_playing (BgrunAudioPlayer *self)
{
  return self->state == BGRUN_AUDIO_PLAYER_STATE_PLAYING;
}

/**
 * bgrun_audio_player_stop:
 * @self: the player
 *
 * Stops the player: the current item stays current, at position 0.
 */
void
bgrun_audio_player_stop (BgrunAudioPlayer *self)
{
  g_return_if_fail (BGRUN_IS_AUDIO_PLAYER (self));

  if (self->state == BGRUN_AUDIO_PLAYER_STATE_STOPPED)
    return;
  bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_NULL);
  bgrun_audio_player_set_position (self, 0);
  bgrun_audio_player_set_state (self, BGRUN_AUDIO_PLAYER_STATE_STOPPED);
}

/**
 * bgrun_audio_player_seek:
 * @self: the player
 * @seconds: where to go in the current item, from 0 to its duration
 * @error: return location for a #GError
 *
 * Moves in the current item, which must be playing or paused
 * (%BGRUN_AUDIO_ERROR_INVALID_STATE otherwise). A position past the
 * duration, or negative, fails with %BGRUN_AUDIO_ERROR_INVALID_ARGUMENT.
 * Emits [signal@Bgrun.AudioPlayer::seeked].
 *
 * Returns: %TRUE if the player moved
 */
gboolean
bgrun_audio_player_seek (BgrunAudioPlayer  *self,
                         double             seconds,
                         GError           **error)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == BGRUN_AUDIO_PLAYER_STATE_STOPPED)
    {
      g_set_error_literal (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_STATE,
                           _("The player is stopped; play before seeking."));
      return FALSE;
    }
  if (!(seconds >= 0) || (self->duration >= 0 && seconds > self->duration))
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_ARGUMENT,
                   _("Cannot seek to %.3f s in “%s”, which lasts %.3f s."),
                   seconds, bgrun_audio_player_get_current_uri (self), self->duration);
      return FALSE;
    }
  if (!bgrun_audio_pipeline_seek (self, seconds))
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_STATE,
                   _("“%s” cannot be sought (a live stream?)."),
                   bgrun_audio_player_get_current_uri (self));
      return FALSE;
    }
  bgrun_audio_player_set_position (self, seconds);
  bgrun_audio_player_emit_seeked (self);
  return TRUE;
}

/**
 * bgrun_audio_player_get_state:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:state].
 *
 * Returns: whether the player is stopped, playing or paused
 */
BgrunAudioPlayerState
bgrun_audio_player_get_state (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), BGRUN_AUDIO_PLAYER_STATE_STOPPED);
  return self->state;
}

/**
 * bgrun_audio_player_get_position:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:position].
 *
 * Returns: where the current item is, in seconds
 */
double
bgrun_audio_player_get_position (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), 0);
  return self->position;
}

/**
 * bgrun_audio_player_get_duration:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:duration].
 *
 * Returns: the current item's duration in seconds, -1 when not known
 */
double
bgrun_audio_player_get_duration (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), -1);
  return self->duration;
}

/**
 * bgrun_audio_player_get_volume:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:volume].
 *
 * Returns: the volume, from 0 to 1
 */
double
bgrun_audio_player_get_volume (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), 0);
  return self->volume;
}

/**
 * bgrun_audio_player_set_volume:
 * @self: the player
 * @volume: from 0 (silent) to 1 (full), on a linear scale
 *
 * Sets the player's own volume (the sound server's volume for the app
 * is left alone).
 */
void
bgrun_audio_player_set_volume (BgrunAudioPlayer *self,
                               double            volume)
{
  g_return_if_fail (BGRUN_IS_AUDIO_PLAYER (self));
  g_return_if_fail (volume >= 0 && volume <= 1);

  if (volume == self->volume)
    return;
  self->volume = volume;
  bgrun_audio_pipeline_set_volume (self, volume);
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_VOLUME);
}

/* ---- for the pipeline --------------------------------------------------- */

void
bgrun_audio_player_notify (BgrunAudioPlayer *self,
                           guint             prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
bgrun_audio_player_set_state (BgrunAudioPlayer      *self,
                              BgrunAudioPlayerState  state)
{
  if (state == self->state)
    return;
  self->state = state;
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_STATE);
  bgrun_audio_session_activity_changed (self->session);
}

void
bgrun_audio_player_set_position (BgrunAudioPlayer *self,
                                 double            position)
{
  if (position == self->position)
    return;
  self->position = position;
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_POSITION);
}

void
bgrun_audio_player_emit_error (BgrunAudioPlayer *self,
                               const GError     *error)
{
  g_signal_emit (self, signals[SIG_ERROR], 0, error);
}

void
bgrun_audio_player_emit_seeked (BgrunAudioPlayer *self)
{
  g_signal_emit (self, signals[SIG_SEEKED], 0, self->position);
}
