/* bgrun-content-range-private.h: the Content-Range of a server's answer
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* The Content-Range of a 206 (RFC 9110, 14.4): "bytes FIRST-LAST/LENGTH",
 * or with "*" for an unknown LENGTH. TRUE, with @first and @last (inclusive) and
 * @length (-1 for "*"), only when the numbers are plain decimal integers
 * that fit in a gint64, FIRST <= LAST, and LAST < LENGTH when a length is
 * given. (libsoup's own reader lets a reversed range, a range past its
 * length and numbers that overflow through.) */
gboolean bgrun_content_range_read             (SoupMessageHeaders *headers,
                                               gint64             *first,
                                               gint64             *last,
                                               gint64             *length);

/* The unsatisfied-range form a 416 carries: "bytes *" then a slash and
 * LENGTH; TRUE with @length. */
gboolean bgrun_content_range_read_unsatisfied (SoupMessageHeaders *headers,
                                               gint64             *length);

G_END_DECLS
