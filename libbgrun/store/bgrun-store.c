/* bgrun-store.c: durable storage of requests, history and state in SQLite
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One SQLite database holds, keyed by app id, the pending requests
 * (serialized `a{sv}` GVariants in the order they were first put), the
 * history of what happened to them (the last BGRUN_STORE_HISTORY_LIMIT
 * entries per app are listed; older ones are deleted every
 * HISTORY_TRIM_EVERY entries) and a few named values of engine state, such as
 * refresh budgets.
 *
 * This file holds the type and opens a file, moving a damaged one aside;
 * the other files of the store are listed in
 * bgrun-store-internal-private.h.
 */

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-store-image-private.h"
#include "bgrun-store-internal-private.h"
#include "bgrun-store-salvage-private.h"

G_DEFINE_FINAL_TYPE (BgrunStore, bgrun_store, G_TYPE_OBJECT)

/* ---- opening ----------------------------------------------------------- */

static void
close_database (BgrunStore *self)
{
  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

/* A name no earlier copy has, as two failures within one second must not
 * overwrite the first copy. */
static char *
aside_path (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  char *aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 1; g_file_test (aside, G_FILE_TEST_EXISTS); n++)
    {
      g_free (aside);
      aside = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }
  return aside;
}

/* The WAL belongs to the database: left behind, it would be replayed
 * into the fresh one. */
static void
move_companions (const char *path,
                 const char *aside)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        g_unlink (from);
    }
}

/* Moves the unreadable file aside and returns where to; on failure, NULL
 * and @reason says both why it was unreadable and why it could not be
 * moved. */
static char *
move_aside (BgrunStore  *self,
            char       **reason)
{
  g_autofree char *aside = aside_path (self->path);
  char *both;
  int saved_errno;

  if (g_rename (self->path, aside) != 0)
    {
      saved_errno = errno;
      both = g_strdup_printf (_("the database cannot be read (%s) nor moved aside (%s)"),
                              *reason, g_strerror (saved_errno));
      g_free (*reason);
      *reason = both;
      return NULL;
    }
  move_companions (self->path, aside);
  return g_steal_pointer (&aside);
}

/* Keeps the unreadable file (a copy to look at later), starts a new one,
 * and puts back into it what could be read of the old. */
static OpenOutcome
start_again (BgrunStore  *self,
             char       **reason)
{
  g_autoptr(BgrunStoreSalvage) salvage = NULL;
  g_autofree char *why = g_strdup (*reason);
  g_autofree char *aside = NULL;
  g_autofree char *recovered = NULL;
  OpenOutcome outcome;

  close_database (self);
  salvage = bgrun_store_salvage_read (self->path, NULL);
  aside = move_aside (self, reason);
  if (aside == NULL)
    return UNAVAILABLE;
  g_clear_pointer (reason, g_free);
  outcome = bgrun_store_open_database (self, reason);
  if (outcome != OPENED)
    return outcome;
  recovered = salvage != NULL ? bgrun_store_recover (self, salvage, aside, why)
                              : g_strdup ("nothing could be read of it");
  g_warning ("libbgrun: the database “%s” cannot be read (%s); "
             "it was moved to “%s” and a new one started: %s",
             self->path, why, aside, recovered);
  return OPENED;
}

static gboolean
prepare_location (const char  *path,
                  char       **reason)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      *reason = g_strdup (g_strerror (saved_errno));
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      *reason = g_strdup (_("it is a directory"));
      return FALSE;
    }
  return TRUE;
}

BgrunStore *
bgrun_store_open (const char  *path,
                  GError     **error)
{
  g_autoptr(BgrunStore) self = NULL;
  g_autofree char *reason = NULL;
  OpenOutcome outcome;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!prepare_location (path, &reason))
    {
      bgrun_store_set_unavailable (error, path, reason);
      return NULL;
    }

  self = g_object_new (BGRUN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  /* SQLite would take this file for a new database and delete the log:
   * the committed changes in it are recovered instead. */
  if (bgrun_store_image_is_wal_only (path))
    {
      reason = g_strdup (_("the file is empty while its write-ahead log holds committed changes"));
      outcome = UNREADABLE;
    }
  else
    outcome = bgrun_store_open_database (self, &reason);
  if (outcome == UNREADABLE)
    outcome = start_again (self, &reason);
  if (outcome != OPENED)
    {
      bgrun_store_set_unavailable (error, path, reason);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Reads @path as it is, for a tool looking at another process's store:
 * nothing is created, migrated or moved aside. */
BgrunStore *
bgrun_store_open_read_only (const char  *path,
                            GError     **error)
{
  g_autoptr(BgrunStore) self = NULL;
  g_autofree char *reason = NULL;
  OpenOutcome outcome = UNAVAILABLE;
  gint64 version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BGRUN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (bgrun_store_image_is_wal_only (path))
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                   _("Cannot read the store “%s”: the file is empty while its write-ahead log holds committed changes; open it with the app first, which recovers them."),
                   path);
      return NULL;
    }
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    reason = g_strdup (self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  else
    {
      sqlite3_extended_result_codes (self->db, TRUE);
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      outcome = bgrun_store_read_version (self, &version, &reason);
      self->version = version;
    }
  if (outcome == OPENED &&
      (version < BGRUN_STORE_OLDEST_READABLE_VERSION || version > BGRUN_STORE_SCHEMA_VERSION))
    {
      reason = g_strdup_printf (_("its schema version is %" PRId64 ", not one from %d to %d, and a store read by another program is never migrated; open it with the app first"),
                                version, BGRUN_STORE_OLDEST_READABLE_VERSION, BGRUN_STORE_SCHEMA_VERSION);
      outcome = UNAVAILABLE;
    }
  if (outcome != OPENED)
    {
      g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
                   _("Cannot read the store “%s”: %s."), path, reason);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
bgrun_store_get_path (BgrunStore *self)
{
  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);

  return self->path;
}

/* ---- GObject ----------------------------------------------------------- */

static void
bgrun_store_finalize (GObject *object)
{
  BgrunStore *self = BGRUN_STORE (object);

  /* Closing discards a transaction still open, as a crash would. */
  if (self->depth > 0)
    g_warning ("libbgrun: “%s” closed inside a transaction; its changes are discarded",
               self->path);
  close_database (self);
  g_clear_error (&self->failure);
  g_hash_table_unref (self->added);
  g_hash_table_unref (self->next_seq);
  g_free (self->path);

  G_OBJECT_CLASS (bgrun_store_parent_class)->finalize (object);
}

static void
bgrun_store_class_init (BgrunStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bgrun_store_finalize;
}

static void
bgrun_store_init (BgrunStore *self)
{
  self->added = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->next_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
