/* bgrun-url-session-task.c: one transfer of a URL session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "bgrun-enum-types.h"
#include "bgrun-i18n-private.h"
#include "bgrun-time-private.h"
#include "bgrun-transfer-retry-private.h"
#include "bgrun-transfer-wait-private.h"
#include "bgrun-upload-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-private.h"
#include "bgrun-url-session-remote-private.h"
#include "bgrun-url-session-view-private.h"

/**
 * BgrunUrlSessionTask:
 *
 * One transfer of a [class@Bgrun.UrlSession]: a download to a file
 * ([method@Bgrun.UrlSession.download]), an upload from a file
 * ([method@Bgrun.UrlSession.upload]) or a fetch into memory
 * ([method@Bgrun.UrlSession.data]).
 *
 * Tasks are created %BGRUN_URL_SESSION_TASK_STATE_SUSPENDED, so their
 * properties (such as [property@Bgrun.UrlSessionTask:expected-checksum])
 * can be set first; [method@Bgrun.UrlSessionTask.resume] starts them. A
 * task ends %BGRUN_URL_SESSION_TASK_STATE_COMPLETED, with
 * [property@Bgrun.UrlSessionTask:error] set when it failed; its session
 * emits [signal@Bgrun.UrlSession::task-completed] then.
 *
 * The progress properties ([property@Bgrun.UrlSessionTask:bytes-received],
 * [property@Bgrun.UrlSessionTask:bytes-expected], for uploads
 * [property@Bgrun.UrlSessionTask:bytes-sent] and
 * [property@Bgrun.UrlSessionTask:bytes-expected-to-send], and
 * [property@Bgrun.UrlSessionTask:fraction]) are notified at most ten times
 * a second, so they can be bound to a progress bar directly; their final
 * values are always notified before the task completes.
 *
 * A download that failed, or was cancelled with
 * [method@Bgrun.UrlSessionTask.cancel_with_resume_data_async], keeps what
 * it received: its resume data continues it from there in a new task
 * ([method@Bgrun.UrlSession.download_with_resume_data]).
 *
 * Everything happens on the thread of the main context that was the
 * thread-default one when the session was created.
 */

/* At most this often a task notifies its progress properties. */
#define PROGRESS_INTERVAL_USEC (G_USEC_PER_SEC / 10)
/* At most this often a running download records its offset. */
#define SAVE_INTERVAL_USEC G_USEC_PER_SEC

/* What the transfer in flight should turn into when it stops. */
typedef enum {
  STOP_NONE,
  STOP_SUSPEND,
  STOP_CANCEL,
  STOP_DETACH,
} StopIntent;

struct _BgrunUrlSessionTask
{
  GObject parent_instance;

  BgrunUrlSession          *session;        /* not owned, NULL once detached */
  guint64                   task_identifier;
  BgrunUrlSessionTaskKind   kind;
  char                     *uri;
  BgrunUrlSessionTaskState  state;
  gboolean                  ended;          /* completing or completed */
  BgrunResumeData          *point;          /* downloads: the engine's */
  BgrunUploadPoint         *upload;         /* uploads: the engine's */

  /* What the progress properties show, refreshed from point at most
   * every PROGRESS_INTERVAL_USEC. */
  gint64                    bytes_received;
  gint64                    bytes_expected;
  gint64                    bytes_sent;
  gint64                    bytes_expected_to_send;
  gint64                    last_progress_usec;
  guint                     progress_source;
  gint64                    last_save_usec;

  guint                     status_code;
  GError                   *error;
  GBytes                   *response_body;
  GDateTime                *earliest_begin_date;
  BgrunUrlSessionWaitReason waiting_reason;
  guint                     attempts;       /* failed in a row */
  gint64                    resource_start_usec;  /* first resume, 0 before */
  double                    priority;
  char                     *description;
  BgrunUploadProtocol       upload_protocol;

  GCancellable             *cancellable;    /* of the transfer in flight */
  gboolean                  in_flight;
  StopIntent                stop;
  GTask                     *resume_data_request;  /* cancel_with_resume_data */

  /* A mirror shows a task that runs in bgrund (the daemon placement) and
   * sends the app's calls there. */
  gboolean                  mirror;
  gboolean                  applying;       /* showing the daemon's view */
  GBytes                   *mirror_resume_data;
};

G_DEFINE_FINAL_TYPE (BgrunUrlSessionTask, bgrun_url_session_task, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TASK_IDENTIFIER,
  PROP_URI,
  PROP_KIND,
  PROP_STATE,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_EXPECTED,
  PROP_BYTES_SENT,
  PROP_BYTES_EXPECTED_TO_SEND,
  PROP_FRACTION,
  PROP_STATUS_CODE,
  PROP_ERROR,
  PROP_EARLIEST_BEGIN_DATE,
  PROP_PRIORITY,
  PROP_EXPECTED_CHECKSUM,
  PROP_UPLOAD_PROTOCOL,
  PROP_DESCRIPTION,
  PROP_WAITING_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_transfer (BgrunUrlSessionTask *self);

/* ---- state and progress ------------------------------------------------- */

/* Records the task, until it ended: then its record is gone for good. */
static void
save (BgrunUrlSessionTask *self)
{
  self->last_save_usec = g_get_monotonic_time ();
  if (self->session != NULL && !self->ended)
    bgrun_url_session_save_task (self->session, self);
}

static void
set_state (BgrunUrlSessionTask      *self,
           BgrunUrlSessionTaskState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  save (self);
}

static void
set_waiting_reason (BgrunUrlSessionTask       *self,
                    BgrunUrlSessionWaitReason  reason)
{
  if (self->waiting_reason == reason)
    return;
  self->waiting_reason = reason;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING_REASON]);
  /* bgrunctl shows why a recorded task waits. (Leaving the queue clears
   * the reason, also when the session goes away: the record keeps the
   * last one.) */
  if (self->state == BGRUN_URL_SESSION_TASK_STATE_WAITING && reason != BGRUN_URL_SESSION_WAIT_REASON_NONE)
    save (self);
}

