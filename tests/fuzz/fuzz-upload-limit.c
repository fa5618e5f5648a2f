/* fuzz-upload-limit.c: the Upload-Limit dictionary parser (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The header's value comes from any server. Parsing it either fails and
 * leaves the limit untouched, or gives limits that make sense: a
 * max-append-size that is not 0, and append ends that move forward and
 * never pass the end of the upload.
 */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "bgrun-upload-limit-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *value = g_strndup ((const char *) data, size);
  BgrunUploadLimit limit, untouched;
  guint64 sizes[] = { 0, 1, 1000, G_MAXUINT64 / 2, G_MAXUINT64 - 1 };

  memset (&limit, 0x5a, sizeof limit);
  untouched = limit;
  if (!bgrun_upload_limit_parse (value, &limit))
    {
      g_assert_cmpmem (&limit, sizeof limit, &untouched, sizeof untouched);
      return 0;
    }
  g_assert_cmpuint (limit.max_append_size, !=, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint j = 0; j <= i; j++)
      {
        guint64 from = sizes[j], total = sizes[i];
        guint64 end = bgrun_upload_limit_append_end (&limit, from, total);

        g_assert_cmpuint (end, <=, total);
        g_assert_true (end > from || from == total);
      }
  return 0;
}
