/* bgrun-transfer-queue-private.h: which tasks of a URL session may run now
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-clock.h"
#include "bgrun-conditions.h"
#include "bgrun-url-session-configuration.h"
#include "bgrun-url-session-task.h"

G_BEGIN_DECLS

/* What the queue does to its tasks: the session hands it these, so the
 * queue knows a task by its public face and these five calls alone. */
typedef struct
{
  /* Nothing holds @task back any more: it may run. */
  void   (*admit)             (BgrunUrlSessionTask       *task);
  /* @task waits for @reason to pass. */
  void   (*wait)              (BgrunUrlSessionTask       *task,
                               BgrunUrlSessionWaitReason  reason);
  /* @task may not wait (or waited past its deadline): it fails with
   * @error (transfer full). */
  void   (*fail)              (BgrunUrlSessionTask       *task,
                               GError                    *error);
  /* The device state turned against running @task: it stops, keeping
   * what it has, and waits for @reason. */
  void   (*hold_back)         (BgrunUrlSessionTask       *task,
                               BgrunUrlSessionWaitReason  reason);
  /* When @task's resource timeout ends its waiting, in microseconds of
   * the queue's clock; 0 for never. */
  gint64 (*resource_deadline) (BgrunUrlSessionTask       *task);
} BgrunTransferQueueHandlers;

#define BGRUN_TYPE_TRANSFER_QUEUE (bgrun_transfer_queue_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTransferQueue, bgrun_transfer_queue, BGRUN, TRANSFER_QUEUE, GObject)

/* A session's gate: tasks are added when they want to run, and the queue
 * admits them (@handlers' admit) as soon as nothing holds
 * them back: their begin date or retry time (on @clock), the device state
 * (@conditions, against @config), and the connection limits. Until then
 * it tells each why it waits (wait), or fails a default session's task
 * at once (fail). Waiting
 * tasks are admitted by priority, first come first served within one. A
 * task holds its place among the running ones until it is removed, or
 * until the device state turns against it: then it stops, keeping what it
 * has, and waits again (hold_back). */
BgrunTransferQueue *bgrun_transfer_queue_new          (BgrunClock                       *clock,
                                                       BgrunConditions                  *conditions,
                                                       BgrunUrlSessionConfiguration     *config,
                                                       const BgrunTransferQueueHandlers *handlers);
gint64              bgrun_transfer_queue_get_now_usec (BgrunTransferQueue           *self);
void                bgrun_transfer_queue_add          (BgrunTransferQueue           *self,
                                                       BgrunUrlSessionTask          *task,
                                                       gint64                        retry_at_usec);
void                bgrun_transfer_queue_remove       (BgrunTransferQueue           *self,
                                                       BgrunUrlSessionTask          *task);

G_END_DECLS
