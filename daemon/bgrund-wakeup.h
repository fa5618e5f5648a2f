/* bgrund-wakeup.h: bgrund is started again when work falls due
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The transient systemd user timer that starts bgrund.service. */
#define BGRUND_WAKEUP_TIMER "bgrund.timer"

void bgrund_wakeup_cancel (GDBusConnection *connection);
void bgrund_wakeup_arm    (GDBusConnection *connection,
                           gint64           when_usec);

G_END_DECLS
