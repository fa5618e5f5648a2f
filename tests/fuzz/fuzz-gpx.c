/* fuzz-gpx.c: the GPX parser on arbitrary bytes (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Whatever the input, the parser returns a track or an error, never both,
 * never neither, and a track obeys its contract: not empty, times strictly
 * increasing, coordinates on the globe. tools/fuzz-location builds this
 * with clang and runs it; tests/fuzz/meson.build replays the kept corpus
 * through it on every test run.
 */

#include "config.h"

#include <bgrun.h>

#include "bgrun-track-private.h"
#include "fuzz-track-check.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) track = bgrun_gpx_parse ((const char *) data, size, &error);

  fuzz_check_track (track, error);
  return 0;
}
