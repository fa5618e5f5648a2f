/* fuzz-store-rows.c: salvaging the rows of a damaged store (libFuzzer)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is what is left of a tasks.db: the salvage reader walks its
 * pages and decodes its records without SQLite, so every byte of it is
 * untrusted. The first input byte says how much of the rest is the
 * database file and how much its write-ahead log. Whatever the bytes,
 * reading ends, and every row it returns is a tuple of the column types
 * it promises.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bgrun-store-salvage-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *dir;

static void
check_rows (BgrunStoreSalvage *salvage)
{
  GHashTableIter iter;
  gpointer name, rows;

  g_hash_table_iter_init (&iter, salvage->tables);
  while (g_hash_table_iter_next (&iter, &name, &rows))
    for (guint i = 0; i < ((GPtrArray *) rows)->len; i++)
      {
        GVariant *row = g_ptr_array_index ((GPtrArray *) rows, i);

        g_assert_true (g_variant_is_of_type (row, G_VARIANT_TYPE_TUPLE));
        for (gsize c = 0; c < g_variant_n_children (row); c++)
          {
            g_autoptr(GVariant) column = g_variant_get_child_value (row, c);
            const char *type = g_variant_get_type_string (column);

            g_assert_true (g_str_equal (type, "x") || g_str_equal (type, "d") ||
                           g_str_equal (type, "s") || g_str_equal (type, "ay") ||
                           g_str_equal (type, "mv"));
          }
      }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(BgrunStoreSalvage) salvage = NULL;
  g_autoptr(GError) error = NULL;
  size_t split;

  if (size == 0)
    return 0;
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("fuzz-store-rows-XXXXXX", &error);
      g_assert_no_error (error);
    }
  db = g_build_filename (dir, "tasks.db", NULL);
  wal = g_build_filename (dir, "tasks.db-wal", NULL);
  /* 0: all database; 255: all log. */
  split = (size - 1) * (255 - data[0]) / 255;
  g_assert_true (g_file_set_contents (db, (const char *) data + 1, (gssize) split, &error));
  g_assert_no_error (error);
  if (split < size - 1)
    g_assert_true (g_file_set_contents (wal, (const char *) data + 1 + split, (gssize) (size - 1 - split), &error));
  else
    g_unlink (wal);
  g_assert_no_error (error);

  salvage = bgrun_store_salvage_read (db, &reason);
  if (salvage != NULL)
    {
      check_rows (salvage);
      bgrun_store_salvage_rows (salvage, "requests");
    }
  return 0;
}
