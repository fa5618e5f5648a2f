/* bgrun-store-events.c: ordered journals of events in a store, such as
 * those of background URL sessions hosted by bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-store-internal-private.h"

gboolean
bgrun_store_add_event (BgrunStore  *self,
                       const char  *app_id,
                       guint64      seq,
                       GVariant    *event,
                       GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) normal = NULL;
  GError *write_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);
  g_return_val_if_fail (seq > 0 && seq <= G_MAXINT64, FALSE);
  g_return_val_if_fail (event != NULL && g_variant_is_of_type (event, G_VARIANT_TYPE_VARDICT), FALSE);

  owned = g_variant_ref_sink (event);
  normal = g_variant_get_normal_form (owned);
  if (!bgrun_store_begin_write (self, error))
    return FALSE;

  stmt = bgrun_store_get_statement (self, STMT_ADD_EVENT, &write_error);
  if (stmt != NULL)
    {
      bgrun_store_bind_text (stmt, 1, app_id);
      sqlite3_bind_int64 (stmt, 2, (gint64) seq);
      bgrun_store_bind_variant (stmt, 3, normal);
      bgrun_store_run_statement (self, stmt, &write_error);
    }
  return bgrun_store_end_write (self, write_error, error);
}

static GVariant *
event_from_row (BgrunStore   *self,
                const char   *app_id,
                sqlite3_stmt *stmt)
{
  gint64 seq = sqlite3_column_int64 (stmt, 0);
  g_autoptr(GVariant) event = bgrun_store_column_variant (stmt, 1, G_VARIANT_TYPE_VARDICT);

  if (event == NULL || seq <= 0)
    {
      g_warning ("libbgrun: skipping the stored event %" G_GINT64_FORMAT " of %s in “%s”: its data is malformed",
                 seq, app_id, self->path);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_new ("(t@a{sv})", (guint64) seq, event));
}

GPtrArray *
bgrun_store_list_events (BgrunStore  *self,
                         const char  *app_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = bgrun_store_get_statement (self, STMT_LIST_EVENTS, error);
  if (stmt == NULL)
    return NULL;

  bgrun_store_bind_text (stmt, 1, app_id);
  return bgrun_store_list_rows (self, stmt, app_id, event_from_row, error);
}

gboolean
bgrun_store_delete_events (BgrunStore  *self,
                           const char  *app_id,
                           guint64      up_to,
                           GError     **error)
{
  GError *write_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);

  if (!bgrun_store_begin_write (self, error))
    return FALSE;

  stmt = bgrun_store_get_statement (self, STMT_DELETE_EVENTS, &write_error);
  if (stmt != NULL)
    {
      bgrun_store_bind_text (stmt, 1, app_id);
      sqlite3_bind_int64 (stmt, 2, (gint64) MIN (up_to, (guint64) G_MAXINT64));
      bgrun_store_run_statement (self, stmt, &write_error);
    }
  return bgrun_store_end_write (self, write_error, error);
}
