/* bgrun-features-private.h: the one place that knows every feature
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <glib.h>

G_BEGIN_DECLS

/* Has every feature folder (transfers, sessions, admin, …) register what
 * the layers below it look up at run time: its request kinds in the
 * engine's kind table, and what it attaches to a new scheduler's
 * placement. The lower layers call it before their first look-up, the
 * way gio's own lower files ensure its extension points: that keeps
 * their #includes pointing down while a feature still plugs in with one
 * line here. Safe to call from any thread, any number of times. */
void bgrun_features_ensure (void);

G_END_DECLS
