/* bgrun-workout-source.c: where a workout's samples come from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "bgrun-workout-source-private.h"

G_DEFINE_INTERFACE (BgrunWorkoutSource, bgrun_workout_source, G_TYPE_OBJECT)

static void
bgrun_workout_source_default_init (BgrunWorkoutSourceInterface *iface)
{
}

void
bgrun_workout_source_start (BgrunWorkoutSource *self)
{
  g_return_if_fail (BGRUN_IS_WORKOUT_SOURCE (self));

  BGRUN_WORKOUT_SOURCE_GET_IFACE (self)->start (self);
}

void
bgrun_workout_source_stop (BgrunWorkoutSource *self)
{
  g_return_if_fail (BGRUN_IS_WORKOUT_SOURCE (self));

  BGRUN_WORKOUT_SOURCE_GET_IFACE (self)->stop (self);
}
