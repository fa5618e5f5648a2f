/* bgrun-audio-session-members.c: the session's players and recorders,
 * and the keep-alive and MPRIS export they call for
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-player-private.h"
#include "bgrun-audio-recorder-private.h"
#include "bgrun-audio-session-internal-private.h"

void
bgrun_audio_session_update_mpris (BgrunAudioSession *self)
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

  if (!self->active || !bgrun_audio_session_category_keeps_alive (self->category))
    return BGRUN_AUDIO_NEED_NOTHING;
  for (guint i = 0; i < self->recorders->len; i++)
    if (bgrun_audio_recorder_is_recording (g_ptr_array_index (self->recorders, i)))
      return BGRUN_AUDIO_NEED_RECORDING;
  for (guint i = 0; i < self->players->len && !playing; i++)
    playing = bgrun_audio_player_is_playing (g_ptr_array_index (self->players, i));
  return playing ? BGRUN_AUDIO_NEED_PLAYING : BGRUN_AUDIO_NEED_NOTHING;
}

gboolean
bgrun_audio_session_anything_paused (BgrunAudioSession *self)
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
  double grace = self->active && bgrun_audio_session_category_keeps_alive (self->category) &&
                 bgrun_audio_session_anything_paused (self) ? self->pause_grace : -1;

  bgrun_audio_lease_update (self->lease, current_need (self), grace);
  bgrun_audio_session_notify_watches (self);
}

void
bgrun_audio_session_pause_players (BgrunAudioSession *self)
{
  /* Pausing may drop a player's last reference in a handler: iterate over
   * a copy. */
  g_autoptr(GPtrArray) players = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->players->len; i++)
    g_ptr_array_add (players, g_object_ref (g_ptr_array_index (self->players, i)));
  for (guint i = 0; i < players->len; i++)
    bgrun_audio_player_pause_for_session (g_ptr_array_index (players, i));
}

void
bgrun_audio_session_stop_recorders (BgrunAudioSession *self)
{
  g_autoptr(GPtrArray) recorders = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->recorders->len; i++)
    g_ptr_array_add (recorders, g_object_ref (g_ptr_array_index (self->recorders, i)));
  for (guint i = 0; i < recorders->len; i++)
    bgrun_audio_recorder_stop_for_session (g_ptr_array_index (recorders, i));
}

gboolean
bgrun_audio_session_any_recorder_started (BgrunAudioSession *self)
{
  for (guint i = 0; i < self->recorders->len; i++)
    if (bgrun_audio_recorder_is_started (g_ptr_array_index (self->recorders, i)))
      return TRUE;
  return FALSE;
}

void
bgrun_audio_session_add_player (BgrunAudioSession *self,
                                BgrunAudioPlayer  *player)
{
  g_ptr_array_add (self->players, player);
  bgrun_audio_session_update_mpris (self);
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
  bgrun_audio_session_update_mpris (self);
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
