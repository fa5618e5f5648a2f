/* bgrun-audio-player-internal-private.h: the player's state, shared by its
 * API (bgrun-audio-player.c) and its pipeline (bgrun-audio-player-pipeline.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-audio-item.h"
#include "bgrun-audio-player-private.h"
#include "bgrun-audio-session.h"

G_BEGIN_DECLS

/* The player's files need no GStreamer header: its elements are only
 * pointers here (the pipeline file, built with GStreamer, includes its
 * headers), and the states it asks for are GStreamer's GstState values
 * under names of their own. */
typedef struct _GstElement GstElement;

typedef enum {
  BGRUN_AUDIO_PIPELINE_NULL = 1,     /* GST_STATE_NULL: torn down */
  BGRUN_AUDIO_PIPELINE_PAUSED = 3,   /* GST_STATE_PAUSED */
  BGRUN_AUDIO_PIPELINE_PLAYING = 4,  /* GST_STATE_PLAYING */
} BgrunAudioPipelineState;

struct _BgrunAudioPlayer
{
  GObject parent_instance;

  BgrunAudioSession     *session;
  GListStore            *queue;          /* BgrunAudioItem */
  int                    current;        /* index in queue, -1 for none */
  BgrunAudioPlayerState  state;
  double                 volume;
  double                 position;
  double                 duration;

  GstElement            *playbin;        /* created at the first play */
  GstElement            *sink;
  guint                  bus_watch;
  GSource               *position_timer; /* while playing */
  GSource               *load_timer;     /* from a load to its preroll */

  /* Shared with the streaming thread's about-to-finish: the queue's URIs
   * and which one is loaded, under @lock. */
  GMutex                 lock;
  GPtrArray             *uris;           /* char *, as the queue */
  int                    loaded;         /* index playbin plays or prepares */
  int                    gapless_next;   /* set by about-to-finish, -1 */
  GHashTable            *broken;         /* URIs that failed as the next item */
  double                 resume_at;      /* seek there once prerolled, or -1 */
};

/* bgrun-audio-player.c */
enum {
  BGRUN_AUDIO_PLAYER_PROP_0,
  BGRUN_AUDIO_PLAYER_PROP_SESSION,
  BGRUN_AUDIO_PLAYER_PROP_STATE,
  BGRUN_AUDIO_PLAYER_PROP_CURRENT_INDEX,
  BGRUN_AUDIO_PLAYER_PROP_POSITION,
  BGRUN_AUDIO_PLAYER_PROP_DURATION,
  BGRUN_AUDIO_PLAYER_PROP_VOLUME,
  BGRUN_AUDIO_PLAYER_PROP_CURRENT_URI,
  BGRUN_AUDIO_PLAYER_PROP_TITLE,
  BGRUN_AUDIO_PLAYER_PROP_ARTIST,
  BGRUN_AUDIO_PLAYER_N_PROPS
};

void            bgrun_audio_player_notify       (BgrunAudioPlayer      *self,
                                                 guint                  prop);
void            bgrun_audio_player_set_state    (BgrunAudioPlayer      *self,
                                                 BgrunAudioPlayerState  state);
/* Makes @index current: notifies current-index, current-uri, title,
 * artist and duration. */
void            bgrun_audio_player_set_current  (BgrunAudioPlayer      *self,
                                                 int                    index);
void            bgrun_audio_player_set_position (BgrunAudioPlayer      *self,
                                                 double                 position);
BgrunAudioItem *bgrun_audio_player_current_item (BgrunAudioPlayer      *self);
void            bgrun_audio_player_emit_error   (BgrunAudioPlayer      *self,
                                                 const GError          *error);
/* MPRIS's Seeked. */
void            bgrun_audio_player_emit_seeked  (BgrunAudioPlayer      *self);

/* bgrun-audio-player-pipeline.c, or without GStreamer bgrun-audio-none.c
 * (no pipeline: ensure fails with BGRUN_SESSION_ERROR_NOT_SUPPORTED, and
 * the rest has nothing to act on) */
gboolean        bgrun_audio_pipeline_ensure     (BgrunAudioPlayer      *self,
                                                 GError               **error);
void            bgrun_audio_pipeline_destroy    (BgrunAudioPlayer      *self);
/* Loads queue item @index (NULL state, new URI), then PLAYING or PAUSED. */
void            bgrun_audio_pipeline_load       (BgrunAudioPlayer      *self,
                                                 int                    index,
                                                 BgrunAudioPipelineState state);
void            bgrun_audio_pipeline_set_state  (BgrunAudioPlayer      *self,
                                                 BgrunAudioPipelineState state);
gboolean        bgrun_audio_pipeline_seek       (BgrunAudioPlayer      *self,
                                                 double                 seconds);
/* The queue changed: refresh the URIs the streaming thread sees. */
void            bgrun_audio_pipeline_sync_uris  (BgrunAudioPlayer      *self);
void            bgrun_audio_pipeline_set_volume (BgrunAudioPlayer      *self,
                                                 double                 volume);

G_END_DECLS
