/* bgrun-haptic-pattern.c: what each haptic type sounds like
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bgrun-haptic-pattern-private.h"

/* Each type is told apart by pitch and by rhythm, so that two sounds stay
 * distinct even through a small speaker that loses the low notes: the
 * table below is the one place the sounds are defined, and
 * bgrun-haptic-type.h describes them to users. */

#define REST(ms) { 0, (ms) }

static const BgrunHapticNote notification[] = { { 880, 80 }, REST (60), { 880, 80 } };
static const BgrunHapticNote direction_up[] = { { 660, 100 }, REST (40), { 990, 100 } };
static const BgrunHapticNote direction_down[] = { { 990, 100 }, REST (40), { 660, 100 } };
static const BgrunHapticNote success[] = {
  { 523, 90 }, REST (30), { 659, 90 }, REST (30), { 784, 150 },
};
static const BgrunHapticNote failure[] = { { 196, 150 }, REST (80), { 196, 150 } };
static const BgrunHapticNote retry[] = {
  { 740, 60 }, REST (50), { 740, 60 }, REST (50), { 740, 60 },
};
static const BgrunHapticNote start[] = { { 1047, 250 } };
static const BgrunHapticNote stop[] = { { 392, 250 } };
static const BgrunHapticNote click[] = { { 2000, 15 } };

#define PATTERN(notes) { notes, G_N_ELEMENTS (notes) }

static const struct
{
  const BgrunHapticNote *notes;
  guint                  n_notes;
} patterns[] = {
  [BGRUN_HAPTIC_TYPE_NOTIFICATION] = PATTERN (notification),
  [BGRUN_HAPTIC_TYPE_DIRECTION_UP] = PATTERN (direction_up),
  [BGRUN_HAPTIC_TYPE_DIRECTION_DOWN] = PATTERN (direction_down),
  [BGRUN_HAPTIC_TYPE_SUCCESS] = PATTERN (success),
  [BGRUN_HAPTIC_TYPE_FAILURE] = PATTERN (failure),
  [BGRUN_HAPTIC_TYPE_RETRY] = PATTERN (retry),
  [BGRUN_HAPTIC_TYPE_START] = PATTERN (start),
  [BGRUN_HAPTIC_TYPE_STOP] = PATTERN (stop),
  [BGRUN_HAPTIC_TYPE_CLICK] = PATTERN (click),
};

/* Loud enough to hear over a quiet room, with headroom for the mixer. */
#define AMPLITUDE (0.4 * G_MAXINT16)
#define FADE_MS 5

const BgrunHapticNote *
bgrun_haptic_pattern_get_notes (BgrunHapticType  type,
                                guint           *n_notes)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (patterns), NULL);
  g_return_val_if_fail (n_notes != NULL, NULL);

  *n_notes = patterns[type].n_notes;
  return patterns[type].notes;
}

guint
bgrun_haptic_pattern_get_duration_ms (BgrunHapticType type)
{
  const BgrunHapticNote *notes;
  guint n_notes = 0;
  guint duration_ms = 0;

  notes = bgrun_haptic_pattern_get_notes (type, &n_notes);
  for (guint i = 0; i < n_notes; i++)
    duration_ms += notes[i].duration_ms;
  return duration_ms;
}

static guint
samples_for (guint duration_ms)
{
  return duration_ms * (BGRUN_HAPTIC_SAMPLE_RATE / 1000);
}

static void
render_note (const BgrunHapticNote *note,
             gint16                *samples)
{
  guint n = samples_for (note->duration_ms);
  guint fade = MIN (samples_for (FADE_MS), n / 2);

  if (note->frequency == 0)
    {
      memset (samples, 0, n * sizeof *samples);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      double envelope = 1.0;
      double phase = 2 * G_PI * note->frequency * i / BGRUN_HAPTIC_SAMPLE_RATE;

      if (i < fade)
        envelope = (double) i / fade;
      else if (n - i <= fade)
        envelope = (double) (n - i - 1) / fade;
      samples[i] = (gint16) lround (AMPLITUDE * envelope * sin (phase));
    }
}

GBytes *
bgrun_haptic_pattern_render (BgrunHapticType type)
{
  const BgrunHapticNote *notes;
  guint n_notes = 0;
  gint16 *samples;
  gsize n_samples;
  gsize offset = 0;

  notes = bgrun_haptic_pattern_get_notes (type, &n_notes);
  n_samples = samples_for (bgrun_haptic_pattern_get_duration_ms (type));
  samples = g_new (gint16, n_samples);
  for (guint i = 0; i < n_notes; i++)
    {
      render_note (&notes[i], samples + offset);
      offset += samples_for (notes[i].duration_ms);
    }
  /* S16LE: the host order on little-endian machines only. */
  for (gsize i = 0; i < n_samples; i++)
    samples[i] = GINT16_TO_LE (samples[i]);
  return g_bytes_new_take (samples, n_samples * sizeof *samples);
}
