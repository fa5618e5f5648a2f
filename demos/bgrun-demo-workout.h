/* bgrun-demo-workout.h: bgrun-demo's workout step
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void bgrun_demo_workout_step (void);

G_END_DECLS
