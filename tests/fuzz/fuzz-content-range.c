/* fuzz-content-range.c: HTTP Content-Range, as a resumed download reads
 * it (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is the head of a server's answer, read by libsoup. Whatever
 * it says, a range the transfer engine accepts is in order, not
 * negative, has a length (last - first + 1) that is a number, and ends
 * before its total when there is one; an unsatisfied range's length is
 * not negative.
 */

#include "config.h"

#include "bgrun-content-range-private.h"
#include "fuzz-http-answer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SoupMessage) answer = fuzz_http_answer_new (data, size);
  SoupMessageHeaders *headers = soup_message_get_response_headers (answer);
  gint64 first, last, length;

  if (bgrun_content_range_read (headers, &first, &last, &length))
    {
      g_assert_cmpint (first, >=, 0);
      g_assert_cmpint (last, >=, first);
      g_assert_cmpint (last, <, G_MAXINT64);
      g_assert_true (length == -1 || length > last);
    }
  if (bgrun_content_range_read_unsatisfied (headers, &length))
    g_assert_cmpint (length, >=, 0);
  return 0;
}
