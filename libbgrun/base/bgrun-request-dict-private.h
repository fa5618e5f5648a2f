/* bgrun-request-dict-private.h: reading and editing a request's a{sv}
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The kind of the requests bgrund submits itself for a background URL
 * session's events (bgrun_engine_submit_url_session_events()): never
 * submitted by apps, run without a registered handler. */
#define BGRUN_REQUEST_KIND_URL_SESSION "url-session"

/* What the policy reads of a request, read in one pass over its dict so
 * that evaluating the pending list costs no dict lookups. The strings
 * point into the dict: the facts live as long as it does. */
typedef struct
{
  const char *identifier;
  const char *kind;
  gint64      earliest_begin_date;  /* µs, or G_MININT64 */
  gint64      not_before;           /* µs, or G_MININT64 */
  gint64      submitted;            /* µs, or G_MININT64 */
  gboolean    requires_network_connectivity;
  gboolean    requires_unmetered_network;
  gboolean    requires_external_power;
  gboolean    requires_battery_not_low;
  gboolean    requires_storage_not_low;
  gboolean    requires_device_idle;
  gboolean    retried;              /* not-before is a retry's backoff */
  gboolean    has_prerequisites;
} BgrunRequestFacts;

void        bgrun_request_facts_read          (GVariant          *request,
                                               BgrunRequestFacts *facts);

const char *bgrun_request_dict_get_identifier (GVariant   *request);
const char *bgrun_request_dict_get_kind       (GVariant   *request);
gint64      bgrun_request_dict_get_time       (GVariant   *request,
                                               const char *key);
GVariant   *bgrun_request_dict_edit           (GVariant   *request,
                                               const char *first_key,
                                               ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
