/* bgrun-audio-session-private.h: what players and recorders ask of their
 * session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-session.h"

G_BEGIN_DECLS

typedef struct _BgrunAudioPlayer BgrunAudioPlayer;
typedef struct _BgrunAudioRecorder BgrunAudioRecorder;

/* Fails with BGRUN_SESSION_ERROR_NOT_SUPPORTED, naming -Daudio=enabled, in
 * a build without audio (bgrun-audio-none.c); initialises GStreamer
 * otherwise (bgrun-audio-gst.c), failing with BGRUN_AUDIO_ERROR_SERVER
 * when it cannot. */
gboolean      bgrun_audio_check_supported             (GError            **error);

/* Players and recorders register with their session when created and
 * leave it when finalised; the session holds no reference on them. */
void          bgrun_audio_session_add_player          (BgrunAudioSession  *self,
                                                       BgrunAudioPlayer   *player);
void          bgrun_audio_session_remove_player       (BgrunAudioSession  *self,
                                                       BgrunAudioPlayer   *player);
void          bgrun_audio_session_add_recorder        (BgrunAudioSession  *self,
                                                       BgrunAudioRecorder *recorder);
void          bgrun_audio_session_remove_recorder     (BgrunAudioSession  *self,
                                                       BgrunAudioRecorder *recorder);

/* A player or recorder started or stopped sounding: the session takes,
 * keeps or (after the pause grace) lets go of its keep-alive lease, and
 * exports or withdraws MPRIS. */
void          bgrun_audio_session_activity_changed    (BgrunAudioSession  *self);

/* PulseAudio corked (@began) or uncorked a player's stream. The first
 * cork emits interruption(BEGAN) and pauses every player; the uncork
 * emits interruption(ENDED, SHOULD_RESUME). */
void          bgrun_audio_session_corked              (BgrunAudioSession  *self,
                                                       gboolean            began);

/* How loud a ducked player's stream is, as the sound server's stream
 * volume (linear): a fifth. */
#define BGRUN_AUDIO_DUCK_VOLUME 0.2

/* Whether another app's session ducks this one now: its players' streams
 * play at BGRUN_AUDIO_DUCK_VOLUME. */
gboolean      bgrun_audio_session_get_ducked          (BgrunAudioSession  *self);

/* The app itself played during an interruption: it is over for the app,
 * so ENDED (without SHOULD_RESUME) is emitted now, not later. */
void          bgrun_audio_session_end_interruption    (BgrunAudioSession  *self);

G_END_DECLS
