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
 * (identifier, event, date in microseconds, message or "", details), the
 * details an a{sv} of "attempt" u, "output" a{sv} and "tags" as, each
 * when there is one. */
#define BGRUN_HISTORY_ENTRY_VARIANT_TYPE "(sixsa{sv})"

BgrunHistoryEntry *bgrun_history_entry_new_from_variant (GVariant *entry);
GVariant          *bgrun_history_entry_variant_new      (const char        *identifier,
                                                         BgrunHistoryEvent  event,
                                                         gint64             date_usec,
                                                         const char        *message,
                                                         GVariant          *details);

G_END_DECLS