/* Out of the session's queue: not waiting, not holding a connection. */
static void
leave_queue (BgrunUrlSessionTask *self)
{
  if (self->session != NULL)
    bgrun_transfer_queue_remove (bgrun_url_session_get_queue (self->session), self);
  set_waiting_reason (self, BGRUN_URL_SESSION_WAIT_REASON_NONE);
}

static void
set_status_code (BgrunUrlSessionTask *self,
                 guint                status_code)
{
  if (self->status_code == status_code)
    return;
  self->status_code = status_code;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_CODE]);
}

static double
fraction_of (gint64 received,
             gint64 expected)
{
  if (expected <= 0)
    return expected == 0 ? 1.0 : 0.0;
  return CLAMP ((double) received / (double) expected, 0.0, 1.0);
}

/* Shows @received of @expected now, notifying what changed. */
static void
show_progress (BgrunUrlSessionTask *self,
               gint64               received,
               gint64               expected)
{
  double old_fraction = fraction_of (self->bytes_received, self->bytes_expected);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->last_progress_usec = g_get_monotonic_time ();
  g_object_freeze_notify (G_OBJECT (self));
  if (self->bytes_received != received)
    {
      self->bytes_received = received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
    }
  if (self->bytes_expected != expected)
    {
      self->bytes_expected = expected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_EXPECTED]);
    }
  if (fraction_of (received, expected) != old_fraction)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Shows @sent of @size of an upload now, notifying what changed. */
static void
show_sending (BgrunUrlSessionTask *self,
              gint64               sent,
              gint64               size)
{
  double old_fraction = fraction_of (self->bytes_sent, self->bytes_expected_to_send);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->last_progress_usec = g_get_monotonic_time ();
  g_object_freeze_notify (G_OBJECT (self));
  if (self->bytes_sent != sent)
    {
      self->bytes_sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
    }
  if (self->bytes_expected_to_send != size)
    {
      self->bytes_expected_to_send = size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_EXPECTED_TO_SEND]);
    }
  if (fraction_of (sent, size) != old_fraction)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
