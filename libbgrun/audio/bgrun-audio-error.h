/* bgrun-audio-error.h: the errors of background audio
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BGRUN_AUDIO_ERROR:
 *
 * The error domain of [class@Bgrun.AudioSession], [class@Bgrun.AudioPlayer]
 * and [class@Bgrun.AudioRecorder]. Codes are [error@Bgrun.AudioError].
 * A build without audio (`-Daudio=disabled`) fails with
 * %BGRUN_SESSION_ERROR_NOT_SUPPORTED instead.
 */
#define BGRUN_AUDIO_ERROR (bgrun_audio_error_quark ())

/**
 * BgrunAudioError:
 * @BGRUN_AUDIO_ERROR_INVALID_CATEGORY: the options given to
 *   [method@Bgrun.AudioSession.set_category] contradict each other or do
 *   not apply to the category; the message names both.
 * @BGRUN_AUDIO_ERROR_INVALID_ARGUMENT: a URI, file, seek position or
 *   volume is malformed or out of range; the message says which.
 * @BGRUN_AUDIO_ERROR_MEDIA: a queue item cannot be played: it is missing,
 *   corrupt or in a format no installed GStreamer plugin reads. The
 *   message names its URI. The player moves on to the next item.
 * @BGRUN_AUDIO_ERROR_SERVER: no sound server (PulseAudio or PipeWire's
 *   PulseAudio server) could be reached, or a GStreamer element libbgrun
 *   needs is not installed; the message names it.
 * @BGRUN_AUDIO_ERROR_RECORDING: a recording could not start or went
 *   wrong: the file cannot be written, or the disk is full. The file
 *   written so far stays playable.
 * @BGRUN_AUDIO_ERROR_INVALID_STATE: the player or recorder cannot do this
 *   now, such as starting a recorder that is already recording.
 *
 * Errors of the [error@Bgrun.AudioError] domain.
 */
typedef enum {
  BGRUN_AUDIO_ERROR_INVALID_CATEGORY,
  BGRUN_AUDIO_ERROR_INVALID_ARGUMENT,
  BGRUN_AUDIO_ERROR_MEDIA,
  BGRUN_AUDIO_ERROR_SERVER,
  BGRUN_AUDIO_ERROR_RECORDING,
  BGRUN_AUDIO_ERROR_INVALID_STATE,
} BgrunAudioError;

BGRUN_AVAILABLE_IN_ALL
GQuark bgrun_audio_error_quark (void);

G_END_DECLS
