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
 * Durability: the database runs in WAL mode with synchronous=NORMAL. A
 * commit has reached the WAL file (the kernel's page cache) when COMMIT
 * returns, so it survives the process being killed at any point, which
 * is what libbgrun promises. The WAL is only fsync'ed at checkpoints, so
 * a power loss or kernel crash may lose the last commits; FULL would
 * close that gap at the cost of an fsync per submit.
 *
 * Schema: the schema_version table holds the version, and migrations[]
 * the SQL that takes version N-1 to N, each step applied in its own
 * transaction; an empty file is version 0. A file that is not SQLite,
 * fails quick_check or comes from a newer libbgrun is moved aside and a
 * fresh database started: a damaged store costs the pending requests,
 * never the ability to schedule.
 *
 * Statements are prepared once per store and reused; values are always
 * bound, never formatted into SQL.
 */

#include "config.h"

#include <errno.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-store-private.h"

/* How long a write waits for another connection to the same file (a
 * second instance of the app, bgrunctl) to finish its transaction. */
#define BUSY_TIMEOUT_MS 5000

/* Deleting history past BGRUN_STORE_HISTORY_LIMIT walks that many index
 * entries: it is done once every so many entries an app adds, not on
 * each (a third of a submit's time, see bench/README.md). Listing shows
 * the last BGRUN_STORE_HISTORY_LIMIT entries either way. */
#define HISTORY_TRIM_EVERY 64

/* migrations[N - 1] takes the schema from version N - 1 to N. */
static const char * const migrations[BGRUN_STORE_SCHEMA_VERSION] = {
  "CREATE TABLE schema_version ("
  "  version INTEGER NOT NULL);"
  "CREATE TABLE requests ("
  "  app_id     TEXT NOT NULL,"
  "  identifier TEXT NOT NULL,"
  "  seq        INTEGER NOT NULL,"
  "  data       BLOB NOT NULL,"
  "  PRIMARY KEY (app_id, identifier));"
  "CREATE INDEX requests_in_order ON requests (app_id, seq);"
  "CREATE TABLE history ("
  "  id         INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  app_id     TEXT NOT NULL,"
  "  identifier TEXT NOT NULL,"
  "  event      INTEGER NOT NULL,"
  "  date       INTEGER NOT NULL,"
  "  message    TEXT);"
  "CREATE INDEX history_by_app ON history (app_id);"
  "CREATE TABLE kv ("
  "  app_id TEXT NOT NULL,"
  "  key    TEXT NOT NULL,"
  "  type   TEXT NOT NULL,"
  "  value  BLOB NOT NULL,"
  "  PRIMARY KEY (app_id, key));",

  /* Version 2 writes fewer pages per submit (two b-trees instead of
   * six), with the same columns: requests and history are kept in their
   * primary key's b-tree (WITHOUT ROWID: no separate rowid table); the
   * order of requests has no index, as the next seq is counted in memory
   * (see next_seq()); and history ids count per app instead of with
   * AUTOINCREMENT, which also wrote sqlite_sequence on every insert. */
  "CREATE TABLE requests_2 ("
  "  app_id     TEXT NOT NULL,"
  "  identifier TEXT NOT NULL,"
  "  seq        INTEGER NOT NULL,"
  "  data       BLOB NOT NULL,"
  "  PRIMARY KEY (app_id, identifier)) WITHOUT ROWID;"
  "INSERT INTO requests_2 (app_id, identifier, seq, data) "
  "  SELECT app_id, identifier, seq, data FROM requests;"
  "DROP TABLE requests;"
  "ALTER TABLE requests_2 RENAME TO requests;"
  "CREATE TABLE history_2 ("
  "  app_id     TEXT NOT NULL,"
  "  id         INTEGER NOT NULL,"
  "  identifier TEXT NOT NULL,"
  "  event      INTEGER NOT NULL,"
  "  date       INTEGER NOT NULL,"
  "  message    TEXT,"
  "  PRIMARY KEY (app_id, id)) WITHOUT ROWID;"
  "INSERT INTO history_2 (app_id, id, identifier, event, date, message) "
  "  SELECT app_id, id, identifier, event, date, message FROM history;"
  "DROP TABLE history;"
  "ALTER TABLE history_2 RENAME TO history;",

  /* Version 3 adds the events of background URL sessions hosted by
   * bgrund (bgrun-transfer-store.c): completions kept, in the order of
   * their sequence numbers, until the app acknowledges them. Nothing
   * else changes, so versions 1 and 2 read as before. */
  "CREATE TABLE events ("
  "  app_id TEXT NOT NULL,"
  "  seq    INTEGER NOT NULL,"
  "  data   BLOB NOT NULL,"
  "  PRIMARY KEY (app_id, seq)) WITHOUT ROWID;",
};

typedef enum {
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_PUT_REQUEST_IN_PLACE,
  STMT_PUT_REQUEST_LAST,
  STMT_DATA_VERSION,
  STMT_MAX_SEQ,
  STMT_DELETE_REQUEST,
  STMT_LIST_REQUESTS,
  STMT_COUNT_REQUESTS,
  STMT_LIST_APPS,
  STMT_ADD_HISTORY,
  STMT_TRIM_HISTORY,
  STMT_LIST_HISTORY,
  STMT_SET_VALUE,
  STMT_DELETE_VALUE,
  STMT_GET_VALUE,
  STMT_ADD_EVENT,
  STMT_LIST_EVENTS,
  STMT_DELETE_EVENTS,
  N_STATEMENTS
} Statement;

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_PUT_REQUEST_IN_PLACE] =
    "INSERT INTO requests (app_id, identifier, seq, data) VALUES (?1, ?2, ?4, ?3) "
    "ON CONFLICT (app_id, identifier) DO UPDATE SET data = excluded.data",
  [STMT_PUT_REQUEST_LAST] =
    "INSERT INTO requests (app_id, identifier, seq, data) VALUES (?1, ?2, ?4, ?3) "
    "ON CONFLICT (app_id, identifier) DO UPDATE SET data = excluded.data, seq = excluded.seq",
  [STMT_DATA_VERSION] = "PRAGMA data_version",
  [STMT_MAX_SEQ] =
    "SELECT coalesce (max (seq), 0) FROM requests WHERE app_id = ?1",
  [STMT_DELETE_REQUEST] =
    "DELETE FROM requests WHERE app_id = ?1 AND identifier = ?2",
  [STMT_LIST_REQUESTS] =
    "SELECT identifier, data FROM requests WHERE app_id = ?1 ORDER BY seq",
  [STMT_COUNT_REQUESTS] =
    "SELECT count (*) FROM requests WHERE app_id = ?1",
  [STMT_LIST_APPS] =
    "SELECT app_id FROM requests UNION SELECT app_id FROM history "
    "UNION SELECT app_id FROM kv ORDER BY 1",
  [STMT_ADD_HISTORY] =
    "INSERT INTO history (app_id, id, identifier, event, date, message) VALUES "
    "(?1, (SELECT coalesce (max (id), 0) + 1 FROM history WHERE app_id = ?1), ?2, ?3, ?4, ?5)",
  [STMT_TRIM_HISTORY] =
    "DELETE FROM history WHERE app_id = ?1 AND id <= "
    "(SELECT id FROM history WHERE app_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)",
  [STMT_LIST_HISTORY] =
    "SELECT identifier, event, date, message FROM "
    "(SELECT id, identifier, event, date, message FROM history WHERE app_id = ?1 "
    " ORDER BY id DESC LIMIT ?2) ORDER BY id",
  [STMT_SET_VALUE] =
    "INSERT INTO kv (app_id, key, type, value) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (app_id, key) DO UPDATE SET type = excluded.type, value = excluded.value",
  [STMT_DELETE_VALUE] =
    "DELETE FROM kv WHERE app_id = ?1 AND key = ?2",
  [STMT_GET_VALUE] =
    "SELECT type, value FROM kv WHERE app_id = ?1 AND key = ?2",
  [STMT_ADD_EVENT] =
    "INSERT INTO events (app_id, seq, data) VALUES (?1, ?2, ?3)",
  [STMT_LIST_EVENTS] =
    "SELECT seq, data FROM events WHERE app_id = ?1 ORDER BY seq",
  [STMT_DELETE_EVENTS] =
    "DELETE FROM events WHERE app_id = ?1 AND seq <= ?2",
};