show_point (BgrunUrlSessionTask *self)
{
  if (self->upload != NULL)
    show_sending (self, (gint64) self->upload->sent, (gint64) self->upload->size);
  else
    show_progress (self, (gint64) self->point->offset, self->point->expected);
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
    save (self);
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
  g_clear_error (&self->error);
  self->error = error;
  if (error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_state (self, BGRUN_URL_SESSION_TASK_STATE_COMPLETED);
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
      save (self);
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
  self->in_flight = FALSE;
  g_clear_object (&self->cancellable);
  if (status_code != 0)
    set_status_code (self, status_code);
  if (self->stop != STOP_NONE)
    {
      stopped (self);
      return;
    }
  if (!ok && bgrun_url_session_task_retry_later (self, &error, status_code,
                                                 bgrun_transfer_retry_get_after (result)))
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
  self->in_flight = FALSE;
  g_clear_object (&self->cancellable);
  if (status_code != 0)
    set_status_code (self, status_code);
  if (self->stop == STOP_SUSPEND || self->stop == STOP_DETACH)
    {
      /* A fetch cannot continue where it stopped: it starts again. */
      g_clear_pointer (&self->response_body, g_bytes_unref);
      stopped (self);
      return;
    }
  size = self->response_body != NULL ? g_bytes_get_size (self->response_body) : 0;
  show_progress (self, size, size);
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
  self->in_flight = FALSE;
  g_clear_object (&self->cancellable);
  if (status_code != 0)
    set_status_code (self, status_code);
  if (self->stop == STOP_CANCEL && terminate_upload (self))
    return;
  if (self->stop != STOP_NONE)
    {
      stopped (self);
      return;
    }
  if (error != NULL && bgrun_url_session_task_retry_later (self, &error, status_code,
                                                          bgrun_transfer_retry_get_after (result)))
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

/* ---- GObject ------------------------------------------------------------ */

static void
bgrun_url_session_task_dispose (GObject *object)
{
  BgrunUrlSessionTask *self = BGRUN_URL_SESSION_TASK (object);

  g_clear_handle_id (&self->progress_source, g_source_remove);

  G_OBJECT_CLASS (bgrun_url_session_task_parent_class)->dispose (object);
}

static void
bgrun_url_session_task_finalize (GObject *object)
{
  BgrunUrlSessionTask *self = BGRUN_URL_SESSION_TASK (object);

  g_free (self->uri);
  g_clear_pointer (&self->point, bgrun_resume_data_free);
  g_clear_pointer (&self->upload, bgrun_upload_point_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  g_clear_pointer (&self->earliest_begin_date, g_date_time_unref);
  g_free (self->description);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->mirror_resume_data, g_bytes_unref);

  G_OBJECT_CLASS (bgrun_url_session_task_parent_class)->finalize (object);
}

static void
bgrun_url_session_task_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  BgrunUrlSessionTask *self = BGRUN_URL_SESSION_TASK (object);

  switch (prop_id)
    {
    case PROP_TASK_IDENTIFIER:
      g_value_set_uint64 (value, self->task_identifier);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_int64 (value, self->bytes_received);
      break;
    case PROP_BYTES_EXPECTED:
      g_value_set_int64 (value, self->bytes_expected);
      break;
    case PROP_BYTES_SENT:
      g_value_set_int64 (value, self->bytes_sent);
      break;
    case PROP_BYTES_EXPECTED_TO_SEND:
      g_value_set_int64 (value, self->bytes_expected_to_send);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, bgrun_url_session_task_get_fraction (self));
      break;
    case PROP_STATUS_CODE:
      g_value_set_uint (value, self->status_code);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_EARLIEST_BEGIN_DATE:
      g_value_set_boxed (value, self->earliest_begin_date);
      break;
    case PROP_PRIORITY:
      g_value_set_double (value, self->priority);
      break;
    case PROP_EXPECTED_CHECKSUM:
      g_value_set_string (value, bgrun_url_session_task_get_expected_checksum (self));
      break;
    case PROP_UPLOAD_PROTOCOL:
      g_value_set_enum (value, self->upload_protocol);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_WAITING_REASON:
      g_value_set_enum (value, self->waiting_reason);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_task_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  BgrunUrlSessionTask *self = BGRUN_URL_SESSION_TASK (object);

  switch (prop_id)
    {
    case PROP_EARLIEST_BEGIN_DATE:
      bgrun_url_session_task_set_earliest_begin_date (self, g_value_get_boxed (value));
      break;
    case PROP_PRIORITY:
      bgrun_url_session_task_set_priority (self, g_value_get_double (value));
      break;
    case PROP_EXPECTED_CHECKSUM:
      bgrun_url_session_task_set_expected_checksum (self, g_value_get_string (value));
      break;
    case PROP_UPLOAD_PROTOCOL:
      bgrun_url_session_task_set_upload_protocol (self, g_value_get_enum (value));
      break;
    case PROP_DESCRIPTION:
      bgrun_url_session_task_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bgrun_url_session_task_class_init (BgrunUrlSessionTaskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = bgrun_url_session_task_dispose;
  object_class->finalize = bgrun_url_session_task_finalize;
  object_class->get_property = bgrun_url_session_task_get_property;
  object_class->set_property = bgrun_url_session_task_set_property;

  /**
   * BgrunUrlSessionTask:task-identifier:
   *
   * The task's number, unique within its session. A background session's
   * numbers never repeat, so the number finds the task again after the
   * session was created anew.
   */
  properties[PROP_TASK_IDENTIFIER] =
    g_param_spec_uint64 ("task-identifier", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  /**
   * BgrunUrlSessionTask:uri:
   *
   * The URI the task transfers from.
   */
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL, ro);

  /**
   * BgrunUrlSessionTask:kind:
   *
   * What the task transfers.
   */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, BGRUN_TYPE_URL_SESSION_TASK_KIND,
                       BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD, ro);

  /**
   * BgrunUrlSessionTask:state:
   *
   * Where the task stands.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, BGRUN_TYPE_URL_SESSION_TASK_STATE,
                       BGRUN_URL_SESSION_TASK_STATE_SUSPENDED, ro);

  /**
   * BgrunUrlSessionTask:bytes-received:
   *
   * How many bytes of the body were received. It can go down: when the
   * server answers a resumed download with the whole body, the download
   * starts again from zero.
   */
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_int64 ("bytes-received", NULL, NULL, 0, G_MAXINT64, 0, ro);

  /**
   * BgrunUrlSessionTask:bytes-expected:
   *
   * How long the whole body is, or -1 while it is not known.
   */
  properties[PROP_BYTES_EXPECTED] =
    g_param_spec_int64 ("bytes-expected", NULL, NULL, -1, G_MAXINT64, -1, ro);

  /**
   * BgrunUrlSessionTask:bytes-sent:
   *
   * How many bytes of an upload's body were sent; 0 for downloads and
   * data tasks. It can go down: a resumable upload shows the offset its
   * server confirmed when it continues, and a plain one that has to start
   * again starts from zero.
   */
  properties[PROP_BYTES_SENT] =
    g_param_spec_int64 ("bytes-sent", NULL, NULL, 0, G_MAXINT64, 0, ro);

  /**
   * BgrunUrlSessionTask:bytes-expected-to-send:
   *
   * How long an upload's body is; 0 for downloads and data tasks.
   */
  properties[PROP_BYTES_EXPECTED_TO_SEND] =
    g_param_spec_int64 ("bytes-expected-to-send", NULL, NULL, -1, G_MAXINT64, 0, ro);

  /**
   * BgrunUrlSessionTask:fraction:
   *
   * How much of the body was received (of an upload: sent), from 0 to 1;
   * 0 while the length is not known.
   */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0, ro);

  /**
   * BgrunUrlSessionTask:status-code:
   *
   * The HTTP status of the last response, or 0 before one came.
   */
  properties[PROP_STATUS_CODE] =
    g_param_spec_uint ("status-code", NULL, NULL, 0, 999, 0, ro);

  /**
   * BgrunUrlSessionTask:error:
   *
   * Why the task failed, in the [error@Bgrun.UrlSessionError] domain, or
   * %NULL while it did not.
   */
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);

  /**
   * BgrunUrlSessionTask:earliest-begin-date:
   *
   * When the task may start at the earliest, or %NULL for at once. A task
   * resumed before then is %BGRUN_URL_SESSION_TASK_STATE_WAITING
   * (%BGRUN_URL_SESSION_WAIT_REASON_EARLIEST_BEGIN_DATE) until that date,
   * read from the clock of the session's [class@Bgrun.Scheduler].
   */
  properties[PROP_EARLIEST_BEGIN_DATE] =
    g_param_spec_boxed ("earliest-begin-date", NULL, NULL, G_TYPE_DATE_TIME, rw);

  /**
   * BgrunUrlSessionTask:priority:
   *
   * How much the task matters compared with its session's other tasks,
   * from 0 (least) to 1 (most), 0.5 by default. When the connection limits
   * hold tasks back, the waiting task with the highest priority starts
   * first, and tasks of the same priority start in the order they were
   * resumed.
   */
  properties[PROP_PRIORITY] =
    g_param_spec_double ("priority", NULL, NULL, 0, 1, 0.5, rw);

  /**
   * BgrunUrlSessionTask:expected-checksum:
   *
   * The checksum the downloaded body must have, `sha256:` and 64
   * hexadecimal digits, or %NULL for none. It is computed while the body
   * streams in (on resume, only the part already on disk is read again);
   * a body that does not match fails the task with
   * %BGRUN_URL_SESSION_ERROR_CHECKSUM_MISMATCH and is removed. Set it
   * before [method@Bgrun.UrlSessionTask.resume].
   */
  properties[PROP_EXPECTED_CHECKSUM] =
    g_param_spec_string ("expected-checksum", NULL, NULL, NULL, rw);

  /**
   * BgrunUrlSessionTask:upload-protocol:
   *
   * The protocol a resumable upload ([method@Bgrun.UrlSession.upload]
   * with `resumable`) speaks; set it before
   * [method@Bgrun.UrlSessionTask.resume]. With
   * %BGRUN_UPLOAD_PROTOCOL_AUTO the upload asks the server with `OPTIONS`
   * first: tus when the answer has a `Tus-Resumable` or `Tus-Version`
   * header, else the IETF draft. Plain uploads ignore it.
   */
  properties[PROP_UPLOAD_PROTOCOL] =
    g_param_spec_enum ("upload-protocol", NULL, NULL, BGRUN_TYPE_UPLOAD_PROTOCOL,
                       BGRUN_UPLOAD_PROTOCOL_AUTO, rw);

  /**
   * BgrunUrlSessionTask:description:
   *
   * What the task is for, in words the app chooses (shown by tools that
   * list transfers), or %NULL.
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL, rw);

  /**
   * BgrunUrlSessionTask:waiting-reason:
   *
   * Why the task is %BGRUN_URL_SESSION_TASK_STATE_WAITING (a begin date
   * ahead, no network, a metered network, power saving, a low battery, a
   * retry after a failure, a connection limit), or
   * %BGRUN_URL_SESSION_WAIT_REASON_NONE in any other state. The task
   * starts by itself when the reason is gone; the reason changes when
   * another one holds it back.
   */
  properties[PROP_WAITING_REASON] =
    g_param_spec_enum ("waiting-reason", NULL, NULL, BGRUN_TYPE_URL_SESSION_WAIT_REASON,
                       BGRUN_URL_SESSION_WAIT_REASON_NONE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bgrun_url_session_task_init (BgrunUrlSessionTask *self)
{
  self->state = BGRUN_URL_SESSION_TASK_STATE_SUSPENDED;
  self->bytes_expected = -1;
  self->priority = 0.5;
}

/* ---- private ------------------------------------------------------------ */

BgrunUrlSessionTask *
bgrun_url_session_task_new (BgrunUrlSession         *session,
                            guint64                  task_identifier,
                            BgrunUrlSessionTaskKind  kind,
                            BgrunResumeData         *point)
{
  BgrunUrlSessionTask *self = g_object_new (BGRUN_TYPE_URL_SESSION_TASK, NULL);

  self->session = session;
  self->task_identifier = task_identifier;
  self->kind = kind;
  self->point = point;
  self->uri = g_strdup (point->uri);
  self->bytes_received = (gint64) point->offset;
  self->bytes_expected = point->expected;
  return self;
}

GVariant *
bgrun_url_session_task_to_record (BgrunUrlSessionTask *self)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_uint64 (self->task_identifier));
  g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_uint32 (self->kind));
  g_variant_builder_add (&builder, "{sv}", "state", g_variant_new_uint32 (self->state));
  g_variant_builder_add (&builder, "{sv}", "waiting-reason", g_variant_new_uint32 (self->waiting_reason));
  g_variant_builder_add (&builder, "{sv}", "point", bgrun_resume_data_to_variant (self->point));
  g_variant_builder_add (&builder, "{sv}", "priority", g_variant_new_double (self->priority));
  g_variant_builder_add (&builder, "{sv}", "upload-protocol", g_variant_new_uint32 (self->upload_protocol));
  if (self->upload != NULL)
    g_variant_builder_add (&builder, "{sv}", "upload", bgrun_upload_point_to_variant (self->upload));
  if (self->description != NULL)
    g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (self->description));
  if (self->earliest_begin_date != NULL)
    g_variant_builder_add (&builder, "{sv}", "earliest-begin-date",
                           g_variant_new_int64 (bgrun_time_to_usec (self->earliest_begin_date)));
  if (self->resource_start_usec != 0)
    g_variant_builder_add (&builder, "{sv}", "resource-start", g_variant_new_int64 (self->resource_start_usec));
  return g_variant_builder_end (&builder);
}

