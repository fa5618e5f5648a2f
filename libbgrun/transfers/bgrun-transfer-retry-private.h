/* bgrun-transfer-retry-private.h: which failed transfers are tried again, and when
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#include "bgrun-limits.h"

/* The backoff between attempts (see bgrun-limits.h): BASE, then FACTOR
 * times more each time, at most CAP; each delay is drawn uniformly from
 * its upper half (jitter), so tasks that failed together do not come
 * back together. */
#define BGRUN_TRANSFER_RETRY_BASE_USEC   ((gint64) BGRUN_URL_SESSION_RETRY_BASE * G_USEC_PER_SEC)
#define BGRUN_TRANSFER_RETRY_FACTOR      BGRUN_URL_SESSION_RETRY_FACTOR
#define BGRUN_TRANSFER_RETRY_CAP_USEC    ((gint64) BGRUN_URL_SESSION_RETRY_CAP * G_USEC_PER_SEC)

gboolean bgrun_transfer_retry_is_transient   (const GError *error,
                                              guint         status_code);
gint64   bgrun_transfer_retry_backoff_usec   (guint         attempt,
                                              double        jitter);
gboolean bgrun_transfer_retry_parse_after    (const char   *value,
                                              gint64        now_usec,
                                              gint64       *delay_usec);
gint64   bgrun_transfer_retry_next           (GError      **error,
                                              guint         status_code,
                                              const char   *retry_after,
                                              guint         attempt,
                                              gint64        now_usec,
                                              gint64        deadline_usec);

/* The Retry-After of a transfer's last response, kept on its GTask so that
 * every kind of transfer hands it over the same way. */
void        bgrun_transfer_retry_note_response (GTask        *task,
                                                SoupMessage  *message);
const char *bgrun_transfer_retry_get_after     (GAsyncResult *result);

G_END_DECLS
