/* bgrun-audio-recorder.h: recording that survives being killed
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-audio-session.h"
#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunAudioFormat:
 * @BGRUN_AUDIO_FORMAT_OPUS: Ogg Opus (`.opus`), the default: small, and
 *   written a page at least every half second
 * @BGRUN_AUDIO_FORMAT_FLAC: FLAC (`.flac`), lossless
 * @BGRUN_AUDIO_FORMAT_WAV: 16-bit PCM WAV (`.wav`), whose header is
 *   rewritten at least once a second
 *
 * The file format of a [class@Bgrun.AudioRecorder]. Each stays playable
 * up to at most a second before the recording process was killed.
 */
typedef enum {
  BGRUN_AUDIO_FORMAT_OPUS,
  BGRUN_AUDIO_FORMAT_FLAC,
  BGRUN_AUDIO_FORMAT_WAV,
} BgrunAudioFormat;

/**
 * BgrunAudioRecorderState:
 * @BGRUN_AUDIO_RECORDER_STATE_IDLE: no recording: not started, or stopped
 * @BGRUN_AUDIO_RECORDER_STATE_RECORDING: recording
 * @BGRUN_AUDIO_RECORDER_STATE_PAUSED: a recording is paused; the file is
 *   still open
 *
 * What a [class@Bgrun.AudioRecorder] does.
 */
typedef enum {
  BGRUN_AUDIO_RECORDER_STATE_IDLE,
  BGRUN_AUDIO_RECORDER_STATE_RECORDING,
  BGRUN_AUDIO_RECORDER_STATE_PAUSED,
} BgrunAudioRecorderState;

/**
 * BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL:
 *
 * How often, in seconds, [property@Bgrun.AudioRecorder:level] is updated
 * while recording, at most: 10 times a second.
 */
#define BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL 0.1

#define BGRUN_TYPE_AUDIO_RECORDER (bgrun_audio_recorder_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunAudioRecorder, bgrun_audio_recorder, BGRUN, AUDIO_RECORDER, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunAudioRecorder      *bgrun_audio_recorder_new         (BgrunAudioSession   *session);
BGRUN_AVAILABLE_IN_ALL
gboolean                 bgrun_audio_recorder_start       (BgrunAudioRecorder  *self,
                                                           GFile               *file,
                                                           GError             **error);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_audio_recorder_pause       (BgrunAudioRecorder  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_audio_recorder_resume      (BgrunAudioRecorder  *self);
BGRUN_AVAILABLE_IN_ALL
gboolean                 bgrun_audio_recorder_stop        (BgrunAudioRecorder  *self,
                                                           GError             **error);

BGRUN_AVAILABLE_IN_ALL
BgrunAudioSession       *bgrun_audio_recorder_get_session (BgrunAudioRecorder  *self);
BGRUN_AVAILABLE_IN_ALL
BgrunAudioFormat         bgrun_audio_recorder_get_format  (BgrunAudioRecorder  *self);
BGRUN_AVAILABLE_IN_ALL
void                     bgrun_audio_recorder_set_format  (BgrunAudioRecorder  *self,
                                                           BgrunAudioFormat     format);
BGRUN_AVAILABLE_IN_ALL
BgrunAudioRecorderState  bgrun_audio_recorder_get_state   (BgrunAudioRecorder  *self);
BGRUN_AVAILABLE_IN_ALL
double                   bgrun_audio_recorder_get_level   (BgrunAudioRecorder  *self);
BGRUN_AVAILABLE_IN_ALL
double                   bgrun_audio_recorder_get_duration (BgrunAudioRecorder *self);
BGRUN_AVAILABLE_IN_ALL
GFile                   *bgrun_audio_recorder_get_file    (BgrunAudioRecorder  *self);

G_END_DECLS
