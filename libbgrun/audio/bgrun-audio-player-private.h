/* bgrun-audio-player-private.h: what the session asks of its players
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-player.h"

G_BEGIN_DECLS

/* Whether the player is in BGRUN_AUDIO_PLAYER_STATE_PLAYING. */
gboolean bgrun_audio_player_is_playing       (BgrunAudioPlayer *self);

/* Pauses the player for the session (an interruption, the output going
 * away, the session deactivated): as pause(), and nothing if it does not
 * play. */
void     bgrun_audio_player_pause_for_session (BgrunAudioPlayer *self);

/* Another app's session ducks this one (@ducked) or no longer: the
 * player's stream plays at BGRUN_AUDIO_DUCK_VOLUME or at full volume on
 * the sound server. */
void     bgrun_audio_player_set_ducked        (BgrunAudioPlayer *self,
                                               gboolean          ducked);

G_END_DECLS
