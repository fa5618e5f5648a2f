/* bgrun-store-statements.c: the prepared statements of a store, binding
 * values to them and reading their columns
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Statements are prepared once per store and reused; values are always
 * bound, never formatted into SQL.
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-store-internal-private.h"

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_PUT_REQUEST_IN_PLACE] =
    "INSERT INTO requests (app_id, identifier, seq, data) VALUES (?1, ?2, ?4, ?3) "
    "ON CONFLICT (app_id, identifier) DO UPDATE SET data = excluded.data",
  [STMT_PUT_REQUEST_LAST] =
    "INSERT INTO requests (app_id, identifier, seq, data) VALUES (?1, ?2, ?4, ?3) "
    "ON CONFLICT (app_id, identifier) DO UPDATE SET data = excluded.data, seq = excluded.seq",
  [STMT_DATA_VERSION] = "PRAGMA data_version",
  [STMT_MAX_SEQ] =
    "SELECT coalesce (max (seq), 0) FROM requests WHERE app_id = ?1",
  [STMT_DELETE_REQUEST] =
    "DELETE FROM requests WHERE app_id = ?1 AND identifier = ?2",
  [STMT_LIST_REQUESTS] =
    "SELECT identifier, data FROM requests WHERE app_id = ?1 ORDER BY seq",
  [STMT_COUNT_REQUESTS] =
    "SELECT count (*) FROM requests WHERE app_id = ?1",
  [STMT_LIST_APPS] =
    "SELECT app_id FROM requests UNION SELECT app_id FROM history "
    "UNION SELECT app_id FROM kv UNION SELECT app_id FROM events ORDER BY 1",
  [STMT_ADD_HISTORY] =
    "INSERT INTO history (app_id, id, identifier, event, date, message, details) VALUES "
    "(?1, (SELECT coalesce (max (id), 0) + 1 FROM history WHERE app_id = ?1), ?2, ?3, ?4, ?5, ?6)",
  [STMT_TRIM_HISTORY] =
    "DELETE FROM history WHERE app_id = ?1 AND id <= "
    "(SELECT id FROM history WHERE app_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
  [STMT_LIST_HISTORY] =
    "SELECT identifier, event, date, message, details FROM "
    "(SELECT id, identifier, event, date, message, details FROM history WHERE app_id = ?1 "
    " ORDER BY id DESC LIMIT ?2) ORDER BY id",
  /* A file older than version 4, read by bgrunctl, which never migrates. */
  [STMT_LIST_HISTORY_WITHOUT_DETAILS] =
    "SELECT identifier, event, date, message, NULL FROM "
    "(SELECT id, identifier, event, date, message FROM history WHERE app_id = ?1 "
    " ORDER BY id DESC LIMIT ?2) ORDER BY id",
  [STMT_SET_VALUE] =
    "INSERT INTO kv (app_id, key, type, value) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (app_id, key) DO UPDATE SET type = excluded.type, value = excluded.value",
  [STMT_DELETE_VALUE] =
    "DELETE FROM kv WHERE app_id = ?1 AND key = ?2",
  [STMT_GET_VALUE] =
    "SELECT type, value FROM kv WHERE app_id = ?1 AND key = ?2",
  [STMT_ADD_EVENT] =
    "INSERT INTO events (app_id, seq, data) VALUES (?1, ?2, ?3)",
  [STMT_LIST_EVENTS] =
    "SELECT seq, data FROM events WHERE app_id = ?1 ORDER BY seq",
  [STMT_DELETE_EVENTS] =
    "DELETE FROM events WHERE app_id = ?1 AND seq <= ?2",
  [STMT_LIST_VALUES] =
    "SELECT type, value, key FROM kv WHERE app_id = ?1 ORDER BY key",
  [STMT_HOLDS_APP] =
    "SELECT EXISTS (SELECT 1 FROM requests WHERE app_id = ?1) "
    "OR EXISTS (SELECT 1 FROM history WHERE app_id = ?1) "
    "OR EXISTS (SELECT 1 FROM kv WHERE app_id = ?1) "
    "OR EXISTS (SELECT 1 FROM events WHERE app_id = ?1)",
  [STMT_FORGET_REQUESTS] = "DELETE FROM requests WHERE app_id = ?1",
  [STMT_FORGET_HISTORY] = "DELETE FROM history WHERE app_id = ?1",
  [STMT_FORGET_VALUES] = "DELETE FROM kv WHERE app_id = ?1",
  [STMT_FORGET_EVENTS] = "DELETE FROM events WHERE app_id = ?1",
};

