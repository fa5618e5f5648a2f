/* bgrun-transfer-sweep-private.h: abandoned transfer files go
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-store-private.h"

G_BEGIN_DECLS

/* Removes, from @transfers_directory (an app's "transfers" directory),
 * the "*.partial" files and, from its "events" directory, the event
 * files that nothing recorded in @store (the app's transfers.db) names
 * and that were not modified for BGRUN_URL_SESSION_PARTIAL_LIFETIME.
 * Touches regular files only, follows no symbolic link, and never fails:
 * trouble is logged and the files stay. */
void bgrun_transfer_sweep (BgrunStore *store,
                           const char *transfers_directory);

G_END_DECLS
