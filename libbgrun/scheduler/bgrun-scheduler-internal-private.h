/* bgrun-scheduler-internal-private.h: what the scheduler's own files share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-app-launch-private.h"
#include "bgrun-progress-presenter-private.h"
#include "bgrun-placement-private.h"
#include "bgrun-scheduler-private.h"

G_BEGIN_DECLS

/* The scheduler (bgrun-scheduler.h) is one object kept in one file per
 * concept; only these files include this header:
 *
 *   bgrun-scheduler.c           the object, its construction and properties
 *   bgrun-scheduler-backend.c   where the engine runs, and its store
 *   bgrun-scheduler-requests.c  registering handlers; submitting,
 *                               cancelling and explaining requests
 *   bgrun-scheduler-tasks.c     the running tasks, from run-task to
 *                               task-ended
 *   bgrun-scheduler-lists.c     the pending-requests and history models
 *   bgrun-scheduler-async.c     the _async/_finish forms of the calls
 *                               that may wait on bgrund */

typedef struct
{
  char             *pattern;
  BgrunTaskHandler  handler;
  gpointer          user_data;
  GDestroyNotify    destroy;
} Registration;

struct _BgrunScheduler
{
  GObject parent_instance;

  char            *app_id;
  GApplication    *application;
  BgrunClock      *clock;
  BgrunConditions *conditions;
  char            *state_directory;
  gboolean         frontmost;

  BgrunBackend     backend;
  BgrunBroker     *broker;
  BgrunProgressPresenter *presenter;
  GPtrArray       *registrations;   /* of Registration */
  GHashTable      *tasks;           /* task id → BgrunTask */
  GListStore      *pending;         /* of BgrunTaskRequest; NULL until asked */
  GPtrArray       *pending_dicts;   /* the a{sv} of each item of pending */
  GArray          *pending_hidden;  /* of guint8, one per request of the
                                     * engine's list: TRUE for those pending
                                     * leaves out (libbgrun's own) */
  guint            n_pending_hidden;
  GListStore      *running;         /* of BgrunTask */
  GListStore      *history;         /* of BgrunHistoryEntry; NULL until asked */
  BgrunAppLaunch  *launch;          /* bgrund starting the app for a task */
  BgrunPlacement  *placement;       /* what features are handed */
};

/* bgrun-scheduler.c */
Registration *bgrun_scheduler_find_registration (BgrunScheduler *self,
                                                 const char     *identifier);
gboolean      bgrun_scheduler_emit_handle_task  (BgrunScheduler *self,
                                                 BgrunTask      *task);

/* bgrun-scheduler-backend.c */
char        *bgrun_scheduler_state_path         (BgrunScheduler *self,
                                                 const char     *name);
BgrunBroker *bgrun_scheduler_create_broker      (BgrunScheduler *self,
                                                 gboolean        explicit_engine);

/* bgrun-scheduler-tasks.c */
void bgrun_scheduler_connect_tasks         (BgrunScheduler *self);
void bgrun_scheduler_install_cancel_action (BgrunScheduler *self);

/* bgrun-scheduler-lists.c */
void bgrun_scheduler_connect_lists (BgrunScheduler *self);
void bgrun_scheduler_adopt_pending (BgrunScheduler *self,
                                    GVariant       *list);
void bgrun_scheduler_adopt_history (BgrunScheduler *self,
                                    GVariant       *entries);

/* bgrun-scheduler-requests.c */
gboolean bgrun_scheduler_check_app_id (BgrunScheduler  *self,
                                       GError         **error);

G_END_DECLS
