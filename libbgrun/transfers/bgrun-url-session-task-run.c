/* bgrun-url-session-task-run.c: a URL session task's transfer, from
 * resume to completion
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-i18n-private.h"
#include "bgrun-transfer-retry-private.h"
#include "bgrun-transfer-wait-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-task-private.h"

/* At most this often a task notifies its progress properties. */
#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 10)
/* At most this often a running download records its offset. */
#define SAVE_INTERVAL_USEC G_USEC_PER_SEC

static void start_transfer (BgrunUrlSessionTask *self);
static gboolean retry_later (BgrunUrlSessionTask  *self,
                             GError              **error,
                             guint                 status_code,
                             const char           *retry_after);

/* ---- state and progress ------------------------------------------------- */

/* Out of the session's queue: not waiting, not holding a connection. */
static void
leave_queue (BgrunUrlSessionTask *self)
{
  if (self->session != NULL)
    bgrun_transfer_queue_remove (bgrun_url_session_get_queue (self->session), self);
  bgrun_url_session_task_set_waiting_reason (self, BGRUN_URL_SESSION_WAIT_REASON_NONE);
}

static void
show_point (BgrunUrlSessionTask *self)
{
  if (self->upload != NULL)
    bgrun_url_session_task_show_sending (self, (gint64) self->upload->sent, (gint64) self->upload->size);
  else
    bgrun_url_session_task_show_progress (self, (gint64) self->point->offset, self->point->expected);
}

static gboolean
on_progress_due (gpointer user_data)
{
  BgrunUrlSessionTask *self = user_data;

  self->progress_source = 0;
  show_point (self);
  return G_SOURCE_REMOVE;
}

/* The engine moved on: show it now, or when the interval is over. */
static void
on_transfer_progress (BgrunTransferProgress what,
                      gpointer              user_data)
{
  BgrunUrlSessionTask *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 due = self->last_progress_usec + PROGRESS_INTERVAL_USEC;

  /* A body that moves on starts the backoff over. */
  if (what == BGRUN_TRANSFER_PROGRESS_BODY)
    self->attempts = 0;
  if (what == BGRUN_TRANSFER_PROGRESS_RESPONSE || now - self->last_save_usec >= SAVE_INTERVAL_USEC)
    bgrun_url_session_task_save (self);
  if (self->progress_source != 0)
    return;
  if (now >= due)
    show_point (self);
  else
    self->progress_source = g_timeout_add_full (G_PRIORITY_DEFAULT, (due - now + 999) / 1000,
                                                on_progress_due, self, NULL);
}

/* ---- ending ------------------------------------------------------------- */

static void
remove_partial_file (BgrunUrlSessionTask *self)
{
  if (self->kind == BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD)
    g_unlink (self->point->partial_path);
}

/* The downloaded file, moved out of the partial name so a half-written
 * file and a finished one never share a name. */
static GFile *
move_into_place (BgrunUrlSessionTask  *self,
                 GError              **error)
{
  g_autofree char *path = NULL;
  const char *partial = self->point->partial_path;

  path = g_strconcat (partial, ".download", NULL);
  if (g_str_has_suffix (partial, ".partial"))
    {
      g_free (path);
      path = g_strdup_printf ("%.*s.download", (int) (strlen (partial) - strlen (".partial")), partial);
    }
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_FILE,
                   _("Cannot move the download of “%s” from “%s” into place: %s. Check the app’s state directory."),
                   self->uri, partial, g_strerror (saved_errno));
      return NULL;
    }
  return g_file_new_for_path (path);
}

static void
complete (BgrunUrlSessionTask *self,
          GError              *error,
          GFile               *download)
{
  g_autoptr(BgrunUrlSessionTask) keep = g_object_ref (self);

  /* Handlers of the last progress notifications see an ended task. */
  self->ended = TRUE;
  if (self->kind != BGRUN_URL_SESSION_TASK_KIND_DATA)
    show_point (self);
  bgrun_url_session_task_take_error (self, error);
  bgrun_url_session_task_set_state (self, BGRUN_URL_SESSION_TASK_STATE_COMPLETED);
  /* Only now that it shows completed may the next task take its place. */
  leave_queue (self);
  if (self->session != NULL)
    bgrun_url_session_task_ended (self->session, self, download);
}

static GError *
cancelled_error (BgrunUrlSessionTask *self)
{
  return g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_CANCELLED,
                      _("The transfer of “%s” was cancelled."), self->uri);
}

