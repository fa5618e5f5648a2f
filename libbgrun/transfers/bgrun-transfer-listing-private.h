/* bgrun-transfer-listing-private.h: the background transfers recorded
 * under a state directory, for bgrunctl
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Lists the tasks of background URL sessions recorded in
 * <@base_directory>/<app-id>/transfers.db: those of @app_id, or of every
 * app with such a database when @app_id is NULL; by app id, then session
 * identifier, then in the order the tasks were created. Both placements
 * record there (the app itself when its engine runs embedded, bgrund
 * when it hosts the sessions), so this is what bgrunctl and
 * org.bgrun.Admin1's ListTransfers show. Databases are opened read-only:
 * listing never creates, migrates or repairs one, and is safe while
 * their sessions run.
 *
 * Each task is its bgrun_url_session_task_to_view() dictionary, with
 * "app-id" s and "session" s added and the enumerations given by nick:
 * "kind" s ("download", "upload"), "state" s (as recorded: "running" or
 * "waiting" for a task that was transferring or waiting when last
 * recorded, though it comes back suspended when its session is created
 * again), "waiting-reason" s (the BgrunUrlSessionWaitReason nick when
 * the task was waiting, else "none"), "upload-protocol" s. Progress is
 * what the disk holds: "bytes-received" is the size of a download's
 * partial file, "bytes-sent" the bytes a resumable upload's server has
 * confirmed.
 *
 * A database or task record that cannot be read is skipped, and a
 * message naming it and why is added to @skipped (nullable; a GPtrArray
 * of strings the caller frees). Fails, with
 * BGRUN_SCHEDULER_ERROR_INVALID_REQUEST naming the app, only when
 * @app_id has no transfers database under @base_directory.
 *
 * Returns: (transfer full): an aa{sv}, not floating. */
GVariant *bgrun_transfer_listing_collect (const char  *base_directory,
                                          const char  *app_id,
                                          GPtrArray   *skipped,
                                          GError     **error);

G_END_DECLS