BgrunUrlSessionTask *
bgrun_url_session_task_new_upload (BgrunUrlSession  *session,
                                   guint64           task_identifier,
                                   BgrunUploadPoint *upload)
{
  BgrunUrlSessionTask *self;

  self = bgrun_url_session_task_new (session, task_identifier, BGRUN_URL_SESSION_TASK_KIND_UPLOAD,
                                     bgrun_resume_data_new (upload->uri, NULL));
  self->upload = upload;
  self->bytes_sent = (gint64) upload->sent;
  self->bytes_expected_to_send = (gint64) upload->size;
  return self;
}

static BgrunUrlSessionTask *
upload_from_record (BgrunUrlSession *session,
                    guint64          task_identifier,
                    GVariant        *record)
{
  g_autoptr(GVariant) dict = g_variant_lookup_value (record, "upload", G_VARIANT_TYPE_VARDICT);
  BgrunUploadPoint *upload = dict != NULL ? bgrun_upload_point_from_variant (dict) : NULL;

  if (upload == NULL)
    return NULL;
  /* A plain upload cannot continue: it starts again. */
  if (!upload->resumable)
    upload->offset = upload->sent = 0;
  return bgrun_url_session_task_new_upload (session, task_identifier, upload);
}

/* NULL when @record is malformed. A task recorded while running comes
 * back suspended, with @was_running set, for the session to resume. */
