/* bgrun-store-handover.c: an app's state moving between two stores
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An app's state (requests, history, values, events) lives in the store
 * of the placement that runs its engine: its own file embedded, bgrund's
 * when it uses the daemon. When the app changes placement, the new one
 * takes the state from the old one (bgrun_store_take_app()).
 *
 * Two files cannot share a transaction that a kill -9 respects, so the
 * move is two transactions ordered by a number, the app's placement
 * epoch (the value PLACEMENT_EPOCH_KEY, 0 when absent):
 *
 *   1. the taking store copies the app's rows and sets its epoch to one
 *      more than the other's, in one transaction: from its commit on,
 *      the taking store holds the newer state;
 *   2. the other store forgets the app's rows (epoch included), in one
 *      transaction, if its epoch is still the one read in step 1.
 *
 * Killed before 1 commits, the old store is complete and the new one
 * unchanged; killed between 1 and 2, both hold the state, and the lower
 * epoch marks the old copy as stale: whoever looks next (a take, or
 * bgrun_store_drop_stale_app()) removes it, never copies it again. So
 * the state is whole in exactly one place that counts, and a take is
 * done once: after step 2 there is nothing left to take.
 *
 * Stores whose epochs are equal both hold live state only when neither
 * ever took from the other (state made before handovers existed): the
 * take then merges the other's rows into its own, keeping its own
 * request of an identifier both have, its own value of a key both have
 * (except arrays of the same type, which are joined: an app's running
 * tasks), and its own events of a sequence number both have; the other's
 * history entries come after its own. */

#include "config.h"

#include "bgrun-store-internal-private.h"

#define PLACEMENT_EPOCH_KEY "placement-epoch"

guint64
bgrun_store_get_placement_epoch (BgrunStore *store,
                                 const char *app_id)
{
  g_autoptr(GVariant) value = bgrun_store_get_value (store, app_id, PLACEMENT_EPOCH_KEY);

  if (value == NULL || !g_variant_is_of_type (value, G_VARIANT_TYPE_UINT64))
    return 0;
  return g_variant_get_uint64 (value);
}

/* Whether @store has any row of @app_id's (an index lookup per table). */
static gboolean
holds_app (BgrunStore  *store,
           const char  *app_id,
           gboolean    *holds,
           GError     **error)
{
  sqlite3_stmt *stmt = bgrun_store_get_statement (store, STMT_HOLDS_APP, error);
  gint64 found = 0;

  if (stmt == NULL)
    return FALSE;
  bgrun_store_bind_text (stmt, 1, app_id);
  if (!bgrun_store_step_int (store, stmt, &found, error))
    return FALSE;
  *holds = found != 0;
  return TRUE;
}

static gboolean
run_for_app (BgrunStore  *self,
             Statement    which,
             const char  *app_id,
             GError     **error)
{
  sqlite3_stmt *stmt = bgrun_store_get_statement (self, which, error);

  if (stmt == NULL)
    return FALSE;
  bgrun_store_bind_text (stmt, 1, app_id);
  return bgrun_store_run_statement (self, stmt, error);
}

/* Inside the caller's transaction. */
static gboolean
forget_rows (BgrunStore  *self,
             const char  *app_id,
             GError     **error)
{
  return run_for_app (self, STMT_FORGET_REQUESTS, app_id, error) &&
         run_for_app (self, STMT_FORGET_HISTORY, app_id, error) &&
         run_for_app (self, STMT_FORGET_VALUES, app_id, error) &&
         run_for_app (self, STMT_FORGET_EVENTS, app_id, error);
}

/* ---- copying ------------------------------------------------------------ */

static GVariant *
named_request_from_row (BgrunStore   *self,
                        const char   *app_id,
                        sqlite3_stmt *stmt)
{
  const char *identifier = bgrun_store_column_string (stmt, 0);
  g_autoptr(GVariant) request = bgrun_store_column_variant (stmt, 1, G_VARIANT_TYPE_VARDICT);

  if (identifier == NULL || request == NULL)
    {
      g_warning ("libbgrun: not moving the stored request “%s” of %s in “%s”: it is malformed",
                 identifier != NULL ? identifier : "?", app_id, self->path);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_new ("(s@a{sv})", identifier, request));
}

