/* bgrun-store-recover.c: what a damaged store held, put into the new one
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "bgrun-history-entry.h"
#include "bgrun-i18n-private.h"
#include "bgrun-store-internal-private.h"
#include "bgrun-store-salvage-private.h"

/* Each table a store has, the SQL that puts one of its rows back, and
 * the GVariant type of each column ("?": NULL or a string). Rows of
 * another shape (a damaged record) are left out. */
typedef struct
{
  const char *table;
  const char *insert;
  const char *columns;
} TableCopy;

static const TableCopy copies[] = {
  { "requests", "INSERT OR IGNORE INTO requests (app_id, identifier, seq, data) VALUES (?1, ?2, ?3, ?4)",
    "ssxy" },
  { "history", "INSERT OR IGNORE INTO history (app_id, id, identifier, event, date, message) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "sxsxx?" },
  /* Version 4: with the details of the entry (or NULL). */
  { "history", "INSERT OR IGNORE INTO history (app_id, id, identifier, event, date, message, details) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", "sxsxx?b" },
  { "kv", "INSERT OR IGNORE INTO kv (app_id, key, type, value) VALUES (?1, ?2, ?3, ?4)", "sssy" },
  { "events", "INSERT OR IGNORE INTO events (app_id, seq, data) VALUES (?1, ?2, ?3)", "sxy" },
};

/* A version 1 store's history is (id, app_id, …): the columns of the
 * current one, in another order. */
static const int history_v1_order[] = { 1, 0, 2, 3, 4, 5 };

static gboolean
column_fits (GVariant *value,
             char      want)
{
  switch (want)
    {
    case 's': return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING);
    case 'x': return g_variant_is_of_type (value, G_VARIANT_TYPE_INT64);
    case 'y': return g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING);
    case '?': return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
                     g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE);
    case 'b': return g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING) ||
                     g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE);
    default: return FALSE;
    }
}

static void
bind_column (sqlite3_stmt *stmt,
             int           index,
             GVariant     *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    sqlite3_bind_text (stmt, index, g_variant_get_string (value, NULL), -1, SQLITE_TRANSIENT);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    sqlite3_bind_int64 (stmt, index, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BYTESTRING))
    sqlite3_bind_blob (stmt, index, g_variant_get_data (value), (int) g_variant_get_size (value),
                       SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Binds @row to @stmt as @copy's columns, in @order (or as they are);
 * FALSE when the row does not have that shape. */
static gboolean
bind_row (sqlite3_stmt    *stmt,
          const TableCopy *copy,
          GVariant        *row,
          const int       *order)
{
  gsize n = strlen (copy->columns);

  if (g_variant_n_children (row) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) value = g_variant_get_child_value (row, order != NULL ? order[i] : (int) i);

      if (!column_fits (value, copy->columns[i]))
        return FALSE;
      bind_column (stmt, (int) i + 1, value);
    }
  return TRUE;
}

/* Counts a recovered row of @app_id in @slot of its counts (app id →
 * guint[2]: requests, history entries). */
static void
count_row (GHashTable *counts,
           const char *app_id,
           guint       slot)
{
  guint *count = g_hash_table_lookup (counts, app_id);

  if (count == NULL)
    {
      count = g_new0 (guint, 2);
      g_hash_table_insert (counts, g_strdup (app_id), count);
    }
  count[slot]++;
}

/* Puts @salvage's rows of @copy into the store; counts the requests and
 * history entries by app. */
static void
copy_table (BgrunStore        *self,
            BgrunStoreSalvage *salvage,
            const TableCopy   *copy,
            GHashTable        *counts)
{
  GPtrArray *rows = bgrun_store_salvage_rows (salvage, copy->table);
  gboolean history = g_str_equal (copy->table, "history");
  gboolean counted = history || g_str_equal (copy->table, "requests");
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, copy->insert, -1, &stmt, NULL) != SQLITE_OK)
    return;
  for (guint i = 0; i < rows->len; i++)
    {
      GVariant *row = g_ptr_array_index (rows, i);
      const int *order = NULL;
      g_autoptr(GVariant) app_id = NULL;

      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (!bind_row (stmt, copy, row, order))
        {
          order = history ? history_v1_order : NULL;
          if (order == NULL || !bind_row (stmt, copy, row, order))
            continue;
        }
      if (sqlite3_step (stmt) != SQLITE_DONE || sqlite3_changes (self->db) == 0 || !counted)
        continue;
      app_id = g_variant_get_child_value (row, order != NULL ? order[0] : 0);
      count_row (counts, g_variant_get_string (app_id, NULL), history ? 1 : 0);
    }
  sqlite3_finalize (stmt);
}

/* The schema version the damaged copy names, or 0. */
static gint64
salvaged_version (BgrunStoreSalvage *salvage)
{
  GPtrArray *rows = bgrun_store_salvage_rows (salvage, "schema_version");
  gint64 version = 0;

  for (guint i = 0; i < rows->len; i++)
    if (g_variant_check_format_string (g_ptr_array_index (rows, i), "(x)", FALSE))
      {
        gint64 v;

        g_variant_get (g_ptr_array_index (rows, i), "(x)", &v);
        version = MAX (version, v);
      }
  return version;
}

char *
bgrun_store_recover (BgrunStore        *self,
                     BgrunStoreSalvage *salvage,
                     const char        *damaged,
                     const char        *why)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  guint requests = 0, entries = 0;
  GHashTableIter iter;
  const char *app_id;
  guint *count;

  /* A newer libbgrun's rows may not mean what this one would read. */
  if (salvaged_version (salvage) > BGRUN_STORE_SCHEMA_VERSION)
    return g_strdup ("nothing was recovered from it, as it comes from a newer libbgrun");
  if (!bgrun_store_begin (self, &error))
    goto failed;
  for (gsize i = 0; i < G_N_ELEMENTS (copies); i++)
    copy_table (self, salvage, &copies[i], counts);

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &app_id, (gpointer *) &count))
    {
      g_autofree char *message =
        g_strdup_printf (_("The store was damaged (%s). From its copy “%s”, %u pending requests and %u history entries of this app were recovered; %u pages of the file could not be read, and what was on them is lost."),
                         why, damaged, count[0], count[1], salvage->pages_lost);

      requests += count[0];
      entries += count[1];
      if (!bgrun_store_add_history (self, app_id, app_id, BGRUN_HISTORY_EVENT_RECOVERED,
                                    g_get_real_time (), message, &error))
        goto failed;
    }
  if (!bgrun_store_commit (self, &error))
    goto failed;
  if (!salvage->schema_read)
    return g_strdup ("nothing could be read of it, not even the list of its tables");
  return g_strdup_printf ("%u pending requests and %u history entries were recovered from it, "
                          "and %u damaged pages could not be read",
                          requests, entries, salvage->pages_lost);

failed:
  bgrun_store_rollback (self);
  return g_strdup_printf ("nothing of it could be put into the new one (%s)", error->message);
}
