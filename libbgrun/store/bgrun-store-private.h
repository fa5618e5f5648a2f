/* bgrun-store-private.h: durable storage of requests, history and state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* How many history entries the store keeps per app; older ones go. */
#define BGRUN_STORE_HISTORY_LIMIT 1000

/* The schema version this code writes. Every earlier version migrates. */
#define BGRUN_STORE_SCHEMA_VERSION 4

/* The oldest schema version bgrun_store_open_read_only() reads as it is:
 * versions 1 and 2 have the same tables and columns, stored differently,
 * so the same queries read both; version 3 only adds the events table,
 * which a reader of an older file cannot list; version 4 adds the
 * details column of history, read as empty from an older file. */
#define BGRUN_STORE_OLDEST_READABLE_VERSION 1

#define BGRUN_TYPE_STORE (bgrun_store_get_type ())

G_DECLARE_FINAL_TYPE (BgrunStore, bgrun_store, BGRUN, STORE, GObject)

/* One SQLite database (WAL mode) at @path, holding any number of apps'
 * rows, each keyed by app id. The embedded placement opens one per app,
 * the daemon one for all apps.
 *
 * Opening creates the parent directories and the schema, or migrates an
 * older schema. A database that cannot be read (corrupt, not SQLite, from
 * a newer schema) is renamed to "<path>.corrupt-<UTC timestamp>" and a
 * fresh one is started, with one g_warning naming both paths. A location
 * that cannot be written fails with BGRUN_SCHEDULER_ERROR_UNAVAILABLE
 * naming the path. Nothing here aborts on store trouble.
 *
 * Every write is its own transaction unless it happens between
 * bgrun_store_begin() and bgrun_store_commit(), which nest by counting:
 * only the outermost commit writes. A failed write inside a transaction
 * marks it failed; the outermost commit then rolls back and returns FALSE.
 *
 * Every bgrun_store_begin() must be paired with one bgrun_store_commit()
 * or bgrun_store_rollback(), even when it returned FALSE: a begin that
 * fails (the database is locked or unwritable, or an enclosing
 * transaction already failed) still counts a level, marked failed.
 * bgrun_store_rollback() inside a nested level marks the whole
 * transaction failed; at the outermost level it discards it. Once a
 * transaction failed, writes inside it fail at once without touching
 * the database, and every commit returns FALSE with the first error.
 *
 * Requests are `a{sv}` GVariants, stored as serialized bytes keyed by
 * (app id, identifier); listing returns them in the order they were first
 * put (replacing one keeps its place only if keep_order is TRUE). A
 * floating @request or @value is consumed. A stored row that does not
 * hold a well-formed value of the right type is skipped with a g_warning.
 *
 * list_requests() returns the `a{sv}` requests, list_history() the
 * entries as `(sixsa{sv})` (identifier, event, date in microseconds since
 * the epoch, message or "", details: see bgrun-history-entry-private.h),
 * oldest first; add_history() is add_history_full() without details; both are GPtrArrays freeing
 * their items with g_variant_unref(), or NULL with @error set.
 * count_requests() returns -1 on error. list_apps() returns the sorted
 * app ids that have requests, history, values or events (an empty array
 * when none). set_value() with a NULL @value removes the key; get_value()
 * returns NULL when the key is absent or its row cannot be read.
 *
 * bgrun_store_open_read_only() opens an existing database for reading
 * only (bgrunctl --state-dir): it never creates, migrates or moves a
 * file, and fails with UNAVAILABLE naming the path when the file is
 * missing, unreadable or of a schema version outside
 * BGRUN_STORE_OLDEST_READABLE_VERSION to BGRUN_STORE_SCHEMA_VERSION.
 * Writes to it fail.
 *
 * Events (version 3) are ordered journals of `a{sv}` GVariants, one per
 * key (the "app id" column: whatever its owner keys by; background URL
 * sessions hosted by bgrund use their identifier), each entry with a
 * sequence number the caller picks (add_event() fails on one already there);
 * the sequence numbers (add_event() fails on one already there);
 * list_events() returns them as `(ta{sv})`, lowest number first;
 * delete_events() removes those numbered @up_to or less.
 *
 * Every failure after opening is BGRUN_SCHEDULER_ERROR_UNAVAILABLE naming
 * the path and SQLite's reason. A store is used from one thread at a time.
 */

BgrunStore *bgrun_store_open               (const char  *path,
                                            GError     **error);
