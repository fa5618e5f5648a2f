/* test-store.c: the SQLite store of requests, history and values
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <bgrun.h>

#include "bgrun-store-private.h"

#define APP "org.example.App"
#define OTHER_APP "org.example.Other"
#define STORE_DOMAIN "Bgrun"

typedef struct
{
  char       *dir;    /* a temporary directory, removed at the end */
  char       *path;   /* the database, in a subdirectory not yet made */
  BgrunStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }
  g_clear_pointer (&dir, g_dir_close);
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, APP, "tasks.db", NULL);
}

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = bgrun_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_reopen (Fixture *f)
{
  g_clear_object (&f->store);
  fixture_open (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- helpers ----------------------------------------------------------- */

static GVariant *
make_request (const char *identifier,
              int         n)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "identifier", "s", identifier);
  g_variant_dict_insert (&dict, "n", "i", n);
  return g_variant_dict_end (&dict);
}

static void
put (Fixture    *f,
     const char *app_id,
     const char *identifier,
     int         n,
     gboolean    keep_order)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_store_put_request (f->store, app_id, identifier,
                                          make_request (identifier, n), keep_order, &error));
  g_assert_no_error (error);
}

/* The stored requests of @app_id as "identifier=n,…", in list order. */
static char *
describe_requests (BgrunStore *store,
                   const char *app_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = bgrun_store_list_requests (store, app_id, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (requests);
  for (guint i = 0; i < requests->len; i++)
    {
      GVariant *request = g_ptr_array_index (requests, i);
      const char *identifier = NULL;
      gint32 n = -1;

      g_assert_true (g_variant_is_of_type (request, G_VARIANT_TYPE_VARDICT));
      g_variant_lookup (request, "identifier", "&s", &identifier);
      g_variant_lookup (request, "n", "i", &n);
      g_string_append_printf (text, "%s%s=%d", i > 0 ? "," : "", identifier, n);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_requests (BgrunStore *store,
                 const char *app_id,
                 const char *expected)
{
  g_autofree char *actual = describe_requests (store, app_id);

  g_assert_cmpstr (actual, ==, expected);
}

static int
count (BgrunStore *store,
       const char *app_id)
{
  g_autoptr(GError) error = NULL;
  int n = bgrun_store_count_requests (store, app_id, &error);

  g_assert_no_error (error);
  return n;
}

static void
assert_printed (GVariant   *value,
                gboolean    annotate,
                const char *expected)
{
  g_autofree char *printed = g_variant_print (value, annotate);

  g_assert_cmpstr (printed, ==, expected);
}

/* Runs @sql on the file through a connection of the test's own. */
static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
query_raw (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 result;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* The one "<path>.corrupt-<timestamp>" beside @path. */
static char *
find_aside (const char *path)
{
  g_autofree char *dirname = g_path_get_dirname (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *pattern = g_strdup_printf ("^%s\\.corrupt-[0-9]{8}T[0-9]{6}Z$", basename);
  g_autoptr(GDir) dir = g_dir_open (dirname, 0, NULL);
  char *found = NULL;
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_regex_match_simple (pattern, name, 0, 0))
      {
        g_assert_null (found);
        found = g_build_filename (dirname, name, NULL);
      }
  g_assert_nonnull (found);
  return found;
}

static void
expect_moved_aside (const char *path)
{
  g_autofree char *pattern = g_strdup_printf ("*“%s”*moved to “%s.corrupt-*”*", path, path);

  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, pattern);
}

/* ---- requests ---------------------------------------------------------- */

static void
test_requests_per_app (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GVariant) original = g_variant_ref_sink (make_request ("org.example.App.a", 1));
  GVariantDict empty;

  fixture_open (f);
  g_assert_cmpstr (bgrun_store_get_path (f->store), ==, f->path);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));

  g_assert_true (bgrun_store_put_request (f->store, APP, "org.example.App.a", original, FALSE, &error));
  g_assert_no_error (error);
  put (f, APP, "org.example.App.b", 2, FALSE);
  put (f, APP, "org.example.App.c", 3, FALSE);
  put (f, OTHER_APP, "org.example.App.a", 10, FALSE);

  assert_requests (f->store, APP, "org.example.App.a=1,org.example.App.b=2,org.example.App.c=3");
  assert_requests (f->store, OTHER_APP, "org.example.App.a=10");
  assert_requests (f->store, "org.example.Nobody", "");
  g_assert_cmpint (count (f->store, APP), ==, 3);
  g_assert_cmpint (count (f->store, OTHER_APP), ==, 1);
  g_assert_cmpint (count (f->store, "org.example.Nobody"), ==, 0);

  requests = bgrun_store_list_requests (f->store, APP, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_equal (g_ptr_array_index (requests, 0), original));

  /* Replacing changes the data, in one app only. */
  put (f, APP, "org.example.App.b", 20, TRUE);
  assert_requests (f->store, APP, "org.example.App.a=1,org.example.App.b=20,org.example.App.c=3");
  assert_requests (f->store, OTHER_APP, "org.example.App.a=10");

  g_assert_true (bgrun_store_delete_request (f->store, APP, "org.example.App.a", &error));
  g_assert_no_error (error);
  g_assert_true (bgrun_store_delete_request (f->store, APP, "org.example.App.missing", &error));
  g_assert_no_error (error);
  assert_requests (f->store, APP, "org.example.App.b=20,org.example.App.c=3");
  assert_requests (f->store, OTHER_APP, "org.example.App.a=10");
  g_assert_cmpint (count (f->store, APP), ==, 2);

  /* An empty dictionary serializes to no bytes at all. */
  g_variant_dict_init (&empty, NULL);
  g_assert_true (bgrun_store_put_request (f->store, OTHER_APP, "org.example.App.empty",
                                          g_variant_dict_end (&empty), FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&requests, g_ptr_array_unref);
  requests = bgrun_store_list_requests (f->store, OTHER_APP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, 2);
  g_assert_cmpuint (g_variant_n_children (g_ptr_array_index (requests, 1)), ==, 0);
}

static void
test_requests_order (Fixture       *f,
                     gconstpointer  data)
{
  fixture_open (f);
  put (f, APP, "a.x", 1, FALSE);
  put (f, APP, "b.x", 2, FALSE);
  put (f, APP, "c.x", 3, FALSE);

  /* An update of the same request keeps its place. */
  put (f, APP, "a.x", 11, TRUE);
  assert_requests (f->store, APP, "a.x=11,b.x=2,c.x=3");

  /* A replacement by a new submit goes last. */
  put (f, APP, "a.x", 12, FALSE);
  assert_requests (f->store, APP, "b.x=2,c.x=3,a.x=12");
  put (f, APP, "a.x", 13, FALSE);
  assert_requests (f->store, APP, "b.x=2,c.x=3,a.x=13");

  /* A new identifier goes last either way. */
  put (f, APP, "d.x", 4, TRUE);
  put (f, APP, "e.x", 5, FALSE);
  assert_requests (f->store, APP, "b.x=2,c.x=3,a.x=13,d.x=4,e.x=5");

  /* Another app's submits do not move this app's requests. */
  put (f, OTHER_APP, "b.x", 100, FALSE);
  put (f, APP, "c.x", 33, TRUE);
  assert_requests (f->store, APP, "b.x=2,c.x=33,a.x=13,d.x=4,e.x=5");
}

/* Two instances of an app share one store: each puts after what the other
 * put, even though each counts its own order. */
static void
test_requests_order_across_connections (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunStore) second = NULL;

  fixture_open (f);
  second = bgrun_store_open (f->path, &error);
  g_assert_no_error (error);

  put (f, APP, "a.x", 1, FALSE);
  g_assert_true (bgrun_store_put_request (second, APP, "b.x", make_request ("b.x", 2), FALSE, &error));
  put (f, APP, "c.x", 3, FALSE);
  g_assert_true (bgrun_store_put_request (second, APP, "a.x", make_request ("a.x", 4), FALSE, &error));
  g_assert_true (bgrun_store_put_request (second, APP, "d.x", make_request ("d.x", 5), FALSE, &error));
  g_assert_no_error (error);
  put (f, APP, "e.x", 6, FALSE);

  assert_requests (f->store, APP, "b.x=2,c.x=3,a.x=4,d.x=5,e.x=6");
  assert_requests (second, APP, "b.x=2,c.x=3,a.x=4,d.x=5,e.x=6");
}

