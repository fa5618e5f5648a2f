/* bgrun-broker-private.h: the one seam between app-side objects and the engine
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-clock.h"
#include "bgrun-conditions.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_BROKER (bgrun_broker_get_type ())

G_DECLARE_INTERFACE (BgrunBroker, bgrun_broker, BGRUN, BROKER, GObject)

/* A broker is bound to one app id. Everything crosses it as GVariants:
 * requests and tasks as a{sv}, history entries as (sixsa{sv}), lists as arrays
 * of those — the form the store writes and D-Bus carries, so the embedded
 * placement exercises the marshalling the daemon depends on.
 *
 * Signals, emitted on the main context the broker was created on:
 *   run-task (task a{sv}), expire-task (task_id t),
 *   task-ended (task_id t, state u), task-changed (task a{sv}),
 *   requests-changed () (read the pending list again),
 *   pending-changed (position u, removed u, added a{sv}?) (one change of
 *   it, in the engine's order; only the embedded placement's broker
 *   emits it), history-added (entry (sixsa{sv})). */
struct _BgrunBrokerInterface
{
  GTypeInterface parent_iface;

  const char *(*get_app_id)      (BgrunBroker *self);
  BgrunClock *(*get_clock)       (BgrunBroker *self);
  gboolean    (*register_handler) (BgrunBroker *self,
                                   const char  *pattern,
                                   GError     **error);
  gboolean    (*submit)          (BgrunBroker *self,
                                  GVariant    *request,
                                  gboolean     frontmost,
                                  GError     **error);
  void        (*cancel)          (BgrunBroker *self,
                                  const char  *identifier);
  void        (*cancel_all)      (BgrunBroker *self);
  void        (*cancel_by_tag)   (BgrunBroker *self,
                                  const char  *tag);
  GVariant   *(*list_pending)    (BgrunBroker *self);
  GVariant   *(*list_running)    (BgrunBroker *self);
  GVariant   *(*list_history)    (BgrunBroker *self);
  GVariant   *(*explain)         (BgrunBroker *self,
                                  const char  *identifier,
                                  GError     **error);
  GVariant   *(*explain_by_tag)  (BgrunBroker *self,
                                  const char  *tag,
                                  GError     **error);
  void        (*complete_task)   (BgrunBroker *self,
                                  guint64      task_id,
                                  gboolean     success);
  void        (*report_progress) (BgrunBroker *self,
                                  guint64      task_id,
                                  gint64       completed,
                                  gint64       total);
  void        (*retry_task)      (BgrunBroker *self,
                                  guint64      task_id);
  void        (*update_task)     (BgrunBroker *self,
                                  guint64      task_id,
                                  GVariant    *update);
  gboolean    (*expire_task)     (BgrunBroker *self,
                                  const char  *identifier,
                                  GError     **error);
  gboolean    (*run_now)         (BgrunBroker *self,
                                  const char  *identifier,
                                  GError     **error);
  /* Optional: runs a call without blocking (bgrun-broker-async.c). */
  void        (*call_async)      (BgrunBroker         *self,
                                  const char          *method,
                                  GVariant            *parameters,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
  GVariant   *(*call_finish)     (BgrunBroker         *self,
                                  GAsyncResult        *result,
                                  GError             **error);
};

const char *bgrun_broker_get_app_id      (BgrunBroker *self);
BgrunClock *bgrun_broker_get_clock       (BgrunBroker *self);
gboolean    bgrun_broker_register        (BgrunBroker *self,
                                          const char  *pattern,
                                          GError     **error);
gboolean    bgrun_broker_submit          (BgrunBroker *self,
                                          GVariant    *request,
                                          gboolean     frontmost,
                                          GError     **error);
void        bgrun_broker_cancel          (BgrunBroker *self,
                                          const char  *identifier);
void        bgrun_broker_cancel_all      (BgrunBroker *self);
void        bgrun_broker_cancel_by_tag   (BgrunBroker *self,
                                          const char  *tag);
GVariant   *bgrun_broker_list_pending    (BgrunBroker *self);
GVariant   *bgrun_broker_list_running    (BgrunBroker *self);
GVariant   *bgrun_broker_list_history    (BgrunBroker *self);
GVariant   *bgrun_broker_explain         (BgrunBroker *self,
                                          const char  *identifier,
                                          GError     **error);
GVariant   *bgrun_broker_explain_by_tag  (BgrunBroker *self,
                                          const char  *tag,
                                          GError     **error);
void        bgrun_broker_complete_task   (BgrunBroker *self,
                                          guint64      task_id,
                                          gboolean     success);
void        bgrun_broker_report_progress (BgrunBroker *self,
                                          guint64      task_id,
                                          gint64       completed,
                                          gint64       total);
void        bgrun_broker_retry_task      (BgrunBroker *self,
                                          guint64      task_id);
/* @update: see bgrun_engine_update_task(); a floating one is consumed. */
void        bgrun_broker_update_task     (BgrunBroker *self,
                                          guint64      task_id,
                                          GVariant    *update);
gboolean    bgrun_broker_expire_task     (BgrunBroker *self,
                                          const char  *identifier,
                                          GError     **error);
gboolean    bgrun_broker_run_now         (BgrunBroker *self,
                                          const char  *identifier,
                                          GError     **error);

/* The calls that may wait on another process, without blocking: @method
 * and @parameters are those of org.bgrun.Broker1 (Submit, Cancel,
 * CancelAll, ListPending, ListHistory, Explain), and the result is that
 * method's reply tuple. A broker without call_async (the embedded one)
 * answers from its synchronous methods at once; the callback still runs
 * from the main loop, never before bgrun_broker_call_async() returns. */
void        bgrun_broker_call_async      (BgrunBroker         *self,
                                          const char          *method,
                                          GVariant            *parameters,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GVariant   *bgrun_broker_call_finish     (BgrunBroker         *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
