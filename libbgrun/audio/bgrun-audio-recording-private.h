/* bgrun-audio-recording-private.h: one recording's pipeline and file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gst/gst.h>

#include "bgrun-audio-recorder.h"

G_BEGIN_DECLS

typedef struct _BgrunAudioRecording BgrunAudioRecording;

/* Starts recording the default source (pulsesrc with @stream_properties)
 * to @path in @format: stereo, 48 kHz, through a valve (pause) and a level
 * element posting "level" messages every
 * BGRUN_AUDIO_RECORDER_LEVEL_INTERVAL. Opus and FLAC go to a filesink
 * that writes every buffer at once, Ogg pages at least every half second;
 * WAV to the WAV writer from a streaming thread. @on_message gets the bus
 * messages on the thread-default main context.
 *
 * Fails with BGRUN_AUDIO_ERROR_RECORDING (naming @path) when the file
 * cannot be written, BGRUN_AUDIO_ERROR_SERVER when an element is missing
 * or the sound server cannot be reached. */
BgrunAudioRecording *bgrun_audio_recording_start       (BgrunAudioFormat      format,
                                                        const char           *path,
                                                        GstStructure         *stream_properties,
                                                        GstBusFunc            on_message,
                                                        gpointer              data,
                                                        GError              **error);

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

/* Reads a "level" message: the loudest channel's RMS in dBFS and the
 * time it covers. FALSE for other messages. */
gboolean             bgrun_audio_recording_parse_level (GstMessage           *message,
                                                        double               *loudest,
                                                        GstClockTime         *duration);

G_END_DECLS
