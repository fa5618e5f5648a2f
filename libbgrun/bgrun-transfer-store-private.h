/* bgrun-transfer-store-private.h: background sessions' tasks, durably
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-store-private.h"

G_BEGIN_DECLS

/* The tasks of an app's background URL sessions live in their own
 * database, "transfers.db" in the app's state directory, beside the
 * scheduler's: a BgrunStore (so WAL, schema versions and migrations, and
 * a corrupt file moved aside with one g_warning), whose rows are keyed by
 * session identifier instead of app id. Each task is one `a{sv}` record
 * keyed by its task identifier, listed in the order tasks were created;
 * each session has a counter of task identifiers, which never repeat. */

BgrunStore *bgrun_transfer_store_open         (const char  *app_directory,
                                               GError     **error);
gboolean    bgrun_transfer_store_put_task     (BgrunStore  *store,
                                               const char  *session_identifier,
                                               guint64      task_identifier,
                                               GVariant    *record,
                                               GError     **error);
gboolean    bgrun_transfer_store_delete_task  (BgrunStore  *store,
                                               const char  *session_identifier,
                                               guint64      task_identifier,
                                               GError     **error);
GPtrArray  *bgrun_transfer_store_list_tasks   (BgrunStore  *store,
                                               const char  *session_identifier,
                                               GError     **error);
guint64     bgrun_transfer_store_next_task_identifier (BgrunStore  *store,
                                                       const char  *session_identifier,
                                                       GError     **error);

G_END_DECLS