void
bgrun_store_set_unavailable (GError     **error,
                             const char  *path,
                             const char  *reason)
{
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
               _("Cannot store background work in “%s”: %s. Check that the directory exists and is writable."),
               path, reason);
}

static void
set_sqlite_error (BgrunStore  *self,
                  GError     **error)
{
  bgrun_store_set_unavailable (error, self->path, sqlite3_errmsg (self->db));
}

sqlite3_stmt *
bgrun_store_get_statement (BgrunStore  *self,
                           Statement    which,
                           GError     **error)
{
  if (self->statements[which] == NULL &&
      sqlite3_prepare_v3 (self->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                          &self->statements[which], NULL) != SQLITE_OK)
    set_sqlite_error (self, error);

  return self->statements[which];
}

/* Reports @rc, the last result of stepping @stmt, and readies @stmt for
 * its next use. */
gboolean
bgrun_store_finish_statement (BgrunStore    *self,
                              sqlite3_stmt  *stmt,
                              int            rc,
                              GError       **error)
{
  gboolean ok = rc == SQLITE_DONE || rc == SQLITE_ROW;

  if (!ok)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

gboolean
bgrun_store_run_statement (BgrunStore    *self,
                           sqlite3_stmt  *stmt,
                           GError       **error)
{
  return bgrun_store_finish_statement (self, stmt, sqlite3_step (stmt), error);
}

/* Steps @stmt, bound already, for the integer in its one row. */
gboolean
bgrun_store_step_int (BgrunStore    *self,
                      sqlite3_stmt  *stmt,
                      gint64        *result,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *result = sqlite3_column_int64 (stmt, 0);
  return bgrun_store_finish_statement (self, stmt, rc, error);
}

void
bgrun_store_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* SQLite binds a NULL pointer as NULL, not as an empty blob, and an empty
 * dictionary or the unit type serializes to no bytes at all. */
void
bgrun_store_bind_variant (sqlite3_stmt *stmt,
                          int           index,
                          GVariant     *normal)
{
  gsize size = g_variant_get_size (normal);

  if (size == 0)
    sqlite3_bind_zeroblob (stmt, index, 0);
  else
    sqlite3_bind_blob64 (stmt, index, g_variant_get_data (normal), size, SQLITE_STATIC);
}

/* The column as UTF-8 text, or NULL when it is anything else. */
const char *
bgrun_store_column_string (sqlite3_stmt *stmt,
                           int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return text;
}

/* The column as a GVariant of @type, or NULL when it does not hold the
 * normal form of one. */
GVariant *
bgrun_store_column_variant (sqlite3_stmt       *stmt,
                            int                 index,
                            const GVariantType *type)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) value = NULL;
  const void *data;

  if (sqlite3_column_type (stmt, index) != SQLITE_BLOB)
    return NULL;
  data = sqlite3_column_blob (stmt, index);
  bytes = g_bytes_new (data, sqlite3_column_bytes (stmt, index));
  value = g_variant_ref_sink (g_variant_new_from_bytes (type, bytes, FALSE));
  if (!g_variant_is_normal_form (value))
    return NULL;
  return g_steal_pointer (&value);
}

GPtrArray *
bgrun_store_list_rows (BgrunStore    *self,
                       sqlite3_stmt  *stmt,
                       const char    *app_id,
                       RowReader      from_row,
                       GError       **error)
{
  g_autoptr(GPtrArray) items = NULL;
  GVariant *item;
  int rc;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if ((item = from_row (self, app_id, stmt)) != NULL)
      g_ptr_array_add (items, item);
  if (!bgrun_store_finish_statement (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&items);
}
