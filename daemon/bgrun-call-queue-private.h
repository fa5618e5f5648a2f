/* bgrun-call-queue-private.h: the apps' D-Bus calls, served in turns
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Per-peer fairness for bgrund (docs/daemon.md, "Many apps at once").
 *
 * GDBus hands bgrund the method calls of every connection in the order
 * they arrived, each from an idle source of its own, and all the sources
 * that are ready run in one main-loop iteration. So an app that sends a
 * thousand calls without waiting for the answers puts a thousand calls
 * ahead of everyone else, and ahead of the alarm of a task falling due.
 *
 * A call queue keeps the calls of each peer (unique bus name) in the
 * order it sent them, and serves the peers in turns: one call of the
 * peer whose turn it is, then back to the main loop, then one call of the
 * next peer with calls waiting. Taking a call in costs a hash lookup, so
 * a burst of calls is queued at once; then a call of another app waits at
 * most for one call of each peer with calls waiting, and a task that
 * falls due for one call, however many calls are queued. What the calls
 * send back is written out every few calls before more are served, so
 * that a signal bgrund sends (a task to run) does not wait behind the
 * answers to a flood either. */
typedef struct _BgrunCallQueue BgrunCallQueue;

/* Serves @invocation; @owner is what bgrun_call_queue_push() was given. */
typedef void (*BgrunCallFunc) (GObject               *owner,
                               GDBusMethodInvocation *invocation);

/* For calls received on @connection. */
BgrunCallQueue *bgrun_call_queue_new          (GDBusConnection       *connection);
/* Answers the calls still waiting, and any queued later, with an
 * UNAVAILABLE error: for a service going away. */
void            bgrun_call_queue_close        (BgrunCallQueue        *self);
/* Closes @self, then frees it. */
void            bgrun_call_queue_free         (BgrunCallQueue        *self);

/* Queues @invocation behind the calls its sender has waiting; @func
 * serves it, with @owner (a reference is held until then). Takes
 * @invocation as a method call handler does: the call is answered when
 * it is served, or refused when the queue is closed. */
void            bgrun_call_queue_push         (BgrunCallQueue        *self,
                                               GDBusMethodInvocation *invocation,
                                               BgrunCallFunc          func,
                                               GObject               *owner);

/* Serves every call @peer has waiting, now and in order: what a peer
 * sent before it left the bus is handled before its leaving is. */
void            bgrun_call_queue_serve_peer   (BgrunCallQueue        *self,
                                               const char            *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunCallQueue, bgrun_call_queue_free)

G_END_DECLS
