/* bgrun-engine-private.h: the broker engine — store, policy, dispatch
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-clock.h"
#include "bgrun-conditions.h"
#include "bgrun-history-entry.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_ENGINE (bgrun_engine_get_type ())

G_DECLARE_FINAL_TYPE (BgrunEngine, bgrun_engine, BGRUN, ENGINE, GObject)

/* The engine decides when background work runs and keeps it durable. It
 * knows nothing of handlers or task objects: requests come in and tasks go
 * out as GVariants (a{sv}), the form the store writes and D-Bus carries.
 * Embedded, one engine lives in the app; in bgrund, one serves all apps.
 *
 * Signals (all on the engine's main context):
 *   run-task (app_id, task a{sv})        start a task: "task-id" t,
 *                                        "identifier" s, "kind" s,
 *                                        "expiration-date" x, "user-info"
 *                                        a{sv}?, "title" s?, "subtitle" s?,
 *                                        and the kind's identifier alias
 *                                        (bgrun-kind-private.h) if it has one
 *   expire-task (app_id, task_id)        the task's time is up: emit
 *                                        `expired`; it ends after the grace
 *   task-ended (app_id, task_id, state)  the task is over (BgrunTaskState)
 *   task-changed (app_id, task a{sv})    e.g. a new expiration date
 *   requests-changed (app_id)            the pending list changed in
 *                                        more than one place: read it again
 *   pending-changed (app_id, position u, removed u, added a{sv}?)
 *                                        one change of the pending list, in
 *                                        the engine's order (libbgrun's own
 *                                        requests included): at position,
 *                                        removed (0 or 1) went and added
 *                                        (or nothing) came
 *   history-added (app_id, entry (sixsa{sv}), see
 *                 bgrun-history-entry-private.h)
 *   app-due (app_id, identifiers strv)  with launches_apps: requests no
 *                                        process of the app has registered
 *                                        could start now; the app must be
 *                                        started to run them (bgrund)
 */

BgrunEngine *bgrun_engine_new             (const char       *store_path,
                                           BgrunClock       *clock,
                                           BgrunConditions  *conditions);
void         bgrun_engine_set_budgets_enabled (BgrunEngine *self,
                                               gboolean     enabled);
void         bgrun_engine_set_launches_apps (BgrunEngine *self,
                                             gboolean     launches_apps);
void         bgrun_engine_set_flush_only  (BgrunEngine      *self,
                                           gboolean          flush_only);
gint64       bgrun_engine_get_next_wake   (BgrunEngine      *self);
void         bgrun_engine_load_stored_apps (BgrunEngine     *self);
BgrunClock  *bgrun_engine_get_clock       (BgrunEngine      *self);
BgrunConditions *bgrun_engine_get_conditions (BgrunEngine   *self);
/* The database the engine was created with: <base>/<app-id>/tasks.db
 * embedded, <base>/daemon/tasks.db in bgrund, <base> being the state
 * directory both placements keep transfers.db files under too. */
const char  *bgrun_engine_get_store_path  (BgrunEngine      *self);

gboolean     bgrun_engine_register        (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *pattern,
                                           GError          **error);
gboolean     bgrun_engine_submit          (BgrunEngine      *self,
                                           const char       *app_id,
                                           GVariant         *request,
                                           gboolean          frontmost,
                                           GError          **error);
/* Whether @app_id's pending request @identifier is libbgrun's own, of a
 * kind with BGRUN_KIND_SYSTEM (bgrun_engine_submit_system_request()). */
gboolean     bgrun_engine_is_system_request (BgrunEngine *self,
                                             const char  *app_id,
                                             const char  *identifier);
/* Cancels @app_id's pending request @identifier, as the app does:
 * libbgrun's own requests (BGRUN_KIND_SYSTEM) are left alone. */
void         bgrun_engine_cancel          (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *identifier);
/* The same, for an administrator (bgrunctl): any pending request. */
void         bgrun_engine_cancel_any      (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *identifier);
void         bgrun_engine_cancel_all      (BgrunEngine      *self,
                                           const char       *app_id);
