/* bgrun-audio-route-private.h: following the audio output devices
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

#include "bgrun-audio-session.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_AUDIO_ROUTE (bgrun_audio_route_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAudioRoute, bgrun_audio_route, BGRUN, AUDIO_ROUTE, GObject)

/* A GstDeviceMonitor on Audio/Sink, watched on the thread-default main
 * context of the caller of _new. Devices are known by their sound-server
 * name (pulsesink's "internal-name", the name pactl shows), else by their
 * display name. The output is the server's default sink.
 *
 * Signal changed (BgrunRouteChangeReason reason, const char *old_output):
 * emitted after :output changed, or a device appeared; reasons are
 * NEW_DEVICE_AVAILABLE (a sink appeared), OLD_DEVICE_UNAVAILABLE (the
 * output sink went away) and UNKNOWN (the default changed to another
 * existing sink). Property output (string, nullable, read-only). */
BgrunAudioRoute *bgrun_audio_route_new        (void);

/* NULL when no sink is known (no sound server). */
const char      *bgrun_audio_route_get_output (BgrunAudioRoute *self);

G_END_DECLS
