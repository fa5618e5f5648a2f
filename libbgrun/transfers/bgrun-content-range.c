/* bgrun-content-range.c: the Content-Range of a server's answer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A strict reader: whatever a server sends, what comes out is a range the
 * transfer engine can use as it is (see the header).
 */

#include "config.h"

#include <string.h>

#include "bgrun-content-range-private.h"

/* Reads the decimal integer at *@p up to @stop (a character, or '\0' for
 * the end), moving *@p past @stop: FALSE when there is no digit, another
 * character, or more than a gint64 holds. */
static gboolean
read_number (const char **p,
             char         stop,
             gint64      *number)
{
  const char *end = stop != '\0' ? strchr (*p, stop) : *p + strlen (*p);
  g_autofree char *digits = NULL;
  guint64 value;

  if (end == NULL || end == *p)
    return FALSE;
  digits = g_strndup (*p, end - *p);
  if (strspn (digits, "0123456789") != strlen (digits) ||
      !g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *number = (gint64) value;
  *p = stop != '\0' ? end + 1 : end;
  return TRUE;
}

gboolean
bgrun_content_range_read (SoupMessageHeaders *headers,
                          gint64             *first,
                          gint64             *last,
                          gint64             *length)
{
  const char *p = soup_message_headers_get_one (headers, "Content-Range");
  gint64 a, b, total = -1;

  if (p == NULL || !g_str_has_prefix (p, "bytes "))
    return FALSE;
  p += strlen ("bytes ");
  if (!read_number (&p, '-', &a) || !read_number (&p, '/', &b) || a > b)
    return FALSE;
  if (g_strcmp0 (p, "*") != 0 && (!read_number (&p, '\0', &total) || b >= total))
    return FALSE;
  *first = a;
  *last = b;
  *length = total;
  return TRUE;
}

gboolean
bgrun_content_range_read_unsatisfied (SoupMessageHeaders *headers,
                                      gint64             *length)
{
  const char *p = soup_message_headers_get_one (headers, "Content-Range");

  if (p == NULL || !g_str_has_prefix (p, "bytes */"))
    return FALSE;
  p += strlen ("bytes */");
  return read_number (&p, '\0', length);
}