BgrunUrlSessionTask *
bgrun_url_session_task_new_from_record (BgrunUrlSession *session,
                                        GVariant        *record,
                                        gboolean        *was_running)
{
  g_autoptr(GVariant) point_dict = NULL;
  BgrunResumeData *point;
  BgrunUrlSessionTask *self;
  GStatBuf st;
  guint64 id;
  guint32 kind, state, protocol = BGRUN_UPLOAD_PROTOCOL_AUTO;
  gint64 begin_usec;

  if (!g_variant_lookup (record, "id", "t", &id) ||
      !g_variant_lookup (record, "kind", "u", &kind) ||
      !g_variant_lookup (record, "state", "u", &state))
    return NULL;
  if (kind == BGRUN_URL_SESSION_TASK_KIND_UPLOAD)
    self = upload_from_record (session, id, record);
  else if (kind != BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD ||
           (point_dict = g_variant_lookup_value (record, "point", G_VARIANT_TYPE_VARDICT)) == NULL ||
           (point = bgrun_resume_data_from_variant (point_dict)) == NULL)
    return NULL;
  else
    {
      /* What is on disk is what was received, whatever was last recorded. */
      point->offset = g_stat (point->partial_path, &st) == 0 ? (guint64) st.st_size : 0;
      if (point->expected >= 0 && point->offset > (guint64) point->expected)
        point->offset = 0;
      self = bgrun_url_session_task_new (session, id, kind, point);
    }
  if (self == NULL)
    return NULL;
  g_variant_lookup (record, "priority", "d", &self->priority);
  self->priority = CLAMP (self->priority, 0.0, 1.0);
  g_variant_lookup (record, "upload-protocol", "u", &protocol);
  self->upload_protocol = protocol <= BGRUN_UPLOAD_PROTOCOL_TUS ? protocol : BGRUN_UPLOAD_PROTOCOL_AUTO;
  g_variant_lookup (record, "description", "s", &self->description);
  if (g_variant_lookup (record, "earliest-begin-date", "x", &begin_usec))
    self->earliest_begin_date = bgrun_time_from_usec (begin_usec);
  g_variant_lookup (record, "resource-start", "x", &self->resource_start_usec);
  *was_running = state == BGRUN_URL_SESSION_TASK_STATE_RUNNING ||
                 state == BGRUN_URL_SESSION_TASK_STATE_WAITING;
  return self;
}

void
bgrun_url_session_task_detach (BgrunUrlSessionTask *self)
{
  leave_queue (self);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  stop_transfer (self, STOP_DETACH);
  self->session = NULL;
}

/* ---- mirrors ------------------------------------------------------------ */

/* The daemon's values of what the app may set, without sending them back. */
static void
apply_settings (BgrunUrlSessionTask *self,
                GVariant            *view)
{
  g_autoptr(GDateTime) begin = NULL;
  const char *text = NULL;
  gint64 begin_usec;
  double priority;
  guint32 protocol;

  self->applying = TRUE;
  if (g_variant_lookup (view, "priority", "d", &priority))
    bgrun_url_session_task_set_priority (self, CLAMP (priority, 0.0, 1.0));
  if (g_variant_lookup (view, "upload-protocol", "u", &protocol) && protocol <= BGRUN_UPLOAD_PROTOCOL_TUS)
    bgrun_url_session_task_set_upload_protocol (self, protocol);
  if (!g_variant_lookup (view, "description", "&s", &text))
    text = NULL;
  bgrun_url_session_task_set_description (self, text);
  if (g_variant_lookup (view, "earliest-begin-date", "x", &begin_usec))
    begin = bgrun_time_from_usec (begin_usec);
  bgrun_url_session_task_set_earliest_begin_date (self, begin);
  if (!g_variant_lookup (view, "expected-checksum", "&s", &text) || !bgrun_resume_data_checksum_is_valid (text))
    text = NULL;
  if (self->kind == BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD)
    bgrun_url_session_task_set_expected_checksum (self, text);
  self->applying = FALSE;
}

