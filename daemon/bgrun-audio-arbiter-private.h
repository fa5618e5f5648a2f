/* bgrun-audio-arbiter-private.h: one app's audio session interrupting or
 * ducking the others', in bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-broker-service-private.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_AUDIO_ARBITER (bgrun_audio_arbiter_get_type ())

G_DECLARE_FINAL_TYPE (BgrunAudioArbiter, bgrun_audio_arbiter, BGRUN, AUDIO_ARBITER, GObject)

/* Follows the "audio" session each app reports with Broker1.SetSessions
 * ("active" b, "mixable" b, "ducks-others" b) and, as Apple's audio
 * system does between apps:
 *
 * - when an app's session becomes active and is not mixable, every other
 *   app whose session is active (mixable or not) gets
 *   AudioInterruption(BEGAN, NONE); when the interrupting session is
 *   deactivated (or its app goes), each of them that is still active gets
 *   AudioInterruption(ENDED, SHOULD_RESUME);
 * - when an app's session with DUCK_OTHERS becomes active, every other
 *   active app gets AudioDuck(TRUE), and AudioDuck(FALSE) when it is
 *   deactivated (or its app goes); an app that becomes active while
 *   another ducks is ducked at once.
 *
 * An app interrupted by several others hears one BEGAN and, when the
 * last of them is done, one ENDED. */
BgrunAudioArbiter *bgrun_audio_arbiter_new (BgrunBrokerService *service);

G_END_DECLS
