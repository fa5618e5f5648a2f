/* bgrun-workout-session.h: a workout the app records in the background
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(BGRUN_INSIDE) && !defined(BGRUN_COMPILATION)
#error "Only <bgrun.h> can be included directly."
#endif

#include <gio/gio.h>

#include "bgrun-location-session.h"
#include "bgrun-scheduler.h"
#include "bgrun-version.h"
#include "bgrun-workout-builder.h"
#include "bgrun-workout-configuration.h"

G_BEGIN_DECLS

/**
 * BgrunWorkoutSessionState:
 * @BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED: created; nothing runs yet
 * @BGRUN_WORKOUT_SESSION_STATE_PREPARED: sensors are warming up and the
 *   app may run in the background, but no data is collected yet
 * @BGRUN_WORKOUT_SESSION_STATE_RUNNING: the workout is under way
 * @BGRUN_WORKOUT_SESSION_STATE_PAUSED: the user paused it; time stops
 *   counting until it resumes
 * @BGRUN_WORKOUT_SESSION_STATE_STOPPED: the activity is over (it cannot
 *   restart) but the app still runs, to save it
 * @BGRUN_WORKOUT_SESSION_STATE_ENDED: over: no more background time; a
 *   session is never reused
 *
 * Where a [class@Bgrun.WorkoutSession] is in its life. The legal moves:
 * not started → prepared → running; not started → running; running ⇄
 * paused; running or paused → stopped; and ended from prepared, running,
 * paused or stopped.
 */
typedef enum {
  BGRUN_WORKOUT_SESSION_STATE_NOT_STARTED,
  BGRUN_WORKOUT_SESSION_STATE_PREPARED,
  BGRUN_WORKOUT_SESSION_STATE_RUNNING,
  BGRUN_WORKOUT_SESSION_STATE_PAUSED,
  BGRUN_WORKOUT_SESSION_STATE_STOPPED,
  BGRUN_WORKOUT_SESSION_STATE_ENDED,
} BgrunWorkoutSessionState;

/**
 * BGRUN_WORKOUT_SENSOR_RECONNECT_INTERVAL:
 *
 * How often, in seconds of real time, a workout session tries to reconnect
 * a Bluetooth sensor that disconnected.
 */
#define BGRUN_WORKOUT_SENSOR_RECONNECT_INTERVAL 1

#define BGRUN_TYPE_WORKOUT_SESSION (bgrun_workout_session_get_type ())

BGRUN_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (BgrunWorkoutSession, bgrun_workout_session, BGRUN, WORKOUT_SESSION, GObject)

BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutSession       *bgrun_workout_session_new               (BgrunScheduler             *scheduler,
                                                                    BgrunWorkoutConfiguration  *configuration,
                                                                    GError                    **error);
BGRUN_AVAILABLE_IN_ALL
BgrunScheduler            *bgrun_workout_session_get_scheduler     (BgrunWorkoutSession        *self);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutConfiguration *bgrun_workout_session_get_configuration (BgrunWorkoutSession        *self);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutBuilder       *bgrun_workout_session_get_builder       (BgrunWorkoutSession        *self);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutSessionState   bgrun_workout_session_get_state         (BgrunWorkoutSession        *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime                 *bgrun_workout_session_get_start_date    (BgrunWorkoutSession        *self);
BGRUN_AVAILABLE_IN_ALL
GDateTime                 *bgrun_workout_session_get_end_date      (BgrunWorkoutSession        *self);

BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_prepare        (BgrunWorkoutSession  *self,
                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_start_activity (BgrunWorkoutSession  *self,
                                               GDateTime            *date,
                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_pause          (BgrunWorkoutSession  *self,
                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_resume         (BgrunWorkoutSession  *self,
                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_stop_activity  (BgrunWorkoutSession  *self,
                                               GDateTime            *date,
                                               GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_end            (BgrunWorkoutSession  *self,
                                               GError              **error);

BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_add_heart_rate_sensor (BgrunWorkoutSession  *self,
                                                      const char           *address,
                                                      GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_add_replay_source     (BgrunWorkoutSession  *self,
                                                      GFile                *file,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
BGRUN_AVAILABLE_IN_ALL
gboolean bgrun_workout_session_add_location_source   (BgrunWorkoutSession  *self,
                                                      BgrunLocationSession *location,
                                                      GError              **error);

BGRUN_AVAILABLE_IN_ALL
void                 bgrun_workout_session_recover_async  (BgrunScheduler       *scheduler,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
BGRUN_AVAILABLE_IN_ALL
BgrunWorkoutSession *bgrun_workout_session_recover_finish (GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