static void
apply_error (BgrunUrlSessionTask *self,
             GVariant            *view)
{
  g_autoptr(GVariant) error_view = g_variant_lookup_value (view, "error", G_VARIANT_TYPE ("(sis)"));
  g_autoptr(GError) error = error_view != NULL ? bgrun_url_session_error_from_view (error_view) : NULL;

  if (self->error == error ||
      (self->error != NULL && error != NULL && g_error_matches (self->error, error->domain, error->code) &&
       g_strcmp0 (self->error->message, error->message) == 0))
    return;
  g_clear_error (&self->error);
  self->error = g_steal_pointer (&error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Shows @view, the task as bgrund has it, notifying what changed. What
 * the app may set is taken only @with_settings: the app alone changes
 * those, so a view sent before its last change would undo it. */
void
bgrun_url_session_task_apply_view (BgrunUrlSessionTask *self,
                                   GVariant            *view,
                                   gboolean             with_settings)
{
  gint64 received = self->bytes_received, expected = self->bytes_expected;
  gint64 sent = self->bytes_sent, to_send = self->bytes_expected_to_send;
  guint32 state = self->state, reason = self->waiting_reason, status_code = self->status_code;

  g_object_freeze_notify (G_OBJECT (self));
  g_variant_lookup (view, "bytes-received", "x", &received);
  g_variant_lookup (view, "bytes-expected", "x", &expected);
  g_variant_lookup (view, "bytes-sent", "x", &sent);
  g_variant_lookup (view, "bytes-expected-to-send", "x", &to_send);
  if (self->kind == BGRUN_URL_SESSION_TASK_KIND_UPLOAD)
    show_sending (self, MAX (sent, 0), to_send);
  else
    show_progress (self, MAX (received, 0), expected);
  if (g_variant_lookup (view, "status-code", "u", &status_code))
    set_status_code (self, MIN (status_code, 999));
  if (g_variant_lookup (view, "waiting-reason", "u", &reason) && reason <= BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT)
    set_waiting_reason (self, reason);
  if (with_settings)
    apply_settings (self, view);
  apply_error (self, view);
  if (g_variant_lookup (view, "state", "u", &state) && state <= BGRUN_URL_SESSION_TASK_STATE_COMPLETED)
    {
      self->ended = state == BGRUN_URL_SESSION_TASK_STATE_COMPLETED;
      set_state (self, state);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* A mirror of the task @view shows, or NULL when @view lacks what makes
 * a task. */
BgrunUrlSessionTask *
bgrun_url_session_task_new_mirror (BgrunUrlSession *session,
                                   GVariant        *view)
{
  BgrunUrlSessionTask *self;
  const char *uri;
  guint64 id;
  guint32 kind;

  if (!g_variant_lookup (view, "id", "t", &id) ||
      !g_variant_lookup (view, "kind", "u", &kind) || kind > BGRUN_URL_SESSION_TASK_KIND_DATA ||
      !g_variant_lookup (view, "uri", "&s", &uri))
    return NULL;
  self = bgrun_url_session_task_new (session, id, kind, bgrun_resume_data_new (uri, NULL));
  self->mirror = TRUE;
  bgrun_url_session_task_apply_view (self, view, TRUE);
  return self;
}

/* What a mirror's get_resume_data() gives: the event's "resume-data". */
void
bgrun_url_session_task_set_mirror_resume_data (BgrunUrlSessionTask *self,
                                               GBytes              *resume_data)
{
  g_clear_pointer (&self->mirror_resume_data, g_bytes_unref);
  self->mirror_resume_data = resume_data != NULL ? g_bytes_ref (resume_data) : NULL;
}

/* The remote end of a mirror, or NULL for a task that runs here (or is
 * detached): what the app does to a mirror is done in bgrund. */
static BgrunUrlSessionRemote *
remote_of (BgrunUrlSessionTask *self)
{
  if (!self->mirror || self->session == NULL)
    return NULL;
  return bgrun_url_session_get_remote (self->session);
}

/* Sends a setting the app changed to bgrund. */
static void
send_setting (BgrunUrlSessionTask *self,
              const char          *key,
              GVariant            *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  BgrunUrlSessionRemote *remote = remote_of (self);

  if (remote != NULL && !self->applying)
    bgrun_url_session_remote_update (remote, self->task_identifier, key, owned);
}

void
bgrun_url_session_task_admit (BgrunUrlSessionTask *self)
{
  set_waiting_reason (self, BGRUN_URL_SESSION_WAIT_REASON_NONE);
  set_state (self, BGRUN_URL_SESSION_TASK_STATE_RUNNING);
  if (!self->in_flight)
    start_transfer (self);
}

void
bgrun_url_session_task_wait (BgrunUrlSessionTask       *self,
                             BgrunUrlSessionWaitReason  reason)
{
  g_object_freeze_notify (G_OBJECT (self));
  set_waiting_reason (self, reason);
  set_state (self, BGRUN_URL_SESSION_TASK_STATE_WAITING);
  g_object_thaw_notify (G_OBJECT (self));
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

/* Only background tasks are retried: a default session's task fails as
 * the app sees it, as on Apple's platforms. */
gboolean
bgrun_url_session_task_retry_later (BgrunUrlSessionTask  *self,
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

/**
 * bgrun_url_session_task_get_task_identifier:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:task-identifier].
 *
 * Returns: the task's number within its session
 */
guint64
bgrun_url_session_task_get_task_identifier (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0);
  return self->task_identifier;
}

/**
 * bgrun_url_session_task_get_uri:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:uri].
 *
 * Returns: the URI the task transfers from
 */
const char *
bgrun_url_session_task_get_uri (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);
  return self->uri;
}

/**
 * bgrun_url_session_task_get_kind:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:kind].
 *
 * Returns: what the task transfers
 */
BgrunUrlSessionTaskKind
bgrun_url_session_task_get_kind (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD);
  return self->kind;
}

/**
 * bgrun_url_session_task_get_state:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:state].
 *
 * Returns: where the task stands
 */
BgrunUrlSessionTaskState
bgrun_url_session_task_get_state (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), BGRUN_URL_SESSION_TASK_STATE_COMPLETED);
  return self->state;
}

/**
 * bgrun_url_session_task_get_bytes_received:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:bytes-received].
 *
 * Returns: how many bytes of the body were received
 */
gint64
bgrun_url_session_task_get_bytes_received (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0);
  return self->bytes_received;
}

