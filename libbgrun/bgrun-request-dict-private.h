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

const char *bgrun_request_dict_get_identifier (GVariant   *request);
const char *bgrun_request_dict_get_kind       (GVariant   *request);
gint64      bgrun_request_dict_get_time       (GVariant   *request,
                                               const char *key);
gboolean    bgrun_request_dict_get_flag       (GVariant   *request,
                                               const char *key);
GVariant   *bgrun_request_dict_edit           (GVariant   *request,
                                               const char *first_key,
                                               ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
