/* bgrun-workout-builder.h: collecting a workout's samples and events
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
#include "bgrun-workout-event.h"
#include "bgrun-workout.h"

G_BEGIN_DECLS

#define BGRUN_TYPE_WORKOUT_BUILDER (bgrun_workout_builder_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunWorkoutBuilder, bgrun_workout_builder, BGRUN, WORKOUT_BUILDER, GObject)

BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_workout_builder_begin_collection (BgrunWorkoutBuilder  *self,
                                                         GDateTime            *date,
                                                         GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_workout_builder_add_sample       (BgrunWorkoutBuilder  *self,
                                                         BgrunQuantityType     quantity_type,
                                                         double                value,
                                                         GDateTime            *date,
                                                         GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_workout_builder_add_route_point  (BgrunWorkoutBuilder  *self,
                                                         double                latitude,
                                                         double                longitude,
                                                         double                altitude,
                                                         GDateTime            *date,
                                                         GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_workout_builder_add_event        (BgrunWorkoutBuilder  *self,
                                                         BgrunWorkoutEvent    *event,
                                                         GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean         bgrun_workout_builder_end_collection   (BgrunWorkoutBuilder  *self,
                                                         GDateTime            *date,
                                                         GError              **error);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_workout_builder_finish_workout_async  (BgrunWorkoutBuilder  *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkout    *bgrun_workout_builder_finish_workout_finish (BgrunWorkoutBuilder  *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
BGRUN_AVAILABLE_IN_ALL
void             bgrun_workout_builder_discard_workout  (BgrunWorkoutBuilder  *self);

BGRUN_AVAILABLE_IN_ALL
BgrunStatistics *bgrun_workout_builder_get_statistics   (BgrunWorkoutBuilder  *self,
                                                         BgrunQuantityType     quantity_type);
BGRUN_AVAILABLE_IN_ALL
double           bgrun_workout_builder_get_elapsed_time (BgrunWorkoutBuilder  *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime       *bgrun_workout_builder_get_start_date   (BgrunWorkoutBuilder  *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime       *bgrun_workout_builder_get_end_date     (BgrunWorkoutBuilder  *self);
BGRUN_AVAILABLE_IN_ALL
GListModel      *bgrun_workout_builder_get_events       (BgrunWorkoutBuilder  *self);

G_END_DECLS