static void
test_requests_malformed_row (Fixture       *f,
                             gconstpointer  data)
{
  static const guint8 bad[] = { 0xde, 0xad, 0xbe, 0xef };
  g_autoptr(GBytes) bytes = g_bytes_new_static (bad, sizeof bad);
  g_autoptr(GVariant) check = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT,
                                                                            bytes, FALSE));

  /* The blob below must really not be an a{sv}. */
  g_assert_false (g_variant_is_normal_form (check));

  fixture_open (f);
  put (f, APP, "a.x", 1, FALSE);
  exec_raw (f->path,
            "INSERT INTO requests (app_id, identifier, seq, data) "
            "VALUES ('" APP "', 'bad.blob', 2, X'DEADBEEF');"
            "INSERT INTO requests (app_id, identifier, seq, data) "
            "VALUES ('" APP "', 'bad.text', 3, 'not a variant');");
  put (f, APP, "z.x", 4, FALSE);

  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*“bad.blob”*malformed*");
  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*“bad.text”*malformed*");
  assert_requests (f->store, APP, "a.x=1,z.x=4");
  g_test_assert_expected_messages ();
  g_assert_cmpint (count (f->store, APP), ==, 4);
}

/* ---- history ----------------------------------------------------------- */

static void
test_history_trimmed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const guint total = BGRUN_STORE_HISTORY_LIMIT + 5;
  const gint64 start = G_GINT64_CONSTANT (1900000000000000);

  fixture_open (f);
  g_assert_true (bgrun_store_add_history (f->store, OTHER_APP, "other.task", 3, start, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (bgrun_store_begin (f->store, &error));
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *identifier = g_strdup_printf ("task.%u", i);
      g_autofree char *message = g_strdup_printf ("message %u", i);

      g_assert_true (bgrun_store_add_history (f->store, APP, identifier, i % 7,
                                              start + i, message, &error));
      g_assert_no_error (error);
    }
  g_assert_true (bgrun_store_commit (f->store, &error));
  g_assert_no_error (error);

  entries = bgrun_store_list_history (f->store, APP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, BGRUN_STORE_HISTORY_LIMIT);
  for (guint i = 0; i < entries->len; i++)
    {
      GVariant *entry = g_ptr_array_index (entries, i);
      guint n = i + 5;
      g_autofree char *identifier = g_strdup_printf ("task.%u", n);
      g_autofree char *message = g_strdup_printf ("message %u", n);
      const char *got_identifier, *got_message;
      gint32 event;
      gint64 date;

      g_assert_true (g_variant_is_of_type (entry, G_VARIANT_TYPE ("(sixsa{sv})")));
      g_variant_get (entry, "(&six&s@a{sv})", &got_identifier, &event, &date, &got_message, NULL);
      g_assert_cmpstr (got_identifier, ==, identifier);
      g_assert_cmpint (event, ==, n % 7);
      g_assert_cmpint (date, ==, start + n);
      g_assert_cmpstr (got_message, ==, message);
    }

  /* The other app's history is its own, and a NULL message reads "". */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = bgrun_store_list_history (f->store, OTHER_APP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  assert_printed (g_ptr_array_index (entries, 0), FALSE, "('other.task', 3, 1900000000000000, '', {})");
}

/* Older entries are deleted in batches, not one per entry added, so the
 * file holds a little more than the limit, never much more. */
static void
test_history_bounded_on_disk (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *count_sql = g_strdup_printf ("SELECT COUNT(*) FROM history WHERE app_id = '%s'", APP);
  gint64 most = 0;

  fixture_open (f);
  for (guint i = 0; i < 3 * BGRUN_STORE_HISTORY_LIMIT; i++)
    {
      g_assert_true (bgrun_store_add_history (f->store, APP, "task", 1, i, NULL, &error));
      g_assert_no_error (error);
      if (i % 97 == 0 || i + 1 == 3 * BGRUN_STORE_HISTORY_LIMIT)
        most = MAX (most, query_raw (f->path, count_sql));
    }
  g_assert_cmpint (most, >=, BGRUN_STORE_HISTORY_LIMIT);
  g_assert_cmpint (most, <, BGRUN_STORE_HISTORY_LIMIT + 100);
}

/* ---- values ------------------------------------------------------------ */

static void
test_values_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  const char *texts[] = {
    "uint32 42",
    "'hello'",
    "{'tokens': <3.5>, 'updated': <int64 1700000000000000>}",
    "(uint64 1, uint64 2)",
    "b'bytes'",
    "true",
    "@as []",
    "()",
    "<@ay []>",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) budget = NULL;
  g_autoptr(GVariant) replaced = NULL;

  fixture_open (f);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autoptr(GVariant) value = g_variant_parse (NULL, texts[i], NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (bgrun_store_set_value (f->store, APP, key, value, &error));
      g_assert_no_error (error);
    }
  fixture_reopen (f);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *key = g_strdup_printf ("key-%u", i);
      g_autoptr(GVariant) expected = g_variant_parse (NULL, texts[i], NULL, NULL, NULL);
      g_autoptr(GVariant) value = bgrun_store_get_value (f->store, APP, key);

      g_assert_nonnull (value);
      g_assert_false (g_variant_is_floating (value));
      g_assert_cmpstr (g_variant_get_type_string (value), ==, g_variant_get_type_string (expected));
      g_assert_true (g_variant_equal (value, expected));
    }

  /* Values belong to one app, take a new type when replaced, go when NULL. */
  g_assert_null (bgrun_store_get_value (f->store, OTHER_APP, "key-0"));
  g_assert_null (bgrun_store_get_value (f->store, APP, "missing"));
  g_assert_true (bgrun_store_set_value (f->store, APP, "key-0", g_variant_new_string ("now text"), &error));
  replaced = bgrun_store_get_value (f->store, APP, "key-0");
  g_assert_cmpstr (g_variant_get_string (replaced, NULL), ==, "now text");
  g_assert_true (bgrun_store_set_value (f->store, APP, "key-1", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (bgrun_store_get_value (f->store, APP, "key-1"));
  budget = bgrun_store_get_value (f->store, APP, "key-2");
  g_assert_nonnull (budget);
}

static void
test_values_malformed (Fixture       *f,
                       gconstpointer  data)
{
  fixture_open (f);
  exec_raw (f->path,
            "INSERT INTO kv (app_id, key, type, value) VALUES ('" APP "', 'bad-type', 'a{', X'00');"
            "INSERT INTO kv (app_id, key, type, value) VALUES ('" APP "', 'bad-size', 'u', X'0102');"
            "INSERT INTO kv (app_id, key, type, value) VALUES ('" APP "', 'indefinite', 'a*', X'');");

  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*“bad-type”*malformed*");
  g_assert_null (bgrun_store_get_value (f->store, APP, "bad-type"));
  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*“bad-size”*malformed*");
  g_assert_null (bgrun_store_get_value (f->store, APP, "bad-size"));
  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*“indefinite”*malformed*");
  g_assert_null (bgrun_store_get_value (f->store, APP, "indefinite"));
  g_test_assert_expected_messages ();
}

/* ---- events ------------------------------------------------------------ */

static void
test_events_malformed_row (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  fixture_open (f);
  g_assert_true (bgrun_store_add_event (f->store, APP, 1, g_variant_new_parsed ("{'n': <1>}"), &error));
  g_assert_true (bgrun_store_add_event (f->store, APP, 4, g_variant_new_parsed ("{'n': <4>}"), &error));
  g_assert_no_error (error);
  exec_raw (f->path,
            "INSERT INTO events (app_id, seq, data) VALUES ('" APP "', 2, 'not a variant');"
            "INSERT INTO events (app_id, seq, data) VALUES ('" APP "', 0, X'');");

  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*event 0 of*malformed*");
  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*event 2 of*malformed*");
  events = bgrun_store_list_events (f->store, APP, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  assert_printed (events->pdata[0], FALSE, "(1, {'n': <1>})");
  assert_printed (events->pdata[1], FALSE, "(4, {'n': <4>})");
}

static void
test_history_malformed_row (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;

  fixture_open (f);
  g_assert_true (bgrun_store_add_history (f->store, APP, "a.x", 1, 10, NULL, &error));
  g_assert_no_error (error);
  exec_raw (f->path,
            "INSERT INTO history (app_id, id, identifier, event, date, message) "
            "VALUES ('" APP "', 2, X'FF', 2, 20, 'bad');");
  g_assert_true (bgrun_store_add_history (f->store, APP, "c.x", 3, 30, "done", &error));
  g_assert_no_error (error);

  g_test_expect_message (STORE_DOMAIN, G_LOG_LEVEL_WARNING, "*history entry of*identifier is malformed*");
  entries = bgrun_store_list_history (f->store, APP, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  assert_printed (entries->pdata[0], FALSE, "('a.x', 1, 10, '', {})");
  assert_printed (entries->pdata[1], FALSE, "('c.x', 3, 30, 'done', {})");
}

/* ---- apps and persistence ---------------------------------------------- */

static void
test_list_apps (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) none = NULL;
  g_auto(GStrv) apps = NULL;
  g_autofree char *joined = NULL;

  fixture_open (f);
  none = bgrun_store_list_apps (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  put (f, "org.example.C", "c.x", 1, FALSE);
  put (f, "org.example.C", "c.y", 2, FALSE);
  g_assert_true (bgrun_store_add_history (f->store, "org.example.A", "a.x", 0, 0, "", &error));
  g_assert_true (bgrun_store_set_value (f->store, "org.example.B", "k", g_variant_new_boolean (TRUE), &error));
  g_assert_true (bgrun_store_set_value (f->store, "org.example.C", "k", g_variant_new_boolean (TRUE), &error));
  g_assert_true (bgrun_store_add_event (f->store, "org.example.D", 1, g_variant_new_parsed ("{'n': <1>}"), &error));
  g_assert_no_error (error);

  apps = bgrun_store_list_apps (f->store, &error);
  g_assert_no_error (error);
  joined = g_strjoinv (",", apps);
  g_assert_cmpstr (joined, ==, "org.example.A,org.example.B,org.example.C,org.example.D");
}

static void
test_reopen_keeps_everything (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GVariant) value = NULL;

  fixture_open (f);
  put (f, APP, "a.x", 1, FALSE);
  put (f, APP, "b.x", 2, FALSE);
  put (f, OTHER_APP, "c.x", 3, FALSE);
  put (f, APP, "a.x", 4, FALSE);
  g_assert_true (bgrun_store_add_history (f->store, APP, "a.x", 1, 100, "started", &error));
  g_assert_true (bgrun_store_add_history (f->store, APP, "a.x", 2, 200, NULL, &error));
  g_assert_true (bgrun_store_set_value (f->store, APP, "budget", g_variant_new ("(ux)", 4, G_GINT64_CONSTANT (5)), &error));
  g_assert_no_error (error);

  fixture_reopen (f);

  assert_requests (f->store, APP, "b.x=2,a.x=4");
  assert_requests (f->store, OTHER_APP, "c.x=3");
  history = bgrun_store_list_history (f->store, APP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  assert_printed (g_ptr_array_index (history, 0), FALSE, "('a.x', 1, 100, 'started', {})");
  assert_printed (g_ptr_array_index (history, 1), FALSE, "('a.x', 2, 200, '', {})");
  value = bgrun_store_get_value (f->store, APP, "budget");
  assert_printed (value, TRUE, "(uint32 4, int64 5)");

  /* New submits still go after the reopened ones. */
  put (f, APP, "c.x", 5, FALSE);
  assert_requests (f->store, APP, "b.x=2,a.x=4,c.x=5");
}

/* ---- schema ------------------------------------------------------------ */

static void
test_migrate_from_empty_file (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (f->path, "", 0, &error);
  g_assert_no_error (error);

  fixture_open (f);
  put (f, APP, "a.x", 1, FALSE);
  g_clear_object (&f->store);

  g_assert_cmpint (query_raw (f->path, "SELECT version FROM schema_version"), ==, BGRUN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_raw (f->path, "SELECT count (*) FROM schema_version"), ==, 1);
  g_assert_cmpint (query_raw (f->path,
                              "SELECT count (*) FROM sqlite_master WHERE type = 'table' "
                              "AND name IN ('requests', 'history', 'kv')"), ==, 3);
  g_assert_cmpint (query_raw (f->path, "SELECT count (*) FROM requests"), ==, 1);

  /* Opening again migrates nothing and loses nothing. */
  fixture_open (f);
  assert_requests (f->store, APP, "a.x=1");
}

static void
test_newer_schema_moved_aside (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *aside = NULL;

  fixture_open (f);
  put (f, APP, "a.x", 1, FALSE);
  g_clear_object (&f->store);
  exec_raw (f->path, "UPDATE schema_version SET version = 99");

  expect_moved_aside (f->path);
  fixture_open (f);
  g_test_assert_expected_messages ();

  assert_requests (f->store, APP, "");
  put (f, APP, "b.x", 2, FALSE);
  aside = find_aside (f->path);
  g_assert_cmpint (query_raw (aside, "SELECT version FROM schema_version"), ==, 99);
  g_assert_cmpint (query_raw (aside, "SELECT count (*) FROM requests"), ==, 1);
  g_assert_cmpint (query_raw (f->path, "SELECT version FROM schema_version"), ==, BGRUN_STORE_SCHEMA_VERSION);
}

/* @value's serialized bytes as an SQL blob literal, X'…'. */
static char *
blob_literal (GVariant *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  const guint8 *data = g_variant_get_data (owned);
  g_autoptr(GString) text = g_string_new ("X'");

  for (gsize i = 0; i < g_variant_get_size (owned); i++)
    g_string_append_printf (text, "%02x", data[i]);
  g_string_append_c (text, '\'');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Writes @path as libbgrun with schema version 1 left it: two requests of
 * APP (b.x put after a.x), one of OTHER_APP, three history entries and a
 * value. */
static void
write_version_1_store (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *a = blob_literal (make_request ("a.x", 1));
  g_autofree char *b = blob_literal (make_request ("b.x", 2));
  g_autofree char *c = blob_literal (make_request ("c.x", 3));
  g_autofree char *budget = blob_literal (g_variant_new ("(ux)", 4, G_GINT64_CONSTANT (5)));
  g_autofree char *sql = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  sql = g_strdup_printf (
    "CREATE TABLE schema_version (version INTEGER NOT NULL);"
    "INSERT INTO schema_version VALUES (1);"
    "CREATE TABLE requests (app_id TEXT NOT NULL, identifier TEXT NOT NULL,"
    "  seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (app_id, identifier));"
    "CREATE INDEX requests_in_order ON requests (app_id, seq);"
    "CREATE TABLE history (id INTEGER PRIMARY KEY AUTOINCREMENT, app_id TEXT NOT NULL,"
    "  identifier TEXT NOT NULL, event INTEGER NOT NULL, date INTEGER NOT NULL, message TEXT);"
    "CREATE INDEX history_by_app ON history (app_id);"
    "CREATE TABLE kv (app_id TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,"
    "  value BLOB NOT NULL, PRIMARY KEY (app_id, key));"
    "INSERT INTO requests VALUES ('" APP "', 'b.x', 2, %s);"
    "INSERT INTO requests VALUES ('" APP "', 'a.x', 1, %s);"
    "INSERT INTO requests VALUES ('" OTHER_APP "', 'c.x', 1, %s);"
    "INSERT INTO history (app_id, identifier, event, date, message) VALUES"
    "  ('" APP "', 'a.x', 1, 100, 'started'),"
    "  ('" OTHER_APP "', 'c.x', 0, 150, ''),"
    "  ('" APP "', 'b.x', 2, 200, NULL);"
    "INSERT INTO kv VALUES ('" APP "', 'budget', '(ux)', %s);",
    b, a, c, budget);
  exec_raw (path, sql);
}

/* The history of @app_id, printed as an array of (sixs), or with
 * @with_details of (sixsa{sv}). */
static void
assert_history_full (BgrunStore *store,
                     const char *app_id,
                     gboolean    with_details,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = bgrun_store_list_history (store, app_id, &error);
  g_autoptr(GVariant) printed = NULL;
  GVariantBuilder builder;

  g_assert_no_error (error);
  g_assert_nonnull (history);
  g_variant_builder_init (&builder, G_VARIANT_TYPE (with_details ? "a(sixsa{sv})" : "a(sixs)"));
  for (guint i = 0; i < history->len; i++)
    {
      GVariant *entry = g_ptr_array_index (history, i);
      const char *identifier, *message;
      gint32 event;
      gint64 date;

      if (with_details)
        {
          g_variant_builder_add_value (&builder, entry);
          continue;
        }
      g_variant_get (entry, "(&six&s@a{sv})", &identifier, &event, &date, &message, NULL);
      g_variant_builder_add (&builder, "(sixs)", identifier, event, date, message);
    }
  printed = g_variant_ref_sink (g_variant_builder_end (&builder));
  assert_printed (printed, FALSE, expected);
}

static void
assert_history (BgrunStore *store,
                const char *app_id,
                const char *expected)
{
  assert_history_full (store, app_id, FALSE, expected);
}

static void
assert_value (BgrunStore *store,
              const char *app_id,
              const char *key,
              const char *expected)
{
  g_autoptr(GVariant) value = bgrun_store_get_value (store, app_id, key);

  g_assert_nonnull (value);
  assert_printed (value, TRUE, expected);
}

static void
test_migrate_from_version_1 (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  write_version_1_store (f->path);

  fixture_open (f);
  g_assert_cmpint (query_raw (f->path, "SELECT version FROM schema_version"), ==, BGRUN_STORE_SCHEMA_VERSION);
  assert_requests (f->store, APP, "a.x=1,b.x=2");
  assert_requests (f->store, OTHER_APP, "c.x=3");
  assert_history (f->store, APP, "[('a.x', 1, 100, 'started'), ('b.x', 2, 200, '')]");
  assert_history (f->store, OTHER_APP, "[('c.x', 0, 150, '')]");
  assert_value (f->store, APP, "budget", "(uint32 4, int64 5)");

  /* Requests and history kept in the tables' own b-trees: a submit
   * writes two of them, not six. */
  g_assert_cmpint (query_raw (f->path,
                              "SELECT count (*) FROM sqlite_master WHERE type = 'table' "
                              "AND name IN ('requests', 'history') AND sql LIKE '%WITHOUT ROWID'"), ==, 2);

  /* What comes after goes after what was migrated, and survives. */
  put (f, APP, "d.x", 4, FALSE);
  put (f, APP, "a.x", 5, TRUE);
  g_assert_true (bgrun_store_add_history (f->store, APP, "d.x", 0, 300, "", &error));
  g_assert_no_error (error);
  fixture_reopen (f);
  assert_requests (f->store, APP, "a.x=5,b.x=2,d.x=4");
  assert_history (f->store, APP, "[('a.x', 1, 100, 'started'), ('b.x', 2, 200, ''), ('d.x', 0, 300, '')]");
  assert_history (f->store, OTHER_APP, "[('c.x', 0, 150, '')]");
}

static void
test_read_only_reads_version_1 (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunStore) reader = NULL;

  write_version_1_store (f->path);

  reader = bgrun_store_open_read_only (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reader);
  assert_requests (reader, APP, "a.x=1,b.x=2");
  assert_history (reader, APP, "[('a.x', 1, 100, 'started'), ('b.x', 2, 200, '')]");
  assert_value (reader, APP, "budget", "(uint32 4, int64 5)");
  g_clear_object (&reader);

  /* Reading never migrates; the app does, and the reader follows. */
  g_assert_cmpint (query_raw (f->path, "SELECT version FROM schema_version"), ==, 1);
  fixture_open (f);
  reader = bgrun_store_open_read_only (f->path, &error);
  g_assert_no_error (error);
  assert_requests (reader, OTHER_APP, "c.x=3");
  assert_history (reader, OTHER_APP, "[('c.x', 0, 150, '')]");
}

/* Version 4 gives history entries details: the entries of an older store
 * stay, with none, and new ones keep theirs across a reopen. */
static void
test_migrate_history_details (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GVariantDict) details = G_VARIANT_DICT_INIT (NULL);
  const char *tags[] = { "sync", NULL };

  write_version_1_store (f->path);
  fixture_open (f);
  g_assert_cmpint (query_raw (f->path, "SELECT count (*) FROM pragma_table_info ('history') "
                                       "WHERE name = 'details'"), ==, 1);
  assert_history_full (f->store, APP, TRUE,
                       "[('a.x', 1, 100, 'started', {}), ('b.x', 2, 200, '', {})]");

  g_variant_dict_insert (&details, "attempt", "u", 2);
  g_variant_dict_insert_value (&details, "tags", g_variant_new_strv (tags, -1));
  g_assert_true (bgrun_store_add_history_full (f->store, APP, "d.x", 2, 300, "retry",
                                               g_variant_dict_end (&details), &error));
  g_assert_no_error (error);
  fixture_reopen (f);
  assert_history_full (f->store, APP, TRUE,
                       "[('a.x', 1, 100, 'started', {}), ('b.x', 2, 200, '', {}), "
                       "('d.x', 2, 300, 'retry', {'tags': <['sync']>, 'attempt': <uint32 2>})]");
  assert_requests (f->store, APP, "a.x=1,b.x=2");
}

/* ---- corruption and unwritable locations ------------------------------- */

static void
test_garbage_moved_aside (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  gsize kept_length;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (garbage, "this is not a database, line %u\n", i);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (f->path, garbage->str, garbage->len, &error);
  g_assert_no_error (error);

  expect_moved_aside (f->path);
  fixture_open (f);
  g_test_assert_expected_messages ();

  aside = find_aside (f->path);
  g_file_get_contents (aside, &kept, &kept_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (kept, kept_length, garbage->str, garbage->len);

  put (f, APP, "a.x", 1, FALSE);
  fixture_reopen (f);
  assert_requests (f->store, APP, "a.x=1");
}

/* Damage inside a real database (not its header) is found by quick_check
 * or by the first read, and handled the same way. */
static void
test_damaged_pages_moved_aside (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *aside = NULL;
  gsize length;

  fixture_open (f);
  g_assert_true (bgrun_store_begin (f->store, &error));
  for (int i = 0; i < 300; i++)
    {
      g_autofree char *identifier = g_strdup_printf ("task.%d", i);
      put (f, APP, identifier, i, FALSE);
    }
  g_assert_true (bgrun_store_commit (f->store, &error));
  g_clear_object (&f->store);

  g_file_get_contents (f->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4 * 4096);
  memset (contents + 4096, 0xa5, length - 4096);
  g_file_set_contents (f->path, contents, length, &error);
  g_assert_no_error (error);

  expect_moved_aside (f->path);
  fixture_open (f);
  g_test_assert_expected_messages ();
  aside = find_aside (f->path);
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));
  assert_requests (f->store, APP, "");
}

static void
assert_unavailable (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunStore) store = bgrun_store_open (path, &error);

  g_assert_null (store);
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
}

