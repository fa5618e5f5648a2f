/* bgrun-workout-configuration.h: what kind of workout a session records
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <glib-object.h>

#include "bgrun-version.h"

G_BEGIN_DECLS

/**
 * BgrunWorkoutActivityType:
 * @BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING: running
 * @BGRUN_WORKOUT_ACTIVITY_TYPE_WALKING: walking
 * @BGRUN_WORKOUT_ACTIVITY_TYPE_CYCLING: cycling
 * @BGRUN_WORKOUT_ACTIVITY_TYPE_HIKING: hiking
 * @BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER: any other activity
 *
 * The activity a workout records. Exports name it (TCX's `Sport`).
 */
typedef enum {
  BGRUN_WORKOUT_ACTIVITY_TYPE_RUNNING,
  BGRUN_WORKOUT_ACTIVITY_TYPE_WALKING,
  BGRUN_WORKOUT_ACTIVITY_TYPE_CYCLING,
  BGRUN_WORKOUT_ACTIVITY_TYPE_HIKING,
  BGRUN_WORKOUT_ACTIVITY_TYPE_OTHER,
} BgrunWorkoutActivityType;

/**
 * BgrunWorkoutLocationType:
 * @BGRUN_WORKOUT_LOCATION_TYPE_INDOOR: indoors (a treadmill, a home
 *   trainer): no route
 * @BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR: outdoors, with a route
 *
 * Where a workout takes place.
 */
typedef enum {
  BGRUN_WORKOUT_LOCATION_TYPE_INDOOR,
  BGRUN_WORKOUT_LOCATION_TYPE_OUTDOOR,
} BgrunWorkoutLocationType;

#define BGRUN_TYPE_WORKOUT_CONFIGURATION (bgrun_workout_configuration_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunWorkoutConfiguration, bgrun_workout_configuration,
                      BGRUN, WORKOUT_CONFIGURATION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutConfiguration *bgrun_workout_configuration_new               (BgrunWorkoutActivityType   activity_type,
                                                                          BgrunWorkoutLocationType   location_type);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutActivityType   bgrun_workout_configuration_get_activity_type (BgrunWorkoutConfiguration *self);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutLocationType   bgrun_workout_configuration_get_location_type (BgrunWorkoutConfiguration *self);

G_END_DECLS
