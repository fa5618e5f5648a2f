/* bgrun-transfer-jobs.c: background transfers in Plasma's job tracker
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-job-view-private.h"
#include "bgrun-transfer-jobs-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-task.h"

/* The speed is worked out from the bytes done over at least this long. */
#define SPEED_WINDOW_USEC (G_USEC_PER_SEC / 2)

typedef struct {
  BgrunTransferJobs   *jobs;
  BgrunUrlSessionTask *task;
  BgrunJobView        *view;
  gint64               sampled_bytes;
  gint64               sampled_at;      /* monotonic µs */
} Job;

struct _BgrunTransferJobs
{
  GListModel *tasks;
  char       *app_id;
  GHashTable *jobs;                     /* task → Job */
};

static gboolean
is_download (BgrunUrlSessionTask *task)
{
  return bgrun_url_session_task_get_kind (task) != BGRUN_URL_SESSION_TASK_KIND_UPLOAD;
}

static gint64
bytes_done (BgrunUrlSessionTask *task)
{
  return is_download (task) ? bgrun_url_session_task_get_bytes_received (task)
                            : bgrun_url_session_task_get_bytes_sent (task);
}

static gint64
bytes_in_all (BgrunUrlSessionTask *task)
{
  return is_download (task) ? bgrun_url_session_task_get_bytes_expected (task)
                            : bgrun_url_session_task_get_bytes_expected_to_send (task);
}

static char *
title_of (BgrunUrlSessionTask *task)
{
  const char *description = bgrun_url_session_task_get_description (task);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *name = NULL;

  if (description != NULL && *description != '\0')
    return g_strdup (description);
  uri = g_uri_parse (bgrun_url_session_task_get_uri (task), G_URI_FLAGS_NONE, NULL);
  name = uri != NULL ? g_path_get_basename (g_uri_get_path (uri)) : g_strdup (bgrun_url_session_task_get_uri (task));
  /* Translators: the title of a background download or upload in the
   * desktop's list of running jobs; %s is the file's name. */
  return g_strdup_printf (is_download (task) ? _("Downloading %s") : _("Uploading %s"), name);
}

static void
update_speed (Job *job)
{
  gint64 now = g_get_monotonic_time ();
  gint64 done = bytes_done (job->task);

  if (now - job->sampled_at < SPEED_WINDOW_USEC)
    return;
  if (done >= job->sampled_bytes)
    bgrun_job_view_set_speed (job->view, (guint64) ((done - job->sampled_bytes) * G_USEC_PER_SEC /
                                                    (now - job->sampled_at)));
  job->sampled_bytes = done;
  job->sampled_at = now;
}

static void
update (Job *job)
{
  gint64 done = bytes_done (job->task);
  gint64 total = bytes_in_all (job->task);
  g_autofree char *title = title_of (job->task);

  bgrun_job_view_set_title (job->view, title);
  /* Translators: the label of a download's or upload's address in the
   * desktop's list of running jobs. */
  bgrun_job_view_set_detail (job->view, _("Source"), bgrun_url_session_task_get_uri (job->task));
  bgrun_job_view_set_amounts (job->view, (guint64) MAX (done, 0), (guint64) MAX (total, 0));
  bgrun_job_view_set_percent (job->view, (guint) (bgrun_url_session_task_get_fraction (job->task) * 100.0));
  bgrun_job_view_set_suspended (job->view, bgrun_url_session_task_get_state (job->task) ==
                                           BGRUN_URL_SESSION_TASK_STATE_SUSPENDED);
  if (bgrun_url_session_task_get_state (job->task) == BGRUN_URL_SESSION_TASK_STATE_RUNNING)
    update_speed (job);
  else
    bgrun_job_view_set_speed (job->view, 0);
}

static void
end (Job *job)
{
  const GError *error = bgrun_url_session_task_get_error (job->task);
  gboolean cancelled = error != NULL && g_error_matches (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_CANCELLED);

  g_signal_handlers_disconnect_by_data (job->task, job);
  g_signal_handlers_disconnect_by_data (job->view, job);
  bgrun_job_view_finish (job->view, error != NULL && !cancelled ? error->message : NULL);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  end (job);
  g_object_unref (job->view);
  g_object_unref (job->task);
  g_free (job);
}

