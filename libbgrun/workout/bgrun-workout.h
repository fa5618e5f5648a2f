/* bgrun-workout.h: a finished workout
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-quantity-type.h"
#include "bgrun-statistics.h"
#include "bgrun-version.h"
#include "bgrun-workout-configuration.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_WORKOUT (bgrun_workout_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunWorkout, bgrun_workout, BGRUN, WORKOUT, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutActivityType  bgrun_workout_get_activity_type (BgrunWorkout      *self);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutLocationType  bgrun_workout_get_location_type (BgrunWorkout      *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime                *bgrun_workout_get_start_date    (BgrunWorkout      *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime                *bgrun_workout_get_end_date      (BgrunWorkout      *self);
BGRUN_AVAILABLE_IN_ALL
double                    bgrun_workout_get_duration      (BgrunWorkout      *self);
BGRUN_AVAILABLE_IN_ALL
BgrunStatistics          *bgrun_workout_get_statistics    (BgrunWorkout      *self,
                                                           BgrunQuantityType  quantity_type);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_workout_export_gpx        (BgrunWorkout      *self,
                                                           GFile             *file,
                                                           GError           **error);
BGRUN_AVAILABLE_IN_ALL
gboolean                  bgrun_workout_export_tcx        (BgrunWorkout      *self,
                                                           GFile             *file,
                                                           GError           **error);
BGRUN_AVAILABLE_IN_ALL
GListModel               *bgrun_workout_get_events        (BgrunWorkout      *self);

G_END_DECLS
