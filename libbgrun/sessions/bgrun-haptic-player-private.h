/* bgrun-haptic-player-private.h: haptic feedback as short sounds
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

#include "bgrun-extended-runtime-session.h"
#include "bgrun-haptic-type.h"

G_BEGIN_DECLS

/* Called before each repetition; TRUE plays it and keeps repeating, FALSE
 * ends the repetition without playing. */
typedef gboolean (*BgrunHapticRepeatFunc) (BgrunHapticType type,
                                           gpointer        user_data);

#define BGRUN_TYPE_HAPTIC_PLAYER (bgrun_haptic_player_get_type ())

G_DECLARE_FINAL_TYPE (BgrunHapticPlayer, bgrun_haptic_player, BGRUN, HAPTIC_PLAYER, GObject)

/* A haptic player plays the short sound of a BgrunHapticType (see
 * bgrun-haptic-pattern.c) through GStreamer: the samples are generated,
 * no sound file is needed. Playing never blocks: the sound plays on
 * GStreamer's threads, and the player learns its end from its bus, on the
 * main context that was the thread-default one when the player was
 * created; repetitions are timed on that context too. A player is used
 * from the thread that runs that context only.
 *
 * One sound at a time: playing while a sound plays cuts that sound off and
 * plays the new one at once. Feedback is about the latest event, and
 * queued sounds would lag behind the events they stand for.
 *
 * The sink: a gst-launch-style description of the element, or chain of
 * elements, that the sound goes to ("autoaudiosink" by default). For the
 * default player it is the BGRUN_AUDIO_SINK environment variable, read
 * once, when the player is created: "fakesink" silences it (tests, CI),
 * "wavenc ! filesink location=/tmp/haptic.wav" records it.
 *
 * Nothing that can be missing at run time makes the player fail:
 * GStreamer that does not initialise, a missing element or plugin, a sink
 * that fails to start (no sound device). The first such failure of a
 * player is logged once (g_warning when the sink description itself
 * cannot be built, since someone chose it; g_debug for everything else),
 * and sounds that cannot play are skipped.
 *
 * Properties (read-only, notified only on change, on the player's main
 * context): playing (gboolean: a sound is playing). */

/* The player of the app: created at the first call, on the calling
 * thread's thread-default main context, with BGRUN_AUDIO_SINK as its sink;
 * it lives as long as the process. Transfer none. */
BgrunHapticPlayer *bgrun_haptic_player_get_default    (void);

/* A player of its own, for tests: @sink_description as described above,
 * NULL for the default ("autoaudiosink"). Disposing it stops its sound and
 * ends its repetitions. */
BgrunHapticPlayer *bgrun_haptic_player_new            (const char            *sink_description);

/* Plays @type's sound once, now. */
void               bgrun_haptic_player_play           (BgrunHapticPlayer     *self,
                                                       BgrunHapticType        type);

/* Plays @type's sound now, then every @interval_seconds of real time:
 * more than 0, at most BGRUN_EXTENDED_RUNTIME_REPEAT_INTERVAL_MAX
 * (anything else is a programmer error, and returns 0). Sounds are heard
 * in real time, so the interval follows the monotonic clock, never a
 * BgrunClock. Before each
 * repetition @func (NULL: always TRUE) decides whether it plays. The
 * repetition ends when @func returns FALSE, when
 * bgrun_haptic_player_stop_repeating() is called, or when the player is
 * disposed; then @destroy runs on @data, exactly once. @func may stop this
 * or any other repetition. Returns the repetition's id, never 0, never
 * reused. */
guint              bgrun_haptic_player_play_repeating (BgrunHapticPlayer     *self,
                                                       BgrunHapticType        type,
                                                       double                 interval_seconds,
                                                       BgrunHapticRepeatFunc  func,
                                                       gpointer               data,
                                                       GDestroyNotify         destroy);

/* Ends repetition @id: nothing more plays for it (a sound already playing
 * finishes). An id whose repetition already ended is ignored, so callers
 * need not track whether @func ended it. */
void               bgrun_haptic_player_stop_repeating (BgrunHapticPlayer     *self,
                                                       guint                  id);

/* Whether a sound is playing. */
gboolean           bgrun_haptic_player_get_playing    (BgrunHapticPlayer     *self);

G_END_DECLS
