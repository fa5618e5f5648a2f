/* test-transfer-store.c: what background URL sessions keep in transfers.db
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include <glib/gstdio.h>

#include <bgrun.h>

#include "bgrun-transfer-store-private.h"

#define SESSION "org.example.App.episodes"
#define OTHER_SESSION "org.example.App.photos"

typedef struct
{
  char       *dir;     /* the app directory, removed at the end */
  char       *path;    /* its transfers.db */
  BgrunStore *store;
} Fixture;

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = bgrun_transfer_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-transfer-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "transfers.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GVariant *
make_event (const char *uri)
{
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "location", "s", uri);
  return g_variant_dict_end (&dict);
}

static guint64
add_event (Fixture    *f,
           const char *session,
           const char *uri)
{
  g_autoptr(GError) error = NULL;
  static guint64 task = 1000000;   /* no such record: only the event changes */
  guint64 sequence = bgrun_transfer_store_complete_task (f->store, session, ++task, make_event (uri), &error);

  g_assert_no_error (error);
  return sequence;
}

/* The events of @session as "sequence=location,…". */
static char *
events_of (BgrunStore *store,
           const char *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = bgrun_transfer_store_list_events (store, session, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(GVariant) event = NULL;
      const char *location = NULL;
      guint64 sequence;

      g_variant_get (events->pdata[i], "(t@a{sv})", &sequence, &event);
      g_assert_true (g_variant_lookup (event, "location", "&s", &location));
      g_string_append_printf (text, "%s%" G_GUINT64_FORMAT "=%s", i > 0 ? "," : "", sequence, location);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_printed (GVariant   *value,
                const char *expected)
{
  g_autofree char *printed = g_variant_print (value, FALSE);

  g_assert_cmpstr (printed, ==, expected);
}

static void
assert_events (BgrunStore *store,
               const char *session,
               const char *expected)
{
  g_autofree char *events = events_of (store, session);

  g_assert_cmpstr (events, ==, expected);
}

static void
test_events_numbered_and_acknowledged (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_open (f);
  g_assert_cmpuint (add_event (f, SESSION, "a"), ==, 1);
  g_assert_cmpuint (add_event (f, SESSION, "b"), ==, 2);
  g_assert_cmpuint (add_event (f, OTHER_SESSION, "x"), ==, 1);
  g_assert_cmpuint (add_event (f, SESSION, "c"), ==, 3);
  assert_events (f->store, SESSION, "1=a,2=b,3=c");

  g_assert_true (bgrun_transfer_store_delete_events (f->store, SESSION, 2, &error));
  g_assert_no_error (error);
  assert_events (f->store, SESSION, "3=c");
  assert_events (f->store, OTHER_SESSION, "1=x");

  /* Numbers never repeat, even once every event was acknowledged, so an
   * app never mistakes a new event for one it delivered. */
  g_assert_true (bgrun_transfer_store_delete_events (f->store, SESSION, 3, &error));
  g_assert_no_error (error);
  assert_events (f->store, SESSION, "");
  g_assert_cmpuint (add_event (f, SESSION, "d"), ==, 4);

  /* They survive the process. */
  g_clear_object (&f->store);
  fixture_open (f);
  assert_events (f->store, SESSION, "4=d");
  assert_events (f->store, OTHER_SESSION, "1=x");
}

/* The ids of the tasks recorded for @session, as "1,2". */
static char *
tasks_of (BgrunStore *store,
          const char *session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = bgrun_transfer_store_list_tasks (store, session, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len; i++)
    {
      guint64 id = 0;

      g_assert_true (g_variant_lookup (tasks->pdata[i], "id", "t", &id));
      g_string_append_printf (text, "%s%" G_GUINT64_FORMAT, i > 0 ? "," : "", id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
put_task (Fixture *f,
          guint64  id)
{
  g_autoptr(GError) error = NULL;
  GVariantDict record;

  g_variant_dict_init (&record, NULL);
  g_variant_dict_insert (&record, "id", "t", id);
  g_assert_true (bgrun_transfer_store_put_task (f->store, SESSION, id, g_variant_dict_end (&record), &error));
  g_assert_no_error (error);
}

static void
test_completing_a_task_turns_it_into_an_event (Fixture       *f,
                                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tasks = NULL;
  guint64 sequence;

  fixture_open (f);
  put_task (f, 1);
  put_task (f, 2);
  g_assert_cmpuint (add_event (f, SESSION, "a"), ==, 1);
  sequence = bgrun_transfer_store_complete_task (f->store, SESSION, 2, make_event ("b"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sequence, ==, 2);

  /* The task is gone and its event is there, for a later process too. */
  g_clear_object (&f->store);
  fixture_open (f);
  tasks = tasks_of (f->store, SESSION);
  g_assert_cmpstr (tasks, ==, "1");
  assert_events (f->store, SESSION, "1=a,2=b");
}

static void
test_configuration_kept (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) configuration = NULL;
  g_auto(GStrv) sessions = NULL;
  GVariantDict dict;

  fixture_open (f);
  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "discretionary", "b", TRUE);
  g_assert_true (bgrun_transfer_store_put_configuration (f->store, SESSION, g_variant_dict_end (&dict), &error));
  g_assert_no_error (error);
  /* A session with tasks but no configuration (an embedded one) is not
   * one bgrund hosts. */
  g_assert_true (bgrun_transfer_store_put_task (f->store, OTHER_SESSION, 1, make_event ("t"), &error));
  g_assert_no_error (error);

  g_clear_object (&f->store);
  fixture_open (f);
  sessions = bgrun_transfer_store_list_sessions (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (sessions, ((const char *[]) { SESSION, NULL }));
  configuration = bgrun_transfer_store_get_configuration (f->store, SESSION);
  g_assert_nonnull (configuration);
  assert_printed (configuration, "{'discretionary': <true>}");
  g_assert_null (bgrun_transfer_store_get_configuration (f->store, OTHER_SESSION));
}

static char *
blob_literal (GVariant *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  const guint8 *data = g_variant_get_data (owned);
  GString *text = g_string_new ("X'");

  for (gsize i = 0; i < g_variant_get_size (owned); i++)
    g_string_append_printf (text, "%02X", data[i]);
  g_string_append_c (text, '\'');
  return g_string_free (text, FALSE);
}

static void
exec_raw (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A transfers.db as schema version 2 (before events) left it, with two
 * tasks of SESSION and its task counter at 3. */
static void
write_version_2_store (const char *path)
{
  g_autofree char *one = blob_literal (make_event ("one"));
  g_autofree char *two = blob_literal (make_event ("two"));
  g_autofree char *counter = blob_literal (g_variant_new_uint64 (3));
  g_autofree char *sql = g_strdup_printf (
    "CREATE TABLE schema_version (version INTEGER NOT NULL);"
    "INSERT INTO schema_version VALUES (2);"
    "CREATE TABLE requests (app_id TEXT NOT NULL, identifier TEXT NOT NULL,"
    "  seq INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (app_id, identifier)) WITHOUT ROWID;"
    "CREATE TABLE history (app_id TEXT NOT NULL, id INTEGER NOT NULL, identifier TEXT NOT NULL,"
    "  event INTEGER NOT NULL, date INTEGER NOT NULL, message TEXT, PRIMARY KEY (app_id, id)) WITHOUT ROWID;"
    "CREATE TABLE kv (app_id TEXT NOT NULL, key TEXT NOT NULL, type TEXT NOT NULL,"
    "  value BLOB NOT NULL, PRIMARY KEY (app_id, key));"
    "INSERT INTO requests VALUES ('" SESSION "', '2', 2, %s);"
    "INSERT INTO requests VALUES ('" SESSION "', '1', 1, %s);"
    "INSERT INTO kv VALUES ('" SESSION "', 'next-task-identifier', 't', %s);",
    two, one, counter);

  exec_raw (path, sql);
}

static void
test_version_2_migrates (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  write_version_2_store (f->path);
  fixture_open (f);

  tasks = bgrun_transfer_store_list_tasks (f->store, SESSION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 2);
  assert_printed (tasks->pdata[0], "{'location': <'one'>}");
  assert_printed (tasks->pdata[1], "{'location': <'two'>}");
  g_assert_cmpuint (bgrun_transfer_store_next_task_identifier (f->store, SESSION, &error), ==, 3);
  g_assert_no_error (error);

  /* The migrated file takes events. */
  g_assert_cmpuint (add_event (f, SESSION, "done"), ==, 1);
  g_clear_object (&f->store);
  fixture_open (f);
  assert_events (f->store, SESSION, "1=done");
}

int
main (int   argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/transfer-store/events", Fixture, NULL, fixture_set_up,
              test_events_numbered_and_acknowledged, fixture_tear_down);
  g_test_add ("/transfer-store/complete-task", Fixture, NULL, fixture_set_up,
              test_completing_a_task_turns_it_into_an_event, fixture_tear_down);
  g_test_add ("/transfer-store/configuration", Fixture, NULL, fixture_set_up,
              test_configuration_kept, fixture_tear_down);
  g_test_add ("/transfer-store/version-2-migrates", Fixture, NULL, fixture_set_up,
              test_version_2_migrates, fixture_tear_down);
  return g_test_run ();
}