struct _BgrunStore
{
  GObject parent_instance;

  char         *path;
  sqlite3      *db;
  sqlite3_stmt *statements[N_STATEMENTS];
  guint         depth;    /* of bgrun_store_begin() calls not yet ended */
  GHashTable   *added;    /* app id → history entries added since its last trim */
  GHashTable   *next_seq; /* app id → the seq its next request gets (gint64 *) */
  gint64        data_version;  /* when next_seq was last known right */
  GError       *failure;  /* why the open transaction failed, or NULL */
};

G_DEFINE_FINAL_TYPE (BgrunStore, bgrun_store, G_TYPE_OBJECT)

typedef enum {
  OPENED,
  UNREADABLE,   /* move the file aside and start a fresh one */
  UNAVAILABLE,  /* the location cannot be used at all */
} OpenOutcome;

/* ---- errors and statements --------------------------------------------- */

static void
set_unavailable (GError     **error,
                 const char  *path,
                 const char  *reason)
{
  g_set_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE,
               _("Cannot store background work in “%s”: %s. Check that the directory exists and is writable."),
               path, reason);
}

static void
set_sqlite_error (BgrunStore  *self,
                  GError     **error)
{
  set_unavailable (error, self->path, sqlite3_errmsg (self->db));
}

static sqlite3_stmt *
get_statement (BgrunStore  *self,
               Statement    which,
               GError     **error)
{
  if (self->statements[which] == NULL &&
      sqlite3_prepare_v3 (self->db, statement_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                          &self->statements[which], NULL) != SQLITE_OK)
    set_sqlite_error (self, error);

  return self->statements[which];
}

