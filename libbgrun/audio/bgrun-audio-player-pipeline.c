/* bgrun-audio-player-pipeline.c: the player's GStreamer pipeline
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gst/gst.h>

#include "bgrun-audio-error.h"
#include "bgrun-audio-item-private.h"
#include "bgrun-audio-player-internal-private.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-audio-stream-private.h"
#include "bgrun-i18n-private.h"

/* One playbin per player, audio only, into a pulsesink whose stream
 * properties carry the session's media.role. Gapless: playbin's
 * about-to-finish (on a streaming thread) sets the next URI, and the
 * stream-start message that follows on the bus says the next item plays.
 * PulseAudio's role corking arrives as request-state messages from
 * pulsesink, which never acts on them itself: they become the session's
 * interruptions. */

/* playbin's GstPlayFlags: audio, with its own (software) volume so the
 * player's volume is not the server's stream volume, which the server
 * may restore per role. */
#define PLAY_FLAGS (0x2 | 0x10)

/* A missing local file is known before playbin tries it: skipping it here
 * keeps its error from cutting the end of the item that plays. The main
 * thread reports it when the message arrives. */
static gboolean
is_missing_file (const char *uri)
{
  g_autofree char *path = g_str_has_prefix (uri, "file:") ? g_filename_from_uri (uri, NULL, NULL) : NULL;

  return path != NULL && !g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
on_about_to_finish (GstElement       *playbin,
                    BgrunAudioPlayer *self)
{
  /* A streaming thread: only the URI copy under the lock is touched. */
  g_mutex_lock (&self->lock);
  while (self->loaded >= 0 && self->loaded + 1 < (int) self->uris->len)
    {
      const char *uri = g_ptr_array_index (self->uris, ++self->loaded);

      /* Failed once already as the next item (and was reported then). */
      if (g_hash_table_contains (self->broken, uri))
        continue;
      if (is_missing_file (uri))
        {
          GstStructure *skipped = gst_structure_new ("bgrun-skipped", "index", G_TYPE_INT,
                                                     self->loaded, NULL);

          gst_element_post_message (playbin, gst_message_new_application (GST_OBJECT (playbin),
                                                                          skipped));
          continue;
        }
      self->gapless_next = self->loaded;
      g_object_set (playbin, "uri", uri, NULL);
      gst_element_post_message (playbin, gst_message_new_application (
        GST_OBJECT (playbin), gst_structure_new ("bgrun-prepared", "index", G_TYPE_INT,
                                                 self->loaded, NULL)));
      break;
    }
  g_mutex_unlock (&self->lock);
}

static void watch_prepared (BgrunAudioPlayer *self);

static void
on_skipped (BgrunAudioPlayer *self,
            GstMessage       *message)
{
  const GstStructure *structure = gst_message_get_structure (message);
  g_autoptr(BgrunAudioItem) item = NULL;
  g_autoptr(GError) error = NULL;
  int index = -1;

  if (gst_structure_has_name (structure, "bgrun-prepared"))
    {
      watch_prepared (self);
      return;
    }
  if (!gst_structure_has_name (structure, "bgrun-skipped") ||
      !gst_structure_get_int (structure, "index", &index))
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->queue), index);
  if (item == NULL)
    return;
  error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_MEDIA,
                       _("“%s” cannot be played: the file does not exist"),
                       bgrun_audio_item_get_uri (item));
  bgrun_audio_player_emit_error (self, error);
}

static void
update_duration (BgrunAudioPlayer *self)
{
  gint64 duration = -1;
  BgrunAudioItem *item = bgrun_audio_player_current_item (self);
  double seconds;

  if (self->playbin == NULL || item == NULL ||
      !gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration) || duration < 0)
    return;
  seconds = (double) duration / GST_SECOND;
  bgrun_audio_item_set_duration (item, seconds);
  if (seconds != self->duration)
    {
      self->duration = seconds;
      bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_DURATION);
    }
}

static void
update_position (BgrunAudioPlayer *self)
{
  gint64 position = 0;

  if (self->playbin != NULL &&
      gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position) && position >= 0)
    bgrun_audio_player_set_position (self, (double) position / GST_SECOND);
}

