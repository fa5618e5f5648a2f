/* bgrun-audio-stream-private.h: what every stream of the audio session
 * carries (built with GStreamer only)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gst/gst.h>

#include "bgrun-audio-session.h"

G_BEGIN_DECLS

/* The stream properties every pulsesink and pulsesrc of @session gets:
 * media.role for the category, application.id and application.name. */
GstStructure *bgrun_audio_stream_properties (BgrunAudioSession *session);

G_END_DECLS
