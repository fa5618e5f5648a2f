/* bgrun-audio-item-private.h: the player fills its items in
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-audio-item.h"

G_BEGIN_DECLS

BgrunAudioItem *bgrun_audio_item_new          (const char     *uri);

/* Each notifies its property when the value changed. */
void            bgrun_audio_item_set_title    (BgrunAudioItem *self,
                                               const char     *title);
void            bgrun_audio_item_set_artist   (BgrunAudioItem *self,
                                               const char     *artist);
void            bgrun_audio_item_set_duration (BgrunAudioItem *self,
                                               double          duration);

G_END_DECLS
