/* bgrun-audio-session-internal-private.h: the audio session's state,
 * shared by its files: the API and properties (bgrun-audio-session.c), the
 * category (-category.c), its players and recorders (-members.c) and its
 * interruptions (-interruption.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-lease-private.h"
#include "bgrun-audio-route-private.h"
#include "bgrun-audio-session-private.h"
#include "bgrun-mpris-private.h"

G_BEGIN_DECLS

struct _BgrunAudioSession
{
  GObject parent_instance;

  BgrunAudioCategory  category;
  BgrunAudioMode      mode;
  BgrunAudioOptions   options;
  gboolean            active;
  gboolean            interrupted;
  double              pause_grace;
  double              interruption_timeout;
  GSource            *interruption_source;
  GPtrArray          *players;     /* BgrunAudioPlayer, not owned */
  GPtrArray          *recorders;   /* BgrunAudioRecorder, not owned */
  BgrunAudioLease    *lease;
  BgrunAudioRoute    *route;       /* while active */
  char               *output_device;
  BgrunMpris         *mpris;       /* while exported */
  gboolean            ducked;      /* another app's session ducks this one */
  GHookList           watches;     /* called when what bgrunctl shows may change */
};

enum {
  BGRUN_AUDIO_SESSION_PROP_0,
  BGRUN_AUDIO_SESSION_PROP_CATEGORY,
  BGRUN_AUDIO_SESSION_PROP_MODE,
  BGRUN_AUDIO_SESSION_PROP_OPTIONS,
  BGRUN_AUDIO_SESSION_PROP_ACTIVE,
  BGRUN_AUDIO_SESSION_PROP_OUTPUT_DEVICE,
  BGRUN_AUDIO_SESSION_PROP_KEEPING_ALIVE,
  BGRUN_AUDIO_SESSION_PROP_INTERRUPTED,
  BGRUN_AUDIO_SESSION_PROP_PAUSE_GRACE,
  BGRUN_AUDIO_SESSION_PROP_INTERRUPTION_TIMEOUT,
  BGRUN_AUDIO_SESSION_PROP_MEDIA_ROLE,
  BGRUN_AUDIO_SESSION_N_PROPS
};

enum {
  BGRUN_AUDIO_SESSION_SIG_INTERRUPTION,
  BGRUN_AUDIO_SESSION_SIG_ROUTE_CHANGED,
  BGRUN_AUDIO_SESSION_N_SIGNALS
};


extern GParamSpec *bgrun_audio_session_properties[BGRUN_AUDIO_SESSION_N_PROPS];
extern guint bgrun_audio_session_signals[BGRUN_AUDIO_SESSION_N_SIGNALS];

/* -category.c: whether @category keeps the app running at all. */
gboolean bgrun_audio_session_category_keeps_alive   (BgrunAudioCategory  category);

/* -members.c: exports the first player over MPRIS, or withdraws it, as
 * the session's state asks. */
void     bgrun_audio_session_update_mpris           (BgrunAudioSession  *self);
/* Pauses every player (they may be finalised by a handler meanwhile). */
void     bgrun_audio_session_pause_players          (BgrunAudioSession  *self);
/* Stops every recorder, finalising their files. */
void     bgrun_audio_session_stop_recorders         (BgrunAudioSession  *self);
gboolean bgrun_audio_session_any_recorder_started   (BgrunAudioSession  *self);
/* Whether a player or a recorder is paused. */
gboolean bgrun_audio_session_anything_paused        (BgrunAudioSession  *self);

/* -others.c: calls every watch added with bgrun_audio_session_add_watch(). */
void     bgrun_audio_session_notify_watches         (BgrunAudioSession  *self);

/* -interruption.c */
void     bgrun_audio_session_set_interrupted        (BgrunAudioSession  *self,
                                                     gboolean            interrupted);
void     bgrun_audio_session_clear_interruption     (BgrunAudioSession  *self);

G_END_DECLS
