/* bgrun-shortcut-watch-private.h: the daily relevant-shortcut task, asked
 * for again each time one starts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-placement-private.h"

G_BEGIN_DECLS

/* Asks (embedded, or bgrund) for the relevant-shortcut task of
 * @placement's app not before @begin (µs; 0: now), replacing the one that
 * waits, or, without @wanted, withdraws that one. */
gboolean bgrun_shortcut_watch_request (BgrunPlacement  *placement,
                                       gboolean         wanted,
                                       gint64           begin,
                                       GError         **error);

/* The placement hook (bgrun-features.c): when a relevant-shortcut task
 * starts, the next one is asked for BGRUN_RELEVANT_SHORTCUT_INTERVAL
 * later on the placement's clock. */
void     bgrun_shortcut_watch_attach  (BgrunPlacement  *placement);

G_END_DECLS