static gboolean
on_position_due (gpointer user_data)
{
  update_position (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_position_timer (BgrunAudioPlayer *self,
                    gboolean          running)
{
  if (running == (self->position_timer != NULL))
    return;
  if (!running)
    {
      g_source_destroy (self->position_timer);
      g_clear_pointer (&self->position_timer, g_source_unref);
      return;
    }
  self->position_timer = g_timeout_source_new ((guint) (BGRUN_AUDIO_PLAYER_POSITION_INTERVAL * 1000));
  g_source_set_static_name (self->position_timer, "[bgrun] audio player position");
  g_source_set_callback (self->position_timer, on_position_due, self, NULL);
  g_source_attach (self->position_timer, g_main_context_get_thread_default ());
}

static void
apply_tags (BgrunAudioPlayer *self,
            GstTagList       *tags)
{
  BgrunAudioItem *item = bgrun_audio_player_current_item (self);
  g_autofree char *title = NULL;
  g_autofree char *artist = NULL;

  if (item == NULL)
    return;
  if (gst_tag_list_get_string (tags, GST_TAG_TITLE, &title) &&
      g_strcmp0 (title, bgrun_audio_item_get_title (item)) != 0)
    {
      bgrun_audio_item_set_title (item, title);
      bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_TITLE);
    }
  if (gst_tag_list_get_string (tags, GST_TAG_ARTIST, &artist) &&
      g_strcmp0 (artist, bgrun_audio_item_get_artist (item)) != 0)
    {
      bgrun_audio_item_set_artist (item, artist);
      bgrun_audio_player_notify (self, BGRUN_AUDIO_PLAYER_PROP_ARTIST);
    }
}

static gboolean
from_sink (BgrunAudioPlayer *self,
           GstMessage       *message)
{
  return self->sink != NULL && GST_MESSAGE_SRC (message) != NULL &&
         (GST_MESSAGE_SRC (message) == GST_OBJECT (self->sink) ||
          gst_object_has_as_ancestor (GST_MESSAGE_SRC (message), GST_OBJECT (self->sink)));
}

/* An item that neither plays nor fails (a corrupt file whose demuxer
 * waits for data that never comes, a server that never answers) is given
 * up on after this long, as if it had failed. */
#define LOAD_TIMEOUT_LOCAL_MS 5000
#define LOAD_TIMEOUT_REMOTE_MS 30000

static void
clear_load_timer (BgrunAudioPlayer *self)
{
  if (self->load_timer == NULL)
    return;
  g_source_destroy (self->load_timer);
  g_clear_pointer (&self->load_timer, g_source_unref);
}

/* The item at @failed cannot be played: say so, and go on with the next. */
static void
skip_failed (BgrunAudioPlayer *self,
             int               failed,
             const char       *why)
{
  g_autoptr(GError) error = NULL;
  BgrunAudioPlayerState state = self->state;

  bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_NULL);
  bgrun_audio_player_set_current (self, failed);
  error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_MEDIA,
                       _("“%s” cannot be played: %s"),
                       bgrun_audio_player_get_current_uri (self), why);
  bgrun_audio_player_set_position (self, 0);
  if (failed + 1 < (int) g_list_model_get_n_items (G_LIST_MODEL (self->queue)))
    {
      bgrun_audio_player_set_current (self, failed + 1);
      if (state != BGRUN_AUDIO_PLAYER_STATE_STOPPED)
        bgrun_audio_pipeline_load (self, failed + 1, state == BGRUN_AUDIO_PLAYER_STATE_PLAYING ?
                                                     BGRUN_AUDIO_PIPELINE_PLAYING : BGRUN_AUDIO_PIPELINE_PAUSED);
    }
  else
    bgrun_audio_player_set_state (self, BGRUN_AUDIO_PLAYER_STATE_STOPPED);
  bgrun_audio_player_emit_error (self, error);
}

