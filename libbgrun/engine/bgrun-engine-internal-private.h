/* bgrun-engine-internal-private.h: what the engine's own files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-engine-app-private.h"
#include "bgrun-engine-private.h"
#include "bgrun-kind-private.h"
#include "bgrun-history-entry.h"
#include "bgrun-store-private.h"
#include "bgrun-task.h"

G_BEGIN_DECLS

/* The engine (bgrun-engine-private.h) is one object kept in one file per
 * concept; only these files include this header:
 *
 *   bgrun-engine.c           the object, its settings and the apps it serves
 *   bgrun-engine-store.c     what it keeps in the store, and reads back
 *   bgrun-engine-requests.c  submitting, cancelling and listing requests
 *   bgrun-engine-dispatch.c  evaluation, wake-ups, app-due and explain
 *   bgrun-engine-running.c   the running tasks: start, expiry and end
 *   bgrun-engine-handover.c  an app's state taken from the other placement */

/* Short names for the per-app records (bgrun-engine-app-private.h). */
typedef BgrunEngineApp App;
typedef BgrunEngineTask Running;

struct _BgrunEngine
{
  GObject parent_instance;

  char            *store_path;
  BgrunStore      *store;
  BgrunClock      *clock;
  BgrunConditions *conditions;
  gboolean         budgets_enabled;
  GHashTable      *apps;        /* id → App */
  guint64          last_task_id;
  GSource         *idle;
  gboolean         all_dirty;   /* something all apps depend on changed */
  guint            wake_alarm;
  gint64           wake_at;
  gboolean         launches_apps; /* bgrund: due work of absent apps counts */
  gboolean         flush_only;    /* bgrund --test-mode: no evaluation from idle */
};

enum {
  SIG_RUN_TASK,
  SIG_EXPIRE_TASK,
  SIG_TASK_ENDED,
  SIG_TASK_CHANGED,
  SIG_REQUESTS_CHANGED,
  SIG_PENDING_CHANGED,
  SIG_HISTORY_ADDED,
  SIG_APP_DUE,
  N_SIGNALS
};

extern guint bgrun_engine_signals[N_SIGNALS];

/* bgrun-engine.c */
gint64      bgrun_engine_now_usec              (BgrunEngine       *self);
App        *bgrun_engine_get_app               (BgrunEngine       *self,
                                                const char        *app_id);
void        bgrun_engine_emit_requests_changed (BgrunEngine       *self,
                                                App               *app);
void        bgrun_engine_emit_pending_changed  (BgrunEngine       *self,
                                                App               *app,
                                                guint              position,
                                                guint              removed,
                                                GVariant          *added);

/* bgrun-engine-store.c */
BgrunStore *bgrun_engine_ensure_store          (BgrunEngine       *self,
                                                GError           **error);
void        bgrun_engine_add_history           (BgrunEngine       *self,
                                                App               *app,
                                                const char        *identifier,
                                                BgrunHistoryEvent  event,
                                                const char        *message);
void        bgrun_engine_add_history_full      (BgrunEngine       *self,
                                                App               *app,
                                                const char        *identifier,
                                                BgrunHistoryEvent  event,
                                                const char        *message,
                                                GVariant          *details);
GVariant   *bgrun_engine_history_details       (GVariant          *request,
                                                guint              attempt,
                                                GVariant          *output);
void        bgrun_engine_emit_history_added    (BgrunEngine       *self,
                                                App               *app,
                                                const char        *identifier,
                                                BgrunHistoryEvent  event,
                                                gint64             when,
                                                const char        *message,
                                                GVariant          *details);
void        bgrun_engine_store_put             (BgrunEngine       *self,
                                                App               *app,
                                                GVariant          *request);
void        bgrun_engine_store_delete          (BgrunEngine       *self,
                                                App               *app,
                                                const char        *identifier);
void        bgrun_engine_store_begin           (BgrunEngine       *self);
void        bgrun_engine_store_commit          (BgrunEngine       *self);
void        bgrun_engine_save_budget           (BgrunEngine       *self,
                                                App               *app);
void        bgrun_engine_save_running          (BgrunEngine       *self,
                                                App               *app);
void        bgrun_engine_load_app              (BgrunEngine       *self,
                                                App               *app);

/* bgrun-engine-requests.c */
void        bgrun_engine_cancel_dependants     (BgrunEngine       *self,
                                                App               *app,
                                                const char        *identifier,
                                                BgrunHistoryEvent  event);

/* bgrun-engine-dispatch.c */
void        bgrun_engine_schedule_evaluation   (BgrunEngine       *self);
void        bgrun_engine_schedule_app_evaluation (BgrunEngine     *self,
                                                  App             *app);

/* bgrun-engine-running.c */
void        bgrun_engine_task_free             (gpointer           data);
void        bgrun_engine_start_task            (BgrunEngine       *self,
                                                App               *app,
                                                GVariant          *request);
void        bgrun_engine_end_task              (Running           *running,
                                                BgrunTaskState     state,
                                                const char        *message);
void        bgrun_engine_check_running_requirements (App          *app);
void        bgrun_engine_start_forced          (BgrunEngine       *self,
                                                App               *app);
GVariant   *bgrun_engine_requeued_request      (GVariant          *request,
                                                gboolean           backoff,
                                                gint64             now);
GVariant   *bgrun_engine_retried_request       (GVariant          *request,
                                                guint              attempt,
                                                gint64             now);

G_END_DECLS
