/* bgrun-url-session-view.c: a URL session task as it crosses D-Bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-time-private.h"
#include "bgrun-url-session-error.h"
#include "bgrun-url-session-view-private.h"

GVariant *
bgrun_url_session_error_to_view (const GError *error)
{
  return g_variant_new ("(sis)", g_quark_to_string (error->domain), error->code, error->message);
}

GError *
bgrun_url_session_error_from_view (GVariant *view)
{
  const char *domain, *message;
  GQuark quark;
  gint32 code;

  g_variant_get (view, "(&si&s)", &domain, &code, &message);
  /* Known even in a process that never raised one: an app that only
   * receives the completions of a previous run. */
  (void) BGRUN_URL_SESSION_ERROR;
  quark = g_quark_try_string (domain);
  if (quark == 0)
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);
  return g_error_new_literal (quark, code, message);
}

static void
add (GVariantBuilder *builder,
     const char      *key,
     GVariant        *value)
{
  g_variant_builder_add (builder, "{sv}", key, value);
}

GVariant *
bgrun_url_session_task_to_view (BgrunUrlSessionTask *task)
{
  GDateTime *begin = bgrun_url_session_task_get_earliest_begin_date (task);
  const char *description = bgrun_url_session_task_get_description (task);
  const char *checksum = bgrun_url_session_task_get_expected_checksum (task);
  const GError *error = bgrun_url_session_task_get_error (task);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  add (&builder, "id", g_variant_new_uint64 (bgrun_url_session_task_get_task_identifier (task)));
  add (&builder, "kind", g_variant_new_uint32 (bgrun_url_session_task_get_kind (task)));
  add (&builder, "state", g_variant_new_uint32 (bgrun_url_session_task_get_state (task)));
  add (&builder, "uri", g_variant_new_string (bgrun_url_session_task_get_uri (task)));
  add (&builder, "bytes-received", g_variant_new_int64 (bgrun_url_session_task_get_bytes_received (task)));
  add (&builder, "bytes-expected", g_variant_new_int64 (bgrun_url_session_task_get_bytes_expected (task)));
  add (&builder, "bytes-sent", g_variant_new_int64 (bgrun_url_session_task_get_bytes_sent (task)));
  add (&builder, "bytes-expected-to-send",
       g_variant_new_int64 (bgrun_url_session_task_get_bytes_expected_to_send (task)));
  add (&builder, "status-code", g_variant_new_uint32 (bgrun_url_session_task_get_status_code (task)));
  add (&builder, "waiting-reason", g_variant_new_uint32 (bgrun_url_session_task_get_waiting_reason (task)));
  add (&builder, "priority", g_variant_new_double (bgrun_url_session_task_get_priority (task)));
  add (&builder, "upload-protocol", g_variant_new_uint32 (bgrun_url_session_task_get_upload_protocol (task)));
  if (description != NULL)
    add (&builder, "description", g_variant_new_string (description));
  if (begin != NULL)
    add (&builder, "earliest-begin-date", g_variant_new_int64 (bgrun_time_to_usec (begin)));
  if (checksum != NULL)
    add (&builder, "expected-checksum", g_variant_new_string (checksum));
  if (error != NULL)
    add (&builder, "error", bgrun_url_session_error_to_view (error));
  return g_variant_builder_end (&builder);
}
