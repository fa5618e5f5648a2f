/* bgrun-audio-recorder-private.h: what the session asks of its recorders
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-recorder.h"

G_BEGIN_DECLS

/* Whether the recorder records now (started and not paused). */
gboolean bgrun_audio_recorder_is_recording   (BgrunAudioRecorder *self);

/* Whether the recorder has a file open (recording or paused). */
gboolean bgrun_audio_recorder_is_started     (BgrunAudioRecorder *self);

/* Stops the recorder for the session, which is losing its keep-alive:
 * the file is finalised (as stop() does) before this returns. */
void     bgrun_audio_recorder_stop_for_session (BgrunAudioRecorder *self);

G_END_DECLS
