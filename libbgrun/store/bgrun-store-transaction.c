/* bgrun-store-transaction.c: transactions of a store, nesting by counting
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-store-internal-private.h"

static gboolean
check_not_failed (BgrunStore  *self,
                  GError     **error)
{
  if (self->failure == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (self->failure));
  return FALSE;
}

static void
fail_transaction (BgrunStore   *self,
                  const GError *error)
{
  if (self->failure == NULL)
    self->failure = g_error_copy (error);
}

/* Ends the outermost level: after some errors (SQLITE_FULL, SQLITE_IOERR)
 * SQLite has already rolled the transaction back itself. */
static void
roll_back (BgrunStore *self)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_clear_error (&self->failure);
  if (sqlite3_get_autocommit (self->db))
    return;
  stmt = bgrun_store_get_statement (self, STMT_ROLLBACK, &error);
  if (stmt == NULL || !bgrun_store_run_statement (self, stmt, &error))
    g_warning ("libbgrun: cannot roll back a transaction in “%s”: %s", self->path, error->message);
}

gboolean
bgrun_store_begin (BgrunStore  *self,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);

  if (self->depth++ > 0)
    return check_not_failed (self, error);

  stmt = bgrun_store_get_statement (self, STMT_BEGIN, &local_error);
  if (stmt != NULL && bgrun_store_run_statement (self, stmt, &local_error))
    return TRUE;
  fail_transaction (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
bgrun_store_commit (BgrunStore  *self,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (--self->depth > 0)
    return check_not_failed (self, error);

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->failure));
      roll_back (self);
      return FALSE;
    }
  stmt = bgrun_store_get_statement (self, STMT_COMMIT, &local_error);
  if (stmt != NULL && bgrun_store_run_statement (self, stmt, &local_error))
    return TRUE;
  roll_back (self);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

void
bgrun_store_rollback (BgrunStore *self)
{
  g_return_if_fail (BGRUN_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  if (--self->depth == 0)
    {
      roll_back (self);
      return;
    }
  if (self->failure == NULL)
    self->failure = g_error_new (BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                                 _("Changes to the background work stored in “%s” were rolled back."),
                                 self->path);
}

/* Every public write runs between these two, so it is a transaction of
 * its own or joins the caller's. */
gboolean
bgrun_store_begin_write (BgrunStore  *self,
                         GError     **error)
{
  if (bgrun_store_begin (self, error))
    return TRUE;
  bgrun_store_rollback (self);
  return FALSE;
}

gboolean
bgrun_store_end_write (BgrunStore  *self,
                       GError      *write_error,
                       GError     **error)
{
  if (write_error == NULL)
    return bgrun_store_commit (self, error);

  fail_transaction (self, write_error);
  bgrun_store_rollback (self);
  g_propagate_error (error, write_error);
  return FALSE;
}
