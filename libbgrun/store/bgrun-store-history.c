/* bgrun-store-history.c: the history entries of a store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-history-entry-private.h"
#include "bgrun-store-internal-private.h"

/* Deleting history past BGRUN_STORE_HISTORY_LIMIT walks that many index
 * entries: it is done once every so many entries an app adds, not on
 * each (a third of a submit's time, see bench/README.md). Listing shows
 * the last BGRUN_STORE_HISTORY_LIMIT entries either way. */
#define HISTORY_TRIM_EVERY 64

static gboolean
insert_history (BgrunStore  *self,
                const char  *app_id,
                const char  *identifier,
                int          event,
                gint64       date_usec,
                const char  *message,
                GVariant    *details,
                GError     **error)
{
  sqlite3_stmt *stmt = bgrun_store_get_statement (self, STMT_ADD_HISTORY, error);

  if (stmt == NULL)
    return FALSE;
  if (details != NULL)
    bgrun_store_bind_variant (stmt, 6, details);
  bgrun_store_bind_text (stmt, 1, app_id);
  bgrun_store_bind_text (stmt, 2, identifier);
  sqlite3_bind_int (stmt, 3, event);
  sqlite3_bind_int64 (stmt, 4, date_usec);
  bgrun_store_bind_text (stmt, 5, message);
  return bgrun_store_run_statement (self, stmt, error);
}

static gboolean
trim_history (BgrunStore  *self,
              const char  *app_id,
              GError     **error)
{
  sqlite3_stmt *stmt = bgrun_store_get_statement (self, STMT_TRIM_HISTORY, error);

  if (stmt == NULL)
    return FALSE;
  bgrun_store_bind_text (stmt, 1, app_id);
  sqlite3_bind_int (stmt, 2, BGRUN_STORE_HISTORY_LIMIT);
  return bgrun_store_run_statement (self, stmt, error);
}

/* Counts an entry added to @app_id's history; returns the count. */
static guint
count_added (BgrunStore *self,
             const char *app_id)
{
  guint added = GPOINTER_TO_UINT (g_hash_table_lookup (self->added, app_id)) + 1;

  g_hash_table_replace (self->added, g_strdup (app_id), GUINT_TO_POINTER (added));
  return added;
}

gboolean
bgrun_store_add_history (BgrunStore  *self,
                         const char  *app_id,
                         const char  *identifier,
                         int          event,
                         gint64       date_usec,
                         const char  *message,
                         GError     **error)
{
  return bgrun_store_add_history_full (self, app_id, identifier, event, date_usec, message,
                                       NULL, error);
}

/* @details: an a{sv} (a floating one is consumed), or NULL for none. */
gboolean
bgrun_store_add_history_full (BgrunStore  *self,
                              const char  *app_id,
                              const char  *identifier,
                              int          event,
                              gint64       date_usec,
                              const char  *message,
                              GVariant    *details,
                              GError     **error)
{
  g_autoptr(GVariant) normal = NULL;
  GError *write_error = NULL;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);
  g_return_val_if_fail (identifier != NULL, FALSE);

  if (details != NULL)
    normal = g_variant_get_normal_form (g_variant_ref_sink (details));
  if (details != NULL)
    g_variant_unref (details);
  if (!bgrun_store_begin_write (self, error))
    return FALSE;

  if (insert_history (self, app_id, identifier, event, date_usec, message, normal, &write_error) &&
      count_added (self, app_id) % HISTORY_TRIM_EVERY == 0)
    trim_history (self, app_id, &write_error);
  return bgrun_store_end_write (self, write_error, error);
}

static GVariant *
history_from_row (BgrunStore   *self,
                  const char   *app_id,
                  sqlite3_stmt *stmt)
{
  const char *identifier = bgrun_store_column_string (stmt, 0);
  const char *message = bgrun_store_column_string (stmt, 3);
  g_autoptr(GVariant) details = bgrun_store_column_variant (stmt, 4, G_VARIANT_TYPE_VARDICT);

  if (identifier == NULL)
    {
      g_warning ("libbgrun: skipping a history entry of %s in “%s”: its identifier is malformed",
                 app_id, self->path);
      return NULL;
    }
  return bgrun_history_entry_variant_new (identifier, sqlite3_column_int (stmt, 1),
                                          sqlite3_column_int64 (stmt, 2), message, details);
}

GPtrArray *
bgrun_store_list_history (BgrunStore  *self,
                          const char  *app_id,
                          GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = bgrun_store_get_statement (self, self->version >= 4 ? STMT_LIST_HISTORY
                                                             : STMT_LIST_HISTORY_WITHOUT_DETAILS,
                                    error);
  if (stmt == NULL)
    return NULL;

  bgrun_store_bind_text (stmt, 1, app_id);
  sqlite3_bind_int (stmt, 2, BGRUN_STORE_HISTORY_LIMIT);
  return bgrun_store_list_rows (self, stmt, app_id, history_from_row, error);
}
