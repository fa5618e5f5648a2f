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
 * each session has a counter of task identifiers, which never repeat.
 *
 * For sessions hosted by bgrund, each session also has its configuration
 * (the `a{sv}` of org.bgrun.Transfers1's OpenSession). Every background
 * session has its events (bgrun-transfer-event-private.h): completions,
 * numbered by a counter of the session's that never repeats, kept until
 * the app has delivered them.
 * list_sessions() names the sessions that have a configuration;
 * get_configuration() returns NULL when there is none; complete_task()
 * records @event (sinking it when floating, else adding a reference of
 * its own) and deletes the record of the task @task_identifier in the
 * same transaction, so a completion is either still a task or already an
 * event, never both nor neither: it returns the event's sequence number,
 * or 0 on failure; list_events() returns `(ta{sv})` items, oldest first;
 * delete_events() removes those numbered @up_to or less. */

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


gboolean    bgrun_transfer_store_put_configuration (BgrunStore  *store,
                                                    const char  *session_identifier,
                                                    GVariant    *configuration,
                                                    GError     **error);
GVariant   *bgrun_transfer_store_get_configuration (BgrunStore  *store,
                                                    const char  *session_identifier);
char      **bgrun_transfer_store_list_sessions      (BgrunStore  *store,
                                                    GError     **error);
guint64     bgrun_transfer_store_complete_task      (BgrunStore  *store,
                                                    const char  *session_identifier,
                                                    guint64      task_identifier,
                                                    GVariant    *event,
                                                    GError     **error);
GPtrArray  *bgrun_transfer_store_list_events        (BgrunStore  *store,
                                                    const char  *session_identifier,
                                                    GError     **error);
gboolean    bgrun_transfer_store_delete_events      (BgrunStore  *store,
                                                    const char  *session_identifier,
                                                    guint64      up_to,
                                                    GError     **error);

G_END_DECLS
