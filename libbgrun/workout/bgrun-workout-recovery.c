/* bgrun-workout-recovery.c: getting a workout back after a crash
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-errors.h"
#include "bgrun-i18n-private.h"
#include "bgrun-workout-error.h"
#include "bgrun-workout-journal-private.h"
#include "bgrun-workout-registry-private.h"
#include "bgrun-time-private.h"
#include "bgrun-workout-builder-private.h"
#include "bgrun-workout-session-internal-private.h"

BgrunWorkoutSession *
bgrun_workout_session_new_recovered (BgrunScheduler  *scheduler,
                                     GArray          *records,
                                     const char      *path,
                                     goffset          length,
                                     GError         **error)
{
  g_autoptr(BgrunWorkoutConfiguration) configuration = NULL;
  g_autoptr(BgrunWorkoutSession) self = NULL;
  BgrunJournalRecord *first;

  if (records->len == 0 || (first = &g_array_index (records, BgrunJournalRecord, 0))->kind != BGRUN_JOURNAL_CONFIG)
    {
      g_set_error (error, BGRUN_WORKOUT_ERROR, BGRUN_WORKOUT_ERROR_JOURNAL,
                   _("The workout journal “%s” holds no workout; remove it to start afresh."), path);
      return NULL;
    }
  configuration = bgrun_workout_configuration_new (first->arg, (int) first->value);
  self = g_object_new (BGRUN_TYPE_WORKOUT_SESSION, "scheduler", scheduler, "configuration", configuration, NULL);

  for (guint i = 1; i < records->len; i++)
    {
      BgrunJournalRecord *record = &g_array_index (records, BgrunJournalRecord, i);

      if (record->kind == BGRUN_JOURNAL_STATE)
        {
          g_autoptr(GDateTime) date = bgrun_time_from_usec (record->at);

          if (record->arg == BGRUN_WORKOUT_SESSION_STATE_RUNNING && self->start_date == NULL)
            bgrun_workout_session_set_date (&self->start_date, date);
          else if ((record->arg == BGRUN_WORKOUT_SESSION_STATE_STOPPED ||
                    record->arg == BGRUN_WORKOUT_SESSION_STATE_ENDED) &&
                   self->end_date == NULL && self->start_date != NULL)
            bgrun_workout_session_set_date (&self->end_date, date);
          self->state = CLAMP (record->arg, BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED,
                               BGRUN_WORKOUT_SESSION_STATE_ENDED);
        }
      else if (!bgrun_workout_builder_replay (self->builder, record))
        g_debug ("libbgrun: %s: skipping a record of kind %c that does not fit", path, record->kind);
    }

  if (self->state != BGRUN_WORKOUT_SESSION_STATE_ENDED)
    {
      if (!bgrun_workout_registry_set_active (self->registry, self, error))
        return NULL;
      bgrun_workout_session_acquire_keep_alive (self);
    }
  self->journal = bgrun_workout_journal_reopen (path, length, error);
  if (self->journal == NULL)
    {
      bgrun_workout_registry_forget (self->registry, self);
      bgrun_workout_session_release_keep_alive (self);
      return NULL;
    }
  return g_steal_pointer (&self);
}

typedef struct {
  char   *path;
  GArray *records;
  goffset length;
} Reading;

static void
reading_free (Reading *reading)
{
  g_free (reading->path);
  g_clear_pointer (&reading->records, g_array_unref);
  g_free (reading);
}

/* In a worker thread: the file is read there, however long it is. */
static void
read_journal (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Reading *reading = task_data;
  GError *error = NULL;

  reading->records = bgrun_workout_journal_read (reading->path, &reading->length, &error);
  if (reading->records == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Back on the caller's main context: the session is made there, so its
 * signals and the journal's sync timer belong to it. */
static void
journal_read (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BgrunScheduler *scheduler = g_task_get_source_object (task);
  Reading *reading = g_task_get_task_data (G_TASK (result));
  /* Held: the app's callback may dispose of the scheduler. */
  g_autoptr(BgrunWorkoutRegistry) registry = g_object_ref (bgrun_workout_registry_get (scheduler));
  GError *error = NULL;
  BgrunWorkoutSession *session;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, error);
  else if (bgrun_workout_registry_get_active (registry) != NULL)
    g_task_return_new_error (task, BGRUN_SESSION_ERROR, BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS,
                             _("The app %s already has a workout session in progress: recover the earlier workout before starting a new one."),
                             bgrun_scheduler_get_app_id (scheduler));
  else if ((session = bgrun_workout_session_new_recovered (scheduler, reading->records, reading->path,
                                                           reading->length, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, g_object_unref);
  /* After the app's callback, which may complete the task itself. */
  bgrun_workout_registry_recovered (registry);
}

/**
 * bgrun_workout_session_recover_async:
 * @scheduler: the app's scheduler
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the session is back, or cannot be
 * @user_data: data for @callback
 *
 * Gets back the workout session that was active when the app last
 * stopped without ending it (it crashed, or was killed). Call it early at
 * startup, before making a new session. The session comes back in the
 * state it was in, its builder with every sample and event it had
 * collected (up to at most one second before a power cut; up to the last
 * one for a crash or a kill), and, unless it had ended, it is the app's
 * active session again and keeps the app running. A session that had
 * ended but whose workout was not finished comes back ended, so the app
 * can finish it. Data sources are not journaled: add the heart-rate
 * sensor (or any other source) to the recovered session again.
 *
 * In the daemon placement, `bgrund` starts an app whose process ended
 * while a session was active, and runs a [class@Bgrun.WorkoutRecoveryTask]
 * in it, which completes once this call has answered.
 */
void
bgrun_workout_session_recover_async (BgrunScheduler      *scheduler,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) thread_task = NULL;
  Reading *reading;

  g_return_if_fail (BGRUN_IS_SCHEDULER (scheduler));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (scheduler, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_workout_session_recover_async);

  reading = g_new0 (Reading, 1);
  reading->path = g_strdup (bgrun_workout_registry_get_journal (bgrun_workout_registry_get (scheduler)));
  thread_task = g_task_new (scheduler, cancellable, journal_read, task);
  g_task_set_task_data (thread_task, reading, (GDestroyNotify) reading_free);
  g_task_run_in_thread (thread_task, read_journal);
}

/**
 * bgrun_workout_session_recover_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [func@Bgrun.WorkoutSession.recover_async].
 *
 * Returns: (transfer full): the recovered session, or %NULL with @error
 *   set: %BGRUN_WORKOUT_ERROR_NOTHING_TO_RECOVER when no workout was in
 *   progress, %BGRUN_WORKOUT_ERROR_JOURNAL when the journal cannot be
 *   read or written, %BGRUN_SESSION_ERROR_SESSION_IN_PROGRESS when the
 *   app already made another active session, or a #GIOError when
 *   cancelled
 */
BgrunWorkoutSession *
bgrun_workout_session_recover_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bgrun_workout_session_recover_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
