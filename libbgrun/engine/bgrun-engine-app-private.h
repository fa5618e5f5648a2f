/* bgrun-engine-app-private.h: what the engine holds for one app
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

#include "bgrun-budget-private.h"
#include "bgrun-request-dict-private.h"

G_BEGIN_DECLS

typedef struct _BgrunEngineApp BgrunEngineApp;

/* A task the engine runs for an app. */
typedef struct
{
  BgrunEngineApp *app;
  guint64         id;
  char           *identifier;
  char           *kind;
  GVariant       *request;          /* the stored row while it runs */
  gint64          expires;          /* µs */
  guint           alarm;            /* for expires, then the grace's end */
  gboolean        expiring;         /* `expired` was emitted */
  gboolean        requeue;          /* ended early: queue it again */
  char           *expire_message;
  gint64          completed_units;
  guint           attempt;          /* 1 for the first run */
  char           *retry_message;    /* the app asked for a retry: why not,
                                     * or NULL when it is retried */
  gboolean        retry;            /* the app asked for a retry, granted */
  double          progress;         /* 0 to 1, or -1 while none reported */
  GVariant       *progress_details; /* a{sv} or NULL */
  GVariant       *output;           /* a{sv} or NULL */
} BgrunEngineTask;

struct _BgrunEngineApp
{
  gpointer     engine;          /* the BgrunEngine, not owned */
  char        *id;
  GPtrArray   *patterns;        /* of char *: registered identifiers */
  GPtrArray   *pending;         /* of GVariant a{sv}, oldest first */
  GArray      *pending_facts;   /* of BgrunRequestFacts, one per pending */
  GHashTable  *pending_ids;     /* identifiers in pending, for quick misses */
  GHashTable  *tasks;           /* task id → BgrunEngineTask */
  BgrunBudget  budget;
  gint64       wake;            /* as last evaluated: when it could next start
                                 * something, µs; BGRUN_POLICY_NEVER: never */
  gboolean     dirty;           /* changed since: evaluate it again */
  gboolean     attached;        /* a process of the app is there to run tasks */
  GHashTable  *forced;          /* identifiers to run as soon as a process
                                 * serves them (bgrunctl simulate-launch) */
  gboolean     batching;        /* many pending changes in a row: announced
                                 * once, as requests-changed, at the end */
};

BgrunEngineApp  *bgrun_engine_app_new             (gpointer         engine,
                                                   const char      *id,
                                                   GDestroyNotify   task_free);
void             bgrun_engine_app_free            (BgrunEngineApp  *app);
guint            bgrun_engine_app_insert_pending  (BgrunEngineApp  *app,
                                                   GVariant        *request);
void             bgrun_engine_app_remove_pending  (BgrunEngineApp  *app,
                                                   guint            index);
int              bgrun_engine_app_find_pending    (BgrunEngineApp  *app,
                                                   const char      *identifier);
const char      *bgrun_engine_app_waiting_prerequisite (BgrunEngineApp *app,
                                                        const char     *identifier);
gboolean         bgrun_engine_app_is_registered   (BgrunEngineApp  *app,
                                                   const char      *identifier);
gboolean         bgrun_engine_app_serves          (BgrunEngineApp  *app,
                                                   const char      *kind,
                                                   const char      *identifier);
BgrunEngineTask *bgrun_engine_app_find_task       (BgrunEngineApp  *app,
                                                   const char      *identifier);
guint            bgrun_engine_app_count_continued (BgrunEngineApp  *app,
                                                   gboolean         include_pending);
GPtrArray       *bgrun_engine_app_list_tasks      (BgrunEngineApp  *app);

G_END_DECLS
