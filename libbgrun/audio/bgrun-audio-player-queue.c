/* bgrun-audio-player-queue.c: the player's queue, and moving in it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-audio-error.h"
#include "bgrun-audio-item-private.h"
#include "bgrun-audio-player-internal-private.h"
#include "bgrun-i18n-private.h"

/**
 * bgrun_audio_player_get_queue:
 * @self: the player
 *
 * Gets the queue: a live list of [class@Bgrun.AudioItem], in the order
 * they play.
 *
 * Returns: (transfer none): the queue
 */
GListModel *
bgrun_audio_player_get_queue (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), NULL);
  return G_LIST_MODEL (self->queue);
}

/**
 * bgrun_audio_player_append_uri:
 * @self: the player
 * @uri: the URI to play, such as `file:///home/me/episode.ogg` or an
 *   `https://` stream
 * @error: return location for a #GError
 *
 * Adds @uri at the end of the queue. A URI that is not one fails with
 * %BGRUN_AUDIO_ERROR_INVALID_ARGUMENT; a URI that names nothing playable
 * is only found out when its turn comes (see
 * [signal@Bgrun.AudioPlayer::error]).
 *
 * Returns: %TRUE if @uri was queued
 */
gboolean
bgrun_audio_player_append_uri (BgrunAudioPlayer  *self,
                               const char        *uri,
                               GError           **error)
{
  g_autoptr(BgrunAudioItem) item = NULL;

  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (uri == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a URI; give an absolute URI such as file:///path/to/song.ogg."),
                   uri != NULL ? uri : "(null)");
      return FALSE;
    }
  item = bgrun_audio_item_new (uri);
  g_list_store_append (self->queue, item);
  bgrun_audio_pipeline_sync_uris (self);
  if (self->current < 0)
    bgrun_audio_player_set_current (self, 0);
  return TRUE;
}

/**
 * bgrun_audio_player_clear:
 * @self: the player
 *
 * Stops the player and empties the queue.
 */
void
bgrun_audio_player_clear (BgrunAudioPlayer *self)
{
  g_return_if_fail (BGRUN_IS_AUDIO_PLAYER (self));

  bgrun_audio_player_stop (self);
  g_list_store_remove_all (self->queue);
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->broken);
  g_mutex_unlock (&self->lock);
  bgrun_audio_pipeline_sync_uris (self);
  bgrun_audio_player_set_current (self, -1);
}

static gboolean
jump_to (BgrunAudioPlayer *self,
         int               index)
{
  BgrunAudioPlayerState state = self->state;

  if (index < 0 || index >= (int) g_list_model_get_n_items (G_LIST_MODEL (self->queue)))
    return FALSE;
  bgrun_audio_player_set_current (self, index);
  bgrun_audio_player_set_position (self, 0);
  if (state != BGRUN_AUDIO_PLAYER_STATE_STOPPED)
    {
      bgrun_audio_pipeline_load (self, index, state == BGRUN_AUDIO_PLAYER_STATE_PLAYING ?
                                              BGRUN_AUDIO_PIPELINE_PLAYING : BGRUN_AUDIO_PIPELINE_PAUSED);
      bgrun_audio_player_emit_seeked (self);
    }
  return TRUE;
}

/**
 * bgrun_audio_player_next:
 * @self: the player
 *
 * Goes to the next item in the queue, keeping the player playing, paused
 * or stopped.
 *
 * Returns: %FALSE (and nothing changes) if the current item is the last
 */
gboolean
bgrun_audio_player_next (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), FALSE);
  return jump_to (self, self->current + 1);
}

/**
 * bgrun_audio_player_previous:
 * @self: the player
 *
 * Goes to the previous item in the queue, keeping the player playing,
 * paused or stopped.
 *
 * Returns: %FALSE (and nothing changes) if the current item is the first
 */
gboolean
bgrun_audio_player_previous (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), FALSE);
  return jump_to (self, self->current - 1);
}

/**
 * bgrun_audio_player_select:
 * @self: the player
 * @index: the position in the queue of the item to go to
 *
 * Goes to the item at @index, keeping the player playing, paused or
 * stopped: what a click in a queue view does.
 *
 * Returns: %FALSE (and nothing changes) if @index is past the queue
 */
gboolean
bgrun_audio_player_select (BgrunAudioPlayer *self,
                           guint             index)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), FALSE);
  if (index > G_MAXINT)
    return FALSE;
  return jump_to (self, (int) index);
}

/**
 * bgrun_audio_player_get_current_index:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:current-index].
 *
 * Returns: the position in the queue of the current item, -1 for none
 */
int
bgrun_audio_player_get_current_index (BgrunAudioPlayer *self)
{
  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), -1);
  return self->current;
}

BgrunAudioItem *
bgrun_audio_player_current_item (BgrunAudioPlayer *self)
{
  if (self->current < 0)
    return NULL;
  /* The queue holds a reference: a borrowed item is enough here. */
  {
    BgrunAudioItem *item = g_list_model_get_item (G_LIST_MODEL (self->queue), self->current);

    if (item != NULL)
      g_object_unref (item);
    return item;
  }
}

/**
 * bgrun_audio_player_get_current_uri:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:current-uri].
 *
 * Returns: (nullable): the current item's URI
 */
const char *
bgrun_audio_player_get_current_uri (BgrunAudioPlayer *self)
{
  BgrunAudioItem *item;

  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), NULL);
  item = bgrun_audio_player_current_item (self);
  return item != NULL ? bgrun_audio_item_get_uri (item) : NULL;
}

/**
 * bgrun_audio_player_get_title:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:title].
 *
 * Returns: (nullable): the current item's title
 */
const char *
bgrun_audio_player_get_title (BgrunAudioPlayer *self)
{
  BgrunAudioItem *item;

  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), NULL);
  item = bgrun_audio_player_current_item (self);
  return item != NULL ? bgrun_audio_item_get_title (item) : NULL;
}

/**
 * bgrun_audio_player_get_artist:
 * @self: the player
 *
 * Gets [property@Bgrun.AudioPlayer:artist].
 *
 * Returns: (nullable): the current item's artist
 */
const char *
bgrun_audio_player_get_artist (BgrunAudioPlayer *self)
{
  BgrunAudioItem *item;

  g_return_val_if_fail (BGRUN_IS_AUDIO_PLAYER (self), NULL);
  item = bgrun_audio_player_current_item (self);
  return item != NULL ? bgrun_audio_item_get_artist (item) : NULL;
}

/* ---- for the pipeline --------------------------------------------------- */

void
bgrun_audio_player_set_current (BgrunAudioPlayer *self,
                                int               index)
{
  BgrunAudioItem *item;
  double duration;

  if (index == self->current)
    return;
  self->current = index;
  item = bgrun_audio_player_current_item (self);
  duration = item != NULL ? bgrun_audio_item_get_duration (item) : -1;
  g_object_freeze_notify (G_OBJECT (self));
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_CURRENT_INDEX);
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_CURRENT_URI);
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_TITLE);
  bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_ARTIST);
  if (duration != self->duration)
    {
      self->duration = duration;
      bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_DURATION);
    }
  g_object_thaw_notify (G_OBJECT (self));
}
