/* fuzz-upload-headers.c: the headers of tus and IETF upload answers
 * (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is the head of a server's answer to an offset request, an
 * OPTIONS or an append. Whatever it says, an offset or length is either
 * refused or a number of at most 15 digits (as RFC 8941 integers are),
 * and a limit read from it is one an upload can follow.
 */

#include "config.h"

#include <string.h>

#include "bgrun-upload-private.h"
#include "fuzz-http-answer.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_number (SoupMessageHeaders *headers,
              const char         *name)
{
  const char *value = soup_message_headers_get_one (headers, name);
  guint64 number;

  if (bgrun_upload_parse_number (value, &number))
    {
      g_autofree char *again = g_strdup_printf ("%" G_GUINT64_FORMAT, number);
      const char *digits = value + strspn (value, "0");

      g_assert_cmpuint (number, <=, 999999999999999);
      /* Only plain digits are numbers: the value is the number written
       * (after leading zeros). */
      if (*digits == '\0')
        digits--;
      g_assert_cmpstr (again, ==, digits);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SoupMessage) answer = fuzz_http_answer_new (data, size);
  SoupMessageHeaders *headers = soup_message_get_response_headers (answer);
  BgrunUploadLimit limit;

  check_number (headers, "Upload-Offset");
  check_number (headers, "Upload-Length");
  if (bgrun_upload_ietf.read_limit (answer, &limit))
    g_assert_cmpuint (limit.max_append_size, !=, 0);
  bgrun_upload_tus_answered (answer);
  return 0;
}
