/* bgrun-state-directory-private.h: where libbgrun keeps its state
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* The directory holding each app's state directory and bgrund's:
 * @chosen (a scheduler's state-directory) when set, else
 * $BGRUN_STATE_DIR, else $XDG_STATE_HOME/bgrun. */
char *bgrun_state_base_directory (const char *chosen);

G_END_DECLS