static gboolean
on_load_timeout (gpointer user_data)
{
  BgrunAudioPlayer *self = user_data;
  g_autofree char *why = NULL;

  int failed;

  g_clear_pointer (&self->load_timer, g_source_unref);
  g_mutex_lock (&self->lock);
  failed = self->gapless_next >= 0 ? self->gapless_next : self->current;
  g_mutex_unlock (&self->lock);
  why = g_strdup_printf (_("it did not start within %d s (corrupt, or unreachable)"),
                         (g_str_has_prefix (bgrun_audio_player_get_current_uri (self), "file:") ?
                          LOAD_TIMEOUT_LOCAL_MS : LOAD_TIMEOUT_REMOTE_MS) / 1000);
  skip_failed (self, failed, why);
  return G_SOURCE_REMOVE;
}

static void
start_load_timer (BgrunAudioPlayer *self,
                  const char       *uri,
                  guint             after_ms)
{
  clear_load_timer (self);
  self->load_timer = g_timeout_source_new (after_ms + (g_str_has_prefix (uri, "file:") ?
                                                       LOAD_TIMEOUT_LOCAL_MS :
                                                       LOAD_TIMEOUT_REMOTE_MS));
  g_source_set_static_name (self->load_timer, "[bgrun] audio player load timeout");
  g_source_set_callback (self->load_timer, on_load_timeout, self, NULL);
  g_source_attach (self->load_timer, g_main_context_get_thread_default ());
}

/* The next item was prepared while the current one ends: it must start
 * within the load timeout of the current one's end, or be given up on (a
 * next item that neither plays nor fails would leave the player silent,
 * "playing"). */
static void
watch_prepared (BgrunAudioPlayer *self)
{
  double remaining = self->duration > 0 ? MAX (0, self->duration - self->position) : 0;
  int next;

  g_mutex_lock (&self->lock);
  next = self->gapless_next;
  g_mutex_unlock (&self->lock);
  if (next < 0)
    return;
  start_load_timer (self, g_ptr_array_index (self->uris, next), (guint) (remaining * 1000));
}

static void
on_error (BgrunAudioPlayer *self,
          GstMessage       *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  int failed;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("libbgrun: audio player error: %s (%s)", gst_error->message, debug);

  g_mutex_lock (&self->lock);
  failed = self->gapless_next >= 0 ? self->gapless_next : self->current;
  self->gapless_next = -1;
  g_mutex_unlock (&self->lock);

  if (failed != self->current && !from_sink (self, message))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = g_strdup (g_ptr_array_index (self->uris, failed));

      /* The item prepared to follow failed, and took the pipeline down
       * with the current one still playing its last buffered seconds:
       * play the current one on from where it was, without the broken
       * one, which is reported now and skipped from now on. */
      update_position (self);
      g_mutex_lock (&self->lock);
      g_hash_table_add (self->broken, g_strdup (uri));
      g_mutex_unlock (&self->lock);
      error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_MEDIA,
                           _("“%s” cannot be played: %s"), uri, gst_error->message);
      self->resume_at = self->position;
      bgrun_audio_pipeline_load (self, self->current, BGRUN_AUDIO_PIPELINE_PLAYING);
      bgrun_audio_player_emit_error (self, error);
      return;
    }
  if (from_sink (self, message))
    {
      g_autoptr(GError) error = NULL;

      /* Every item would fail the same way: stop rather than skip. */
      bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_NULL);
      error = g_error_new (BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
                           _("The sound server cannot play audio: %s"), gst_error->message);
      bgrun_audio_player_set_position (self, 0);
      bgrun_audio_player_set_state (self, BGRUN_AUDIO_PLAYER_STATE_STOPPED);
      bgrun_audio_player_emit_error (self, error);
      return;
    }
  skip_failed (self, failed, gst_error->message);
}

