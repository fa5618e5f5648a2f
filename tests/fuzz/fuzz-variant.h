/* fuzz-variant.h: arbitrary bytes as a GVariant, the way a peer's
 * message arrives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GDBus hands a method handler only well-formed values: the bytes are
 * read as a serialized value of @type_string and brought to normal form
 * (what is not well-formed becomes the type's default, as GVariant does),
 * so the target sees every value a peer can send.
 */

#pragma once

#include <glib.h>

static inline GVariant *
fuzz_variant_from_data (const char   *type_string,
                        const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GVariant) value = NULL;

  value = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (type_string), bytes, FALSE));
  return g_variant_get_normal_form (value);
}