/**
 * bgrun_url_session_task_get_bytes_expected:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:bytes-expected].
 *
 * Returns: the length of the whole body, or -1 while it is not known
 */
gint64
bgrun_url_session_task_get_bytes_expected (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), -1);
  return self->bytes_expected;
}

/**
 * bgrun_url_session_task_get_bytes_sent:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:bytes-sent].
 *
 * Returns: how many bytes of an upload were sent
 */
gint64
bgrun_url_session_task_get_bytes_sent (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0);
  return self->bytes_sent;
}

/**
 * bgrun_url_session_task_get_bytes_expected_to_send:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:bytes-expected-to-send].
 *
 * Returns: the length of an upload's body
 */
gint64
bgrun_url_session_task_get_bytes_expected_to_send (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0);
  return self->bytes_expected_to_send;
}

/**
 * bgrun_url_session_task_get_fraction:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:fraction].
 *
 * Returns: how much of the body was received (of an upload: sent), from
 *   0 to 1
 */
double
bgrun_url_session_task_get_fraction (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0);
  if (self->kind == BGRUN_URL_SESSION_TASK_KIND_UPLOAD)
    return fraction_of (self->bytes_sent, self->bytes_expected_to_send);
  return fraction_of (self->bytes_received, self->bytes_expected);
}

/**
 * bgrun_url_session_task_get_status_code:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:status-code].
 *
 * Returns: the HTTP status of the last response, or 0
 */
guint
bgrun_url_session_task_get_status_code (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0);
  return self->status_code;
}

/**
 * bgrun_url_session_task_get_error:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:error].
 *
 * Returns: (nullable): why the task failed, or %NULL
 */
const GError *
bgrun_url_session_task_get_error (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);
  return self->error;
}

/**
 * bgrun_url_session_task_get_earliest_begin_date:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:earliest-begin-date].
 *
 * Returns: (nullable) (transfer none): when the task may start at the
 *   earliest, or %NULL
 */
GDateTime *
bgrun_url_session_task_get_earliest_begin_date (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);
  return self->earliest_begin_date;
}

/**
 * bgrun_url_session_task_set_earliest_begin_date:
 * @self: a task
 * @date: (nullable): when the task may start at the earliest, or %NULL
 *   for at once
 *
 * Sets [property@Bgrun.UrlSessionTask:earliest-begin-date]. It takes
 * effect at the next [method@Bgrun.UrlSessionTask.resume].
 */
void
bgrun_url_session_task_set_earliest_begin_date (BgrunUrlSessionTask *self,
                                                GDateTime           *date)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  if (self->earliest_begin_date == date ||
      (self->earliest_begin_date != NULL && date != NULL && g_date_time_equal (self->earliest_begin_date, date)))
    return;
  g_clear_pointer (&self->earliest_begin_date, g_date_time_unref);
  self->earliest_begin_date = date != NULL ? g_date_time_ref (date) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EARLIEST_BEGIN_DATE]);
  save (self);
  send_setting (self, "earliest-begin-date", g_variant_new_int64 (date != NULL ? bgrun_time_to_usec (date) : 0));
}

/**
 * bgrun_url_session_task_get_priority:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:priority].
 *
 * Returns: the priority, from 0 to 1
 */
double
bgrun_url_session_task_get_priority (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), 0.5);
  return self->priority;
}

/**
 * bgrun_url_session_task_set_priority:
 * @self: a task
 * @priority: the priority, from 0 to 1
 *
 * Sets [property@Bgrun.UrlSessionTask:priority].
 */
void
bgrun_url_session_task_set_priority (BgrunUrlSessionTask *self,
                                     double               priority)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));
  g_return_if_fail (priority >= 0 && priority <= 1);

  if (self->priority == priority)
    return;
  self->priority = priority;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
  save (self);
  send_setting (self, "priority", g_variant_new_double (priority));
}

/**
 * bgrun_url_session_task_get_expected_checksum:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:expected-checksum].
 *
 * Returns: (nullable): the expected checksum, or %NULL
 */