static void
test_parent_is_a_file (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "not-a-directory", NULL);
  g_autofree char *path = g_build_filename (file, "tasks.db", NULL);
  g_autofree char *deeper = g_build_filename (file, "app", "tasks.db", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (file, "x", 1, &error);
  g_assert_no_error (error);
  assert_unavailable (path);
  assert_unavailable (deeper);
}

static void
test_path_is_a_directory (Fixture       *f,
                          gconstpointer  data)
{
  g_assert_cmpint (g_mkdir_with_parents (f->path, 0700), ==, 0);
  assert_unavailable (f->path);
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_DIR));
}

/* ---- transactions ------------------------------------------------------ */

static void
test_failing_statement_rolls_back (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_open (f);
  put (f, APP, "kept.x", 0, FALSE);
  exec_raw (f->path,
            "CREATE TRIGGER fail_history BEFORE INSERT ON history "
            "WHEN NEW.identifier = 'boom' "
            "BEGIN SELECT RAISE (ABORT, 'forced failure'); END;");

  g_assert_true (bgrun_store_begin (f->store, &error));
  g_assert_no_error (error);
  put (f, APP, "a.x", 1, FALSE);
  g_assert_true (bgrun_store_delete_request (f->store, APP, "kept.x", &error));

  g_assert_false (bgrun_store_add_history (f->store, APP, "boom", 0, 0, "", &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "forced failure"));
  g_clear_error (&error);

  /* Once failed, the transaction takes no more writes. */
  g_assert_false (bgrun_store_put_request (f->store, APP, "b.x", make_request ("b.x", 2), FALSE, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (bgrun_store_commit (f->store, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "forced failure"));
  g_clear_error (&error);

  assert_requests (f->store, APP, "kept.x=0");

  /* The store works again afterwards. */
  put (f, APP, "c.x", 3, FALSE);
  assert_requests (f->store, APP, "kept.x=0,c.x=3");
}

static void
test_nesting (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_open (f);

  /* Only the outermost commit writes: the inner one is not yet visible
   * to another connection. */
  g_assert_true (bgrun_store_begin (f->store, &error));
  g_assert_true (bgrun_store_begin (f->store, &error));
  put (f, APP, "a.x", 1, FALSE);
  g_assert_true (bgrun_store_commit (f->store, &error));
  g_assert_cmpint (query_raw (f->path, "SELECT count (*) FROM requests"), ==, 0);
  g_assert_true (bgrun_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_raw (f->path, "SELECT count (*) FROM requests"), ==, 1);

  /* An outer rollback discards what inner levels committed. */
  g_assert_true (bgrun_store_begin (f->store, &error));
  g_assert_true (bgrun_store_begin (f->store, &error));
  put (f, APP, "b.x", 2, FALSE);
  g_assert_true (bgrun_store_commit (f->store, &error));
  bgrun_store_rollback (f->store);
  assert_requests (f->store, APP, "a.x=1");

  /* An inner rollback makes the outer commit fail and discard. */
  g_assert_true (bgrun_store_begin (f->store, &error));
  put (f, APP, "c.x", 3, FALSE);
  g_assert_true (bgrun_store_begin (f->store, &error));
  bgrun_store_rollback (f->store);
  g_assert_false (bgrun_store_begin (f->store, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  bgrun_store_rollback (f->store);
  g_assert_false (bgrun_store_commit (f->store, &error));
  g_assert_error (error, BGRUN_SCHEDULER_ERROR, BGRUN_SCHEDULER_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  assert_requests (f->store, APP, "a.x=1");

  /* And it all commits normally afterwards. */
  g_assert_true (bgrun_store_begin (f->store, &error));
  put (f, APP, "d.x", 4, FALSE);
  g_assert_true (bgrun_store_commit (f->store, &error));
  g_assert_no_error (error);
  assert_requests (f->store, APP, "a.x=1,d.x=4");
}

/* ---- durability -------------------------------------------------------- */

#define KILLED_PUTS 500

static void G_GNUC_NORETURN
put_then_die (const char *path,
              int         done_fd)
{
  g_autoptr(BgrunStore) store = bgrun_store_open (path, NULL);

  if (store == NULL)
    _exit (2);
  for (int i = 0; i < KILLED_PUTS; i++)
    {
      g_autofree char *identifier = g_strdup_printf ("task.%03d", i);

      if (!bgrun_store_put_request (store, APP, identifier, make_request (identifier, i), FALSE, NULL))
        _exit (3);
    }
  if (write (done_fd, "done", 4) != 4)
    _exit (4);
  raise (SIGKILL);
  _exit (5);
}

static void
test_sigkill_loses_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  char done[8] = { 0 };
  int fds[2];
  int status;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      put_then_die (f->path, fds[1]);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], done, sizeof done - 1), ==, 4);
  close (fds[0]);
  g_assert_cmpstr (done, ==, "done");
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* The killed process closed nothing: its commits are in the WAL. */
  wal = g_strconcat (f->path, "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  fixture_open (f);
  requests = bgrun_store_list_requests (f->store, APP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (requests->len, ==, KILLED_PUTS);
  for (int i = 0; i < KILLED_PUTS; i++)
    {
      gint32 n = -1;

      g_assert_true (g_variant_lookup (g_ptr_array_index (requests, i), "n", "i", &n));
      g_assert_cmpint (n, ==, i);
    }
}

/* ---- handover between placements ------------------------------------------ */

static BgrunStore *
open_store_at (Fixture    *f,
               const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, name, "tasks.db", NULL);
  g_autoptr(GError) error = NULL;
  BgrunStore *store = bgrun_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
put_in (BgrunStore *store,
        const char *identifier,
        int         n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_store_put_request (store, APP, identifier, make_request (identifier, n),
                                          FALSE, &error));
  g_assert_no_error (error);
}

static void
set_in (BgrunStore *store,
        const char *key,
        GVariant   *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bgrun_store_set_value (store, APP, key, value, &error));
  g_assert_no_error (error);
}

static gboolean
holds (BgrunStore *store,
       const char *app_id)
{
  g_auto(GStrv) apps = bgrun_store_list_apps (store, NULL);

  return g_strv_contains ((const char * const *) apps, app_id);
}

static guint
history_length (BgrunStore *store)
{
  g_autoptr(GPtrArray) entries = bgrun_store_list_history (store, APP, NULL);

  return entries->len;
}

static BgrunStoreHandover
take (BgrunStore *self,
      BgrunStore *other)
{
  g_autoptr(GError) error = NULL;
  BgrunStoreHandover outcome = -1;

  g_assert_true (bgrun_store_take_app (self, other, APP, &outcome, &error));
  g_assert_no_error (error);
  return outcome;
}

static void
test_handover_moves_everything_once (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(BgrunStore) embedded = open_store_at (f, APP);
  g_autoptr(BgrunStore) daemon = open_store_at (f, "daemon");
  g_autoptr(GVariant) running = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;

  put_in (embedded, "a", 1);
  put_in (embedded, "b", 2);
  g_assert_true (bgrun_store_add_history (embedded, APP, "a", 0, 10, "first", &error));
  g_assert_true (bgrun_store_add_history (embedded, APP, "b", 0, 20, "second", &error));
  g_assert_true (bgrun_store_add_event (embedded, APP, 7, g_variant_new_parsed ("{'n': <7>}"), &error));
  g_assert_true (bgrun_store_add_history (embedded, OTHER_APP, "o", 0, 30, "", &error));
  g_assert_no_error (error);
  set_in (embedded, "running-tasks", g_variant_new_parsed ("[{'identifier': <'c'>}]"));

  g_assert_cmpint (take (daemon, embedded), ==, BGRUN_STORE_HANDOVER_TOOK);
  assert_requests (daemon, APP, "a=1,b=2");
  g_assert_cmpuint (history_length (daemon), ==, 2);
  running = bgrun_store_get_value (daemon, APP, "running-tasks");
  g_assert_nonnull (running);
  g_assert_cmpuint (g_variant_n_children (running), ==, 1);
  events = bgrun_store_list_events (daemon, APP, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  /* Moved, not copied; another app's rows stay. */
  g_assert_false (holds (embedded, APP));
  g_assert_true (holds (embedded, OTHER_APP));
  g_assert_false (holds (daemon, OTHER_APP));

  /* Once: nothing is left to take, either way but back. */
  g_assert_cmpint (take (daemon, embedded), ==, BGRUN_STORE_HANDOVER_NONE);
  g_assert_cmpint (take (embedded, daemon), ==, BGRUN_STORE_HANDOVER_TOOK);
  assert_requests (embedded, APP, "a=1,b=2");
  g_assert_cmpuint (history_length (embedded), ==, 2);
  g_assert_false (holds (daemon, APP));
}

/* Killed between the two steps: the old store still holds its rows, with
 * the lower epoch. Made here by copying the file back after a take. */
static void
test_handover_stale_copy_is_dropped_never_taken (Fixture       *f,
                                                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, APP, "tasks.db", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autoptr(BgrunStore) embedded = open_store_at (f, APP);
  g_autoptr(BgrunStore) daemon = open_store_at (f, "daemon");
  g_autofree char *vacuum = g_strdup_printf ("VACUUM INTO '%s'", copy);
  g_autoptr(GError) error = NULL;
  gboolean dropped = TRUE;
  sqlite3 *db = NULL;

  put_in (embedded, "a", 1);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, vacuum, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (take (daemon, embedded), ==, BGRUN_STORE_HANDOVER_TOOK);
  put_in (daemon, "b", 2);
  g_clear_object (&embedded);
  g_assert_cmpint (g_rename (copy, path), ==, 0);
  embedded = open_store_at (f, APP);
  g_assert_true (holds (embedded, APP));

  /* The daemon's store is newer: its own rows stay as they are. */
  g_assert_true (bgrun_store_drop_stale_app (daemon, embedded, APP, &dropped, &error));
  g_assert_no_error (error);
  g_assert_false (dropped);
  /* The app's copy is stale: dropped, never taken back in. */
  g_assert_true (bgrun_store_drop_stale_app (embedded, daemon, APP, &dropped, &error));
  g_assert_no_error (error);
  g_assert_true (dropped);
  g_assert_false (holds (embedded, APP));
  assert_requests (daemon, APP, "a=1,b=2");
}

static void
test_handover_stale_copy_is_removed_by_a_take (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(BgrunStore) embedded = open_store_at (f, APP);
  g_autoptr(BgrunStore) daemon = open_store_at (f, "daemon");

  put_in (daemon, "new", 2);
  set_in (daemon, "placement-epoch", g_variant_new_uint64 (3));
  put_in (embedded, "old", 1);
  set_in (embedded, "placement-epoch", g_variant_new_uint64 (2));

  g_assert_cmpint (take (daemon, embedded), ==, BGRUN_STORE_HANDOVER_DROPPED_STALE);
  assert_requests (daemon, APP, "new=2");
  g_assert_false (holds (embedded, APP));
}

/* Stores from before handovers (no epoch) that both hold work: merged,
 * the taking store's own request of an identifier both have kept, arrays
 * joined. */
static void
test_handover_merges_equal_epochs (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(BgrunStore) embedded = open_store_at (f, APP);
  g_autoptr(BgrunStore) daemon = open_store_at (f, "daemon");
  g_autoptr(GVariant) running = NULL;
  g_autoptr(GVariant) budget = NULL;

  put_in (embedded, "a", 1);
  put_in (embedded, "b", 2);
  set_in (embedded, "running-tasks", g_variant_new_parsed ("[{'identifier': <'x'>}]"));
  set_in (embedded, "refresh-budget", g_variant_new_int32 (1));
  put_in (daemon, "b", 9);
  put_in (daemon, "c", 3);
  set_in (daemon, "running-tasks", g_variant_new_parsed ("[{'identifier': <'y'>}]"));
  set_in (daemon, "refresh-budget", g_variant_new_int32 (2));

  g_assert_cmpint (take (daemon, embedded), ==, BGRUN_STORE_HANDOVER_TOOK);
  assert_requests (daemon, APP, "b=9,c=3,a=1");
  running = bgrun_store_get_value (daemon, APP, "running-tasks");
  g_assert_cmpuint (g_variant_n_children (running), ==, 2);
  budget = bgrun_store_get_value (daemon, APP, "refresh-budget");
  g_assert_cmpint (g_variant_get_int32 (budget), ==, 2);
  g_assert_false (holds (embedded, APP));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/requests/per-app", test_requests_per_app);
  ADD ("/store/requests/order", test_requests_order);
  ADD ("/store/requests/order-across-connections", test_requests_order_across_connections);
  ADD ("/store/requests/malformed-row-skipped", test_requests_malformed_row);
  ADD ("/store/history/trimmed-to-limit", test_history_trimmed);
  ADD ("/store/history/bounded-on-disk", test_history_bounded_on_disk);
  ADD ("/store/values/round-trip", test_values_round_trip);
  ADD ("/store/values/malformed", test_values_malformed);
  ADD ("/store/history/malformed-row-skipped", test_history_malformed_row);
  ADD ("/store/events/malformed-row-skipped", test_events_malformed_row);
  ADD ("/store/apps", test_list_apps);
  ADD ("/store/reopen-keeps-everything", test_reopen_keeps_everything);
  ADD ("/store/schema/migrate-from-empty-file", test_migrate_from_empty_file);
  ADD ("/store/schema/newer-version-moved-aside", test_newer_schema_moved_aside);
  ADD ("/store/schema/migrate-from-version-1", test_migrate_from_version_1);
  ADD ("/store/schema/read-only-reads-version-1", test_read_only_reads_version_1);
  ADD ("/store/schema/migrate-history-details", test_migrate_history_details);
  ADD ("/store/corrupt/garbage-moved-aside", test_garbage_moved_aside);
  ADD ("/store/corrupt/damaged-pages-moved-aside", test_damaged_pages_moved_aside);
  ADD ("/store/unwritable/parent-is-a-file", test_parent_is_a_file);
  ADD ("/store/unwritable/path-is-a-directory", test_path_is_a_directory);
  ADD ("/store/transactions/failing-statement-rolls-back", test_failing_statement_rolls_back);
  ADD ("/store/transactions/nesting", test_nesting);
  ADD ("/store/durability/sigkill-loses-nothing", test_sigkill_loses_nothing);
  ADD ("/store/handover/moves-everything-once", test_handover_moves_everything_once);
  ADD ("/store/handover/stale-copy-dropped-never-taken", test_handover_stale_copy_is_dropped_never_taken);
  ADD ("/store/handover/stale-copy-removed-by-a-take", test_handover_stale_copy_is_removed_by_a_take);
  ADD ("/store/handover/merges-equal-epochs", test_handover_merges_equal_epochs);

#undef ADD

  return g_test_run ();
}