static void
answer_resume_data_request (BgrunUrlSessionTask *self)
{
  g_autoptr(GTask) request = g_steal_pointer (&self->resume_data_request);
  GBytes *resume_data;

  if (request == NULL)
    return;
  resume_data = bgrun_url_session_task_get_resume_data (self);
  if (resume_data != NULL)
    g_task_return_pointer (request, resume_data, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_new_error (request, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_RESUME_FAILED,
                             _("Nothing of “%s” was kept to resume from. Start the download again."),
                             self->uri);
}

/* The transfer in flight stopped because it was asked to. */
static void
stopped (BgrunUrlSessionTask *self)
{
  StopIntent stop = self->stop;

  self->stop = STOP_NONE;
  switch (stop)
    {
    case STOP_SUSPEND:
      show_point (self);
      bgrun_url_session_task_save (self);
      if (self->state == BGRUN_URL_SESSION_TASK_STATE_RUNNING)
        start_transfer (self);   /* resumed again before it stopped */
      break;
    case STOP_CANCEL:
      if (self->resume_data_request == NULL)
        remove_partial_file (self);
      complete (self, cancelled_error (self), NULL);
      answer_resume_data_request (self);
      break;
    case STOP_DETACH:
    case STOP_NONE:
      break;
    }
}

/* The transfer in flight ended, after a response with @status_code (0
 * when none came). */
static void
transfer_ended (BgrunUrlSessionTask *self,
                guint                status_code)
{
  self->in_flight = FALSE;
  g_clear_object (&self->cancellable);
  if (status_code != 0)
    bgrun_url_session_task_set_status_code (self, status_code);
}

static void
on_download_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BgrunUrlSessionTask) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) download = NULL;
  guint status_code = 0;
  gboolean ok;

  ok = bgrun_transfer_engine_download_finish (BGRUN_TRANSFER_ENGINE (source), result, &status_code, &error);
  transfer_ended (self, status_code);
  if (self->stop != STOP_NONE)
    {
      stopped (self);
      return;
    }
  if (!ok && retry_later (self, &error, status_code, bgrun_transfer_retry_get_after (result)))
    return;
  if (ok)
    download = move_into_place (self, &error);
  complete (self, g_steal_pointer (&error), download);
}

static void
on_fetch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BgrunUrlSessionTask) self = user_data;
  g_autoptr(GError) error = NULL;
  guint status_code = 0;
  gsize size;

  bgrun_transfer_engine_fetch_finish (BGRUN_TRANSFER_ENGINE (source), result, &status_code,
                                      &self->response_body, &error);
  transfer_ended (self, status_code);
  if (self->stop == STOP_SUSPEND || self->stop == STOP_DETACH)
    {
      /* A fetch cannot continue where it stopped: it starts again. */
      g_clear_pointer (&self->response_body, g_bytes_unref);
      stopped (self);
      return;
    }
  size = self->response_body != NULL ? g_bytes_get_size (self->response_body) : 0;
  bgrun_url_session_task_show_progress (self, size, size);
  if (self->stop == STOP_CANCEL)
    {
      stopped (self);
      return;
    }
  complete (self, g_steal_pointer (&error), NULL);
}

static void
on_upload_terminated (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(BgrunUrlSessionTask) self = user_data;

  bgrun_upload_terminate_finish (BGRUN_TRANSFER_ENGINE (source), result);
  self->in_flight = FALSE;
  stopped (self);
}

/* A cancelled resumable upload whose server named its upload resource
 * tells the server to forget it, then stops. */
static gboolean
terminate_upload (BgrunUrlSessionTask *self)
{
  if (self->upload == NULL || self->upload->upload_url == NULL || self->session == NULL)
    return FALSE;
  self->in_flight = TRUE;
  bgrun_upload_terminate_async (bgrun_url_session_get_engine (self->session), self->upload,
                                on_upload_terminated, g_object_ref (self));
  return TRUE;
}

static void
on_upload_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BgrunUrlSessionTask) self = user_data;
  g_autoptr(GError) error = NULL;
  guint status_code = 0;

  bgrun_upload_finish (BGRUN_TRANSFER_ENGINE (source), result, &status_code, &error);
  transfer_ended (self, status_code);
  if (self->stop == STOP_CANCEL && terminate_upload (self))
    return;
  if (self->stop != STOP_NONE)
    {
      stopped (self);
      return;
    }
  if (error != NULL && retry_later (self, &error, status_code, bgrun_transfer_retry_get_after (result)))
    return;
  complete (self, g_steal_pointer (&error), NULL);
}

