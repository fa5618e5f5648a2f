/* bgrun-bounded-stream-private.h: the first bytes of a stream
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

#define BGRUN_TYPE_BOUNDED_STREAM (bgrun_bounded_stream_get_type ())
G_DECLARE_FINAL_TYPE (BgrunBoundedStream, bgrun_bounded_stream, BGRUN, BOUNDED_STREAM, GInputStream)

/* A stream that reads at most @length bytes of @base, then ends; closing
 * it closes @base. */
GInputStream *bgrun_bounded_stream_new (GInputStream *base,
                                        guint64       length);

G_END_DECLS
