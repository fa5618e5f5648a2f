/* bgrun-url-session-task-mirror.c: a URL session task that runs in bgrund
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * In the daemon placement the app's task is a mirror: it shows the task
 * as bgrund has it (its view) and sends what the app does to it there.
 */

#include "config.h"

#include "bgrun-i18n-private.h"
#include "bgrun-time-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-remote-private.h"
#include "bgrun-url-session-task-private.h"
#include "bgrun-url-session-view-private.h"

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
    bgrun_url_session_task_set_priority (self, bgrun_url_session_task_sane_priority (priority));
  if (g_variant_lookup (view, "upload-protocol", "u", &protocol) && protocol <= BGRUN_UPLOAD_PROTOCOL_TUS)
    bgrun_url_session_task_set_upload_protocol (self, protocol);
  if (!g_variant_lookup (view, "description", "&s", &text))
    text = NULL;
  bgrun_url_session_task_set_description (self, text);
  if (g_variant_lookup (view, "earliest-begin-date", "x", &begin_usec))
    begin = bgrun_time_from_usec (begin_usec);
  bgrun_url_session_task_set_earliest_begin_date (self, begin);
  if (!g_variant_lookup (view, "expected-checksum", "&s", &text) || *text == '\0')
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

  bgrun_url_session_task_take_error (self, error_view != NULL ? bgrun_url_session_error_from_view (error_view) : NULL);
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
    bgrun_url_session_task_show_sending (self, MAX (sent, 0), to_send);
  else
    bgrun_url_session_task_show_progress (self, MAX (received, 0), expected);
  if (g_variant_lookup (view, "status-code", "u", &status_code))
    bgrun_url_session_task_set_status_code (self, MIN (status_code, 999));
  if (g_variant_lookup (view, "waiting-reason", "u", &reason) && reason <= BGRUN_URL_SESSION_WAIT_REASON_CONNECTION_LIMIT)
    bgrun_url_session_task_set_waiting_reason (self, reason);
  if (with_settings)
    apply_settings (self, view);
  apply_error (self, view);
  if (g_variant_lookup (view, "state", "u", &state) && state <= BGRUN_URL_SESSION_TASK_STATE_COMPLETED)
    {
      self->ended = state == BGRUN_URL_SESSION_TASK_STATE_COMPLETED;
      bgrun_url_session_task_set_state (self, state);
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
void
bgrun_url_session_task_send_setting (BgrunUrlSessionTask *self,
                                     const char          *key,
                                     GVariant            *value)
{
  g_autoptr(GVariant) owned = g_variant_ref_sink (value);
  BgrunUrlSessionRemote *remote = remote_of (self);

  if (remote != NULL && !self->applying)
    bgrun_url_session_remote_update (remote, self->task_identifier, key, owned);
}

/* Does @action ("resume", "suspend", "cancel") to a mirror's task in
 * bgrund; the daemon's TaskChanged shows the outcome. */
void
bgrun_url_session_task_control (BgrunUrlSessionTask *self,
                                const char          *action)
{
  BgrunUrlSessionRemote *remote = remote_of (self);

  if (remote != NULL)
    bgrun_url_session_remote_control (remote, self->task_identifier, action);
}

void
bgrun_url_session_task_cancel_mirror_with_resume_data (BgrunUrlSessionTask *self,
                                                       GTask               *request)
{
  BgrunUrlSessionRemote *remote = remote_of (self);

  if (remote == NULL)
    {
      g_task_return_new_error (request, BGRUN_URL_SESSION_ERROR, BGRUN_URL_SESSION_ERROR_NOT_ALLOWED,
                               _("The download of “%s” belongs to a URL session that is gone: there is no resume data to give."),
                               self->uri);
      g_object_unref (request);
      return;
    }
  bgrun_url_session_remote_cancel_with_resume_data_async (remote, self->task_identifier, request);
}

/* Cancels a mirror's task in bgrund from the main loop; @request
 * (consumed) gets the outcome of asking. */
void
bgrun_url_session_task_cancel_mirror_async (BgrunUrlSessionTask *self,
                                            GTask               *request)
{
  BgrunUrlSessionRemote *remote = remote_of (self);

  if (remote == NULL)
    {
      g_task_return_boolean (request, TRUE);
      g_object_unref (request);
      return;
    }
  bgrun_url_session_remote_control_async (remote, self->task_identifier, "cancel", request);
}