static void
start_transfer (BgrunUrlSessionTask *self)
{
  BgrunTransferEngine *engine = bgrun_url_session_get_engine (self->session);

  self->cancellable = g_cancellable_new ();
  self->in_flight = TRUE;
  if (self->kind == BGRUN_URL_SESSION_TASK_KIND_UPLOAD)
    {
      /* The protocol asked for, until the server's answer chose one. */
      if (self->upload->protocol == BGRUN_UPLOAD_PROTOCOL_AUTO)
        self->upload->protocol = self->upload_protocol;
      bgrun_upload_async (engine, self->upload, on_transfer_progress, self,
                          self->cancellable, on_upload_done, g_object_ref (self));
    }
  else if (self->kind == BGRUN_URL_SESSION_TASK_KIND_DATA)
    bgrun_transfer_engine_fetch_async (engine, self->uri, self->cancellable,
                                       on_fetch_done, g_object_ref (self));
  else
    bgrun_transfer_engine_download_async (engine, self->point, on_transfer_progress, self,
                                          self->cancellable, on_download_done, g_object_ref (self));
}

/* Stops the transfer in flight; stopped() finishes the job. */
static gboolean
stop_transfer (BgrunUrlSessionTask *self,
               StopIntent           intent)
{
  if (!self->in_flight)
    return FALSE;
  self->stop = intent;
  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

/* ---- private ------------------------------------------------------------ */

void
bgrun_url_session_task_detach (BgrunUrlSessionTask *self)
{
  leave_queue (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  /* A cancel in flight still ends, and still answers a request for
   * resume data; any other transfer just stops. */
  if (self->stop != STOP_CANCEL)
    stop_transfer (self, STOP_DETACH);
  self->session = NULL;
}

void
bgrun_url_session_task_admit (BgrunUrlSessionTask *self)
{
  bgrun_url_session_task_set_waiting_reason (self, BGRUN_URL_SESSION_WAIT_REASON_NONE);
  bgrun_url_session_task_set_state (self, BGRUN_URL_SESSION_TASK_STATE_RUNNING);
  if (!self->in_flight)
    start_transfer (self);
}

void
bgrun_url_session_task_wait (BgrunUrlSessionTask       *self,
                             BgrunUrlSessionWaitReason  reason)
{
  g_object_freeze_notify (G_OBJECT (self));
  bgrun_url_session_task_set_waiting_reason (self, reason);
  bgrun_url_session_task_set_state (self, BGRUN_URL_SESSION_TASK_STATE_WAITING);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Waiting first: a transfer that stops at once, from within the cancel,
 * then sees that it is not to start again (see stopped()). */
void
bgrun_url_session_task_hold_back (BgrunUrlSessionTask       *self,
                                  BgrunUrlSessionWaitReason  reason)
{
  bgrun_url_session_task_wait (self, reason);
  if (self->state == BGRUN_URL_SESSION_TASK_STATE_WAITING && self->stop == STOP_NONE)
    stop_transfer (self, STOP_SUSPEND);
}

void
bgrun_url_session_task_fail (BgrunUrlSessionTask *self,
                             GError              *error)
{
  complete (self, error, NULL);
}

gint64
bgrun_url_session_task_get_resource_deadline_usec (BgrunUrlSessionTask *self)
{
  if (self->session == NULL)
    return 0;
  return bgrun_transfer_wait_deadline_usec (bgrun_url_session_get_configuration (self->session),
                                            self->resource_start_usec);
}

/* Every kind of transfer ends through this: TRUE when the failure *@error
 * of an attempt that got @status_code (0: none) and @retry_after (the
 * response's Retry-After, or NULL) is tried again later (the task then
 * waits, BGRUN_URL_SESSION_WAIT_REASON_RETRY); FALSE when the task is to
 * complete with *@error, which may have become TIMED_OUT when the time
 * for the resource is over. Only background tasks are retried: a default
 * session's task fails as the app sees it, as on Apple's platforms. */
static gboolean
retry_later (BgrunUrlSessionTask  *self,
             GError              **error,
             guint                 status_code,
             const char           *retry_after)
{
  BgrunUrlSessionConfiguration *config;
  BgrunTransferQueue *queue;
  gint64 now_usec, delay_usec;

  if (self->session == NULL)
    return FALSE;
  config = bgrun_url_session_get_configuration (self->session);
  if (bgrun_url_session_configuration_get_identifier (config) == NULL)
    return FALSE;
  queue = bgrun_url_session_get_queue (self->session);
  now_usec = bgrun_transfer_queue_get_now_usec (queue);
  delay_usec = bgrun_transfer_retry_next (error, status_code, retry_after, ++self->attempts,
                                          now_usec, bgrun_url_session_task_get_resource_deadline_usec (self));
  if (delay_usec < 0)
    return FALSE;
  if (self->kind != BGRUN_URL_SESSION_TASK_KIND_DATA)
    show_point (self);
  bgrun_url_session_task_wait (self, BGRUN_URL_SESSION_WAIT_REASON_RETRY);
  bgrun_transfer_queue_remove (queue, self);
  bgrun_transfer_queue_add (queue, self, now_usec + delay_usec);
  return TRUE;
}

/* ---- public ------------------------------------------------------------- */

/* The expected checksum the app set cannot be verified: the task fails
 * before anything is transferred. */
static void
fail_invalid_checksum (BgrunUrlSessionTask *self)
{
  GError *error = g_error_new (BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_INVALID_VALUE,
                               _("The expected-checksum “%s” of the download of “%s” cannot be verified: give “sha256:” and 64 hexadecimal digits, or none."),
                               self->invalid_checksum, self->uri);

  complete (self, error, NULL);
}

/**
 * bgrun_url_session_task_resume:
 * @self: a task
 *
 * Starts a suspended task, or continues it where it was suspended. The
 * task is %BGRUN_URL_SESSION_TASK_STATE_WAITING, with its
 * [property@Bgrun.UrlSessionTask:waiting-reason], while something holds
 * it back: an [property@Bgrun.UrlSessionTask:earliest-begin-date] still to
 * come, the network or the battery (see
 * [class@Bgrun.UrlSessionConfiguration]), or the connection limits. A task
 * of a default session that may not wait for the network
 * ([property@Bgrun.UrlSessionConfiguration:waits-for-connectivity])
 * completes at once with %BGRUN_URL_SESSION_ERROR_NETWORK_LOST instead,
 * and a background task that still waits when its
 * [property@Bgrun.UrlSessionConfiguration:timeout-for-resource] is over
 * completes with %BGRUN_URL_SESSION_ERROR_TIMED_OUT.
 * Does nothing to a task that runs, waits or ended.
 */
void
bgrun_url_session_task_resume (BgrunUrlSessionTask *self)
{
  BgrunTransferQueue *queue;

  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  if (self->state != BGRUN_URL_SESSION_TASK_STATE_SUSPENDED || self->ended || self->session == NULL)
    return;
  /* bgrund has the same value, and fails its task the same way. */
  if (self->mirror)
    {
      bgrun_url_session_task_control (self, "resume");
      return;
    }
  if (self->invalid_checksum != NULL)
    {
      fail_invalid_checksum (self);
      return;
    }
  queue = bgrun_url_session_get_queue (self->session);
  if (self->resource_start_usec == 0)
    self->resource_start_usec = bgrun_transfer_queue_get_now_usec (queue);
  bgrun_transfer_queue_add (queue, self, 0);
}

/**
 * bgrun_url_session_task_suspend:
 * @self: a task
 *
 * Pauses a running or waiting task. A download keeps what it received and
 * continues from there at the next [method@Bgrun.UrlSessionTask.resume],
 * as a resumable upload continues from the offset its server has (a plain
 * upload and a data task start again). Does nothing to a task that is suspended or
 * ended.
 */
void
bgrun_url_session_task_suspend (BgrunUrlSessionTask *self)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  if (self->ended ||
      (self->state != BGRUN_URL_SESSION_TASK_STATE_RUNNING &&
       self->state != BGRUN_URL_SESSION_TASK_STATE_WAITING))
    return;
  if (self->mirror)
    {
      bgrun_url_session_task_control (self, "suspend");
      return;
    }
  stop_transfer (self, STOP_SUSPEND);
  bgrun_url_session_task_set_state (self, BGRUN_URL_SESSION_TASK_STATE_SUSPENDED);
  leave_queue (self);
}

static void
cancel_with (BgrunUrlSessionTask *self)
{
  bgrun_url_session_task_set_state (self, BGRUN_URL_SESSION_TASK_STATE_CANCELING);
  leave_queue (self);
  if (stop_transfer (self, STOP_CANCEL))
    return;
  self->stop = STOP_CANCEL;
  if (!terminate_upload (self))
    stopped (self);
}

/**
 * bgrun_url_session_task_cancel:
 * @self: a task
 *
 * Cancels the task: it becomes %BGRUN_URL_SESSION_TASK_STATE_CANCELING,
 * then completes with %BGRUN_URL_SESSION_ERROR_CANCELLED (at once when
 * nothing was in flight). What a download received is removed; the server
 * of a resumable upload is asked to forget what it received. Does
 * nothing to a task that ended or is being cancelled.
 */
void
bgrun_url_session_task_cancel (BgrunUrlSessionTask *self)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  if (self->ended || self->state == BGRUN_URL_SESSION_TASK_STATE_CANCELING)
    return;
  if (self->mirror)
    bgrun_url_session_task_control (self, "cancel");
  else
    cancel_with (self);
}

/**
 * bgrun_url_session_task_cancel_with_resume_data_async:
 * @self: a download task
 * @cancellable: (nullable): cancels waiting for the resume data (the task
 *   is cancelled all the same)
 * @callback: called when the task stopped
 * @user_data: data for @callback
 *
 * Cancels a download, keeping what it received: once the transfer has
 * stopped, the task completes with %BGRUN_URL_SESSION_ERROR_CANCELLED and
 * @callback gets the resume data, for
 * [method@Bgrun.UrlSession.download_with_resume_data]. Call
 * [method@Bgrun.UrlSessionTask.cancel_with_resume_data_finish] from it.
 */
void
bgrun_url_session_task_cancel_with_resume_data_async (BgrunUrlSessionTask *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bgrun_url_session_task_cancel_with_resume_data_async);
  if (self->kind != BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD || self->ended ||
      self->state == BGRUN_URL_SESSION_TASK_STATE_CANCELING)
    {
      g_task_return_new_error (task, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                               _("The transfer of “%s” is not a download that runs: there is no resume data to give."),
                               self->uri);
      return;
    }
  if (self->mirror)
    bgrun_url_session_task_cancel_mirror_with_resume_data (self, g_steal_pointer (&task));
  else
    {
      self->resume_data_request = g_steal_pointer (&task);
      cancel_with (self);
    }
}

