/* bgrun-store-salvage-private.h: reading what is left of a damaged store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* What could be read of a damaged SQLite file, without SQLite: the rows
 * of each table, by the table's name, as GVariant tuples of the row's
 * columns in the order the table declares them (int64 "x", double "d",
 * text "s", blob "ay", NULL "mv"), and how many pages could not be read.
 *
 * The file is read as SQLite would see it: the database file, with the
 * committed frames of its write-ahead log (the "-wal" file beside it)
 * laid over it, even when the database file itself is empty (SQLite
 * would delete such a log unread). Each table's b-tree is walked from
 * its root page as sqlite_master names it; a page that does not parse,
 * is missing or is reached twice is skipped with everything under it,
 * and the walk goes on. Only rows the b-trees reach are returned: rows on
 * free pages (deleted ones) never come back. */
typedef struct _BgrunStoreSalvage
{
  GHashTable *tables;       /* table name → GPtrArray of GVariant rows */
  guint       pages_lost;   /* pages that were referenced but unreadable */
  gboolean    schema_read;  /* FALSE: page 1 was unreadable, nothing came back */
} BgrunStoreSalvage;

/* Reads @path (and "@path-wal"). Returns NULL only when neither file can
 * be read at all, with @reason set. */
BgrunStoreSalvage *bgrun_store_salvage_read  (const char         *path,
                                              char              **reason);
/* The rows of @table (never NULL: an empty array when none). */
GPtrArray         *bgrun_store_salvage_rows  (BgrunStoreSalvage  *self,
                                              const char         *table);
void               bgrun_store_salvage_free  (BgrunStoreSalvage  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunStoreSalvage, bgrun_store_salvage_free)

G_END_DECLS
