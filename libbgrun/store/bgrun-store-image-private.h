/* bgrun-store-image-private.h: a damaged database's pages as SQLite
 * would see them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The bytes of the database @path with the committed frames of its
 * write-ahead log ("@path-wal") laid over them, as SQLite replays them,
 * even when @path itself is empty. *@page_size is the page size the
 * header or the log names, or 0 when neither can be read. NULL, with
 * @reason set, when neither file can be read. */
GByteArray *bgrun_store_image_read        (const char  *path,
                                           guint       *page_size,
                                           char       **reason);

/* Whether @path is an empty file beside a write-ahead log with frames in
 * it: SQLite would open it as a new database and delete the log. */
gboolean    bgrun_store_image_is_wal_only (const char  *path);

G_END_DECLS
