/* bgrun-explanation-private.h: explanations from their serialized form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include <gio/gio.h>

#include "bgrun-explanation.h"

G_BEGIN_DECLS

/* The engine answers explain() with an a{sv}: "identifier" s, "running" b,
 * "reasons" au, "messages" as, and "earliest" x / "deadline" x (µs) when
 * known. */
BgrunExplanation *bgrun_explanation_new_from_variant (GVariant *dict);
/* The same for an "aa{sv}" of them: a list (not live) of them. */
GListModel       *bgrun_explanation_list_new_from_variant (GVariant *list);

G_END_DECLS
