/* bgrun-audio-recording-private.h: one recording's pipeline and file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-recorder.h"
#include "bgrun-audio-session.h"

G_BEGIN_DECLS

/* Built with GStreamer: bgrun-audio-recording.c; without, in
 * bgrun-audio-none.c, starting fails with
 * BGRUN_SESSION_ERROR_NOT_SUPPORTED, so there is never a recording for
 * the rest to act on. This header needs no GStreamer header. */
typedef struct _BgrunAudioRecording BgrunAudioRecording;

/* Why a recording stopped by itself. */
typedef enum {
  BGRUN_AUDIO_RECORDING_FAILED_SERVER,     /* the sound server failed */
  BGRUN_AUDIO_RECORDING_FAILED_DISK_FULL,
  BGRUN_AUDIO_RECORDING_FAILED_OTHER,
} BgrunAudioRecordingFailure;

/* What a recording tells its recorder, on the thread-default main
 * context of bgrun_audio_recording_start(). */
typedef struct
{
  /* @seconds more were recorded, the loudest channel's RMS at @loudest
   * dBFS; every BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL. */
  void (*level)  (gpointer                    data,
                  double                      loudest,
                  double                      seconds);
  /* The pipeline failed (@detail: GStreamer's message); the recording
   * must be aborted and freed. */
  void (*failed) (gpointer                    data,
                  BgrunAudioRecordingFailure  failure,
                  const char                 *detail);
} BgrunAudioRecordingEvents;

/* Starts recording the default source (pulsesrc with @session's stream
 * properties) to @path in @format: stereo, 48 kHz, through a valve
 * (pause) and a level element measuring every
 * BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL. Opus and FLAC go to a filesink
 * that writes every buffer at once, Ogg pages at least every half second;
 * WAV to the WAV writer from a streaming thread. @events (static) are
 * called with @data.
 *
 * Fails with BGRUN_AUDIO_ERROR_RECORDING (naming @path) when the file
 * cannot be written, BGRUN_AUDIO_ERROR_SERVER when an element is missing
 * or the sound server cannot be reached. */
BgrunAudioRecording *bgrun_audio_recording_start       (BgrunAudioFormat                 format,
                                                        const char                      *path,
                                                        BgrunAudioSession               *session,
                                                        const BgrunAudioRecordingEvents *events,
                                                        gpointer                         data,
                                                        GError                         **error);

/* Drops (TRUE) or lets through (FALSE) what the source records. */
void                 bgrun_audio_recording_set_paused  (BgrunAudioRecording  *self,
                                                        gboolean              paused);

/* Ends the stream (if anything flowed), waits for it to reach the file,
 * tears the pipeline down and finalises the file. On failure the error
 * is a GStreamer or GIO error, to be worded by the caller; the file plays
 * up to its last second either way. */
gboolean             bgrun_audio_recording_finish      (BgrunAudioRecording  *self,
                                                        GError              **error);

/* Tears down at once, after an error: no end of stream, the WAV header
 * rewritten for what was written. */
void                 bgrun_audio_recording_abort       (BgrunAudioRecording  *self);

void                 bgrun_audio_recording_free        (BgrunAudioRecording  *self);

G_END_DECLS
