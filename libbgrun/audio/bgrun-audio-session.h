/* bgrun-audio-session.h: the app's audio session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunAudioCategory:
 * @BGRUN_AUDIO_CATEGORY_AMBIENT: sounds that go with the app, mixed with
 *   other audio; never keeps the app running in the background
 * @BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT: the default: like ambient, but meant
 *   to be the only sound; never keeps the app running in the background
 * @BGRUN_AUDIO_CATEGORY_PLAYBACK: music, podcasts, audiobooks: keeps the
 *   app running while it plays, and exports its player over MPRIS
 * @BGRUN_AUDIO_CATEGORY_RECORD: recording: keeps the app running, and the
 *   machine from suspending, while it records
 * @BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD: calls and voice chat: both of
 *   the above
 *
 * What the app uses audio for. The category decides whether audio keeps
 * the app running in the background and which PulseAudio `media.role`
 * its streams carry: `game` for the ambient categories, `music` for
 * playback (`video` in %BGRUN_AUDIO_MODE_MOVIE_PLAYBACK), `production`
 * for recording and `phone` for play and record.
 */
typedef enum {
  BGRUN_AUDIO_CATEGORY_AMBIENT,
  BGRUN_AUDIO_CATEGORY_SOLO_AMBIENT,
  BGRUN_AUDIO_CATEGORY_PLAYBACK,
  BGRUN_AUDIO_CATEGORY_RECORD,
  BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD,
} BgrunAudioCategory;

/**
 * BgrunAudioMode:
 * @BGRUN_AUDIO_MODE_DEFAULT: fits every category
 * @BGRUN_AUDIO_MODE_SPOKEN_AUDIO: podcasts and audiobooks; playback only
 * @BGRUN_AUDIO_MODE_MOVIE_PLAYBACK: a film's sound; playback only
 * @BGRUN_AUDIO_MODE_VOICE_CHAT: a call; play and record only
 * @BGRUN_AUDIO_MODE_MEASUREMENT: measuring sound, with as little
 *   processing as possible; playback, record, and play and record
 *
 * A refinement of the category. A mode that does not fit the category
 * given with it falls back to %BGRUN_AUDIO_MODE_DEFAULT, as Apple's
 * AVAudioSession does.
 */
typedef enum {
  BGRUN_AUDIO_MODE_DEFAULT,
  BGRUN_AUDIO_MODE_SPOKEN_AUDIO,
  BGRUN_AUDIO_MODE_MOVIE_PLAYBACK,
  BGRUN_AUDIO_MODE_VOICE_CHAT,
  BGRUN_AUDIO_MODE_MEASUREMENT,
} BgrunAudioMode;

/**
 * BgrunAudioOptions:
 * @BGRUN_AUDIO_OPTIONS_NONE: no options: the session's audio interrupts
 *   other apps' audio
 * @BGRUN_AUDIO_OPTIONS_MIX_WITH_OTHERS: play along with other apps' audio
 * @BGRUN_AUDIO_OPTIONS_DUCK_OTHERS: lower other apps' audio while this
 *   session plays (implies mixing)
 * @BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS: mix
 *   with music, but interrupt spoken audio such as podcasts
 *
 * How the session's audio goes with other apps' audio. Options apply to
 * %BGRUN_AUDIO_CATEGORY_PLAYBACK and %BGRUN_AUDIO_CATEGORY_PLAY_AND_RECORD
 * only; %BGRUN_AUDIO_OPTIONS_DUCK_OTHERS and
 * %BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS ask for
 * opposite things and cannot be combined.
 */
typedef enum /*< flags >*/ {
  BGRUN_AUDIO_OPTIONS_NONE = 0,
  BGRUN_AUDIO_OPTIONS_MIX_WITH_OTHERS = 1 << 0,
  BGRUN_AUDIO_OPTIONS_DUCK_OTHERS = 1 << 1,
  BGRUN_AUDIO_OPTIONS_INTERRUPT_SPOKEN_AUDIO_AND_MIX_WITH_OTHERS = 1 << 2,
} BgrunAudioOptions;

/**
 * BgrunInterruptionType:
 * @BGRUN_INTERRUPTION_TYPE_BEGAN: something else took the sound over (a
 *   call started, the session was deactivated): the players were paused
 *   and the recorders finalised their files
 * @BGRUN_INTERRUPTION_TYPE_ENDED: the interruption is over; see
 *   [flags@Bgrun.InterruptionOptions] for whether to resume
 *
 * The two ends of an interruption of [class@Bgrun.AudioSession].
 */
typedef enum {
  BGRUN_INTERRUPTION_TYPE_BEGAN,
  BGRUN_INTERRUPTION_TYPE_ENDED,
} BgrunInterruptionType;