/* Reports @rc, the last result of stepping @stmt, and readies @stmt for
 * its next use. */
static gboolean
finish_statement (BgrunStore    *self,
                  sqlite3_stmt  *stmt,
                  int            rc,
                  GError       **error)
{
  gboolean ok = rc == SQLITE_DONE || rc == SQLITE_ROW;

  if (!ok)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ok;
}

static gboolean
run_statement (BgrunStore    *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  return finish_statement (self, stmt, sqlite3_step (stmt), error);
}

/* Steps @stmt, bound already, for the integer in its one row. */
static gboolean
step_int (BgrunStore    *self,
          sqlite3_stmt  *stmt,
          gint64        *result,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *result = sqlite3_column_int64 (stmt, 0);
  return finish_statement (self, stmt, rc, error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* SQLite binds a NULL pointer as NULL, not as an empty blob, and an empty
 * dictionary or the unit type serializes to no bytes at all. */
static void
bind_variant (sqlite3_stmt *stmt,
              int           index,
              GVariant     *normal)
{
  gsize size = g_variant_get_size (normal);

  if (size == 0)
    sqlite3_bind_zeroblob (stmt, index, 0);
  else
    sqlite3_bind_blob64 (stmt, index, g_variant_get_data (normal), size, SQLITE_STATIC);
}

/* The column as UTF-8 text, or NULL when it is anything else. */
static const char *
column_string (sqlite3_stmt *stmt,
               int           index)
{
  const char *text = (const char *) sqlite3_column_text (stmt, index);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return text;
}

/* The column as a GVariant of @type, or NULL when it does not hold the
 * normal form of one. */
static GVariant *
column_variant (sqlite3_stmt       *stmt,
                int                 index,
                const GVariantType *type)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) value = NULL;
  const void *data;

  if (sqlite3_column_type (stmt, index) != SQLITE_BLOB)
    return NULL;
  data = sqlite3_column_blob (stmt, index);
  bytes = g_bytes_new (data, sqlite3_column_bytes (stmt, index));
  value = g_variant_ref_sink (g_variant_new_from_bytes (type, bytes, FALSE));
  if (!g_variant_is_normal_form (value))
    return NULL;
  return g_steal_pointer (&value);
}

/* ---- transactions ------------------------------------------------------ */

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
  stmt = get_statement (self, STMT_ROLLBACK, &error);
  if (stmt == NULL || !run_statement (self, stmt, &error))
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

  stmt = get_statement (self, STMT_BEGIN, &local_error);
  if (stmt != NULL && run_statement (self, stmt, &local_error))
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
  stmt = get_statement (self, STMT_COMMIT, &local_error);
  if (stmt != NULL && run_statement (self, stmt, &local_error))
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
static gboolean
begin_write (BgrunStore  *self,
             GError     **error)
{
  if (bgrun_store_begin (self, error))
    return TRUE;
  bgrun_store_rollback (self);
  return FALSE;
}

