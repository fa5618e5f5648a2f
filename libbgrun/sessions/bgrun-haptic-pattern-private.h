/* bgrun-haptic-pattern-private.h: what each haptic type sounds like
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

#include "bgrun-haptic-type.h"

G_BEGIN_DECLS

/* One step of a pattern: a sine tone, or a rest when @frequency is 0. */
typedef struct
{
  guint frequency;    /* Hz; 0: silence */
  guint duration_ms;
} BgrunHapticNote;

/* The sample format patterns are rendered in. */
#define BGRUN_HAPTIC_SAMPLE_RATE 48000
#define BGRUN_HAPTIC_CAPS "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1"

/* The notes of @type's pattern, in order; the table is static. */
const BgrunHapticNote *bgrun_haptic_pattern_get_notes       (BgrunHapticType  type,
                                                             guint           *n_notes);

/* How long @type's pattern lasts: the sum of its notes. */
guint                  bgrun_haptic_pattern_get_duration_ms (BgrunHapticType  type);

/* @type's pattern as BGRUN_HAPTIC_CAPS samples: exactly
 * duration × BGRUN_HAPTIC_SAMPLE_RATE samples, tones faded in and out over
 * a few milliseconds so they start and stop without a click, rests exact
 * silence. */
GBytes                *bgrun_haptic_pattern_render         (BgrunHapticType  type);

G_END_DECLS
