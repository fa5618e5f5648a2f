/* bgrun-url-session-internal-private.h: what the files of a URL session
 * share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A session is one type in three files: bgrun-url-session.c (the type,
 * its construction, properties, signals and lifecycle),
 * bgrun-url-session-create.c (the tasks it creates) and
 * bgrun-url-session-background.c (what a background session keeps: its
 * identifier, its recorded tasks and the events it delivers). Only these
 * files include this header.
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-store-private.h"
#include "bgrun-transfer-jobs-private.h"
#include "bgrun-url-session-private.h"
#include "bgrun-url-session-recorder-private.h"

G_BEGIN_DECLS

struct _BgrunUrlSession
{
  GObject parent_instance;

  BgrunScheduler               *scheduler;
  BgrunUrlSessionConfiguration *configuration;
  char                         *registry_key;     /* NULL unless registered */
  char                         *partial_directory;
  BgrunStore                   *store;            /* background sessions only */
  BgrunUrlSessionRemote        *remote;           /* in the daemon placement only */
  BgrunUrlSessionRecorder      *recorder;         /* in the embedded placement only */
  BgrunTransferJobs            *jobs;             /* background sessions in the app only */
  gboolean                      store_warned;
  BgrunTransferEngine          *engine;
  BgrunTransferQueue           *queue;
  GListStore                   *tasks;
  guint64                       next_task_identifier;  /* default sessions */
  gboolean                      invalidated;
  gboolean                      duplicate;
  gboolean                      elsewhere;         /* run by another process */
  int                           lock_fd;           /* -1 unless it runs the tasks */
  guint                         events_source;
};

enum {
  SIG_DOWNLOAD_FINISHED,
  SIG_TASK_COMPLETED,
  SIG_EVENTS_FINISHED,
  N_SIGNALS
};

extern guint bgrun_url_session_signals[N_SIGNALS];

/* bgrun-url-session-background.c */

/* Opens @self as the background session of its identifier, recorded in
 * @app_directory: takes up the tasks recorded there (or links to bgrund,
 * in the daemon placement) and emits ::events-finished from the main
 * loop. A second session with the identifier in this process gets
 * nothing and is marked duplicate; one whose tasks another process runs
 * (it holds the identifier's lock) gets nothing and is marked elsewhere.
 * A session bgrund hosts (@hosted) records no events of its own. */
void     bgrun_url_session_open_background       (BgrunUrlSession     *self,
                                                  const char          *app_directory,
                                                  gboolean             hosted);
BgrunUrlSession *bgrun_url_session_new_unopened (BgrunScheduler               *scheduler,
                                                 BgrunUrlSessionConfiguration *config);
/* Frees the identifier @self holds, and its lock, for a later session
 * to take, in this process or another. */
void     bgrun_url_session_unregister_identifier (BgrunUrlSession     *self);
/* The identifier for a new task of @self: the store gives it in a
 * background session, a counter in any other. */
guint64  bgrun_url_session_next_task_identifier  (BgrunUrlSession     *self);
/* Removes the record of @task (background sessions only). */
void     bgrun_url_session_forget_task           (BgrunUrlSession     *self,
                                                  BgrunUrlSessionTask *task);

G_END_DECLS