const char *
bgrun_url_session_task_get_expected_checksum (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);
  return self->point != NULL ? self->point->checksum : NULL;
}

/**
 * bgrun_url_session_task_set_expected_checksum:
 * @self: a download task
 * @checksum: (nullable): `sha256:` and 64 hexadecimal digits, or %NULL
 *
 * Sets [property@Bgrun.UrlSessionTask:expected-checksum]; call it before
 * [method@Bgrun.UrlSessionTask.resume]. A checksum of another form is a
 * programming error.
 */
void
bgrun_url_session_task_set_expected_checksum (BgrunUrlSessionTask *self,
                                              const char          *checksum)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));
  g_return_if_fail (self->kind == BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD);
  g_return_if_fail (checksum == NULL || bgrun_resume_data_checksum_is_valid (checksum));

  if (g_strcmp0 (self->point->checksum, checksum) == 0)
    return;
  g_free (self->point->checksum);
  self->point->checksum = checksum != NULL ? g_ascii_strdown (checksum, -1) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_CHECKSUM]);
  save (self);
  send_setting (self, "expected-checksum", g_variant_new_string (checksum != NULL ? self->point->checksum : ""));
}

/**
 * bgrun_url_session_task_get_upload_protocol:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:upload-protocol].
 *
 * Returns: the protocol of a resumable upload
 */
BgrunUploadProtocol
bgrun_url_session_task_get_upload_protocol (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), BGRUN_UPLOAD_PROTOCOL_AUTO);
  return self->upload_protocol;
}

/**
 * bgrun_url_session_task_set_upload_protocol:
 * @self: a task
 * @protocol: the protocol of a resumable upload
 *
 * Sets [property@Bgrun.UrlSessionTask:upload-protocol].
 */
void
bgrun_url_session_task_set_upload_protocol (BgrunUrlSessionTask *self,
                                            BgrunUploadProtocol  protocol)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  if (self->upload_protocol == protocol)
    return;
  self->upload_protocol = protocol;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPLOAD_PROTOCOL]);
  save (self);
  send_setting (self, "upload-protocol", g_variant_new_uint32 (protocol));
}

/**
 * bgrun_url_session_task_get_description:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:description].
 *
 * Returns: (nullable): what the task is for, or %NULL
 */
const char *
bgrun_url_session_task_get_description (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);
  return self->description;
}

/**
 * bgrun_url_session_task_get_waiting_reason:
 * @self: a task
 *
 * Gets [property@Bgrun.UrlSessionTask:waiting-reason].
 *
 * Returns: why the task waits, or %BGRUN_URL_SESSION_WAIT_REASON_NONE
 */
BgrunUrlSessionWaitReason
bgrun_url_session_task_get_waiting_reason (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), BGRUN_URL_SESSION_WAIT_REASON_NONE);
  return self->waiting_reason;
}

/**
 * bgrun_url_session_task_set_description:
 * @self: a task
 * @description: (nullable): what the task is for, or %NULL
 *
 * Sets [property@Bgrun.UrlSessionTask:description].
 */
void
bgrun_url_session_task_set_description (BgrunUrlSessionTask *self,
                                        const char          *description)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
  save (self);
  send_setting (self, "description", g_variant_new_string (description != NULL ? description : ""));
}

/* Does @action ("resume", "suspend", "cancel") to a mirror's task in
 * bgrund; the daemon's TaskChanged shows the outcome. */
static void
control (BgrunUrlSessionTask *self,
         const char          *action)
{
  BgrunUrlSessionRemote *remote = remote_of (self);

  if (remote != NULL)
    bgrun_url_session_remote_control (remote, self->task_identifier, action);
}

static void
cancel_mirror_with_resume_data (BgrunUrlSessionTask *self,
                                GTask               *request)
{
  g_autoptr(GTask) task = request;
  BgrunUrlSessionRemote *remote = remote_of (self);
  GError *error = NULL;
  GBytes *resume_data;

  if (remote == NULL)
    {
      g_task_return_new_error (task, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                               _("The download of “%s” belongs to a URL session that is gone: there is no resume data to give."),
                               self->uri);
      return;
    }
  resume_data = bgrun_url_session_remote_cancel_with_resume_data (remote, self->task_identifier, &error);
  if (resume_data != NULL)
    g_task_return_pointer (task, resume_data, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
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
  if (self->mirror)
    {
      control (self, "resume");
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
      control (self, "suspend");
      return;
    }
  stop_transfer (self, STOP_SUSPEND);
  set_state (self, BGRUN_URL_SESSION_TASK_STATE_SUSPENDED);
  leave_queue (self);
}

static void
cancel_with (BgrunUrlSessionTask *self)
{
  set_state (self, BGRUN_URL_SESSION_TASK_STATE_CANCELING);
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
    control (self, "cancel");
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
    cancel_mirror_with_resume_data (self, g_steal_pointer (&task));
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

/**
 * bgrun_url_session_task_get_response_body:
 * @self: a data task
 *
 * Gets the body a data task received, once it completed (also when the
 * server answered with an error status).
 *
 * Returns: (transfer full) (nullable): the body, or %NULL when there is
 *   none (yet)
 */
GBytes *
bgrun_url_session_task_get_response_body (BgrunUrlSessionTask *self)
{
  g_return_val_if_fail (BGRUN_IS_URL_SESSION_TASK (self), NULL);

  return self->response_body != NULL ? g_bytes_ref (self->response_body) : NULL;
}
