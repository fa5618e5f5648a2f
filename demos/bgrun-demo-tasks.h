/* bgrun-demo-tasks.h: bgrun-demo's step for the tasks the system starts
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bgrun_demo_tasks_step (void);

G_END_DECLS
