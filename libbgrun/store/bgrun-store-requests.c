/* bgrun-store-requests.c: the pending requests of a store, and the apps
 * that have any
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-store-internal-private.h"

/* Takes the seq of @app_id's next request, with the write lock held.
 * Counting in memory spares an index on (app_id, seq) that every submit
 * would write. The counts hold while no other connection (a second
 * instance of the app) has committed, which data_version tells: then
 * they are read again. A seq taken by a write that is rolled back is
 * skipped; only the order of seqs matters. */
static gboolean
next_seq (BgrunStore  *self,
          const char  *app_id,
          gint64      *seq,
          GError     **error)
{
  sqlite3_stmt *stmt = bgrun_store_get_statement (self, STMT_DATA_VERSION, error);
  gint64 version = 0;
  gint64 *next;

  if (stmt == NULL || !bgrun_store_step_int (self, stmt, &version, error))
    return FALSE;
  if (version != self->data_version)
    {
      g_hash_table_remove_all (self->next_seq);
      self->data_version = version;
    }

  next = g_hash_table_lookup (self->next_seq, app_id);
  if (next == NULL)
    {
      gint64 max_seq = 0;

      stmt = bgrun_store_get_statement (self, STMT_MAX_SEQ, error);
      if (stmt == NULL)
        return FALSE;
      bgrun_store_bind_text (stmt, 1, app_id);
      if (!bgrun_store_step_int (self, stmt, &max_seq, error))
        return FALSE;
      next = g_new (gint64, 1);
      *next = max_seq;
      g_hash_table_insert (self->next_seq, g_strdup (app_id), next);
    }
  *seq = ++*next;
  return TRUE;
}

gboolean
bgrun_store_put_request (BgrunStore  *self,
                         const char  *app_id,
                         const char  *identifier,
                         GVariant    *request,
                         gboolean     keep_order,
                         GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) normal = NULL;
  GError *write_error = NULL;
  sqlite3_stmt *stmt;
  gint64 seq;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);
  g_return_val_if_fail (identifier != NULL, FALSE);
  g_return_val_if_fail (request != NULL, FALSE);
  g_return_val_if_fail (g_variant_is_of_type (request, G_VARIANT_TYPE_VARDICT), FALSE);

  owned = g_variant_ref_sink (request);
  normal = g_variant_get_normal_form (owned);
  if (!bgrun_store_begin_write (self, error))
    return FALSE;

  stmt = bgrun_store_get_statement (self, keep_order ? STMT_PUT_REQUEST_IN_PLACE : STMT_PUT_REQUEST_LAST,
                                    &write_error);
  if (stmt != NULL && next_seq (self, app_id, &seq, &write_error))
    {
      bgrun_store_bind_text (stmt, 1, app_id);
      bgrun_store_bind_text (stmt, 2, identifier);
      bgrun_store_bind_variant (stmt, 3, normal);
      sqlite3_bind_int64 (stmt, 4, seq);
      bgrun_store_run_statement (self, stmt, &write_error);
    }
  return bgrun_store_end_write (self, write_error, error);
}

gboolean
bgrun_store_delete_request (BgrunStore  *self,
                            const char  *app_id,
                            const char  *identifier,
                            GError     **error)
{
  GError *write_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);
  g_return_val_if_fail (identifier != NULL, FALSE);

  if (!bgrun_store_begin_write (self, error))
    return FALSE;

  stmt = bgrun_store_get_statement (self, STMT_DELETE_REQUEST, &write_error);
  if (stmt != NULL)
    {
      bgrun_store_bind_text (stmt, 1, app_id);
      bgrun_store_bind_text (stmt, 2, identifier);
      bgrun_store_run_statement (self, stmt, &write_error);
    }
  return bgrun_store_end_write (self, write_error, error);
}

static GVariant *
request_from_row (BgrunStore   *self,
                  const char   *app_id,
                  sqlite3_stmt *stmt)
{
  GVariant *request = bgrun_store_column_variant (stmt, 1, G_VARIANT_TYPE_VARDICT);

  if (request == NULL)
    g_warning ("libbgrun: skipping the stored request “%s” of %s in “%s”: its data is malformed",
               bgrun_store_column_string (stmt, 0), app_id, self->path);
  return request;
}

GPtrArray *
bgrun_store_list_requests (BgrunStore  *self,
                           const char  *app_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = bgrun_store_get_statement (self, STMT_LIST_REQUESTS, error);
  if (stmt == NULL)
    return NULL;

  bgrun_store_bind_text (stmt, 1, app_id);
  return bgrun_store_list_rows (self, stmt, app_id, request_from_row, error);
}

int
bgrun_store_count_requests (BgrunStore  *self,
                            const char  *app_id,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  g_return_val_if_fail (BGRUN_IS_STORE (self), -1);
  g_return_val_if_fail (app_id != NULL, -1);

  stmt = bgrun_store_get_statement (self, STMT_COUNT_REQUESTS, error);
  if (stmt == NULL)
    return -1;

  bgrun_store_bind_text (stmt, 1, app_id);
  if (!bgrun_store_step_int (self, stmt, &count, error))
    return -1;
  return (int) count;
}

char **
bgrun_store_list_apps (BgrunStore  *self,
                       GError     **error)
{
  g_autoptr(GPtrArray) apps = NULL;
  const char *app_id;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);

  stmt = bgrun_store_get_statement (self, STMT_LIST_APPS, error);
  if (stmt == NULL)
    return NULL;

  apps = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if ((app_id = bgrun_store_column_string (stmt, 0)) != NULL)
      g_ptr_array_add (apps, g_strdup (app_id));
  if (!bgrun_store_finish_statement (self, stmt, rc, error))
    return NULL;

  g_ptr_array_add (apps, NULL);
  g_ptr_array_set_free_func (apps, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&apps), FALSE);
}
