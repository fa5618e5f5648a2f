/* test-workout-journal.c: the workout crash journal's file format
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Issue 15, point 4: records as written are read back; a torn or corrupt
 * last record ends the journal without an error; reopening cuts it there.
 * The CRC is the IEEE 802.3 one, checked against its published value.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <bgrun.h>

#include "bgrun-workout-journal-private.h"

static void
test_crc32_check_value (void)
{
  /* The standard check value of CRC-32/ISO-HDLC. */
  g_assert_cmphex (bgrun_workout_journal_crc32 ((const guint8 *) "123456789", 9), ==, 0xCBF43926);
  g_assert_cmphex (bgrun_workout_journal_crc32 (NULL, 0), ==, 0);
}

static char *
journal_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bgrun-journal-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, "app", "workout.journal", NULL);
}

static void
write_records (const char *path,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  BgrunWorkoutJournal *journal = bgrun_workout_journal_create (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      BgrunJournalRecord record = { BGRUN_JOURNAL_SAMPLE, (gint32) i - 1, G_GINT64_CONSTANT (1900000000000000) + i, i * 0.5 };

      g_assert_true (bgrun_workout_journal_append (journal, &record, &error));
      g_assert_no_error (error);
    }
  bgrun_workout_journal_free (journal);
}

static void
test_round_trip (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) records = NULL;
  goffset length = 0;

  write_records (path, 3);
  records = bgrun_workout_journal_read (path, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  g_assert_cmpint (length, ==, BGRUN_JOURNAL_MAGIC_SIZE + 3 * BGRUN_JOURNAL_RECORD_SIZE);
  for (guint i = 0; i < 3; i++)
    {
      BgrunJournalRecord *record = &g_array_index (records, BgrunJournalRecord, i);

      g_assert_cmpint (record->kind, ==, BGRUN_JOURNAL_SAMPLE);
      g_assert_cmpint (record->arg, ==, (gint32) i - 1);
      g_assert_cmpint (record->at, ==, G_GINT64_CONSTANT (1900000000000000) + i);
      g_assert_cmpfloat (record->value, ==, i * 0.5);
    }
}

static void
test_torn_and_corrupt (void)
{
  g_autofree char *path = journal_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  write_records (path, 4);
  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));

  /* Every cut inside the last record leaves the first three. */
  for (gsize cut = size - BGRUN_JOURNAL_RECORD_SIZE; cut < size; cut++)
    {
      g_autoptr(GArray) records = NULL;
      goffset length = 0;

      g_assert_true (g_file_set_contents (path, contents, cut, NULL));
      records = bgrun_workout_journal_read (path, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 3);
      g_assert_cmpint (length, ==, (goffset) size - BGRUN_JOURNAL_RECORD_SIZE);
    }

  /* A flipped bit in the third record ends the journal after the second. */
  contents[BGRUN_JOURNAL_MAGIC_SIZE + 2 * BGRUN_JOURNAL_RECORD_SIZE + 9] ^= 0x10;
  g_assert_true (g_file_set_contents (path, contents, size, NULL));
  {
    g_autoptr(GArray) records = NULL;
    goffset length = 0;
    BgrunWorkoutJournal *journal;
    BgrunJournalRecord record = { BGRUN_JOURNAL_EVENT, 4, 7, 60 };

    records = bgrun_workout_journal_read (path, &length, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 2);

    /* Reopening cuts there, and what follows is read back after it. */
    journal = bgrun_workout_journal_reopen (path, length, &error);
    g_assert_no_error (error);
    g_assert_true (bgrun_workout_journal_append (journal, &record, &error));
    bgrun_workout_journal_free (journal);
    g_clear_pointer (&records, g_array_unref);
    records = bgrun_workout_journal_read (path, &length, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 3);
    g_assert_cmpint (g_array_index (records, BgrunJournalRecord, 2).kind, ==, BGRUN_JOURNAL_EVENT);
    g_assert_cmpfloat (g_array_index (records, BgrunJournalRecord, 2).value, ==, 60);
  }
}

static void
test_missing_and_foreign (void)
{
  g_autofree char *path = journal_path ();
  g_autoptr(GError) error = NULL;
  goffset length;

  g_assert_null (bgrun_workout_journal_read (path, &length, &error));
  g_assert_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOTHING_TO_RECOVER);
  g_clear_error (&error);

  write_records (path, 0);
  g_assert_true (g_file_set_contents (path, "BGRUNWJ0", 8, NULL));
  g_assert_null (bgrun_workout_journal_read (path, &length, &error));
  g_assert_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL);
  g_assert_nonnull (strstr (error->message, path));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workout-journal/crc32", test_crc32_check_value);
  g_test_add_func ("/workout-journal/round-trip", test_round_trip);
  g_test_add_func ("/workout-journal/torn-and-corrupt", test_torn_and_corrupt);
  g_test_add_func ("/workout-journal/missing-and-foreign", test_missing_and_foreign);

  return g_test_run ();
}
