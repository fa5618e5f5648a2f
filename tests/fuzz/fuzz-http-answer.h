/* fuzz-http-answer.h: arbitrary bytes as the head of a server's answer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The bytes go through libsoup's own parser of a response head (status
 * line and header lines), as they would from the network, into the
 * response headers of a message: what the code under test then reads is
 * what libsoup would hand it.
 */

#pragma once

#include <libsoup/soup.h>

static inline SoupMessage *
fuzz_http_answer_new (const guint8 *data,
                      size_t        size)
{
  SoupMessage *answer = soup_message_new ("HEAD", "http://127.0.0.1/resource");
  g_autoptr(SoupMessageHeaders) parsed = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (!soup_headers_parse_response ((const char *) data, (int) MIN (size, G_MAXINT), parsed,
                                    NULL, NULL, NULL))
    return answer;
  soup_message_headers_iter_init (&iter, parsed);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (soup_message_get_response_headers (answer), name, value);
  return answer;
}