static gboolean
end_write (BgrunStore  *self,
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

/* ---- requests ---------------------------------------------------------- */

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
  sqlite3_stmt *stmt = get_statement (self, STMT_DATA_VERSION, error);
  gint64 version = 0;
  gint64 *next;

  if (stmt == NULL || !step_int (self, stmt, &version, error))
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

      stmt = get_statement (self, STMT_MAX_SEQ, error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, app_id);
      if (!step_int (self, stmt, &max_seq, error))
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
  if (!begin_write (self, error))
    return FALSE;

  stmt = get_statement (self, keep_order ? STMT_PUT_REQUEST_IN_PLACE : STMT_PUT_REQUEST_LAST,
                        &write_error);
  if (stmt != NULL && next_seq (self, app_id, &seq, &write_error))
    {
      bind_text (stmt, 1, app_id);
      bind_text (stmt, 2, identifier);
      bind_variant (stmt, 3, normal);
      sqlite3_bind_int64 (stmt, 4, seq);
      run_statement (self, stmt, &write_error);
    }
  return end_write (self, write_error, error);
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

  if (!begin_write (self, error))
    return FALSE;

  stmt = get_statement (self, STMT_DELETE_REQUEST, &write_error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, app_id);
      bind_text (stmt, 2, identifier);
      run_statement (self, stmt, &write_error);
    }
  return end_write (self, write_error, error);
}

static GVariant *
request_from_row (BgrunStore   *self,
                  const char   *app_id,
                  sqlite3_stmt *stmt)
{
  GVariant *request = column_variant (stmt, 1, G_VARIANT_TYPE_VARDICT);

  if (request == NULL)
    g_warning ("libbgrun: skipping the stored request “%s” of %s in “%s”: its data is malformed",
               column_string (stmt, 0), app_id, self->path);
  return request;
}

GPtrArray *
bgrun_store_list_requests (BgrunStore  *self,
                           const char  *app_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) requests = NULL;
  sqlite3_stmt *stmt;
  GVariant *request;
  int rc;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = get_statement (self, STMT_LIST_REQUESTS, error);
  if (stmt == NULL)
    return NULL;

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  bind_text (stmt, 1, app_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if ((request = request_from_row (self, app_id, stmt)) != NULL)
      g_ptr_array_add (requests, request);
  if (!finish_statement (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&requests);
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

  stmt = get_statement (self, STMT_COUNT_REQUESTS, error);
  if (stmt == NULL)
    return -1;

  bind_text (stmt, 1, app_id);
  if (!step_int (self, stmt, &count, error))
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

  stmt = get_statement (self, STMT_LIST_APPS, error);
  if (stmt == NULL)
    return NULL;

  apps = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if ((app_id = column_string (stmt, 0)) != NULL)
      g_ptr_array_add (apps, g_strdup (app_id));
  if (!finish_statement (self, stmt, rc, error))
    return NULL;

  g_ptr_array_add (apps, NULL);
  g_ptr_array_set_free_func (apps, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&apps), FALSE);
}

/* ---- history ----------------------------------------------------------- */

static gboolean
insert_history (BgrunStore  *self,
                const char  *app_id,
                const char  *identifier,
                int          event,
                gint64       date_usec,
                const char  *message,
                GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self, STMT_ADD_HISTORY, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, app_id);
  bind_text (stmt, 2, identifier);
  sqlite3_bind_int (stmt, 3, event);
  sqlite3_bind_int64 (stmt, 4, date_usec);
  bind_text (stmt, 5, message);
  return run_statement (self, stmt, error);
}

