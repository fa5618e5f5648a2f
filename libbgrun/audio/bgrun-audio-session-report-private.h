/* bgrun-audio-session-report-private.h: what bgrund and bgrunctl learn of
 * the app's audio session, and what other apps' sessions do to it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-session.h"

G_BEGIN_DECLS

/* The "id" the audio session is reported with among the app's sessions
 * (Broker1.SetSessions): ongoing sessions count from 1, the extended
 * runtime session is 0. */
#define BGRUN_AUDIO_SESSION_REPORT_ID G_MAXUINT32

/* The session as bgrunctl lists it, while it is active: an a{sv}
 * (floating) with "kind" "audio", "id" u (BGRUN_AUDIO_SESSION_REPORT_ID),
 * "title" s (what the category is for, such as "Audio playback"),
 * "category" s (the BgrunAudioCategory's nick), "state" s ("recording",
 * "playing", "interrupted", "paused" or "idle"), "status" s (the state in
 * words), "mixable" b (it plays along with other apps' audio) and
 * "ducks-others" b. NULL while the session is not active. */
GVariant *bgrun_audio_session_describe          (BgrunAudioSession        *self);

/* Calls @func(@data) whenever what describe() says may have changed;
 * returns the id to remove the watch with. */
gulong    bgrun_audio_session_add_watch         (BgrunAudioSession        *self,
                                                 GHookFunc                 func,
                                                 gpointer                  data);
void      bgrun_audio_session_remove_watch      (BgrunAudioSession        *self,
                                                 gulong                    id);

/* Another app's session took the sound (BEGAN: the players pause and
 * interruption(BEGAN) is emitted) or gave it back (ENDED with
 * SHOULD_RESUME). Nothing while the session is not active. */
void      bgrun_audio_session_interrupted_by_other (BgrunAudioSession        *self,
                                                    BgrunInterruptionType     type,
                                                    BgrunInterruptionOptions  options);

/* Another app's session ducks this one (lowers its players' streams) or
 * no longer does. */
void      bgrun_audio_session_set_ducked        (BgrunAudioSession        *self,
                                                 gboolean                  ducked);

G_END_DECLS
