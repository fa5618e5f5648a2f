/* bgrun-upload-limit-private.h: the limits an IETF upload resource announces
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* A limit the server did not give. */
#define BGRUN_UPLOAD_LIMIT_NONE G_MAXUINT64

/* The `Upload-Limit` response header of the IETF draft: the sizes in
 * bytes the upload resource takes, as a whole and per request, and the
 * seconds it has left. Each is BGRUN_UPLOAD_LIMIT_NONE when not given. */
typedef struct
{
  guint64 max_size;
  guint64 min_size;
  guint64 max_append_size;
  guint64 min_append_size;
  guint64 expires;
} BgrunUploadLimit;

void     bgrun_upload_limit_init       (BgrunUploadLimit       *limit);
/* Reads @value, a Structured Field Dictionary (RFC 8941): the five keys
 * above as non-negative integers; other keys and all parameters are
 * skipped. FALSE, @limit untouched, when @value is NULL or malformed (a
 * known key with another value, a max-append-size of 0). */
gboolean bgrun_upload_limit_parse      (const char             *value,
                                        BgrunUploadLimit       *limit);
/* Where a request appending from @from of a @size-byte upload ends: the
 * end of the upload, or sooner when max-append-size says so. */
guint64  bgrun_upload_limit_append_end (const BgrunUploadLimit *limit,
                                        guint64                 from,
                                        guint64                 size);

G_END_DECLS