static void
on_task_changed (BgrunUrlSessionTask *task,
                 GParamSpec          *pspec,
                 Job                 *job)
{
  if (bgrun_url_session_task_get_state (task) == BGRUN_URL_SESSION_TASK_STATE_COMPLETED)
    g_hash_table_remove (job->jobs->jobs, task);
  else
    update (job);
}

static void
on_cancel (BgrunJobView *view,
           Job          *job)
{
  bgrun_url_session_task_cancel (job->task);
}

static void
on_suspend (BgrunJobView *view,
            Job          *job)
{
  bgrun_url_session_task_suspend (job->task);
}

static void
on_resume (BgrunJobView *view,
           Job          *job)
{
  bgrun_url_session_task_resume (job->task);
}

static void
track (BgrunTransferJobs   *self,
       BgrunUrlSessionTask *task)
{
  Job *job;

  if (g_hash_table_contains (self->jobs, task) ||
      bgrun_url_session_task_get_state (task) == BGRUN_URL_SESSION_TASK_STATE_COMPLETED)
    return;
  job = g_new0 (Job, 1);
  job->jobs = self;
  job->task = g_object_ref (task);
  job->view = bgrun_job_view_new (self->app_id, BGRUN_JOB_VIEW_KILLABLE | BGRUN_JOB_VIEW_SUSPENDABLE);
  job->sampled_bytes = bytes_done (task);
  job->sampled_at = g_get_monotonic_time ();
  g_hash_table_insert (self->jobs, task, job);
  g_signal_connect (task, "notify", G_CALLBACK (on_task_changed), job);
  g_signal_connect (job->view, "cancel-requested", G_CALLBACK (on_cancel), job);
  g_signal_connect (job->view, "suspend-requested", G_CALLBACK (on_suspend), job);
  g_signal_connect (job->view, "resume-requested", G_CALLBACK (on_resume), job);
  update (job);
}

/* The items of @model, as a set. */
static GHashTable *
items_of (GListModel *model)
{
  GHashTable *items = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_hash_table_add (items, g_list_model_get_item (model, i));
  return items;
}

/* The session's tasks changed: new ones get a job, gone ones end theirs.
 * Only a removal can take a task away, and what it removed is no longer
 * in the model to be named: the jobs are matched against what is left,
 * once, so that a session with a thousand tasks added one by one costs a
 * thousand lookups, not a billion. */
static void
on_items_changed (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  BgrunTransferJobs *self)
{
  GHashTableIter iter;
  gpointer task;

  if (removed > 0)
    {
      g_autoptr(GHashTable) present = items_of (model);

      g_hash_table_iter_init (&iter, self->jobs);
      while (g_hash_table_iter_next (&iter, &task, NULL))
        if (!g_hash_table_contains (present, task))
          g_hash_table_iter_remove (&iter);
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(BgrunUrlSessionTask) added_task = g_list_model_get_item (model, i);

      track (self, added_task);
    }
}

BgrunTransferJobs *
bgrun_transfer_jobs_new (GListModel *tasks,
                         const char *app_id)
{
  BgrunTransferJobs *self = g_new0 (BgrunTransferJobs, 1);

  self->tasks = g_object_ref (tasks);
  self->app_id = g_strdup (app_id);
  self->jobs = g_hash_table_new_full (NULL, NULL, NULL, job_free);
  g_signal_connect (tasks, "items-changed", G_CALLBACK (on_items_changed), self);
  on_items_changed (tasks, 0, 0, g_list_model_get_n_items (tasks), self);
  return self;
}

void
bgrun_transfer_jobs_free (BgrunTransferJobs *self)
{
  g_signal_handlers_disconnect_by_data (self->tasks, self);
  g_hash_table_unref (self->jobs);
  g_object_unref (self->tasks);
  g_free (self->app_id);
  g_free (self);
}
