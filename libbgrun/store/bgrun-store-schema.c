/* bgrun-store-schema.c: the schema of a store, its migrations and
 * the checks of a file being opened
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
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
 * fresh database started (bgrun-store.c), into which what can be read of
 * a damaged one is put back (bgrun-store-salvage.c): a damaged store
 * costs what was on its damaged pages, never the ability to schedule.
 */

#include "config.h"

#include <inttypes.h>
#include "bgrun-i18n-private.h"
#include "bgrun-store-internal-private.h"

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
   * (see next_seq() in bgrun-store-requests.c); and history ids count
   * per app instead of with AUTOINCREMENT, which also wrote
   * sqlite_sequence on every insert. */
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

  /* Version 4 gives history entries their details (the attempt of a
   * task's run, its output data, the request's tags), as a serialized
   * a{sv}. Older rows keep their columns and read with no details. */
  "ALTER TABLE history ADD COLUMN details BLOB;",
};

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
  return g_strdup_printf (_("its integrity check failed: %s"), joined);
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

OpenOutcome
bgrun_store_read_version (BgrunStore  *self,
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
    outcome = bgrun_store_read_version (self, version, reason);
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
  OpenOutcome outcome = bgrun_store_read_version (self, &version, reason);

  while (outcome == OPENED && version >= 0 && version < BGRUN_STORE_SCHEMA_VERSION)
    outcome = migrate_step (self, &version, reason);

  if (outcome == OPENED &&
      (version < 0 || version > BGRUN_STORE_SCHEMA_VERSION))
    {
      *reason = g_strdup_printf (_("its schema version %" PRId64 " is not one this libbgrun knows (up to %d)"),
                                 version, BGRUN_STORE_SCHEMA_VERSION);
      outcome = UNREADABLE;
    }
  return outcome;
}

OpenOutcome
bgrun_store_open_database (BgrunStore  *self,
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
  if (outcome == OPENED)
    self->version = BGRUN_STORE_SCHEMA_VERSION;
  return outcome;
}
