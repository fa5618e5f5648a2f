/* fuzz-nmea.c: the NMEA 0183 parser on arbitrary bytes (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * As fuzz-gpx.c, for the NMEA parser.
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
  g_autoptr(GPtrArray) track = bgrun_nmea_parse ((const char *) data, size, &error);

  fuzz_check_track (track, error);
  return 0;
}
