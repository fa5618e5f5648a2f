/* test-content-range.c: reading a server's Content-Range strictly
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libsoup's reader accepts a reversed range, a range past its total and
 * numbers that overflow a goffset; a resumed download used what it gave
 * (the recorded expected length could end up below the bytes on disk).
 */

#include "config.h"

#include "bgrun-content-range-private.h"

static gboolean
read_range (const char *value,
            gint64     *first,
            gint64     *last,
            gint64     *length)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  soup_message_headers_append (headers, "Content-Range", value);
  return bgrun_content_range_read (headers, first, last, length);
}

static void
test_valid (void)
{
  gint64 first, last, length;

  g_assert_true (read_range ("bytes 100-199/1000", &first, &last, &length));
  g_assert_cmpint (first, ==, 100);
  g_assert_cmpint (last, ==, 199);
  g_assert_cmpint (length, ==, 1000);
  g_assert_true (read_range ("bytes 0-0/*", &first, &last, &length));
  g_assert_cmpint (last, ==, 0);
  g_assert_cmpint (length, ==, -1);
}

static void
test_refused (void)
{
  const char *bad[] = {
    "bytes 200-100/1000",                       /* reversed */
    "bytes 0-999/500",                          /* past its total */
    "bytes 0-1000/1000",                        /* the last byte is 999 */
    "bytes 0-1/99999999999999999999",           /* overflows */
    "bytes 0-99999999999999999999/*",
    "bytes -1-5/10",
    "bytes +1-5/10",
    "bytes 1- 5/10",
    "bytes 1-5/10 ",
    "bytes 1-5",
    "bytes */10",
    "items 1-5/10",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 first = -7, last = -7, length = -7;

      g_assert_false (read_range (bad[i], &first, &last, &length));
      g_assert_cmpint (first, ==, -7);
    }
}

static void
test_unsatisfied (void)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  gint64 length = -7;

  soup_message_headers_append (headers, "Content-Range", "bytes */4096");
  g_assert_true (bgrun_content_range_read_unsatisfied (headers, &length));
  g_assert_cmpint (length, ==, 4096);
  soup_message_headers_replace (headers, "Content-Range", "bytes */99999999999999999999");
  g_assert_false (bgrun_content_range_read_unsatisfied (headers, &length));
  soup_message_headers_replace (headers, "Content-Range", "bytes 0-1/2");
  g_assert_false (bgrun_content_range_read_unsatisfied (headers, &length));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/content-range/valid", test_valid);
  g_test_add_func ("/content-range/refused", test_refused);
  g_test_add_func ("/content-range/unsatisfied", test_unsatisfied);
  return g_test_run ();
}
