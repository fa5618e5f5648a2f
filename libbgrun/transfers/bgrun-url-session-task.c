/* bgrun-url-session-task.c: one transfer of a URL session
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-enum-types.h"
#include "bgrun-time-private.h"
#include "bgrun-url-session-task-private.h"

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

/* ---- state and progress ------------------------------------------------- */

void
bgrun_url_session_task_save (BgrunUrlSessionTask *self)
{
  self->last_save_usec = g_get_monotonic_time ();
  if (self->session != NULL && !self->ended)
    bgrun_url_session_save_task (self->session, self);
}

void
bgrun_url_session_task_set_state (BgrunUrlSessionTask      *self,
                                  BgrunUrlSessionTaskState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  bgrun_url_session_task_save (self);
}

void
bgrun_url_session_task_set_waiting_reason (BgrunUrlSessionTask       *self,
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
    bgrun_url_session_task_save (self);
}

void
bgrun_url_session_task_set_status_code (BgrunUrlSessionTask *self,
                                        guint                status_code)
{
  if (self->status_code == status_code)
    return;
  self->status_code = status_code;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_CODE]);
}

void
bgrun_url_session_task_take_error (BgrunUrlSessionTask *self,
                                   GError              *error)
{
  g_autoptr(GError) taken = error;

  if (self->error == error ||
      (self->error != NULL && error != NULL && g_error_matches (self->error, error->domain, error->code) &&
       g_strcmp0 (self->error->message, error->message) == 0))
    return;
  g_clear_error (&self->error);
  self->error = g_steal_pointer (&taken);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static double
fraction_of (gint64 received,
             gint64 expected)
{
  if (expected <= 0)
    return expected == 0 ? 1.0 : 0.0;
  return CLAMP ((double) received / (double) expected, 0.0, 1.0);
}

/* Shows @amount of @total now in *@shown of *@shown_total, which
 * properties @prop and @total_prop show, notifying what changed. */
static void
show_amounts (BgrunUrlSessionTask *self,
              gint64              *shown,
              gint64              *shown_total,
              guint                prop,
              guint                total_prop,
              gint64               amount,
              gint64               total)
{
  double old_fraction = fraction_of (*shown, *shown_total);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  self->last_progress_usec = g_get_monotonic_time ();
  g_object_freeze_notify (G_OBJECT (self));
  if (*shown != amount)
    {
      *shown = amount;
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
  if (*shown_total != total)
    {
      *shown_total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[total_prop]);
    }
  if (fraction_of (amount, total) != old_fraction)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
bgrun_url_session_task_show_progress (BgrunUrlSessionTask *self,
                                      gint64               received,
                                      gint64               expected)
{
  show_amounts (self, &self->bytes_received, &self->bytes_expected,
                PROP_BYTES_RECEIVED, PROP_BYTES_EXPECTED, received, expected);
}

void
bgrun_url_session_task_show_sending (BgrunUrlSessionTask *self,
                                     gint64               sent,
                                     gint64               size)
{
  show_amounts (self, &self->bytes_sent, &self->bytes_expected_to_send,
                PROP_BYTES_SENT, PROP_BYTES_EXPECTED_TO_SEND, sent, size);
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
  g_free (self->invalid_checksum);
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
  bgrun_url_session_task_save (self);
  bgrun_url_session_task_send_setting (self, "earliest-begin-date", g_variant_new_int64 (date != NULL ? bgrun_time_to_usec (date) : 0));
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
  bgrun_url_session_task_save (self);
  bgrun_url_session_task_send_setting (self, "priority", g_variant_new_double (priority));
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
  if (self->invalid_checksum != NULL)
    return self->invalid_checksum;
  return self->point != NULL ? self->point->checksum : NULL;
}

/**
 * bgrun_url_session_task_set_expected_checksum:
 * @self: a download task
 * @checksum: (nullable): `sha256:` and 64 hexadecimal digits, or %NULL
 *
 * Sets [property@Bgrun.UrlSessionTask:expected-checksum]; call it before
 * [method@Bgrun.UrlSessionTask.resume]. A checksum of another form is
 * kept as it is, and the task fails at its next resume with
 * %BGRUN_URL_SESSION_ERROR_INVALID_VALUE naming it: a download is never
 * left unverified because its checksum was mistyped.
 */
void
bgrun_url_session_task_set_expected_checksum (BgrunUrlSessionTask *self,
                                              const char          *checksum)
{
  g_return_if_fail (BGRUN_IS_URL_SESSION_TASK (self));
  g_return_if_fail (self->kind == BGRUN_URL_SESSION_TASK_KIND_DOWNLOAD);

  /* A checksum libbgrun cannot verify is kept aside, not dropped: the
   * next resume fails with it (in bgrund too, which gets it as well). */
  if (checksum != NULL && !bgrun_resume_data_checksum_is_valid (checksum))
    {
      if (g_strcmp0 (self->invalid_checksum, checksum) == 0)
        return;
      g_free (self->invalid_checksum);
      self->invalid_checksum = g_strdup (checksum);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_CHECKSUM]);
      bgrun_url_session_task_send_setting (self, "expected-checksum", g_variant_new_string (checksum));
      return;
    }
  if (!self->applying && self->invalid_checksum != NULL)
    {
      g_clear_pointer (&self->invalid_checksum, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_CHECKSUM]);
    }
  if (g_strcmp0 (self->point->checksum, checksum) == 0)
    return;
  g_free (self->point->checksum);
  self->point->checksum = checksum != NULL ? g_ascii_strdown (checksum, -1) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_CHECKSUM]);
  bgrun_url_session_task_save (self);
  bgrun_url_session_task_send_setting (self, "expected-checksum", g_variant_new_string (checksum != NULL ? self->point->checksum : ""));
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
  bgrun_url_session_task_save (self);
  bgrun_url_session_task_send_setting (self, "upload-protocol", g_variant_new_uint32 (protocol));
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
  bgrun_url_session_task_save (self);
  bgrun_url_session_task_send_setting (self, "description", g_variant_new_string (description != NULL ? description : ""));
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
