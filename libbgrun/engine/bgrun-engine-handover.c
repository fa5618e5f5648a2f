/* bgrun-engine-handover.c: an app's state taken from the other
 * placement's store
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-engine-internal-private.h"
#include "bgrun-request-dict-private.h"

/* The store does the moving (bgrun-store-handover.c); the engine reads
 * the app again when it had read it already. An app met before the take
 * has no process attached (the take comes first) and so no running
 * task, and is read anew, keeping what its processes told (handlers,
 * being attached). One with running tasks keeps them, and gets the
 * requests it did not have. */

static void
read_app_again (BgrunEngine *self,
                App         *old)
{
  g_autoptr(GPtrArray) patterns = g_steal_pointer (&old->patterns);
  gboolean attached = old->attached;
  g_autofree char *app_id = g_strdup (old->id);
  App *app;

  old->patterns = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_remove (self->apps, app_id);
  app = bgrun_engine_get_app (self, app_id);
  g_ptr_array_extend_and_steal (app->patterns, g_steal_pointer (&patterns));
  app->attached = attached;
}

static void
add_missing_requests (BgrunEngine *self,
                      App         *app)
{
  g_autoptr(GPtrArray) rows = bgrun_store_list_requests (self->store, app->id, NULL);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      GVariant *request = g_ptr_array_index (rows, i);

      if (bgrun_engine_app_find_pending (app, bgrun_request_dict_get_identifier (request)) < 0)
        bgrun_engine_app_insert_pending (app, request);
    }
}

static void
reread_app (BgrunEngine *self,
            const char  *app_id)
{
  App *app = g_hash_table_lookup (self->apps, app_id);

  if (app == NULL)
    return;
  if (g_hash_table_size (app->tasks) == 0)
    read_app_again (self, app);
  else
    add_missing_requests (self, app);
  app = bgrun_engine_get_app (self, app_id);
  bgrun_engine_emit_requests_changed (self, app);
  bgrun_engine_schedule_app_evaluation (self, app);
}

/* Sets @other to the other placement's store, or to NULL when there is
 * none; FALSE when one of the two cannot be opened. */
static gboolean
open_other (BgrunEngine  *self,
            const char   *other_path,
            BgrunStore  **other,
            GError      **error)
{
  *other = NULL;
  if (!g_file_test (other_path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  if (bgrun_engine_ensure_store (self, error) == NULL)
    return FALSE;
  *other = bgrun_store_open (other_path, error);
  return *other != NULL;
}

/* Takes @app_id's state from the store at @other_path (@take), or drops
 * a stale copy of it from this engine's store; reads the app again when
 * its rows changed. */
static gboolean
settle_app (BgrunEngine  *self,
            const char   *app_id,
            const char   *other_path,
            gboolean      take,
            GError      **error)
{
  g_autoptr(BgrunStore) other = NULL;
  BgrunStoreHandover outcome = BGRUN_STORE_HANDOVER_NONE;
  gboolean dropped = FALSE;
  gboolean ok;

  if (!open_other (self, other_path, &other, error))
    return FALSE;
  if (other == NULL)
    return TRUE;
  ok = take ? bgrun_store_take_app (self->store, other, app_id, &outcome, error)
            : bgrun_store_drop_stale_app (self->store, other, app_id, &dropped, error);
  if (ok && (outcome == BGRUN_STORE_HANDOVER_TOOK || dropped))
    {
      g_debug ("libbgrun: %s the background work of %s (the other store: “%s”)",
               take ? "took" : "dropped a stale copy of", app_id, other_path);
      reread_app (self, app_id);
    }
  return ok;
}

gboolean
bgrun_engine_take_app (BgrunEngine  *self,
                       const char   *app_id,
                       const char   *other_path,
                       GError      **error)
{
  g_return_val_if_fail (BGRUN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (app_id != NULL && other_path != NULL, FALSE);

  return settle_app (self, app_id, other_path, TRUE, error);
}

gboolean
bgrun_engine_drop_stale_app (BgrunEngine  *self,
                             const char   *app_id,
                             const char   *other_path,
                             GError      **error)
{
  g_return_val_if_fail (BGRUN_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (app_id != NULL && other_path != NULL, FALSE);

  return settle_app (self, app_id, other_path, FALSE, error);
}
