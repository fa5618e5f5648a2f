/* bgrun-transfer-watchdog-private.h: the per-request timer of transfers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

G_BEGIN_DECLS

/* Cancels its cancellable when the request made no progress for
 * @seconds (timeout-for-request; 0: never), or when @parent is
 * cancelled. Every I/O call of the request uses that cancellable, and
 * every step forward calls kick(). */
typedef struct _BgrunTransferWatchdog BgrunTransferWatchdog;

BgrunTransferWatchdog *bgrun_transfer_watchdog_new             (GCancellable          *parent,
                                                                double                 seconds);
GCancellable          *bgrun_transfer_watchdog_get_cancellable (BgrunTransferWatchdog *self);
void                   bgrun_transfer_watchdog_kick            (BgrunTransferWatchdog *self);
gboolean               bgrun_transfer_watchdog_fired           (BgrunTransferWatchdog *self);
GError                *bgrun_transfer_watchdog_error           (BgrunTransferWatchdog *self,
                                                                const char            *uri);
void                   bgrun_transfer_watchdog_free            (BgrunTransferWatchdog *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BgrunTransferWatchdog, bgrun_transfer_watchdog_free)

G_END_DECLS