static void
on_request_state (BgrunAudioPlayer *self,
                  GstMessage       *message)
{
  GstState requested;

  gst_message_parse_request_state (message, &requested);
  if (requested == GST_STATE_PAUSED && self->state == BGRUN_AUDIO_PLAYER_STATE_PLAYING)
    {
      /* The server uncorks only a stream that was paused as it asked. */
      bgrun_audio_player_pause (self);
      bgrun_audio_session_corked (self->session, TRUE);
    }
  else if (requested == GST_STATE_PLAYING)
    bgrun_audio_session_corked (self->session, FALSE);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  BgrunAudioPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_STREAM_START:
      {
        int next;

        g_mutex_lock (&self->lock);
        next = self->gapless_next;
        self->gapless_next = -1;
        g_mutex_unlock (&self->lock);
        if (next >= 0)
          {
            clear_load_timer (self);
            bgrun_audio_player_set_current (self, next);
            bgrun_audio_player_set_position (self, 0);
          }
        update_duration (self);
      }
      break;
    case GST_MESSAGE_TAG:
      {
        g_autoptr(GstTagList) tags = NULL;

        gst_message_parse_tag (message, &tags);
        apply_tags (self, tags);
      }
      break;
    case GST_MESSAGE_ASYNC_DONE:
      /* Prerolled: the item plays. */
      clear_load_timer (self);
      if (self->resume_at > 0)
        {
          double resume_at = self->resume_at;

          self->resume_at = -1;
          bgrun_audio_pipeline_seek (self, resume_at);
        }
      self->resume_at = -1;
      update_duration (self);
      update_position (self);
      break;
    case GST_MESSAGE_DURATION_CHANGED:
      update_duration (self);
      update_position (self);
      break;
    case GST_MESSAGE_EOS:
      /* An item that ends without about-to-finish (a stream cut short)
       * is followed by the next one all the same. */
      {
        int next;

        /* Past the items about-to-finish skipped as missing, if it ran. */
        g_mutex_lock (&self->lock);
        next = MAX (self->current, self->loaded) + 1;
        g_mutex_unlock (&self->lock);
        if (next < (int) g_list_model_get_n_items (G_LIST_MODEL (self->queue)))
          {
            bgrun_audio_player_set_current (self, next);
            bgrun_audio_player_set_position (self, 0);
            bgrun_audio_pipeline_load (self, next, BGRUN_AUDIO_PIPELINE_PLAYING);
            break;
          }
      }
      /* The end of the queue: back to its start, stopped. */
      bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_NULL);
      bgrun_audio_player_set_position (self, 0);
      bgrun_audio_player_set_current (self, 0);
      bgrun_audio_player_set_state (self, BGRUN_AUDIO_PLAYER_STATE_STOPPED);
      break;
    case GST_MESSAGE_ERROR:
      on_error (self, message);
      break;
    case GST_MESSAGE_REQUEST_STATE:
      on_request_state (self, message);
      break;
    case GST_MESSAGE_APPLICATION:
      on_skipped (self, message);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
bgrun_audio_pipeline_ensure (BgrunAudioPlayer  *self,
                             GError           **error)
{
  g_autoptr(GstBus) bus = NULL;
  GstElement *fake_video;

  if (self->playbin != NULL)
    return TRUE;
  self->playbin = gst_element_factory_make ("playbin", NULL);
  self->sink = gst_element_factory_make ("pulsesink", NULL);
  fake_video = gst_element_factory_make ("fakesink", NULL);
  if (self->playbin == NULL || self->sink == NULL || fake_video == NULL)
    {
      g_set_error (error, BGRUN_AUDIO_ERROR, BGRUN_AUDIO_ERROR_SERVER,
                   _("The GStreamer element “%s” is missing; install gstreamer1.0-plugins-base and gstreamer1.0-pulseaudio."),
                   self->playbin == NULL ? "playbin" : self->sink == NULL ? "pulsesink" : "fakesink");
      gst_clear_object (&self->playbin);
      gst_clear_object (&self->sink);
      gst_clear_object (&fake_video);
      return FALSE;
    }
  gst_object_ref_sink (self->playbin);
  gst_object_ref_sink (self->sink);
  g_object_set (self->playbin, "audio-sink", self->sink, "video-sink", fake_video,
                "flags", PLAY_FLAGS, "volume", self->volume, NULL);
  bgrun_audio_player_set_ducked (self, bgrun_audio_session_get_ducked (self->session));
  g_signal_connect (self->playbin, "about-to-finish", G_CALLBACK (on_about_to_finish), self);
  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return TRUE;
}

