/* bgrun-audio-coordinator-private.h: the app's audio session among the
 * other apps' sessions, through bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_AUDIO_COORDINATOR (bgrun_audio_coordinator_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAudioCoordinator, bgrun_audio_coordinator,
                      BGRUN, AUDIO_COORDINATOR, GObject)

/* The placement hook (bgrun_features_ensure()). In the daemon placement
 * it reports the process's audio session to bgrund among the app's
 * sessions (Broker1.SetSessions, part "audio": what
 * bgrun_audio_session_describe() says, nothing while it is not active),
 * again whenever that changes and when a new bgrund attached the app;
 * and it hands bgrund's AudioInterruption and AudioDuck signals to the
 * session, and its StopSession for the audio session's id (bgrunctl
 * stop) deactivates the session. In the embedded placement there is no
 * one to coordinate with, so it attaches nothing: the app's audio
 * neither interrupts nor is interrupted by other apps' libbgrun audio
 * (PulseAudio's role corking still applies). */
void bgrun_audio_coordinator_attach (BgrunPlacement *placement);

G_END_DECLS
