/* bgrun-audio-session-others.c: the audio session as other apps and
 * bgrunctl see it, and what other apps' sessions do to it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-player-private.h"
#include "bgrun-audio-recorder-private.h"
#include "bgrun-audio-session-internal-private.h"
#include "bgrun-audio-session-report-private.h"
#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"

gulong
bgrun_audio_session_add_watch (BgrunAudioSession *self,
                               GHookFunc          func,
                               gpointer           data)
{
  GHook *hook = g_hook_alloc (&self->watches);

  hook->func = func;
  hook->data = data;
  g_hook_append (&self->watches, hook);
  return hook->hook_id;
}

void
bgrun_audio_session_remove_watch (BgrunAudioSession *self,
                                  gulong             id)
{
  g_hook_destroy (&self->watches, id);
}

void
bgrun_audio_session_notify_watches (BgrunAudioSession *self)
{
  g_hook_list_invoke (&self->watches, FALSE);
}

static const char *
category_title (BgrunAudioCategory category)
{
  switch (category)
    {
    case BGRUN_AUDIO_CATEGORY_PLAYBACK:
      return _("Audio playback");
    case BGRUN_AUDIO_CATEGORY_RECORD:
      return _("Audio recording");
    case BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD:
      return _("Audio playback and recording");
    case BGRUN_AUDIO_CATEGORY_AMBIENT:
    case BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT:
    default:
      return _("Ambient audio");
    }
}

typedef enum {
  STATE_RECORDING,
  STATE_PLAYING,
  STATE_INTERRUPTED,
  STATE_PAUSED,
  STATE_IDLE,
} State;

/* Each state as a stable word, and in words. */
static const struct
{
  const char *word;
  const char *status;
} states[] = {
  [STATE_RECORDING] = { "recording", N_("Recording") },
  [STATE_PLAYING] = { "playing", N_("Playing") },
  [STATE_INTERRUPTED] = { "interrupted", N_("Interrupted") },
  [STATE_PAUSED] = { "paused", N_("Paused") },
  [STATE_IDLE] = { "idle", N_("Idle") },
};

static State
current_state (BgrunAudioSession *self)
{
  for (guint i = 0; i < self->recorders->len; i++)
    if (bgrun_audio_recorder_is_recording (g_ptr_array_index (self->recorders, i)))
      return STATE_RECORDING;
  for (guint i = 0; i < self->players->len; i++)
    if (bgrun_audio_player_is_playing (g_ptr_array_index (self->players, i)))
      return STATE_PLAYING;
  if (self->interrupted)
    return STATE_INTERRUPTED;
  return bgrun_audio_session_anything_paused (self) ? STATE_PAUSED : STATE_IDLE;
}

GVariant *
bgrun_audio_session_describe (BgrunAudioSession *self)
{
  const BgrunAudioOptions mixing = BGRUN_AUDIO_OPTIONS_MIX_WITH_OTHERS |
                                   BGRUN_AUDIO_OPTIONS_DUCK_OTHERS |
                                   BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS;
  g_autoptr(GEnumClass) categories = NULL;
  GVariantDict dict;
  State state;

  if (!self->active)
    return NULL;
  categories = g_type_class_ref (BGRUN_TYPE_AUDIO_CATEGORY);
  state = current_state (self);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "kind", "s", "audio");
  g_variant_dict_insert (&dict, "id", "u", BGRUN_AUDIO_SESSION_REPORT_ID);
  g_variant_dict_insert (&dict, "title", "s", category_title (self->category));
  g_variant_dict_insert (&dict, "category", "s",
                         g_enum_get_value (categories, self->category)->value_nick);
  g_variant_dict_insert (&dict, "state", "s", states[state].word);
  g_variant_dict_insert (&dict, "status", "s", _(states[state].status));
  g_variant_dict_insert (&dict, "mixable", "b",
                         self->category == BGRUN_AUDIO_CATEGORY_AMBIENT || (self->options & mixing) != 0);
  g_variant_dict_insert (&dict, "ducks-others", "b",
                         (self->options & BGRUN_AUDIO_OPTIONS_DUCK_OTHERS) != 0);
  return g_variant_dict_end (&dict);
}

void
bgrun_audio_session_interrupted_by_other (BgrunAudioSession        *self,
                                          BgrunInterruptionType     type,
                                          BgrunInterruptionOptions  options)
{
  if (!self->active)
    return;
  if (type == BGRUN_INTERRUPTION_TYPE_BEGAN)
    bgrun_audio_session_corked (self, TRUE);
  else if (options & BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME)
    bgrun_audio_session_corked (self, FALSE);
  else
    bgrun_audio_session_end_interruption (self);
}

gboolean
bgrun_audio_session_get_ducked (BgrunAudioSession *self)
{
  return self->ducked;
}

void
bgrun_audio_session_set_ducked (BgrunAudioSession *self,
                                gboolean           ducked)
{
  if (ducked == self->ducked)
    return;
  self->ducked = ducked;
  for (guint i = 0; i < self->players->len; i++)
    bgrun_audio_player_set_ducked (g_ptr_array_index (self->players, i), ducked);
}
