/* bgrun-task-triggers-private.h: the tasks the system starts when
 * something happens outside the app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-engine-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* The request kinds of this folder, as stored and as they cross D-Bus. */
#define BGRUN_REQUEST_KIND_CONNECTIVITY   "connectivity"
#define BGRUN_REQUEST_KIND_INTENT_DID_RUN "intent-did-run"
#define BGRUN_REQUEST_KIND_SNAPSHOT       "snapshot"
#define BGRUN_REQUEST_KIND_RELEVANT_SHORTCUT "relevant-shortcut"
#define BGRUN_REQUEST_KIND_BLUETOOTH_ALERT   "bluetooth-alert"
#define BGRUN_REQUEST_KIND_PUSH              "push"

/* A kind whose tasks something outside the app starts (a trigger): a
 * BGRUN_KIND_SYSTEM entry of the kind table, and what else this folder
 * needs to know of it. */
typedef struct
{
  BgrunKind   kind;
  /* The identifier of its tasks is <app-id>.<suffix>, or, with
   * each_event, <app-id>.<suffix>.<number>: one task per event rather
   * than one pending for all. */
  const char *suffix;
  gboolean    each_event;
  /* Or, with instance_key, <app-id>.<suffix>.<the data's string under
   * that key>, and a new event replaces the pending one of its instance;
   * with single_instance, <app-id>.<suffix> whatever that string is. */
  const char *instance_key;
  gboolean    single_instance;
  /* Checks what the trigger says (from an app, or bgrunctl), or NULL. */
  gboolean  (*check) (GVariant  *data,
                      GError   **error);
  /* What the app's own process sees and reports (Broker1 ReportTrigger),
   * rather than what bgrund watches. */
  gboolean    app_reports;
  /* Translatable (N_()): the trigger, as explain names it. */
  const char *waits_for;
} BgrunTrigger;

/* Adds the kinds to the kind table (bgrun-features.c). */
void                bgrun_task_triggers_register  (void);
/* The trigger of @kind, or NULL when @kind is no trigger's. */
const BgrunTrigger *bgrun_task_trigger_lookup     (const char      *kind);
/* The trigger whose tasks @identifier names for @app_id, or NULL. */
const BgrunTrigger *bgrun_task_trigger_for_identifier (const char  *app_id,
                                                       const char  *identifier);

/* Starts a task of @kind (a trigger's) for @app_id in @engine, carrying
 * @data (an a{sv}, floating or not, or NULL) as its user info: at once in
 * an attached process of the app, else bgrund starts the app for it. A
 * "begin" (x, µs) in @data delays it until then; "withdraw" (b) TRUE, for
 * a kind with instance_key, withdraws the instance's pending one instead.
 * Fails with BGRUN_SCHEDULER_ERROR_INVALID_REQUEST when @kind is no
 * trigger's, and as bgrun_engine_submit_system_request() does. An event
 * the app's process could not turn into a task ("failed" (s) in @data,
 * the reason, for a kind with each_event) is recorded in the app's
 * history as FAILED under the identifier it would have had, instead. */
gboolean            bgrun_task_trigger_fire       (BgrunEngine     *engine,
                                                   const char      *app_id,
                                                   const char      *kind,
                                                   GVariant        *data,
                                                   GError         **error);

/* The same from the app's side of @placement: into the embedded engine,
 * or reported to bgrund (a kind with app_reports). */
gboolean            bgrun_task_trigger_report     (BgrunPlacement  *placement,
                                                   const char      *kind,
                                                   GVariant        *data,
                                                   GError         **error);

/* Whether the app of @scheduler wants tasks of @kind: kept by bgrund
 * (Broker1 Subscribe) for what bgrund watches in the daemon placement, by
 * the placement otherwise. */
gboolean            bgrun_task_triggers_subscribe (BgrunScheduler  *scheduler,
                                                   const char      *kind,
                                                   gboolean         subscribed,
                                                   GError         **error);
/* Whether @placement's app subscribed to @kind, where the placement
 * keeps it (embedded, or a kind with app_reports). */
gboolean            bgrun_task_triggers_subscribed (BgrunPlacement *placement,
                                                    const char     *kind);

G_END_DECLS
