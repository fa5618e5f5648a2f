/* bgrun-url-session-view-private.h: a URL session task as it crosses D-Bus
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-url-session-task.h"

G_BEGIN_DECLS

/* What an app, or bgrunctl, sees of @task: a new floating a{sv} with the
 * keys org.bgrun.Transfers1 documents ("id", "kind", "state", "uri",
 * "bytes-received", "bytes-expected", "bytes-sent",
 * "bytes-expected-to-send", "status-code", "waiting-reason", "priority",
 * "upload-protocol", and when set "description", "earliest-begin-date",
 * "expected-checksum", "error"). Built from the public getters only. */
GVariant *bgrun_url_session_task_to_view (BgrunUrlSessionTask *task);

/* The "error" of a view, (sis): the domain's name, the code, the message;
 * and back. An unknown domain comes back as a G_IO_ERROR_FAILED with the
 * message, so nothing the daemon said is lost. */
GVariant *bgrun_url_session_error_to_view   (const GError *error);
GError   *bgrun_url_session_error_from_view (GVariant     *view);

G_END_DECLS
