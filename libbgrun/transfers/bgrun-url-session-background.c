/* bgrun-url-session-background.c: what a background session keeps: one
 * session per identifier in a process, its recorded tasks, and the events
 * it delivers once created
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <unistd.h>

#include "bgrun-scheduler-private.h"
#include "bgrun-transfer-store-private.h"
#include "bgrun-transfer-sweep-private.h"
#include "bgrun-url-session-internal-private.h"
#include "bgrun-url-session-readiness-private.h"
#include "bgrun-url-session-lock-private.h"
#include "bgrun-url-session-recorder-private.h"
#include "bgrun-url-session-remote-private.h"

/* The background sessions alive in this process, by app directory and
 * identifier: two sessions running the same recorded tasks would
 * download everything twice. */
static GHashTable *live_sessions;
G_LOCK_DEFINE_STATIC (live_sessions);

static gboolean
register_identifier (BgrunUrlSession *self,
                     const char      *key)
{
  gboolean taken;

  G_LOCK (live_sessions);
  if (live_sessions == NULL)
    live_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  taken = g_hash_table_contains (live_sessions, key);
  if (!taken)
    {
      self->registry_key = g_strdup (key);
      g_hash_table_add (live_sessions, g_strdup (key));
    }
  G_UNLOCK (live_sessions);
  return !taken;
}

void
bgrun_url_session_unregister_identifier (BgrunUrlSession *self)
{
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  self->lock_fd = -1;
  if (self->registry_key == NULL)
    return;
  G_LOCK (live_sessions);
  g_hash_table_remove (live_sessions, self->registry_key);
  G_UNLOCK (live_sessions);
  g_clear_pointer (&self->registry_key, g_free);
}

/* ---- the store ---------------------------------------------------------- */

static void
warn_store_failure (BgrunUrlSession *self,
                    const GError    *error)
{
  if (self->store_warned)
    return;
  self->store_warned = TRUE;
  g_warning ("libbgrun: the tasks of the URL session “%s” cannot be recorded, so they will not survive the app: %s",
             bgrun_url_session_configuration_get_identifier (self->configuration), error->message);
}

guint64
bgrun_url_session_next_task_identifier (BgrunUrlSession *self)
{
  g_autoptr(GError) error = NULL;
  guint64 id;

  if (self->store == NULL)
    return self->next_task_identifier++;
  id = bgrun_transfer_store_next_task_identifier (
         self->store, bgrun_url_session_configuration_get_identifier (self->configuration), &error);
  if (id != 0)
    {
      self->next_task_identifier = MAX (self->next_task_identifier, id + 1);
      return id;
    }
  warn_store_failure (self, error);
  return self->next_task_identifier++;
}

void
bgrun_url_session_save_task (BgrunUrlSession     *self,
                             BgrunUrlSessionTask *task)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !bgrun_transfer_store_put_task (self->store,
                                      bgrun_url_session_configuration_get_identifier (self->configuration),
                                      bgrun_url_session_task_get_task_identifier (task),
                                      bgrun_url_session_task_to_record (task), &error))
    warn_store_failure (self, error);
}

void
bgrun_url_session_forget_task (BgrunUrlSession     *self,
                               BgrunUrlSessionTask *task)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL &&
      !bgrun_transfer_store_delete_task (self->store,
                                         bgrun_url_session_configuration_get_identifier (self->configuration),
                                         bgrun_url_session_task_get_task_identifier (task), &error))
    warn_store_failure (self, error);
}

static gboolean
on_events_finished (gpointer user_data)
{
  g_autoptr(BgrunUrlSession) self = g_object_ref (user_data);
  const char *identifier = bgrun_url_session_configuration_get_identifier (self->configuration);

  self->events_source = 0;
  if (self->remote != NULL)
    bgrun_url_session_remote_deliver_events (self->remote);
  if (self->recorder != NULL)
    bgrun_url_session_recorder_deliver_events (self->recorder);
  /* The refresh task the app was started for is done, and bgrund knows
   * it, before the app hears events-finished, after which it may quit. */
  if (self->scheduler != NULL && identifier != NULL)
    bgrun_url_session_readiness_set_ready_in (self->scheduler, identifier, TRUE);
  g_signal_emit (self, bgrun_url_session_signals[SIG_EVENTS_FINISHED], 0);
  return G_SOURCE_REMOVE;
}

