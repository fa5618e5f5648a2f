/* bgrun-url-session-task-record.c: a URL session task as its session
 * records it, and back
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "bgrun-time-private.h"
#include "bgrun-url-session-task-private.h"

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
  self->priority = bgrun_url_session_task_sane_priority (self->priority);
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
