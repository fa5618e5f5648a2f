/* bgrun-audio-player.h: a gapless queue player on the audio session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-audio-item.h"
#include "bgrun-audio-session.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunAudioPlayerState:
 * @BGRUN_AUDIO_PLAYER_STATE_STOPPED: nothing plays; the position is 0
 * @BGRUN_AUDIO_PLAYER_STATE_PLAYING: the current item plays
 * @BGRUN_AUDIO_PLAYER_STATE_PAUSED: the current item is paused
 *
 * What a [class@Bgrun.AudioPlayer] does.
 */
typedef enum {
  BGRUN_AUDIO_PLAYER_STATE_STOPPED,
  BGRUN_AUDIO_PLAYER_STATE_PLAYING,
  BGRUN_AUDIO_PLAYER_STATE_PAUSED,
} BgrunAudioPlayerState;

/**
 * BGRUN_AUDIO_PLAYER_POSITION_INTERVAL:
 *
 * How often, in seconds, [property@Bgrun.AudioPlayer:position] is
 * notified while playing, at most: 4 times a second.
 */
#define BGRUN_AUDIO_PLAYER_POSITION_INTERVAL 0.25

#define BGRUN_TYPE_AUDIO_PLAYER (bgrun_audio_player_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunAudioPlayer, bgrun_audio_player, BGRUN, AUDIO_PLAYER, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunAudioPlayer      *bgrun_audio_player_new             (BgrunAudioSession  *session);

BGRUN_AVAILABLE_IN_ALL
BgrunAudioSession     *bgrun_audio_player_get_session     (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
GListModel            *bgrun_audio_player_get_queue       (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_audio_player_append_uri      (BgrunAudioPlayer   *self,
                                                           const char         *uri,
                                                           GError            **error);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_audio_player_clear           (BgrunAudioPlayer   *self);

BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_audio_player_play            (BgrunAudioPlayer   *self,
                                                           GError            **error);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_audio_player_pause           (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_audio_player_stop            (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_audio_player_seek            (BgrunAudioPlayer   *self,
                                                           double              seconds,
                                                           GError            **error);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_audio_player_next            (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_audio_player_previous        (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
gboolean               bgrun_audio_player_select          (BgrunAudioPlayer   *self,
                                                           guint               index);

BGRUN_AVAILABLE_IN_ALL
BgrunAudioPlayerState  bgrun_audio_player_get_state       (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
int                    bgrun_audio_player_get_current_index (BgrunAudioPlayer *self);
BGRUN_AVAILABLE_IN_ALL
double                 bgrun_audio_player_get_position    (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
double                 bgrun_audio_player_get_duration    (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
double                 bgrun_audio_player_get_volume      (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
void                   bgrun_audio_player_set_volume      (BgrunAudioPlayer   *self,
                                                           double              volume);
BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_audio_player_get_current_uri (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_audio_player_get_title       (BgrunAudioPlayer   *self);
BGRUN_AVAILABLE_IN_ALL
const char            *bgrun_audio_player_get_artist      (BgrunAudioPlayer   *self);

G_END_DECLS
