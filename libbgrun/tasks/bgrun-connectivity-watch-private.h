/* bgrun-connectivity-watch-private.h: an embedded app watches the network
 * for its connectivity tasks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* Whether @after, following @before, is the network fully back after an
 * outage: NetworkManager's full connectivity after anything less. bgrund
 * asks it too. */
gboolean bgrun_connectivity_came_back  (GNetworkConnectivity  before,
                                        GNetworkConnectivity  after);

/* The placement hook (bgrun-features.c). Embedded only (bgrund watches
 * for the daemon placement): follows the default GNetworkMonitor's
 * connectivity and, when the network comes back while the app subscribed
 * (bgrun_connectivity_refresh_task_subscribe()), starts a connectivity
 * task. */
void     bgrun_connectivity_watch_attach (BgrunPlacement     *placement);

G_END_DECLS
