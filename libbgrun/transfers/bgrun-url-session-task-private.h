/* bgrun-url-session-task-private.h: what the files of a URL session task
 * share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A task is one type in four files: bgrun-url-session-task.c (the type,
 * its properties and accessors), bgrun-url-session-task-run.c (the
 * transfer, from resume to completion), bgrun-url-session-task-record.c
 * (the durable record) and bgrun-url-session-task-mirror.c (a task that
 * runs in bgrund, the daemon placement).
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <math.h>

#include "bgrun-url-session-private.h"

G_BEGIN_DECLS

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
  char                     *invalid_checksum; /* set, not usable: resume fails */
  BgrunUploadPoint         *upload;         /* uploads: the engine's */

  /* What the progress properties show, refreshed from point at most
   * every PROGRESS_INTERVAL_USEC (bgrun-url-session-task-run.c). */
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

/* bgrun-url-session-task.c: the changes of what the read-only properties
 * show, each notifying only what really changed. */

/* Records the task, until it ended: then its record is gone for good. */
void bgrun_url_session_task_save               (BgrunUrlSessionTask       *self);
void bgrun_url_session_task_set_state          (BgrunUrlSessionTask       *self,
                                                BgrunUrlSessionTaskState   state);
void bgrun_url_session_task_set_waiting_reason (BgrunUrlSessionTask       *self,
                                                BgrunUrlSessionWaitReason  reason);
void bgrun_url_session_task_set_status_code    (BgrunUrlSessionTask       *self,
                                                guint                      status_code);
/* Shows @error (taken; NULL for none) as the task's error. */
void bgrun_url_session_task_take_error         (BgrunUrlSessionTask       *self,
                                                GError                    *error);
/* Shows @received of @expected of a download or data task, or @sent of
 * @size of an upload, now. */
void bgrun_url_session_task_show_progress      (BgrunUrlSessionTask       *self,
                                                gint64                     received,
                                                gint64                     expected);
void bgrun_url_session_task_show_sending       (BgrunUrlSessionTask       *self,
                                                gint64                     sent,
                                                gint64                     size);

/* bgrun-url-session-task-mirror.c: what the app does to a mirror, sent to
 * bgrund; nothing for a task that runs here or is detached. */

/* Sends @value (a floating variant, sunk) of the setting @key. */
void bgrun_url_session_task_send_setting       (BgrunUrlSessionTask       *self,
                                                const char                *key,
                                                GVariant                  *value);
/* Does @action ("resume", "suspend", "cancel"). */
void bgrun_url_session_task_control            (BgrunUrlSessionTask       *self,
                                                const char                *action);
/* Cancels the download in bgrund and returns its resume data on
 * @request (taken). */
void bgrun_url_session_task_cancel_mirror_with_resume_data (BgrunUrlSessionTask *self,
                                                            GTask               *request);
/* Asks bgrund to cancel the task; @request (taken) gets whether it was
 * asked. */
void bgrun_url_session_task_cancel_mirror_async (BgrunUrlSessionTask *self,
                                                 GTask               *request);

/* A priority read from a record or a view, made one the task can take:
 * within [0, 1], and 0.5 (the default) for what is not a number. */
static inline double
bgrun_url_session_task_sane_priority (double priority)
{
  return isnan (priority) ? 0.5 : CLAMP (priority, 0.0, 1.0);
}

G_END_DECLS
