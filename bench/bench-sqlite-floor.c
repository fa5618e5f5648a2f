/* bench-sqlite-floor.c: what SQLite alone does, the floor for durable submits
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage: bench-sqlite-floor DIRECTORY [COUNT] [BYTES]
 *
 * The same number of transactions as bench-submit, each inserting one row
 * (an identifier and a BYTES-long blob, 320 by default: about the size of
 * a stored request) into a fresh database in DIRECTORY, configured as the
 * libbgrun store is: WAL mode, synchronous=NORMAL, prepared statements,
 * BEGIN IMMEDIATE … COMMIT. No scheduler can be faster than this on the
 * same disk.
 */

#include <sqlite3.h>

#include "bench-common.h"

static void
check (sqlite3 *db,
       int      rc,
       int      expected,
       const char *what)
{
  if (rc != expected)
    bench_fail ("%s: %s", what, sqlite3_errmsg (db));
}

static void
step (sqlite3      *db,
      sqlite3_stmt *stmt,
      const char   *what)
{
  check (db, sqlite3_step (stmt), SQLITE_DONE, what);
  sqlite3_reset (stmt);
}

int
main (int    argc,
      char **argv)
{
  const char *dir = bench_dir (argc, argv);
  guint count = bench_arg (argc, argv, 2, 1000);
  gsize bytes = bench_arg (argc, argv, 3, 320);
  g_autofree char *path = g_build_filename (dir, "floor.db", NULL);
  g_autofree guint8 *blob = g_malloc0 (bytes);
  sqlite3 *db = NULL;
  sqlite3_stmt *begin, *insert, *commit;
  gint64 start, elapsed;

  check (db, sqlite3_open (path, &db), SQLITE_OK, "open");
  check (db, sqlite3_exec (db,
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = NORMAL;"
                           "CREATE TABLE requests (identifier TEXT PRIMARY KEY, data BLOB NOT NULL);",
                           NULL, NULL, NULL),
         SQLITE_OK, "create");
  check (db, sqlite3_prepare_v2 (db, "BEGIN IMMEDIATE", -1, &begin, NULL), SQLITE_OK, "prepare");
  check (db, sqlite3_prepare_v2 (db, "INSERT INTO requests VALUES (?, ?)", -1, &insert, NULL),
         SQLITE_OK, "prepare");
  check (db, sqlite3_prepare_v2 (db, "COMMIT", -1, &commit, NULL), SQLITE_OK, "prepare");

  start = g_get_monotonic_time ();
  for (guint i = 0; i < count; i++)
    {
      g_autofree char *identifier = bench_identifier (i);

      step (db, begin, "begin");
      sqlite3_bind_text (insert, 1, identifier, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (insert, 2, blob, bytes, SQLITE_STATIC);
      step (db, insert, "insert");
      step (db, commit, "commit");
    }
  elapsed = g_get_monotonic_time () - start;

  sqlite3_finalize (begin);
  sqlite3_finalize (insert);
  sqlite3_finalize (commit);
  sqlite3_close (db);

  bench_result ("count", "%u", count);
  bench_result ("seconds", "%.6f", elapsed / (double) G_USEC_PER_SEC);
  bench_result ("per_second", "%.1f", count / (elapsed / (double) G_USEC_PER_SEC));
  return 0;
}
