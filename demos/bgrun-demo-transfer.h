/* bgrun-demo-transfer.h: bgrun-demo's background download step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bgrun_demo_transfer_step (void);

G_END_DECLS
