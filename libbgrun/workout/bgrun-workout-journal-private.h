/* bgrun-workout-journal-private.h: the crash journal of a workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* The journal is one append-only file per app (in its state directory)
 * that lets a workout survive the app being killed: every change of the
 * session and every sample and event is one record, written with write(2)
 * as it arrives (so it is in the kernel's hands, which a SIGKILL does not
 * undo) and made durable by fdatasync(2) at most one second later (so a
 * power cut loses at most that second).
 *
 * The file: the 8 bytes "BGRUNWJ1", then records of 28 bytes each, all
 * little-endian: kind (1 byte), 3 bytes of zero, arg (int32), at (int64,
 * microseconds since the epoch), value (double), then the CRC-32 of those
 * 24 bytes. Reading stops at the first record that is short or whose CRC
 * does not match: the record being written when the process died (a torn
 * write); reopening cuts the file there before appending. */

typedef enum {
  BGRUN_JOURNAL_CONFIG = 'c', /* arg: activity type, value: location type */
  BGRUN_JOURNAL_STATE  = 's', /* arg: BgrunWorkoutSessionState, at: date */
  BGRUN_JOURNAL_BEGIN  = 'b', /* at: collection began */
  BGRUN_JOURNAL_END    = 'e', /* at: collection ended */
  BGRUN_JOURNAL_SAMPLE = 'q', /* arg: BgrunQuantityType, at, value */
  BGRUN_JOURNAL_EVENT  = 'v', /* arg: BgrunWorkoutEventType, at, value: duration */
  /* A route point is three records, arg 0, 1 and 2 with the latitude,
   * longitude and altitude as value: the point counts once the third
   * is there. */
  BGRUN_JOURNAL_ROUTE  = 'r',
} BgrunJournalKind;

typedef struct {
  guint8 kind;
  gint32 arg;
  gint64 at;
  double value;
} BgrunJournalRecord;

#define BGRUN_JOURNAL_MAGIC "BGRUNWJ1"
#define BGRUN_JOURNAL_MAGIC_SIZE 8
#define BGRUN_JOURNAL_RECORD_SIZE 28

typedef struct _BgrunWorkoutJournal BgrunWorkoutJournal;

/* Starts a new journal at @path, replacing any. */
BgrunWorkoutJournal *bgrun_workout_journal_create (const char                *path,
                                                   GError                   **error);
/* Appends to the journal at @path after cutting it to @length, the end of
 * its last whole record (bgrun_workout_journal_read()). */
BgrunWorkoutJournal *bgrun_workout_journal_reopen (const char                *path,
                                                   goffset                    length,
                                                   GError                   **error);
/* Writes one record now; durable within a second (on the thread-default
 * main context of the creation). On error the journal is unusable and
 * further appends fail at once. */
gboolean             bgrun_workout_journal_append (BgrunWorkoutJournal       *self,
                                                   const BgrunJournalRecord  *record,
                                                   GError                   **error);
/* fdatasync() now, if anything was written since the last one. */
void                 bgrun_workout_journal_sync   (BgrunWorkoutJournal       *self);
/* Syncs and closes. */
void                 bgrun_workout_journal_free   (BgrunWorkoutJournal       *self);
/* Closes @self and deletes its file: the workout is finished or
 * discarded and needs no recovery. */
void                 bgrun_workout_journal_delete (BgrunWorkoutJournal       *self);

/* The whole records of the journal at @path (an array of
 * BgrunJournalRecord) and, in @length, where they end. Fails with
 * BGRUN_WORKOUT_ERROR_NOTHING_TO_RECOVER when there is no journal, and
 * BGRUN_WORKOUT_ERROR_JOURNAL when it cannot be read or is not one.
 * Blocks: call it from a worker thread. */
GArray              *bgrun_workout_journal_read   (const char                *path,
                                                   goffset                   *length,
                                                   GError                   **error);

/* CRC-32 (IEEE 802.3), for the records. */
guint32              bgrun_workout_journal_crc32  (const guint8              *data,
                                                   gsize                      size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunWorkoutJournal, bgrun_workout_journal_free)

G_END_DECLS