/**
 * BgrunInterruptionOptions:
 * @BGRUN_INTERRUPTION_OPTIONS_NONE: do not resume by yourself
 * @BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME: whatever interrupted the
 *   session is over and the app may resume playing
 *
 * What comes with %BGRUN_INTERRUPTION_TYPE_ENDED.
 */
typedef enum /*< flags >*/ {
  BGRUN_INTERRUPTION_OPTIONS_NONE = 0,
  BGRUN_INTERRUPTION_OPTIONS_SHOULD_RESUME = 1 << 0,
} BgrunInterruptionOptions;

/**
 * BgrunRouteChangeReason:
 * @BGRUN_ROUTE_CHANGE_REASON_UNKNOWN: the output changed for another
 *   reason, such as the user choosing another default output
 * @BGRUN_ROUTE_CHANGE_REASON_NEW_DEVICE_AVAILABLE: an output device
 *   appeared (headphones plugged in)
 * @BGRUN_ROUTE_CHANGE_REASON_OLD_DEVICE_UNAVAILABLE: the output in use
 *   went away (headphones unplugged): the players were paused
 * @BGRUN_ROUTE_CHANGE_REASON_CATEGORY_CHANGE: the session's category
 *   changed
 *
 * Why [signal@Bgrun.AudioSession::route-changed] was emitted.
 */
typedef enum {
  BGRUN_ROUTE_CHANGE_REASON_UNKNOWN,
  BGRUN_ROUTE_CHANGE_REASON_NEW_DEVICE_AVAILABLE,
  BGRUN_ROUTE_CHANGE_REASON_OLD_DEVICE_UNAVAILABLE,
  BGRUN_ROUTE_CHANGE_REASON_CATEGORY_CHANGE,
} BgrunRouteChangeReason;

/**
 * BGRUN_AUDIO_PAUSE_GRACE:
 *
 * The default of [property@Bgrun.AudioSession:pause-grace]: how long, in
 * seconds, paused audio keeps the app running, so that a pause and a
 * resume (or the next track) do not let the app go.
 */
#define BGRUN_AUDIO_PAUSE_GRACE 30.0

/**
 * BGRUN_AUDIO_INTERRUPTION_TIMEOUT:
 *
 * The default of [property@Bgrun.AudioSession:interruption-timeout]: how
 * long, in seconds, an interruption may last before the session gives up
 * waiting for its end.
 */
#define BGRUN_AUDIO_INTERRUPTION_TIMEOUT 600.0

#define BGRUN_TYPE_AUDIO_SESSION (bgrun_audio_session_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunAudioSession, bgrun_audio_session, BGRUN, AUDIO_SESSION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunAudioSession        *bgrun_audio_session_get_default              (void);

BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_audio_session_set_category             (BgrunAudioSession   *self,
                                                                        BgrunAudioCategory   category,
                                                                        BgrunAudioMode       mode,
                                                                        BgrunAudioOptions    options,
                                                                        GError             **error);
BGRUN_AVAILABLE_IN_ALL
BgrunAudioCategory        bgrun_audio_session_get_category             (BgrunAudioSession   *self);
BGRUN_AVAILABLE_IN_ALL
BgrunAudioMode            bgrun_audio_session_get_mode                 (BgrunAudioSession   *self);
BGRUN_AVAILABLE_IN_ALL
BgrunAudioOptions         bgrun_audio_session_get_options              (BgrunAudioSession   *self);

BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_audio_session_set_active               (BgrunAudioSession   *self,
                                                                        gboolean             active,
                                                                        GError             **error);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_audio_session_get_active               (BgrunAudioSession   *self);

BGRUN_AVAILABLE_IN_ALL
const char               *bgrun_audio_session_get_output_device        (BgrunAudioSession   *self);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_audio_session_get_keeping_alive        (BgrunAudioSession   *self);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_audio_session_get_interrupted          (BgrunAudioSession   *self);

BGRUN_AVAILABLE_IN_ALL
double                    bgrun_audio_session_get_pause_grace          (BgrunAudioSession   *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_audio_session_set_pause_grace          (BgrunAudioSession   *self,
                                                                        double               seconds);
BGRUN_AVAILABLE_IN_ALL
double                    bgrun_audio_session_get_interruption_timeout (BgrunAudioSession   *self);
BGRUN_AVAILABLE_IN_ALL
void                      bgrun_audio_session_set_interruption_timeout (BgrunAudioSession   *self,
                                                                        double               seconds);

BGRUN_AVAILABLE_IN_ALL
const char               *bgrun_audio_session_get_media_role           (BgrunAudioSession   *self);

G_END_DECLS
