/* bgrun-workout-journal.c: the crash journal of a workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-workout-error.h"
#include "bgrun-workout-journal-private.h"

struct _BgrunWorkoutJournal
{
  char    *path;
  int      fd;       /* -1 once broken */
  gboolean dirty;    /* written since the last fdatasync */
  gint64   synced;   /* g_get_monotonic_time() of the last fdatasync */
  GSource *sync_source;
};

guint32
bgrun_workout_journal_crc32 (const guint8 *data,
                             gsize         size)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < size; i++)
    {
      crc ^= data[i];
      for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
encode (const BgrunJournalRecord *record,
        guint8                    out[BGRUN_JOURNAL_RECORD_SIZE])
{
  guint32 arg = GUINT32_TO_LE ((guint32) record->arg);
  guint64 at = GUINT64_TO_LE ((guint64) record->at);
  guint64 value;
  guint32 crc;

  memcpy (&value, &record->value, sizeof value);
  value = GUINT64_TO_LE (value);
  memset (out, 0, BGRUN_JOURNAL_RECORD_SIZE);
  out[0] = record->kind;
  memcpy (out + 4, &arg, 4);
  memcpy (out + 8, &at, 8);
  memcpy (out + 16, &value, 8);
  crc = GUINT32_TO_LE (bgrun_workout_journal_crc32 (out, 24));
  memcpy (out + 24, &crc, 4);
}

static gboolean
decode (const guint8       *in,
        BgrunJournalRecord *record)
{
  guint32 arg, crc;
  guint64 at, value;

  memcpy (&crc, in + 24, 4);
  if (GUINT32_FROM_LE (crc) != bgrun_workout_journal_crc32 (in, 24))
    return FALSE;
  memcpy (&arg, in + 4, 4);
  memcpy (&at, in + 8, 8);
  memcpy (&value, in + 16, 8);
  record->kind = in[0];
  record->arg = (gint32) GUINT32_FROM_LE (arg);
  record->at = (gint64) GUINT64_FROM_LE (at);
  value = GUINT64_FROM_LE (value);
  memcpy (&record->value, &value, sizeof value);
  return TRUE;
}

static gboolean
write_all (BgrunWorkoutJournal  *self,
           const void           *data,
           gsize                 size,
           GError              **error)
{
  const guint8 *bytes = data;

  while (size > 0)
    {
      gssize written = write (self->fd, bytes, size);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved_errno = errno;

          g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                       _("Cannot write the workout journal “%s”: %s. The workout goes on but will not survive a crash."),
                       self->path, g_strerror (saved_errno));
          close (self->fd);
          self->fd = -1;
          return FALSE;
        }
      bytes += written;
      size -= written;
    }
  return TRUE;
}

static gboolean
sync_due (gpointer user_data)
{
  BgrunWorkoutJournal *self = user_data;

  bgrun_workout_journal_sync (self);
  return G_SOURCE_CONTINUE;
}

static BgrunWorkoutJournal *
open_journal (const char  *path,
              int          flags,
              GError     **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  BgrunWorkoutJournal *self;
  int fd;

  if (g_mkdir_with_parents (directory, 0700) != 0 ||
      (fd = g_open (path, flags | O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                   _("Cannot open the workout journal “%s”: %s. Make the app’s state directory writable."),
                   path, g_strerror (saved_errno));
      return NULL;
    }
  self = g_new0 (BgrunWorkoutJournal, 1);
  self->path = g_strdup (path);
  self->fd = fd;
  self->synced = g_get_monotonic_time ();
  self->sync_source = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->sync_source, sync_due, self, NULL);
  g_source_set_static_name (self->sync_source, "[libbgrun] workout journal sync");
  g_source_attach (self->sync_source, g_main_context_get_thread_default ());
  return self;
}

BgrunWorkoutJournal *
bgrun_workout_journal_create (const char  *path,
                              GError     **error)
{
  g_autoptr(BgrunWorkoutJournal) self = open_journal (path, O_CREAT | O_TRUNC, error);

  if (self == NULL || !write_all (self, BGRUN_JOURNAL_MAGIC, BGRUN_JOURNAL_MAGIC_SIZE, error))
    return NULL;
  self->dirty = TRUE;
  return g_steal_pointer (&self);
}

