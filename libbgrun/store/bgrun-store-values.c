/* bgrun-store-values.c: the named values of engine state in a store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-store-internal-private.h"

gboolean
bgrun_store_set_value (BgrunStore  *self,
                       const char  *app_id,
                       const char  *key,
                       GVariant    *value,
                       GError     **error)
{
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) normal = NULL;
  GError *write_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value != NULL)
    {
      owned = g_variant_ref_sink (value);
      normal = g_variant_get_normal_form (owned);
    }
  if (!bgrun_store_begin_write (self, error))
    return FALSE;

  stmt = bgrun_store_get_statement (self, normal != NULL ? STMT_SET_VALUE : STMT_DELETE_VALUE, &write_error);
  if (stmt != NULL)
    {
      bgrun_store_bind_text (stmt, 1, app_id);
      bgrun_store_bind_text (stmt, 2, key);
      if (normal != NULL)
        {
          bgrun_store_bind_text (stmt, 3, g_variant_get_type_string (normal));
          bgrun_store_bind_variant (stmt, 4, normal);
        }
      bgrun_store_run_statement (self, stmt, &write_error);
    }
  return bgrun_store_end_write (self, write_error, error);
}

static GVariant *
value_from_row (sqlite3_stmt *stmt)
{
  const char *type_string = bgrun_store_column_string (stmt, 0);
  g_autoptr(GVariantType) type = NULL;

  if (type_string == NULL || !g_variant_type_string_is_valid (type_string))
    return NULL;
  type = g_variant_type_new (type_string);
  if (!g_variant_type_is_definite (type))
    return NULL;
  return bgrun_store_column_variant (stmt, 1, type);
}

GVariant *
bgrun_store_get_value (BgrunStore *self,
                       const char *app_id,
                       const char *key)
{
  g_autoptr(GError) error = NULL;
  GVariant *value = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = bgrun_store_get_statement (self, STMT_GET_VALUE, &error);
  if (stmt == NULL)
    {
      g_warning ("libbgrun: cannot read “%s” of %s: %s", key, app_id, error->message);
      return NULL;
    }

  bgrun_store_bind_text (stmt, 1, app_id);
  bgrun_store_bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && (value = value_from_row (stmt)) == NULL)
    g_warning ("libbgrun: ignoring the stored value “%s” of %s in “%s”: it is malformed",
               key, app_id, self->path);
  if (!bgrun_store_finish_statement (self, stmt, rc, &error))
    g_warning ("libbgrun: cannot read “%s” of %s: %s", key, app_id, error->message);
  return value;
}

static GVariant *
named_value_from_row (BgrunStore   *self,
                      const char   *app_id,
                      sqlite3_stmt *stmt)
{
  const char *key = bgrun_store_column_string (stmt, 2);
  g_autoptr(GVariant) value = value_from_row (stmt);

  if (key == NULL || value == NULL)
    {
      g_warning ("libbgrun: skipping the stored value “%s” of %s in “%s”: it is malformed",
                 key != NULL ? key : "?", app_id, self->path);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_new ("(sv)", key, value));
}

GPtrArray *
bgrun_store_list_values (BgrunStore  *self,
                         const char  *app_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = bgrun_store_get_statement (self, STMT_LIST_VALUES, error);
  if (stmt == NULL)
    return NULL;
  bgrun_store_bind_text (stmt, 1, app_id);
  return bgrun_store_list_rows (self, stmt, app_id, named_value_from_row, error);
}
