/* bgrun-audio-session-category.c: what the app uses audio for, and the
 * media.role it maps to
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-error.h"
#include "bgrun-audio-session-internal-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"

gboolean
bgrun_audio_session_category_keeps_alive (BgrunAudioCategory category)
{
  return category == BGRUN_AUDIO_CATEGORY_PLAYBACK ||
         category == BGRUN_AUDIO_CATEGORY_RECORD ||
         category == BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD;
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
      g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_CATEGORY]);
    }
  if (mode != self->mode)
    {
      self->mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_MODE]);
    }
  if (options != self->options)
    {
      self->options = options;
      g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_OPTIONS]);
    }
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_PROP_MEDIA_ROLE]);
  g_object_thaw_notify (G_OBJECT (self));

  if (!changed)
    return TRUE;
  bgrun_audio_session_activity_changed (self);
  bgrun_audio_session_update_mpris (self);
  if (self->active)
    g_signal_emit (self, bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_SIG_ROUTE_CHANGED], 0, BGRUN_ROUTE_CHANGE_REASON_CATEGORY_CHANGE);
  return TRUE;
}

/**
 * bgrun_audio_session_get_category:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:category].
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
 * Gets [property@Bgrun.AudioSession:mode].
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
 * Gets [property@Bgrun.AudioSession:options].
 *
 * Returns: the session's options
 */
BgrunAudioOptions
bgrun_audio_session_get_options (BgrunAudioSession *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_SESSION (self), BGRUN_AUDIO_OPTIONS_NONE);
  return self->options;
}

/**
 * bgrun_audio_session_get_media_role:
 * @self: the session
 *
 * Gets [property@Bgrun.AudioSession:media-role].
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
