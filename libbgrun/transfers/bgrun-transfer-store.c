/* bgrun-transfer-store.c: background sessions' tasks, durably
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-transfer-store-private.h"

#define NEXT_TASK_KEY "next-task-identifier"
#define NEXT_EVENT_KEY "next-event-sequence"
#define CONFIGURATION_KEY "configuration"

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

/* Takes the next number of the counter @key of @session_identifier inside
 * the transaction the caller began; 0 on failure. Numbers start at 1. */
static guint64
take_number (BgrunStore  *store,
             const char  *session_identifier,
             const char  *key,
             GError     **error)
{
  g_autoptr(GVariant) stored = NULL;
  guint64 next = 1;

  stored = bgrun_store_get_value (store, session_identifier, key);
  if (stored != NULL && g_variant_is_of_type (stored, G_VARIANT_TYPE_UINT64))
    next = MAX (g_variant_get_uint64 (stored), 1);
  if (!bgrun_store_set_value (store, session_identifier, key, g_variant_new_uint64 (next + 1), error))
    return 0;
  return next;
}

/* Returns 0 on failure; identifiers start at 1. */
guint64
bgrun_transfer_store_next_task_identifier (BgrunStore  *store,
                                           const char  *session_identifier,
                                           GError     **error)
{
  guint64 next;

  if (!bgrun_store_begin (store, error))
    {
      bgrun_store_rollback (store);
      return 0;
    }
  next = take_number (store, session_identifier, NEXT_TASK_KEY, error);
  if (next == 0)
    {
      bgrun_store_rollback (store);
      return 0;
    }
  return bgrun_store_commit (store, error) ? next : 0;
}

gboolean
bgrun_transfer_store_put_configuration (BgrunStore  *store,
                                        const char  *session_identifier,
                                        GVariant    *configuration,
                                        GError     **error)
{
  return bgrun_store_set_value (store, session_identifier, CONFIGURATION_KEY, configuration, error);
}

GVariant *
bgrun_transfer_store_get_configuration (BgrunStore *store,
                                        const char *session_identifier)
{
  g_autoptr(GVariant) stored = bgrun_store_get_value (store, session_identifier, CONFIGURATION_KEY);

  if (stored == NULL || !g_variant_is_of_type (stored, G_VARIANT_TYPE_VARDICT))
    return NULL;
  return g_steal_pointer (&stored);
}

char **
bgrun_transfer_store_list_sessions (BgrunStore  *store,
                                    GError     **error)
{
  g_auto(GStrv) identifiers = bgrun_store_list_apps (store, error);
  g_autoptr(GStrvBuilder) sessions = NULL;

  if (identifiers == NULL)
    return NULL;
  sessions = g_strv_builder_new ();
  for (guint i = 0; identifiers[i] != NULL; i++)
    {
      g_autoptr(GVariant) configuration = bgrun_transfer_store_get_configuration (store, identifiers[i]);

      if (configuration != NULL)
        g_strv_builder_add (sessions, identifiers[i]);
    }
  return g_strv_builder_end (sessions);
}

/* Records @event (not floating) and deletes the record of the task
 * @task_identifier, in one transaction: its sequence number, or 0 on
 * failure. */
static guint64
record_event (BgrunStore  *store,
              const char  *session_identifier,
              guint64      task_identifier,
              GVariant    *event,
              GError     **error)
{
  guint64 sequence;

  if (!bgrun_store_begin (store, error))
    {
      bgrun_store_rollback (store);
      return 0;
    }
  sequence = take_number (store, session_identifier, NEXT_EVENT_KEY, error);
  if (sequence == 0 || !bgrun_store_add_event (store, session_identifier, sequence, event, error) ||
      !bgrun_transfer_store_delete_task (store, session_identifier, task_identifier, error))
    {
      bgrun_store_rollback (store);
      return 0;
    }
  return bgrun_store_commit (store, error) ? sequence : 0;
}

guint64
bgrun_transfer_store_complete_task (BgrunStore  *store,
                                    const char  *session_identifier,
                                    guint64      task_identifier,
                                    GVariant    *event,
                                    GError     **error)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (event);

  g_return_val_if_fail (task_identifier != 0, 0);
  return record_event (store, session_identifier, task_identifier, owned, error);
}

GPtrArray *
bgrun_transfer_store_list_events (BgrunStore  *store,
                                  const char  *session_identifier,
                                  GError     **error)
{
  return bgrun_store_list_events (store, session_identifier, error);
}

gboolean
bgrun_transfer_store_delete_events (BgrunStore  *store,
                                    const char  *session_identifier,
                                    guint64      up_to,
                                    GError     **error)
{
  return bgrun_store_delete_events (store, session_identifier, up_to, error);
}