/* Takes up the tasks recorded for this session's identifier. */
static void
reattach (BgrunUrlSession *self)
{
  const char *identifier = bgrun_url_session_configuration_get_identifier (self->configuration);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) to_resume = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  bgrun_transfer_sweep (self->store, self->partial_directory);
  records = bgrun_transfer_store_list_tasks (self->store, identifier, &error);
  if (records == NULL)
    {
      warn_store_failure (self, error);
      return;
    }
  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(BgrunUrlSessionTask) task = NULL;
      gboolean was_running = FALSE;

      task = bgrun_url_session_task_new_from_record (self, records->pdata[i], &was_running);
      if (task == NULL)
        {
          g_warning ("libbgrun: a task recorded for the URL session “%s” is damaged; it was dropped.",
                     identifier);
          continue;
        }
      g_list_store_append (self->tasks, task);
      if (was_running)
        g_ptr_array_add (to_resume, task);
    }
  for (guint i = 0; i < to_resume->len; i++)
    bgrun_url_session_task_resume (to_resume->pdata[i]);
}

/* Whether this process may run the session's tasks. A lock that cannot
 * be made (an unwritable directory) is no reason to stop: the store
 * says what is wrong with the directory. */
static gboolean
take_lock (BgrunUrlSession *self,
           const char      *app_directory)
{
  const char *identifier = bgrun_url_session_configuration_get_identifier (self->configuration);
  g_autoptr(GError) error = NULL;

  self->lock_fd = bgrun_url_session_lock_take (app_directory, identifier, &error);
  if (self->lock_fd >= 0 || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    return TRUE;
  g_warning ("libbgrun: the URL session “%s” runs in another process (%s); "
             "this one will have no tasks. Keep one process per session identifier, "
             "and one placement: embedded or bgrund.", identifier, error->message);
  self->elsewhere = TRUE;
  return FALSE;
}

/* Set while bgrun_url_session_new_unopened() constructs a session. */
static GPrivate opened_later;

/* A session as bgrun_url_session_new() makes it, except that one whose
 * transfers run in bgrund is not opened there yet: see
 * bgrun_url_session_remote_open_async(). */
BgrunUrlSession *
bgrun_url_session_new_unopened (BgrunScheduler               *scheduler,
                                BgrunUrlSessionConfiguration *config)
{
  BgrunUrlSession *self;

  g_private_set (&opened_later, GINT_TO_POINTER (TRUE));
  self = bgrun_url_session_new (scheduler, config);
  g_private_set (&opened_later, NULL);
  return self;
}

/* A session bgrund hosts records no events of its own: bgrund records
 * its completions, for the app. Nor does it show its transfers in
 * Plasma's job tracker: the app's own session does, while it runs. */
void
bgrun_url_session_open_background (BgrunUrlSession *self,
                                   const char      *app_directory,
                                   gboolean         hosted)
{
  const char *identifier = bgrun_url_session_configuration_get_identifier (self->configuration);
  g_autofree char *key = g_strconcat (app_directory, "\n", identifier, NULL);
  g_autoptr(GError) error = NULL;
  BgrunDbusBroker *broker;

  if (!register_identifier (self, key))
    {
      g_warning ("libbgrun: a URL session with the identifier “%s” already exists in this process; "
                 "this one will have no tasks. Keep one session per identifier.", identifier);
      self->duplicate = TRUE;
      return;
    }
  if (!hosted)
    self->jobs = bgrun_transfer_jobs_new (G_LIST_MODEL (self->tasks),
                                          self->scheduler != NULL ? bgrun_scheduler_get_app_id (self->scheduler) : NULL);
  broker = bgrun_url_session_remote_broker_for (self, self->scheduler);
  if (broker != NULL)
    self->remote = bgrun_url_session_remote_new (self, broker, self->tasks,
                                                 g_private_get (&opened_later) == NULL);
  else if (!take_lock (self, app_directory))
    return;
  else if ((self->store = bgrun_transfer_store_open (app_directory, &error)) == NULL)
    warn_store_failure (self, error);
  else
    {
      reattach (self);
      if (!hosted)
        self->recorder = bgrun_url_session_recorder_new (self, self->store, app_directory, self->tasks);
    }
  self->events_source = g_idle_add (on_events_finished, self);
}

void
bgrun_url_session_task_ended (BgrunUrlSession     *self,
                              BgrunUrlSessionTask *task,
                              GFile               *download)
{
  g_autoptr(BgrunUrlSession) keep = g_object_ref (self);

  if (self->recorder != NULL)
    {
      bgrun_url_session_recorder_record (self->recorder, task, download);
      return;
    }
  bgrun_url_session_deliver_completion (self, task, download);
  bgrun_url_session_forget_task (self, task);
}
