/* bgrun-demo-location.h: bgrun-demo's location session step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bgrun_demo_location_step (void);

G_END_DECLS