BgrunStore *bgrun_store_open_read_only     (const char  *path,
                                            GError     **error);
const char *bgrun_store_get_path           (BgrunStore  *self);

gboolean    bgrun_store_begin              (BgrunStore  *self,
                                            GError     **error);
gboolean    bgrun_store_commit             (BgrunStore  *self,
                                            GError     **error);
void        bgrun_store_rollback           (BgrunStore  *self);

gboolean    bgrun_store_put_request        (BgrunStore  *self,
                                            const char  *app_id,
                                            const char  *identifier,
                                            GVariant    *request,
                                            gboolean     keep_order,
                                            GError     **error);
gboolean    bgrun_store_delete_request     (BgrunStore  *self,
                                            const char  *app_id,
                                            const char  *identifier,
                                            GError     **error);
GPtrArray  *bgrun_store_list_requests      (BgrunStore  *self,
                                            const char  *app_id,
                                            GError     **error);
int         bgrun_store_count_requests     (BgrunStore  *self,
                                            const char  *app_id,
                                            GError     **error);
char      **bgrun_store_list_apps          (BgrunStore  *self,
                                            GError     **error);

gboolean    bgrun_store_add_history        (BgrunStore  *self,
                                            const char  *app_id,
                                            const char  *identifier,
                                            int          event,
                                            gint64       date_usec,
                                            const char  *message,
                                            GError     **error);
gboolean    bgrun_store_add_history_full   (BgrunStore  *self,
                                            const char  *app_id,
                                            const char  *identifier,
                                            int          event,
                                            gint64       date_usec,
                                            const char  *message,
                                            GVariant    *details,
                                            GError     **error);
GPtrArray  *bgrun_store_list_history       (BgrunStore  *self,
                                            const char  *app_id,
                                            GError     **error);

gboolean    bgrun_store_set_value          (BgrunStore  *self,
                                            const char  *app_id,
                                            const char  *key,
                                            GVariant    *value,
                                            GError     **error);
GVariant   *bgrun_store_get_value          (BgrunStore  *self,
                                            const char  *app_id,
                                            const char  *key);

gboolean    bgrun_store_add_event          (BgrunStore  *self,
                                            const char  *app_id,
                                            guint64      seq,
                                            GVariant    *event,
                                            GError     **error);
GPtrArray  *bgrun_store_list_events        (BgrunStore  *self,
                                            const char  *app_id,
                                            GError     **error);
gboolean    bgrun_store_delete_events      (BgrunStore  *self,
                                            const char  *app_id,
                                            guint64      up_to,
                                            GError     **error);

/* Values: every named value of @app_id, as `(sv)` (key, value), in the
 * order of their keys. */
GPtrArray  *bgrun_store_list_values        (BgrunStore  *self,
                                            const char  *app_id,
                                            GError     **error);

/* Handover (bgrun-store-handover.c): an app's state moving from the
 * store of one placement to the other's, once, and so that a process
 * killed at any point leaves it whole in exactly one of them.
 *
 * bgrun_store_take_app() moves @app_id's rows from @other into @self:
 * TOOK when it did; DROPPED_STALE when @other held only a stale copy
 * (what an earlier move out of @other left, which it removed); NONE when
 * @other holds nothing of the app.
 *
 * bgrun_store_drop_stale_app() removes @self's rows of @app_id when
 * they are a stale copy, @other having taken the app since, and says so
 * in @dropped: what the placement that did not take must run before it
 * acts on the app's rows.
 *
 * bgrun_store_get_placement_epoch() is the number that orders the moves
 * (0 for a store that never took the app): of two stores holding an app,
 * the one with the lower number holds a stale copy. */
typedef enum {
  BGRUN_STORE_HANDOVER_NONE,
  BGRUN_STORE_HANDOVER_TOOK,
  BGRUN_STORE_HANDOVER_DROPPED_STALE,
} BgrunStoreHandover;

gboolean    bgrun_store_take_app           (BgrunStore          *self,
                                            BgrunStore          *other,
                                            const char          *app_id,
                                            BgrunStoreHandover  *outcome,
                                            GError             **error);
guint64     bgrun_store_get_placement_epoch (BgrunStore         *self,
                                            const char          *app_id);
gboolean    bgrun_store_drop_stale_app     (BgrunStore          *self,
                                            BgrunStore          *other,
                                            const char          *app_id,
                                            gboolean            *dropped,
                                            GError             **error);

G_END_DECLS
