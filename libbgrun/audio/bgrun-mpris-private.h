/* bgrun-mpris-private.h: a player on MPRIS 2
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-audio-player.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_MPRIS (bgrun_mpris_get_type ())

G_DECLARE_FINAL_TYPE (BgrunMpris, bgrun_mpris, BGRUN, MPRIS, GObject)

/* Exports @player on the session bus as org.mpris.MediaPlayer2.<app-id>
 * (the root and Player interfaces at /org/mpris/MediaPlayer2), without
 * blocking: the name is owned when the bus answers. Every property change
 * is announced with PropertiesChanged; a seek or a jump emits Seeked.
 * Raise activates the default GApplication. Disposing withdraws it all.
 * @app_id must be a valid D-Bus name element (the session sanitises it). */
BgrunMpris *bgrun_mpris_new (BgrunAudioPlayer *player,
                             const char       *app_id);

G_END_DECLS
