/* bgrunctl-transfers.h: the table of background transfers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "bgrunctl-source.h"

G_BEGIN_DECLS

/* Prints @transfers (ListTransfers' aa{sv}) as a table: app, session,
 * task, kind, state (with why, when waiting), progress (bytes done of
 * bytes expected, and the percentage when the size is known), URI. */
void bgrunctl_print_transfers (BgrunctlSource *source,
                               GVariant       *transfers);

G_END_DECLS