static gboolean
trim_history (BgrunStore  *self,
              const char  *app_id,
              GError     **error)
{
  sqlite3_stmt *stmt = get_statement (self, STMT_TRIM_HISTORY, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, app_id);
  sqlite3_bind_int (stmt, 2, BGRUN_STORE_HISTORY_LIMIT);
  return run_statement (self, stmt, error);
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
  GError *write_error = NULL;

  g_return_val_if_fail (BGRUN_IS_STORE (self), FALSE);
  g_return_val_if_fail (app_id != NULL, FALSE);
  g_return_val_if_fail (identifier != NULL, FALSE);

  if (!begin_write (self, error))
    return FALSE;

  if (insert_history (self, app_id, identifier, event, date_usec, message, &write_error) &&
      count_added (self, app_id) % HISTORY_TRIM_EVERY == 0)
    trim_history (self, app_id, &write_error);
  return end_write (self, write_error, error);
}

static GVariant *
history_from_row (BgrunStore   *self,
                  const char   *app_id,
                  sqlite3_stmt *stmt)
{
  const char *identifier = column_string (stmt, 0);
  const char *message = column_string (stmt, 3);

  if (identifier == NULL)
    {
      g_warning ("libbgrun: skipping a history entry of %s in “%s”: its identifier is malformed",
                 app_id, self->path);
      return NULL;
    }
  return g_variant_ref_sink (g_variant_new ("(sixs)", identifier,
                                            (gint32) sqlite3_column_int (stmt, 1),
                                            (gint64) sqlite3_column_int64 (stmt, 2),
                                            message != NULL ? message : ""));
}

GPtrArray *
bgrun_store_list_history (BgrunStore  *self,
                          const char  *app_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt;
  GVariant *entry;
  int rc;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = get_statement (self, STMT_LIST_HISTORY, error);
  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  bind_text (stmt, 1, app_id);
  sqlite3_bind_int (stmt, 2, BGRUN_STORE_HISTORY_LIMIT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if ((entry = history_from_row (self, app_id, stmt)) != NULL)
      g_ptr_array_add (entries, entry);
  if (!finish_statement (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&entries);
}

/* ---- values ------------------------------------------------------------ */

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
  if (!begin_write (self, error))
    return FALSE;

  stmt = get_statement (self, normal != NULL ? STMT_SET_VALUE : STMT_DELETE_VALUE, &write_error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, app_id);
      bind_text (stmt, 2, key);
      if (normal != NULL)
        {
          bind_text (stmt, 3, g_variant_get_type_string (normal));
          bind_variant (stmt, 4, normal);
        }
      run_statement (self, stmt, &write_error);
    }
  return end_write (self, write_error, error);
}

static GVariant *
value_from_row (sqlite3_stmt *stmt)
{
  const char *type_string = column_string (stmt, 0);
  g_autoptr(GVariantType) type = NULL;

  if (type_string == NULL || !g_variant_type_string_is_valid (type_string))
    return NULL;
  type = g_variant_type_new (type_string);
  if (!g_variant_type_is_definite (type))
    return NULL;
  return column_variant (stmt, 1, type);
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

  stmt = get_statement (self, STMT_GET_VALUE, &error);
  if (stmt == NULL)
    {
      g_warning ("libbgrun: cannot read “%s” of %s: %s", key, app_id, error->message);
      return NULL;
    }

  bind_text (stmt, 1, app_id);
  bind_text (stmt, 2, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && (value = value_from_row (stmt)) == NULL)
    g_warning ("libbgrun: ignoring the stored value “%s” of %s in “%s”: it is malformed",
               key, app_id, self->path);
  if (!finish_statement (self, stmt, rc, &error))
    g_warning ("libbgrun: cannot read “%s” of %s: %s", key, app_id, error->message);
  return value;
}

/* ---- events ------------------------------------------------------------ */

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
  if (!begin_write (self, error))
    return FALSE;

  stmt = get_statement (self, STMT_ADD_EVENT, &write_error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, app_id);
      sqlite3_bind_int64 (stmt, 2, (gint64) seq);
      bind_variant (stmt, 3, normal);
      run_statement (self, stmt, &write_error);
    }
  return end_write (self, write_error, error);
}

