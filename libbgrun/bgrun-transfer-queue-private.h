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

#define BGRUN_TYPE_TRANSFER_QUEUE (bgrun_transfer_queue_get_type ())

G_DECLARE_FINAL_TYPE (BgrunTransferQueue, bgrun_transfer_queue, BGRUN, TRANSFER_QUEUE, GObject)

/* A session's gate: tasks are added when they want to run, and the queue
 * admits them (bgrun_url_session_task_admit()) as soon as nothing holds
 * them back: their begin date or retry time (on @clock), the device state
 * (@conditions, against @config), and the connection limits. Until then
 * it tells each why it waits (bgrun_url_session_task_wait()), or fails a
 * default session's task at once (bgrun_url_session_task_fail()). Waiting
 * tasks are admitted by priority, first come first served within one. A
 * task holds its place among the running ones until it is removed, or
 * until the device state turns against it: then it stops, keeping what it
 * has, and waits again (bgrun_url_session_task_hold_back()). */
BgrunTransferQueue *bgrun_transfer_queue_new          (BgrunClock                   *clock,
                                                       BgrunConditions              *conditions,
                                                       BgrunUrlSessionConfiguration *config);
gint64              bgrun_transfer_queue_get_now_usec (BgrunTransferQueue           *self);
void                bgrun_transfer_queue_add          (BgrunTransferQueue           *self,
                                                       BgrunUrlSessionTask          *task,
                                                       gint64                        retry_at_usec);
void                bgrun_transfer_queue_remove       (BgrunTransferQueue           *self,
                                                       BgrunUrlSessionTask          *task);

G_END_DECLS
