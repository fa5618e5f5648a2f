/* bgrun-audio-item.h: one entry of a player's queue
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

#define BGRUN_TYPE_AUDIO_ITEM (bgrun_audio_item_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunAudioItem, bgrun_audio_item, BGRUN, AUDIO_ITEM, GObject)

BGRUN_AVAILABLE_IN_ALL
const char *bgrun_audio_item_get_uri      (BgrunAudioItem *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_audio_item_get_title    (BgrunAudioItem *self);
BGRUN_AVAILABLE_IN_ALL
const char *bgrun_audio_item_get_artist   (BgrunAudioItem *self);
BGRUN_AVAILABLE_IN_ALL
double      bgrun_audio_item_get_duration (BgrunAudioItem *self);

G_END_DECLS
