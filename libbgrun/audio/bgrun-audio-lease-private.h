/* bgrun-audio-lease-private.h: the audio session's hold on the keep-alive
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib-object.h>

G_BEGIN_DECLS

/* What the session's audio needs kept going now. */
typedef enum {
  BGRUN_AUDIO_NEED_NOTHING,    /* nothing sounds (or the category never keeps alive) */
  BGRUN_AUDIO_NEED_PLAYING,    /* the app held, Background status "Playing audio" */
  BGRUN_AUDIO_NEED_RECORDING,  /* the same, "Recording", and a suspend inhibitor */
} BgrunAudioNeed;

typedef struct _BgrunAudioLease BgrunAudioLease;

/* @changed is called (on the thread-default main context of _new) with
 * @data whenever get_held() changes; @denied, with @data, when the
 * Background portal refuses to let the app run in the background while
 * the lease is held, at the request or later (the keep-alive's
 * ::background-denied). */
BgrunAudioLease *bgrun_audio_lease_new      (GCallback         changed,
                                             GCallback         denied,
                                             gpointer          data);
void             bgrun_audio_lease_free     (BgrunAudioLease  *self);

/* Takes a keep-alive lease for @need at once (replacing the one held if
 * it kept something else going). NOTHING releases it @grace seconds
 * later, unless a need comes back meanwhile; with @grace < 0 at once. */
void             bgrun_audio_lease_update   (BgrunAudioLease  *self,
                                             BgrunAudioNeed    need,
                                             double            grace);

gboolean         bgrun_audio_lease_get_held (BgrunAudioLease  *self);

G_END_DECLS