GPtrArray *
bgrun_store_list_events (BgrunStore  *self,
                         const char  *app_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) events = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BGRUN_IS_STORE (self), NULL);
  g_return_val_if_fail (app_id != NULL, NULL);

  stmt = get_statement (self, STMT_LIST_EVENTS, error);
  if (stmt == NULL)
    return NULL;

  events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  bind_text (stmt, 1, app_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      GVariant *event = column_variant (stmt, 1, G_VARIANT_TYPE_VARDICT);

      if (event == NULL || seq <= 0)
        {
          g_warning ("libbgrun: skipping the stored event %" G_GINT64_FORMAT " of %s in “%s”: its data is malformed",
                     seq, app_id, self->path);
          g_clear_pointer (&event, g_variant_unref);
          continue;
        }
      g_ptr_array_add (events, g_variant_ref_sink (g_variant_new ("(t@a{sv})", (guint64) seq, event)));
      g_variant_unref (event);
    }
  if (!finish_statement (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&events);
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

  if (!begin_write (self, error))
    return FALSE;

  stmt = get_statement (self, STMT_DELETE_EVENTS, &write_error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, app_id);
      sqlite3_bind_int64 (stmt, 2, (gint64) MIN (up_to, (guint64) G_MAXINT64));
      run_statement (self, stmt, &write_error);
    }
  return end_write (self, write_error, error);
}

/* ---- opening ----------------------------------------------------------- */

/* What a failed SQLite call says about the file. */
static OpenOutcome
outcome_of (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return OPENED;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return UNREADABLE;
    default:
      return UNAVAILABLE;
    }
}

static OpenOutcome
failed_with (BgrunStore  *self,
             int          rc,
             char       **reason)
{
  OpenOutcome outcome = outcome_of (rc);

  if (outcome != OPENED)
    *reason = g_strdup (sqlite3_errmsg (self->db));
  return outcome;
}

static OpenOutcome
exec_sql (BgrunStore  *self,
          const char  *sql,
          char       **reason)
{
  return failed_with (self, sqlite3_exec (self->db, sql, NULL, NULL, NULL), reason);
}

/* Runs a one-row query that yields an integer (0 for NULL). */
static OpenOutcome
query_int (BgrunStore  *self,
           const char  *sql,
           gint64      *result,
           char       **reason)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  *result = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && outcome_of (rc) == OPENED)
    rc = SQLITE_CORRUPT;
  sqlite3_finalize (stmt);
  return failed_with (self, rc, reason);
}

static OpenOutcome
configure (BgrunStore  *self,
           char       **reason)
{
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      *reason = g_strdup (_("the database file is read-only"));
      return UNAVAILABLE;
    }
  /* synchronous=NORMAL: see the top of this file. */
  return exec_sql (self,
                   "PRAGMA journal_mode = WAL;"
                   "PRAGMA synchronous = NORMAL;"
                   "PRAGMA foreign_keys = ON;",
                   reason);
}

/* quick_check lists every damaged page, one a line; the warning needs
 * only the first few. */
static char *
quick_check_summary (const char *verdict)
{
  g_auto(GStrv) lines = g_strsplit (verdict != NULL ? verdict : "", "\n", 4);
  g_autofree char *joined = NULL;

  if (g_strv_length (lines) == 4)
    {
      g_free (lines[3]);
      lines[3] = g_strdup ("…");
    }
  joined = g_strjoinv ("; ", lines);
  return g_strdup_printf ("its integrity check failed: %s", joined);
}

static OpenOutcome
check_integrity (BgrunStore  *self,
                 char       **reason)
{
  sqlite3_stmt *stmt = NULL;
  OpenOutcome outcome;
  int rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    outcome = failed_with (self, rc, reason);
  else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
    outcome = OPENED;
  else
    {
      *reason = quick_check_summary ((const char *) sqlite3_column_text (stmt, 0));
      outcome = UNREADABLE;
    }
  sqlite3_finalize (stmt);
  return outcome;
}

static OpenOutcome
read_version (BgrunStore  *self,
              gint64      *version,
              char       **reason)
{
  gint64 has_table;
  OpenOutcome outcome;

  outcome = query_int (self,
                       "SELECT count (*) FROM sqlite_master "
                       "WHERE type = 'table' AND name = 'schema_version'",
                       &has_table, reason);
  *version = 0;
  if (outcome != OPENED || !has_table)
    return outcome;
  return query_int (self, "SELECT max (version) FROM schema_version", version, reason);
}

