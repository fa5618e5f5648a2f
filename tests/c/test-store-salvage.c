/* test-store-salvage.c: a damaged store gives back what can be read of it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each case writes 1,000 requests with a history entry each, damages the
 * file as disks and crashes do, opens it again and counts what came back
 * (g_test_message prints the figures). Before salvage, every case but the
 * empty file beside its log came back with nothing; that one came back
 * empty and silent.
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <bgrun.h>

#include "bgrun-store-private.h"

#define APP "org.example.App"
#define COUNT 1000
#define PAGE 4096

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-salvage-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "tasks.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
identifier_of (guint i)
{
  return g_strdup_printf ("org.example.App.task%04u", i);
}

/* A store at @path with COUNT requests (some user info each, so that
 * they fill pages as real ones do) and a history entry each; open, or
 * closed (checkpointed). @cancel_every: every n-th is deleted again. */
static BgrunStore *
write_store (const char *path,
             guint       cancel_every,
             gboolean    keep_open)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunStore) store = bgrun_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (bgrun_store_begin (store, &error));
  for (guint i = 0; i < COUNT; i++)
    {
      g_autofree char *identifier = identifier_of (i);
      g_autofree char *note = g_strnfill (80, 'a' + i % 26);
      GVariantDict dict;

      g_variant_dict_init (&dict, NULL);
      g_variant_dict_insert (&dict, "identifier", "s", identifier);
      g_variant_dict_insert (&dict, "note", "s", note);
      g_assert_true (bgrun_store_put_request (store, APP, identifier, g_variant_dict_end (&dict),
                                              FALSE, &error));
      g_assert_true (bgrun_store_add_history (store, APP, identifier, BGRUN_HISTORY_EVENT_SUBMITTED,
                                              1000 + i, "submitted", &error));
    }
  for (guint i = 0; cancel_every != 0 && i < COUNT; i += cancel_every)
    {
      g_autofree char *identifier = identifier_of (i);
      g_assert_true (bgrun_store_delete_request (store, APP, identifier, &error));
    }
  g_assert_true (bgrun_store_commit (store, &error));
  g_assert_no_error (error);
  return keep_open ? g_steal_pointer (&store) : NULL;
}

/* Opens the damaged store (one warning, naming both files) and returns
 * how many of the requests came back; checks that each is whole and that
 * none of @deleted_every's came back. */
static guint
reopen_and_count (Fixture    *f,
                  guint       deleted_every,
                  const char *said)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BgrunStore) store = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *pattern = g_strdup_printf ("*“%s”*moved to “%s.corrupt-*”*%s*", f->path, f->path, said);
  gboolean recorded = FALSE;

  g_test_expect_message ("Bgrun", G_LOG_LEVEL_WARNING, pattern);
  store = bgrun_store_open (f->path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  requests = bgrun_store_list_requests (store, APP, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < requests->len; i++)
    {
      GVariant *request = g_ptr_array_index (requests, i);
      const char *identifier, *note;
      guint n;

      g_assert_true (g_variant_lookup (request, "identifier", "&s", &identifier));
      g_assert_true (g_variant_lookup (request, "note", "&s", &note));
      g_assert_cmpuint (strlen (note), ==, 80);
      n = (guint) g_ascii_strtoull (identifier + strlen ("org.example.App.task"), NULL, 10);
      g_assert_cmpint (note[0], ==, 'a' + n % 26);
      if (deleted_every != 0)
        g_assert_cmpuint (n % deleted_every, !=, 0);
    }

  history = bgrun_store_list_history (store, APP, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      gint32 event;
      const char *message;

      g_variant_get (g_ptr_array_index (history, i), "(&six&s@a{sv})", NULL, &event, NULL, &message, NULL);
      if (event == BGRUN_HISTORY_EVENT_RECOVERED)
        {
          g_autofree char *count = g_strdup_printf ("%u pending requests", requests->len);

          g_assert_nonnull (strstr (message, count));
          g_assert_nonnull (strstr (message, ".corrupt-"));
          recorded = TRUE;
        }
    }
  g_assert_true (recorded || requests->len == 0);
  g_test_message ("%u of %u requests came back", requests->len, COUNT);
  return requests->len;
}

static void
damage (const char *path,
        gsize       from,
        gsize       length,
        guint8      byte)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_cmpuint (from + length, <=, size);
  memset (contents + from, byte, length);
  g_assert_true (g_file_set_contents (path, contents, size, &error));
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

static void
test_half_truncated (Fixture       *f,
                     gconstpointer  data)
{
  write_store (f->path, 0, FALSE);
  g_assert_cmpint (truncate (f->path, (off_t) file_size (f->path) / 2), ==, 0);
  g_assert_cmpuint (reopen_and_count (f, 0, "requests"), >, 0);
}

static void
test_garbled_pages (Fixture       *f,
                    gconstpointer  data)
{
  gsize size;

  write_store (f->path, 0, FALSE);
  size = file_size (f->path);
  /* Four pages in the middle of the file turned to noise. */
  damage (f->path, (size / PAGE / 2) * PAGE, 4 * PAGE, 0xa5);
  g_assert_cmpuint (reopen_and_count (f, 0, "requests"), >=, COUNT / 2);
}

static void
test_only_a_header_left (Fixture       *f,
                         gconstpointer  data)
{
  write_store (f->path, 0, FALSE);
  g_assert_cmpint (truncate (f->path, 100), ==, 0);
  g_assert_cmpuint (reopen_and_count (f, 0, "nothing could be read"), ==, 0);
}

/* SQLite deletes the log of an empty database file unread: the store
 * reads the log itself. */
static void
test_empty_file_beside_its_log (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(BgrunStore) open_store = write_store (f->path, 0, TRUE);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  gsize length;

  /* The log as a crash leaves it (the store still open), beside a
   * database file that lost everything. */
  g_assert_true (g_file_get_contents (wal, &log, &length, &error));
  g_assert_cmpuint (length, >, 32);
  g_assert_true (g_file_set_contents (copy_wal, log, length, &error));
  g_assert_true (g_file_set_contents (copy, "", 0, &error));
  g_clear_object (&open_store);

  g_free (f->path);
  f->path = g_steal_pointer (&copy);
  g_assert_cmpuint (reopen_and_count (f, 0, "requests"), ==, COUNT);
}

/* Only what the b-trees reach comes back: deleted rows on free pages or
 * in free space stay deleted. */
static void
test_deleted_rows_stay_deleted (Fixture       *f,
                                gconstpointer  data)
{
  gsize size;

  write_store (f->path, 2, FALSE);
  size = file_size (f->path);
  damage (f->path, size - PAGE, PAGE, 0xa5);
  g_assert_cmpuint (reopen_and_count (f, 2, "requests"), <=, COUNT / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/salvage/half-truncated", test_half_truncated);
  ADD ("/store/salvage/garbled-pages", test_garbled_pages);
  ADD ("/store/salvage/only-a-header", test_only_a_header_left);
  ADD ("/store/salvage/empty-file-beside-its-log", test_empty_file_beside_its_log);
  ADD ("/store/salvage/deleted-rows-stay-deleted", test_deleted_rows_stay_deleted);

#undef ADD

  return g_test_run ();
}
