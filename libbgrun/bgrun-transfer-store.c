/* bgrun-transfer-store.c: background sessions' tasks, durably
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-transfer-store-private.h"

#define NEXT_TASK_KEY "next-task-identifier"

BgrunStore *
bgrun_transfer_store_open (const char  *app_directory,
                           GError     **error)
{
  g_autofree char *path = g_build_filename (app_directory, "transfers.db", NULL);

  return bgrun_store_open (path, error);
}

gboolean
bgrun_transfer_store_put_task (BgrunStore  *store,
                               const char  *session_identifier,
                               guint64      task_identifier,
                               GVariant    *record,
                               GError     **error)
{
  char key[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (key, sizeof key, "%" G_GUINT64_FORMAT, task_identifier);
  return bgrun_store_put_request (store, session_identifier, key, record, TRUE, error);
}

gboolean
bgrun_transfer_store_delete_task (BgrunStore  *store,
                                  const char  *session_identifier,
                                  guint64      task_identifier,
                                  GError     **error)
{
  char key[G_ASCII_DTOSTR_BUF_SIZE];

  g_snprintf (key, sizeof key, "%" G_GUINT64_FORMAT, task_identifier);
  return bgrun_store_delete_request (store, session_identifier, key, error);
}

GPtrArray *
bgrun_transfer_store_list_tasks (BgrunStore  *store,
                                 const char  *session_identifier,
                                 GError     **error)
{
  return bgrun_store_list_requests (store, session_identifier, error);
}

/* Returns 0 on failure; identifiers start at 1. */
guint64
bgrun_transfer_store_next_task_identifier (BgrunStore  *store,
                                           const char  *session_identifier,
                                           GError     **error)
{
  g_autoptr(GVariant) stored = NULL;
  guint64 next = 1;

  if (!bgrun_store_begin (store, error))
    {
      bgrun_store_rollback (store);
      return 0;
    }
  stored = bgrun_store_get_value (store, session_identifier, NEXT_TASK_KEY);
  if (stored != NULL && g_variant_is_of_type (stored, G_VARIANT_TYPE_UINT64))
    next = MAX (g_variant_get_uint64 (stored), 1);
  if (!bgrun_store_set_value (store, session_identifier, NEXT_TASK_KEY,
                              g_variant_new_uint64 (next + 1), error))
    {
      bgrun_store_rollback (store);
      return 0;
    }
  return bgrun_store_commit (store, error) ? next : 0;
}