static OpenOutcome
write_version (BgrunStore  *self,
               gint64       version,
               char       **reason)
{
  sqlite3_stmt *stmt = NULL;
  OpenOutcome outcome = exec_sql (self, "DELETE FROM schema_version", reason);
  int rc;

  if (outcome != OPENED)
    return outcome;
  rc = sqlite3_prepare_v2 (self->db, "INSERT INTO schema_version (version) VALUES (?1)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, version);
      rc = sqlite3_step (stmt);
    }
  outcome = failed_with (self, rc, reason);
  sqlite3_finalize (stmt);
  return outcome;
}

/* Takes the schema one version up in one transaction. The version is read
 * again under the write lock, as another process may have migrated the
 * same file since this one looked. */
static OpenOutcome
migrate_step (BgrunStore  *self,
              gint64      *version,
              char       **reason)
{
  OpenOutcome outcome = exec_sql (self, "BEGIN IMMEDIATE", reason);
  int rc;

  if (outcome == OPENED)
    outcome = read_version (self, version, reason);
  if (outcome == OPENED && *version >= 0 && *version < BGRUN_STORE_SCHEMA_VERSION)
    {
      rc = sqlite3_exec (self->db, migrations[*version], NULL, NULL, NULL);
      outcome = failed_with (self, rc, reason);
      /* A schema error means the file holds tables this code did not
       * make: nothing it can use. */
      if ((rc & 0xff) == SQLITE_ERROR)
        outcome = UNREADABLE;
      if (outcome == OPENED)
        outcome = write_version (self, *version + 1, reason);
      if (outcome == OPENED)
        outcome = exec_sql (self, "COMMIT", reason);
      if (outcome == OPENED)
        *version += 1;
    }
  else if (outcome == OPENED)
    outcome = exec_sql (self, "COMMIT", reason);

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return outcome;
}

static OpenOutcome
migrate (BgrunStore  *self,
         char       **reason)
{
  gint64 version;
  OpenOutcome outcome = read_version (self, &version, reason);

  while (outcome == OPENED && version >= 0 && version < BGRUN_STORE_SCHEMA_VERSION)
    outcome = migrate_step (self, &version, reason);

  if (outcome == OPENED &&
      (version < 0 || version > BGRUN_STORE_SCHEMA_VERSION))
    {
      *reason = g_strdup_printf ("its schema version %" G_GINT64_FORMAT
                                 " is not one this libbgrun knows (up to %d)",
                                 version, BGRUN_STORE_SCHEMA_VERSION);
      outcome = UNREADABLE;
    }
  return outcome;
}

static OpenOutcome
open_database (BgrunStore  *self,
               char       **reason)
{
  OpenOutcome outcome;
  int rc;

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      *reason = g_strdup (self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return UNAVAILABLE;
    }

  outcome = configure (self, reason);
  if (outcome == OPENED)
    outcome = check_integrity (self, reason);
  if (outcome == OPENED)
    outcome = migrate (self, reason);
  return outcome;
}

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

/* Moves the unreadable file aside; on failure, @reason says both why it
 * was unreadable and why it could not be moved. */
static gboolean
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
      return FALSE;
    }
  move_companions (self->path, aside);
  g_warning ("libbgrun: the database “%s” cannot be read (%s); "
             "it was moved to “%s” and a new one started",
             self->path, *reason, aside);
  g_clear_pointer (reason, g_free);
  return TRUE;
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
      set_unavailable (error, path, reason);
      return NULL;
    }

  self = g_object_new (BGRUN_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  outcome = open_database (self, &reason);
  if (outcome == UNREADABLE)
    {
      close_database (self);
      outcome = UNAVAILABLE;
      if (move_aside (self, &reason))
        outcome = open_database (self, &reason);
    }
  if (outcome != OPENED)
    {
      set_unavailable (error, path, reason);
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
  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    reason = g_strdup (self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  else
    {
      sqlite3_extended_result_codes (self->db, TRUE);
      sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
      outcome = read_version (self, &version, &reason);
    }
  if (outcome == OPENED &&
      (version < BGRUN_STORE_OLDEST_READABLE_VERSION || version > BGRUN_STORE_SCHEMA_VERSION))
    {
      reason = g_strdup_printf (_("its schema version is %" G_GINT64_FORMAT ", not one from %d to %d, and a store read by another program is never migrated; open it with the app first"),
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