/**
 * bgrun_url_session_task_cancel_with_resume_data_finish:
 * @self: a download task
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Finishes [method@Bgrun.UrlSessionTask.cancel_with_resume_data_async].
 * Fails with %BGRUN_URL_SESSION_ERROR_NOT_ALLOWED when the task was not a
 * download that could be cancelled, with
 * %BGRUN_URL_SESSION_ERROR_RESUME_FAILED when nothing was kept (the
 * partial file was removed meanwhile), or with %G_IO_ERROR_CANCELLED when
 * the wait was cancelled.
 *
 * Returns: (transfer full): the resume data
 */
GBytes *
bgrun_url_session_task_cancel_with_resume_data_finish (BgrunUrlSessionTask  *self,
                                                       GAsyncResult         *result,
                                                       GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        bgrun_url_session_task_cancel_with_resume_data_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * bgrun_url_session_task_get_resume_data:
 * @self: a task
 *
 * Gets the resume data of a download that failed or was cancelled with
 * [method@Bgrun.UrlSessionTask.cancel_with_resume_data_async]: opaque
 * bytes that [method@Bgrun.UrlSession.download_with_resume_data] turns
 * into a new task continuing from what was received (or from zero, when
 * the server gave no `ETag` or `Last-Modified`). It can be used once.
 *
 * The bytes received are kept in the app's state directory until the
 * resume data is used.
 *
 * Returns: (transfer full) (nullable): the resume data, or %NULL when the
 *   task is not a download that ended with what it received kept
 */
GBytes *
bgrun_url_session_task_get_resume_data (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);

  if (self->mirror && self->state == BGRUN_URL_SESSION_TASK_STATE_COMPLETED && self->error != NULL)
    return self->mirror_resume_data != NULL ? g_bytes_ref (self->mirror_resume_data) : NULL;
  if (self->kind != BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD ||
      self->state != BGRUN_URL_SESSION_TASK_STATE_COMPLETED ||
      self->error == NULL || self->mirror ||
      !g_file_test (self->point->partial_path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return bgrun_resume_data_to_bytes (self->point);
}
