/* bgrun-history-entry-private.h: history entries from their serialized form
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef BGRUN_COMPILATION
#error "This header is private to libbgrun."
#endif

#include "bgrun-history-entry.h"

G_BEGIN_DECLS

/* The form history crosses the broker in and the store keeps:
 * (identifier, event, date in microseconds, message or ""). */
#define BGRUN_HISTORY_ENTRY_VARIANT_TYPE "(sixs)"

BgrunHistoryEntry *bgrun_history_entry_new_from_variant (GVariant *entry);

G_END_DECLS