void
bgrun_audio_pipeline_destroy (BgrunAudioPlayer *self)
{
  set_position_timer (self, FALSE);
  clear_load_timer (self);
  if (self->playbin == NULL)
    return;
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->playbin, self);
  gst_clear_object (&self->playbin);
  gst_clear_object (&self->sink);
}

void
bgrun_audio_pipeline_set_state (BgrunAudioPlayer        *self,
                                BgrunAudioPipelineState  state)
{
  G_STATIC_ASSERT ((int) BGRUN_AUDIO_PIPELINE_NULL == (int) GST_STATE_NULL &&
                   (int) BGRUN_AUDIO_PIPELINE_PAUSED == (int) GST_STATE_PAUSED &&
                   (int) BGRUN_AUDIO_PIPELINE_PLAYING == (int) GST_STATE_PLAYING);

  set_position_timer (self, state == BGRUN_AUDIO_PIPELINE_PLAYING);
  if (state == BGRUN_AUDIO_PIPELINE_NULL)
    clear_load_timer (self);
  if (self->playbin == NULL)
    return;
  gst_element_set_state (self->playbin, (GstState) state);
  if (state == BGRUN_AUDIO_PIPELINE_NULL)
    {
      /* Messages of the pipeline that was are of no interest any more. */
      g_autoptr(GstBus) bus = gst_element_get_bus (self->playbin);

      gst_bus_set_flushing (bus, TRUE);
      gst_bus_set_flushing (bus, FALSE);
      g_mutex_lock (&self->lock);
      self->gapless_next = -1;
      g_mutex_unlock (&self->lock);
    }
}

void
bgrun_audio_pipeline_load (BgrunAudioPlayer        *self,
                           int                      index,
                           BgrunAudioPipelineState  state)
{
  g_autoptr(GstStructure) props = NULL;

  if (self->playbin == NULL)
    return;
  bgrun_audio_pipeline_set_state (self, BGRUN_AUDIO_PIPELINE_NULL);
  /* A category changed since the last item applies from this one. */
  props = bgrun_audio_stream_properties (self->session);
  g_object_set (self->sink, "stream-properties", props, NULL);
  g_mutex_lock (&self->lock);
  self->loaded = index;
  self->gapless_next = -1;
  g_mutex_unlock (&self->lock);
  /* Not under the lock: in the NULL state no streaming thread runs, and
   * playbin takes locks of its own to set a URI. */
  g_object_set (self->playbin, "uri", g_ptr_array_index (self->uris, index), NULL);
  bgrun_audio_pipeline_set_state (self, state);
  start_load_timer (self, g_ptr_array_index (self->uris, index), 0);
}

gboolean
bgrun_audio_pipeline_seek (BgrunAudioPlayer *self,
                           double            seconds)
{
  return self->playbin != NULL &&
         gst_element_seek_simple (self->playbin, GST_FORMAT_TIME,
                                  GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                  (gint64) (seconds * GST_SECOND));
}

void
bgrun_audio_pipeline_sync_uris (BgrunAudioPlayer *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->uris, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(BgrunAudioItem) item = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      g_ptr_array_add (self->uris, g_strdup (bgrun_audio_item_get_uri (item)));
    }
  g_mutex_unlock (&self->lock);
}

/* Ducking lowers the stream's volume on the sound server, where the user
 * and the other apps see it, and leaves the player's own volume alone. */
void
bgrun_audio_player_set_ducked (BgrunAudioPlayer *self,
                               gboolean          ducked)
{
  if (self->sink != NULL)
    g_object_set (self->sink, "volume", ducked ? BGRUN_AUDIO_DUCK_VOLUME : 1.0, NULL);
}

void
bgrun_audio_pipeline_set_volume (BgrunAudioPlayer *self,
                                 double            volume)
{
  if (self->playbin != NULL)
    g_object_set (self->playbin, "volume", volume, NULL);
}