/* Cancels @app_id's pending requests that carry @tag (its own only). */
void         bgrun_engine_cancel_by_tag   (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *tag);
GVariant    *bgrun_engine_list_pending    (BgrunEngine      *self,
                                           const char       *app_id);
GVariant    *bgrun_engine_list_running    (BgrunEngine      *self,
                                           const char       *app_id);
GVariant    *bgrun_engine_list_history    (BgrunEngine      *self,
                                           const char       *app_id);
GVariant    *bgrun_engine_explain         (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *identifier,
                                           GError          **error);
GVariant    *bgrun_engine_explain_by_tag  (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *tag);
void         bgrun_engine_complete_task   (BgrunEngine      *self,
                                           const char       *app_id,
                                           guint64           task_id,
                                           gboolean          success);
void         bgrun_engine_retry_task      (BgrunEngine      *self,
                                           const char       *app_id,
                                           guint64           task_id);
/* Progress, details and output a task reported: an a{sv} of "progress"
 * d (0 to 1), "progress-details" a{sv}, "output" a{sv}, each optional;
 * checked, as it may come from another process. */
gboolean     bgrun_engine_update_task     (BgrunEngine      *self,
                                           const char       *app_id,
                                           guint64           task_id,
                                           GVariant         *update,
                                           GError          **error);
void         bgrun_engine_report_progress (BgrunEngine      *self,
                                           const char       *app_id,
                                           guint64           task_id,
                                           gint64            completed,
                                           gint64            total);
gboolean     bgrun_engine_expire_task     (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *identifier,
                                           GError          **error);
gboolean     bgrun_engine_run_now         (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *identifier,
                                           GError          **error);
void         bgrun_engine_unregister_all  (BgrunEngine      *self,
                                           const char       *app_id);
void         bgrun_engine_flush           (BgrunEngine      *self);
/* Adds an entry to @app_id's history (stored, and emitted as
 * history-added), for what happens outside the engine, such as the
 * sessions' own events. */
void         bgrun_engine_record_history  (BgrunEngine       *self,
                                           const char        *app_id,
                                           const char        *identifier,
                                           BgrunHistoryEvent  event,
                                           const char        *message);
char       **bgrun_engine_list_apps       (BgrunEngine      *self);
void         bgrun_engine_attach          (BgrunEngine      *self,
                                           const char       *app_id);
/* libbgrun's own request for @app_id, of @kind (which has
 * BGRUN_KIND_SYSTEM) and @identifier. It is stored like any request, needs
 * no registered handler, costs no budget and waits for no condition: it
 * runs at once in an attached process of the app, as a task of @kind's
 * type, and otherwise makes the app due (app-due), so that bgrund starts
 * it. While one is pending, submitting again does nothing; an app's own
 * request with @identifier is an error (@kind's identifier_used). */
gboolean     bgrun_engine_submit_system_request (BgrunEngine  *self,
                                                 const char   *app_id,
                                                 const char   *kind,
                                                 const char   *identifier,
                                                 GError      **error);
/* The same, with the request's @fields (an a{sv}, floating or not, or
 * NULL) besides:
 * "user-info", which its task carries (what the system saw), and
 * "earliest-begin-date". */
gboolean     bgrun_engine_submit_system_request_full (BgrunEngine  *self,
                                                      const char   *app_id,
                                                      const char   *kind,
                                                      const char   *identifier,
                                                      GVariant     *fields,
                                                      GError      **error);
/* Moving between placements (bgrun-engine-handover.c, and the store's
 * bgrun_store_take_app()): takes @app_id's state (requests, history,
 * values) from the other placement's store at @other_path, once, before
 * the app is served here: bgrund when the app attaches (from the app's
 * own store), the embedded engine when it starts (from bgrund's). A
 * missing file is nothing to take. */
gboolean     bgrun_engine_take_app        (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *other_path,
                                           GError          **error);
/* Drops what this engine's store holds of @app_id when it is a stale
 * copy, the store at @other_path having taken the app since (bgrund, at
 * start, for the apps it would otherwise act on). */
gboolean     bgrun_engine_drop_stale_app  (BgrunEngine      *self,
                                           const char       *app_id,
                                           const char       *other_path,
                                           GError          **error);

G_END_DECLS