/* @app_id's requests as `(sa{sv})`, identifier and request, in order. */
static GPtrArray *
list_named_requests (BgrunStore  *self,
                     const char  *app_id,
                     GError     **error)
{
  sqlite3_stmt *stmt = bgrun_store_get_statement (self, STMT_LIST_REQUESTS, error);

  if (stmt == NULL)
    return NULL;
  bgrun_store_bind_text (stmt, 1, app_id);
  return bgrun_store_list_rows (self, stmt, app_id, named_request_from_row, error);
}

static gboolean
copy_requests (BgrunStore  *self,
               BgrunStore  *other,
               const char  *app_id,
               GError     **error)
{
  g_autoptr(GPtrArray) own = list_named_requests (self, app_id, error);
  g_autoptr(GPtrArray) theirs = own != NULL ? list_named_requests (other, app_id, error) : NULL;
  g_autoptr(GHashTable) have = g_hash_table_new (g_str_hash, g_str_equal);

  if (theirs == NULL)
    return FALSE;
  for (guint i = 0; i < own->len; i++)
    {
      const char *identifier;

      g_variant_get (g_ptr_array_index (own, i), "(&s@a{sv})", &identifier, NULL);
      g_hash_table_add (have, (gpointer) identifier);
    }
  for (guint i = 0; i < theirs->len; i++)
    {
      g_autoptr(GVariant) request = NULL;
      const char *identifier;

      g_variant_get (g_ptr_array_index (theirs, i), "(&s@a{sv})", &identifier, &request);
      if (!g_hash_table_contains (have, identifier) &&
          !bgrun_store_put_request (self, app_id, identifier, request, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
copy_history (BgrunStore  *self,
              BgrunStore  *other,
              const char  *app_id,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = bgrun_store_list_history (other, app_id, error);

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const char *identifier, *message;
      gint32 event;
      gint64 date;
      g_autoptr(GVariant) details = NULL;

      g_variant_get (g_ptr_array_index (entries, i), "(&six&s@a{sv})",
                     &identifier, &event, &date, &message, &details);
      if (!bgrun_store_add_history_full (self, app_id, identifier, event, date, message,
                                         details, error))
        return FALSE;
    }
  return TRUE;
}

static void
add_children (GVariantBuilder *builder,
              GVariant        *array)
{
  GVariantIter iter;
  GVariant *child;

  g_variant_iter_init (&iter, array);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      g_variant_builder_add_value (builder, child);
      g_variant_unref (child);
    }
}

/* What @self keeps of a value both stores have: its own (NULL: nothing
 * to write), or both arrays joined. */
static GVariant *
merged_value (GVariant *own,
              GVariant *theirs)
{
  GVariantBuilder builder;

  if (own == NULL)
    return g_variant_ref (theirs);
  if (!g_variant_is_of_type (own, G_VARIANT_TYPE_ARRAY) ||
      !g_variant_type_equal (g_variant_get_type (own), g_variant_get_type (theirs)))
    return NULL;
  g_variant_builder_init (&builder, g_variant_get_type (own));
  add_children (&builder, own);
  add_children (&builder, theirs);
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
copy_values (BgrunStore  *self,
             BgrunStore  *other,
             const char  *app_id,
             GError     **error)
{
  g_autoptr(GPtrArray) values = bgrun_store_list_values (other, app_id, error);

  if (values == NULL)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    {
      g_autoptr(GVariant) theirs = NULL;
      g_autoptr(GVariant) own = NULL;
      g_autoptr(GVariant) merged = NULL;
      const char *key;

      g_variant_get (g_ptr_array_index (values, i), "(&sv)", &key, &theirs);
      if (g_str_equal (key, PLACEMENT_EPOCH_KEY))
        continue;
      own = bgrun_store_get_value (self, app_id, key);
      merged = merged_value (own, theirs);
      if (merged != NULL && !bgrun_store_set_value (self, app_id, key, merged, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
copy_events (BgrunStore  *self,
             BgrunStore  *other,
             const char  *app_id,
             GError     **error)
{
  g_autoptr(GPtrArray) own = bgrun_store_list_events (self, app_id, error);
  g_autoptr(GPtrArray) theirs = own != NULL ? bgrun_store_list_events (other, app_id, error) : NULL;
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (theirs == NULL)
    return FALSE;
  for (guint i = 0; i < own->len; i++)
    {
      gint64 *seq = g_new (gint64, 1);

      g_variant_get (g_ptr_array_index (own, i), "(t@a{sv})", seq, NULL);
      g_hash_table_add (have, seq);
    }
  for (guint i = 0; i < theirs->len; i++)
    {
      g_autoptr(GVariant) event = NULL;
      guint64 seq;

      g_variant_get (g_ptr_array_index (theirs, i), "(t@a{sv})", &seq, &event);
      if (!g_hash_table_contains (have, &seq) &&
          !bgrun_store_add_event (self, app_id, seq, event, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- the two steps -------------------------------------------------------- */

/* Step 1: in one transaction of @self. */
static gboolean
copy_app (BgrunStore  *self,
          BgrunStore  *other,
          const char  *app_id,
          guint64      other_epoch,
          GError     **error)
{
  gboolean ok = bgrun_store_begin (self, error);

  /* Rows older than the other's are what a move away from here left. */
  if (ok && bgrun_store_get_placement_epoch (self, app_id) < other_epoch)
    ok = forget_rows (self, app_id, error);
  ok = ok &&
       copy_requests (self, other, app_id, error) &&
       copy_history (self, other, app_id, error) &&
       copy_values (self, other, app_id, error) &&
       copy_events (self, other, app_id, error) &&
       bgrun_store_set_value (self, app_id, PLACEMENT_EPOCH_KEY,
                              g_variant_new_uint64 (other_epoch + 1), error);
  if (!ok)
    {
      bgrun_store_rollback (self);
      return FALSE;
    }
  return bgrun_store_commit (self, error);
}

/* Step 2: forgets @app_id in @store if its epoch is still @epoch (a
 * store that took the state back meanwhile keeps it). */
static gboolean
forget_if_epoch (BgrunStore  *store,
                 const char  *app_id,
                 guint64      epoch,
                 GError     **error)
{
  gboolean ok = bgrun_store_begin (store, error);

  if (ok && bgrun_store_get_placement_epoch (store, app_id) == epoch)
    ok = forget_rows (store, app_id, error);
  if (!ok)
    {
      bgrun_store_rollback (store);
      return FALSE;
    }
  return bgrun_store_commit (store, error);
}

gboolean
bgrun_store_take_app (BgrunStore          *self,
                      BgrunStore          *other,
                      const char          *app_id,
                      BgrunStoreHandover  *outcome,
                      GError             **error)
{
  guint64 own_epoch, other_epoch;
  gboolean other_holds;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_STORE (other), FALSE);
  g_return_val_if_fail (app_id != NULL && outcome != NULL, FALSE);

  *outcome = BGRUN_STORE_HANDOVER_NONE;
  if (!holds_app (other, app_id, &other_holds, error))
    return FALSE;
  if (!other_holds)
    return TRUE;
  own_epoch = bgrun_store_get_placement_epoch (self, app_id);
  other_epoch = bgrun_store_get_placement_epoch (other, app_id);
  if (other_epoch < own_epoch)
    {
      *outcome = BGRUN_STORE_HANDOVER_DROPPED_STALE;
      return forget_if_epoch (other, app_id, other_epoch, error);
    }
  if (!copy_app (self, other, app_id, other_epoch, error))
    return FALSE;
  *outcome = BGRUN_STORE_HANDOVER_TOOK;
  return forget_if_epoch (other, app_id, other_epoch, error);
}

gboolean
bgrun_store_drop_stale_app (BgrunStore  *self,
                            BgrunStore  *other,
                            const char  *app_id,
                            gboolean    *dropped,
                            GError     **error)
{
  guint64 own_epoch;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (BGRUN_IS_STORE (other), FALSE);
  g_return_val_if_fail (app_id != NULL && dropped != NULL, FALSE);

  own_epoch = bgrun_store_get_placement_epoch (self, app_id);
  *dropped = bgrun_store_get_placement_epoch (other, app_id) > own_epoch;
  return !*dropped || forget_if_epoch (self, app_id, own_epoch, error);
}