BgrunWorkoutJournal *
bgrun_workout_journal_reopen (const char  *path,
                              goffset      length,
                              GError     **error)
{
  g_autoptr(BgrunWorkoutJournal) self = open_journal (path, 0, error);

  if (self == NULL)
    return NULL;
  if (ftruncate (self->fd, length) != 0 || lseek (self->fd, length, SEEK_SET) != length)
    {
      int saved_errno = errno;

      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                   _("Cannot cut the workout journal “%s” after its last whole record: %s."),
                   path, g_strerror (saved_errno));
      return NULL;
    }
  self->dirty = TRUE;
  return g_steal_pointer (&self);
}

gboolean
bgrun_workout_journal_append (BgrunWorkoutJournal       *self,
                              const BgrunJournalRecord  *record,
                              GError                   **error)
{
  guint8 bytes[BGRUN_JOURNAL_RECORD_SIZE];

  if (self->fd < 0)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                   _("The workout journal “%s” failed earlier and is no longer written."), self->path);
      return FALSE;
    }
  encode (record, bytes);
  if (!write_all (self, bytes, sizeof bytes, error))
    return FALSE;
  self->dirty = TRUE;
  /* The timer covers quiet times; this covers a busy main loop, or an app
   * that adds samples without running one. */
  if (g_get_monotonic_time () - self->synced >= G_USEC_PER_SEC)
    bgrun_workout_journal_sync (self);
  return TRUE;
}

void
bgrun_workout_journal_sync (BgrunWorkoutJournal *self)
{
  if (self->fd < 0 || !self->dirty)
    return;
  if (fdatasync (self->fd) != 0)
    g_debug ("libbgrun: fdatasync of %s: %s", self->path, g_strerror (errno));
  self->dirty = FALSE;
  self->synced = g_get_monotonic_time ();
}

void
bgrun_workout_journal_free (BgrunWorkoutJournal *self)
{
  bgrun_workout_journal_sync (self);
  if (self->fd >= 0)
    close (self->fd);
  g_source_destroy (self->sync_source);
  g_source_unref (self->sync_source);
  g_free (self->path);
  g_free (self);
}

void
bgrun_workout_journal_delete (BgrunWorkoutJournal *self)
{
  if (g_unlink (self->path) != 0 && errno != ENOENT)
    g_debug ("libbgrun: cannot remove %s: %s", self->path, g_strerror (errno));
  self->dirty = FALSE;
  bgrun_workout_journal_free (self);
}

GArray *
bgrun_workout_journal_read (const char  *path,
                            goffset     *length,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GArray) records = g_array_new (FALSE, FALSE, sizeof (BgrunJournalRecord));
  gsize size, offset;

  if (!g_file_get_contents (path, &contents, &size, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_NOTHING_TO_RECOVER,
                     _("There is no workout to recover: none was in progress when the app last stopped."));
      else
        g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                     _("Cannot read the workout journal: %s"), local_error->message);
      return NULL;
    }
  if (size < BGRUN_JOURNAL_MAGIC_SIZE || memcmp (contents, BGRUN_JOURNAL_MAGIC, BGRUN_JOURNAL_MAGIC_SIZE) != 0)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                   _("“%s” is not a workout journal; remove it to start afresh."), path);
      return NULL;
    }
  for (offset = BGRUN_JOURNAL_MAGIC_SIZE; offset + BGRUN_JOURNAL_RECORD_SIZE <= size;
       offset += BGRUN_JOURNAL_RECORD_SIZE)
    {
      BgrunJournalRecord record;

      if (!decode ((const guint8 *) contents + offset, &record))
        break;
      g_array_append_val (records, record);
    }
  if (offset != size)
    g_debug ("libbgrun: %s: ignoring %" G_GSIZE_FORMAT " bytes after the last whole record",
             path, size - offset);
  *length = offset;
  return g_steal_pointer (&records);
}
